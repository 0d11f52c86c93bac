"""The household page (issue 13) on real databases: opened from every page's household rows with
Enter or a double-click and walked back and forward; the timeline (a call with its answers, a
flag and a follow-up, newest first); playback of a flagged word on a real recording; keyholders
reordered and saved; a device registered on the page whose MQTT reading then lands through a
real broker; 연락두절 after N unanswered attempts; every new model through qtmodeltester."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from care.households.followups import add_follow_up
from care.households.registry import ContactInput, HouseholdInput, create_household, get_household
from console.common.context import ConsoleContext
from console.pages.household.view import HouseholdPage
from console.pages.review import audio as review_audio
from storage.models import AuditEvent, CallAttempt, RiskFlag, SensorReading
from storage.types import utcnow
from tests.fixtures.review import make_call_flag, write_call_wav


def _page(qtbot, db, hid: int) -> HouseholdPage:
    page = HouseholdPage(ConsoleContext(db=db, actor="worker"))
    page.poller.stop()  # a poll's reload could answer `loaded` with what was there before an action
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.open_household(hid)
    return page


def _household_of_flag(db, flag_id: int) -> int:
    with db.session() as s:
        return s.get(RiskFlag, flag_id).household_id


# --- opening from every page, history ---------------------------------------------------------
PAGES_AND_TABLES = [("overview", "table", "enter"), ("households", "table", "double"), ("review", "table", "enter"),
                    ("devices", "household_table", "double")]


def _activate(qtbot, view, row: int, how: str) -> None:
    index = view.model().index(row, 0)
    view.scrollTo(index)
    view.setCurrentIndex(index)
    if how == "enter":
        view.setFocus()
        qtbot.keyClick(view, Qt.Key.Key_Return)
    else:
        rect = view.visualRect(index)
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_every_page_opens_the_household_and_back_forward_walk_the_history(qtbot, review_demo_db):
    from console.main_window import MainWindow

    db = review_demo_db
    window = MainWindow(ConsoleContext(db=db, actor="worker"), restore_geometry=False)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)  # shortcuts (Alt+Left) go to the active window
    opened = []
    for key, table, how in PAGES_AND_TABLES:
        page = window.pages[key]
        with qtbot.waitSignal(page.loaded, timeout=10_000):
            window.show_page(key)
            page.reload()
        view = getattr(page, table)
        assert view.model().rowCount() > 0, key
        from console.common.household_link import household_of

        want = household_of(view.model().row_at(0))
        with qtbot.waitSignal(window.household.loaded, timeout=10_000) as shown:
            _activate(qtbot, view, 0, how)
        assert shown.args == [want], key
        assert window.stack.currentWidget() is window.household
        assert window.household.header.title.text().startswith(window.household.data.record.data.name)
        opened.append((key, want))

    # the schedule's rows are today's slots: plan one for a household, then open it from there
    from care.checkins import schedule

    schedule.request_run_now(db, opened[0][1], "worker", now=utcnow().replace(hour=3))  # 12:00 in Seoul
    sched = window.pages["schedule"]
    with qtbot.waitSignal(sched.loaded, timeout=10_000):
        window.show_page("schedule")
        sched.reload()
    row = next(r for r in range(sched.model.rowCount()) if sched.model.row_at(r).household_id == opened[0][1])
    with qtbot.waitSignal(window.household.loaded, timeout=10_000) as shown:
        _activate(qtbot, sched.table, row, "enter")
    assert shown.args == [opened[0][1]]

    # back: the schedule page, then the household opened from the devices page, ...
    window.go_back()
    assert window.stack.currentWidget() is sched
    with qtbot.waitSignal(window.household.loaded, timeout=10_000) as shown:
        qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert shown.args == [opened[-1][1]] and window.current_place() == ("household", opened[-1][1])
    window.go_back()
    assert window.stack.currentWidget() is window.pages["devices"]
    with qtbot.waitSignal(window.household.loaded, timeout=10_000) as shown:
        qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert shown.args == [opened[-1][1]]
    assert window.forward_action.isEnabled() and window.back_action.isEnabled()
    # the mouse's back button, anywhere over the window (here: the timeline's table)
    qtbot.mousePress(window.household.timeline.table.viewport(), Qt.MouseButton.BackButton)
    assert window.stack.currentWidget() is window.pages["devices"]
    with qtbot.waitSignal(window.household.loaded, timeout=10_000):
        qtbot.mousePress(window.pages["devices"].household_table.viewport(), Qt.MouseButton.ForwardButton)
    assert window.current_place() == ("household", opened[-1][1])
    with db.session() as s:  # each opening is a view of the record in the access log
        views = s.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "view", AuditEvent.entity == "household", AuditEvent.actor == "worker"))
    assert views >= len(opened)


# --- the timeline ----------------------------------------------------------------------------
def test_timeline_lists_call_flag_and_contact_newest_first(qtbot, qtmodeltester, db, tmp_path):
    flag_id = make_call_flag(db, recording=write_call_wav(tmp_path / "call.wav", seconds=5.0))
    hid = _household_of_flag(db, flag_id)
    add_follow_up(db, hid, "worker", "phone", "reached_need", "병원 동행 필요")
    page = _page(qtbot, db, hid)
    model = page.timeline.model
    qtmodeltester.check(model)
    kinds = [model.row_at(r).kind for r in range(model.rowCount())]
    assert kinds == ["contact", "flag", "call"]
    times = [model.row_at(r).at for r in range(model.rowCount())]
    assert times == sorted(times, reverse=True)
    assert "병원 동행 필요" in model.data(model.index(0, 2))
    assert "화장실에서 넘어" in model.data(model.index(2, 2))
    with qtbot.waitSignal(page.timeline.detailShown, timeout=10_000) as shown:
        page.timeline.table.selectRow(2)
    assert shown.args[0] == "call"
    html = page.timeline.details.toHtml()
    assert "#ffd54f" in html and "넘어" in html and "92%" not in html and "90%" in html  # confidence 0.9
    # the filter asks SQL for one kind only
    with qtbot.waitSignal(page.timeline.pageLoaded, timeout=10_000):
        page.timeline.kind.setCurrentIndex(page.timeline.kind.findData("flag"))
    assert [model.row_at(r).kind for r in range(model.rowCount())] == ["flag"]
    # the header says why in words
    assert any(t.startswith("긴급 플래그 1: 넘어") for t in page.header.badge_texts())  # the words heard


def test_timeline_fetches_older_pages_when_scrolled(qtbot, qtmodeltester, db):
    hid = create_household(db, HouseholdInput(name="한말순", phone="010-3333-4444"), "tester")
    base = utcnow() - timedelta(days=200)
    for i in range(130):
        add_follow_up(db, hid, "worker", "visit", "reached_well", f"방문 {i}", at=base + timedelta(days=i))
    page = _page(qtbot, db, hid)
    model = page.timeline.model
    assert model.rowCount() == 50 and model.canFetchMore()
    with qtbot.waitSignal(page.timeline.pageLoaded, timeout=10_000):
        page.timeline.table.scrollToBottom()
        if model.canFetchMore():
            model.fetchMore()
    assert model.rowCount() == 100
    qtbot.waitUntil(lambda: not model.loading, timeout=10_000)
    with qtbot.waitSignal(page.timeline.pageLoaded, timeout=10_000):
        model.fetchMore()
    assert model.rowCount() == 130 and not model.canFetchMore()
    notes = [model.row_at(r).detail["note"] for r in range(model.rowCount())]
    assert notes == [f"방문 {i}" for i in reversed(range(130))]
    qtmodeltester.check(model)


@pytest.fixture
def sound_device(monkeypatch):
    """This build machine has no sound card; the button's device check is the only thing faked."""
    monkeypatch.setattr(review_audio, "audio_output_available", lambda: True)


def test_playback_seeks_to_the_flagged_word_of_a_real_recording(qtbot, db, sound_device, vosk_model_path):
    """A real Korean clip (../shared/speech) as the call's recording, its words timed by Vosk; the
    second word is the flagged one: clicking it hands the player that moment (from a second before)
    and the listen is logged."""
    from care.flags import answer_matches, call_flag, write_flags
    from speech.transcribe import transcribe_file
    from tests.conftest import require_shared
    from tests.fixtures.review import answer_row

    clip = require_shared("speech", "ko", "kih00002.wav")
    words = [(w.word, w.start, w.end) for w in transcribe_file(clip, model_path=vosk_model_path).words]
    assert len(words) >= 3
    hid = create_household(db, HouseholdInput(name="최말순", phone="010-2222-3333"), "tester")
    k = next(i for i, (_, start, _) in enumerate(words) if start >= 1.2)  # a word with a second before it
    with db.session() as s:
        a = CallAttempt(household_id=hid, slot_key="2026-11-20T18:30+09:00", attempt_no=1,
                        idempotency_key=f"{hid}:test:1", status="done", outcome="flagged", answered_by="human",
                        recording_path=str(clip), ended_at=utcnow())
        s.add(a)
        s.flush()
        row = answer_row(a.id, words)
        s.add(row)
        s.flush()
        base = " ".join(w for w, _, _ in words)
        start = len(" ".join(w for w, _, _ in words[:k])) + 1
        match = {"category": "emergency", "term": words[k][0], "start": start, "end": start + len(words[k][0]),
                 "audio_start": words[k][1], "audio_end": words[k][2]}
        assert base[match["start"]:match["end"]] == words[k][0]
        write_flags(s, [call_flag(a, "emergency", "high", "위험 단어 감지", answer_matches(row, [match]))], utcnow())
        attempt_id = a.id
    page = _page(qtbot, db, hid)
    t = page.timeline
    with qtbot.waitSignal(t.detailShown, timeout=10_000):
        t.select("call", attempt_id)
    assert t.player.button.isEnabled()
    href = f"span:{words[k][1]:.3f}:{words[k][2]:.3f}"
    assert f'href="{href}"' in t.details.toHtml()
    with qtbot.waitSignal(t.player.playingChanged, timeout=10_000) as started:
        t._anchor_clicked(__import__("PySide6.QtCore", fromlist=["QUrl"]).QUrl(href))
    assert started.args == [True]
    assert t.player._clip_ms == round((words[k][1] - 1.0) * 1000)
    with qtbot.waitSignal(t.player.playingChanged, timeout=15_000) as stopped:
        pass
    assert stopped.args == [False]
    assert words[k][2] * 1000 - 200 <= t.player.stopped_at_ms <= (words[k][2] + 1.0) * 1000 + 600
    with db.session() as s:
        listen = s.scalars(select(AuditEvent).where(AuditEvent.action == "listen",
                                                    AuditEvent.entity == "call_attempt")).one()
    assert listen.entity_id == attempt_id and listen.detail["start_s"] == round(words[k][1], 3)


# --- keyholders, follow-ups, devices -----------------------------------------------------------
def test_reordering_keyholders_persists_and_called_logs_a_follow_up(qtbot, qtmodeltester, db):
    hid = create_household(db, HouseholdInput(name="김영희", phone="010-1234-5678", contacts=(
        ContactInput("이딸", "010-1111-0001", "딸", 1, True), ContactInput("박아들", "010-1111-0002", "아들", 2, False),
        ContactInput("최이웃", "010-1111-0003", "이웃", 3, True))), "tester")
    page = _page(qtbot, db, hid)
    k = page.keyholders
    qtmodeltester.check(k.model)
    k.table.selectRow(2)
    with qtbot.waitSignal(k.changed, timeout=10_000):
        k.up.click()
    stored = get_household(db, hid, "tester").contacts
    assert [c.name for c in stored] == ["이딸", "최이웃", "박아들"] and [c.priority for c in stored] == [1, 2, 3]
    assert {c.name: c.has_key for c in stored} == {"이딸": True, "박아들": False, "최이웃": True}
    assert k.selected_row() == 1  # the moved keyholder stays selected
    with qtbot.waitSignal(k.changed, timeout=10_000):
        k.up.click()
    assert [c.name for c in get_household(db, hid, "tester").contacts] == ["최이웃", "이딸", "박아들"]

    k.table.selectRow(0)
    k.called.click()
    dialog = page.follow_up_dialog
    assert dialog.values()["channel"] == "phone_keyholder" and "최이웃" in dialog.values()["note"]
    dialog.outcome.setCurrentIndex(dialog.outcome.findData("reached_well"))
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    # the timeline reloads by its own loader after the page's header: wait for its rows
    qtbot.waitUntil(lambda: page.timeline.model.rowCount() > 0 and page.timeline.model.row_at(0).kind == "contact",
                    timeout=10_000)
    assert page.timeline.model.row_at(0).detail["channel"] == "phone_keyholder"


def test_a_follow_up_from_the_page_resolves_the_flags_it_names(qtbot, db, tmp_path):
    flag_id = make_call_flag(db, recording=None)
    hid = _household_of_flag(db, flag_id)
    page = _page(qtbot, db, hid)
    page.follow_up_button.click()
    dialog = page.follow_up_dialog
    assert dialog.flags.count() == 1
    dialog.flags.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.channel.setCurrentIndex(dialog.channel.findData("visit"))
    dialog.outcome.setCurrentIndex(dialog.outcome.findData("reached_need"))
    dialog.note.setPlainText("방문, 병원 동행")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    with db.session() as s:
        assert s.get(RiskFlag, flag_id).status == "resolved"
    assert page.data.open_flags == () and not any("플래그" in t for t in page.header.badge_texts())


def test_a_device_registered_on_the_page_lets_its_mqtt_reading_land(qtbot, qtmodeltester, db, mosquitto_broker):
    from care.devices.schema import payload_for, topic_for
    from care.devices.settings import MqttSettings
    from care.devices.subscriber import DeviceSubscriber
    from tests.devices.test_mqtt import publish_all, publisher

    hid = create_household(db, HouseholdInput(name="김영희", phone="010-1234-5678"), "tester")
    page = _page(qtbot, db, hid)
    d = page.devices
    d.add_button.click()
    dialog = d.dialog
    dialog.kind.setCurrentIndex(dialog.kind.findData("temperature"))
    dialog.ref.setText("temp-kitchen")
    dialog.note.setText("부엌")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        dialog._check()
    qtmodeltester.check(d.model)
    row = d.model.row_at(d.model.find("temp-kitchen"))
    ref = page.data.record.ref
    assert (row.kind, row.note, row.active) == ("temperature", "부엌", True)
    assert row.topic == f"anbu/v1/{ref}/temp-kitchen/<metric>"
    d.table.selectRow(d.model.find("temp-kitchen"))
    assert f"anbu/v1/{ref}/temp-kitchen/<metric>" in d.topic.text()

    sub = DeviceSubscriber(db, MqttSettings(host=mosquitto_broker.host, port=mosquitto_broker.port),
                           flush_interval_s=0.1, rules_interval_s=3600, reconnect_delay=(1, 1))
    sub.start()
    try:
        assert sub.subscribed.wait(10), "never subscribed"
        client = publisher(mosquitto_broker)
        publish_all(client, [(topic_for(ref, "temp-kitchen", "temperature"), payload_for(utcnow(), 21.5, "C"))])
        client.loop_stop()
        client.disconnect()

        def landed() -> bool:
            with db.session() as s:
                return s.scalar(select(func.count()).select_from(SensorReading)) == 1

        qtbot.waitUntil(landed, timeout=10_000)
    finally:
        sub.stop()
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.reload()
    assert d.model.row_at(d.model.find("temp-kitchen")).last_seen_at is not None

    # a refused registration comes back in the dialog with the reason, nothing written
    d.add_button.click()
    again = d.dialog
    again.kind.setCurrentIndex(again.kind.findData("temperature"))
    again.ref.setText("temp-kitchen")
    again._check()
    qtbot.waitUntil(lambda: "already registered" in again.error.text() or "이미" in again.error.text(), timeout=10_000)
    again.reject()


# --- unreachable -------------------------------------------------------------------------------
def test_an_unreachable_household_shows_as_such_after_n_failed_attempts(qtbot, db):
    hid = create_household(db, HouseholdInput(name="정복순", phone="010-9999-0000"), "tester")

    def missed(n: int) -> None:
        with db.session() as s:
            s.add(CallAttempt(household_id=hid, slot_key=f"2026-11-{10 + n}T18:30+09:00", attempt_no=1,
                              idempotency_key=f"{hid}:missed:{n}", status="done", outcome="no_answer",
                              ended_at=utcnow() - timedelta(days=10 - n)))

    for n in range(2):
        missed(n)
    add_follow_up(db, hid, "worker", "phone", "not_reached")
    page = _page(qtbot, db, hid)
    assert not any("연락두절" in t for t in page.header.badge_texts())
    missed(2)  # the third missed check-in (the default rule: 3 missed calls and 1 follow-up)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.reload()
    assert page.data.record.reachability.unreachable
    assert any("연락두절" in t for t in page.header.badge_texts())
    add_follow_up(db, hid, "worker", "visit", "reached_well")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.reload()
    assert not any("연락두절" in t for t in page.header.badge_texts())


def test_charts_show_the_days_with_usual_range_and_calls(qtbot, review_demo_db):
    db = review_demo_db
    with db.session() as s:
        from storage.models import Device

        hid = s.scalar(select(Device.household_id).where(Device.kind == "motion").limit(1))
    page = _page(qtbot, db, hid)
    charts = page.charts
    qtbot.waitUntil(lambda: charts.data is not None, timeout=10_000)
    for days in (7, 90):
        with qtbot.waitSignal(charts.chartsShown, timeout=10_000):
            charts.range_buttons.button(days).click()
        assert len(charts.data.series["motion"]) == days
        assert any(v.value is not None for v in charts.data.series["motion"])
    last = [v for v in charts.data.series["motion"] if v.value is not None][-1]
    from console.pages.household.charts import _x

    text = charts.hover_text(_x(last.day))
    assert f"{last.day.day}일" in text and "동작 감지" in text and "(평소 " in text
