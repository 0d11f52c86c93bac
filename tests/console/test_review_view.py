"""The Review page on a real database: the queue from demo data, the highlighted answer, the
buttons changing the database, the poll picking up a new flag, and the evidence player."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox
from sqlalchemy import select

from care.review import queue as review
from console.common.context import ConsoleContext
from console.pages.review import audio as review_audio
from console.pages.review.view import ReviewWidget
from storage.models import AuditEvent, RiskFlag
from tests.fixtures.review import make_call_flag, write_call_wav


def _page(qtbot, db) -> ReviewWidget:
    page = ReviewWidget(ConsoleContext(db=db, actor="supervisor"))
    qtbot.addWidget(page)
    page.resize(1100, 700)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.show()
    return page


def _select(qtbot, page: ReviewWidget, flag_id: int) -> None:
    row = page.model.find(flag_id)
    assert row >= 0
    with qtbot.waitSignal(page.detailShown, timeout=10_000):
        page.table.selectRow(row)


def _flag(db, flag_id):
    with db.session() as s:
        return s.get(RiskFlag, flag_id)


def test_queue_from_demo_data_and_the_highlighted_answer(qtbot, qtmodeltester, review_demo_db):
    db = review_demo_db
    page = _page(qtbot, db)
    expected = review.review_queue(db)
    assert page.model.rowCount() == len(expected) > 10
    assert [page.model.row_at(r).id for r in range(page.model.rowCount())] == [r.id for r in expected]
    qtmodeltester.check(page.model)
    top = page.model.index(0, 0)
    assert page.model.data(top) == "긴급"
    assert page.model.data(top, Qt.ItemDataRole.BackgroundRole).color().name() == "#fde2e1"
    call = next(r for r in expected if r.source == "call")
    _select(qtbot, page, call.id)
    d = page.detail
    matched = [a.text[m.start:m.end] for a in d.answers for m in a.matches]
    html = page.details.html()
    assert "#ffd54f" in html and all(word in html for word in matched)
    names = [k.name for k in d.keyholders]
    if len(names) > 1:  # listed in priority order
        assert html.index(names[0]) < html.index(names[1])
    assert not page.player.button.isEnabled() and "녹음이 없습니다" in page.player.note.text()
    assert page.ack_button.isEnabled() and page.resolve_button.isEnabled()
    with db.session() as s:  # the view is in the access log
        assert s.scalar(select(AuditEvent.action).where(AuditEvent.entity == "risk_flag",
                                                        AuditEvent.entity_id == call.id)) == "view"


def test_acknowledge_assign_and_resolve_through_the_buttons(qtbot, review_demo_db):
    db = review_demo_db
    page = _page(qtbot, db)
    flag_id = page.model.row_at(0).id
    _select(qtbot, page, flag_id)
    with qtbot.waitSignal(page.actionDone, timeout=10_000):
        qtbot.mouseClick(page.ack_button, Qt.MouseButton.LeftButton)
    assert _flag(db, flag_id).status == "acknowledged"
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.flag.status == "acknowledged", timeout=10_000)
    assert not page.ack_button.isEnabled()

    with qtbot.waitSignal(page.assignDialogShown, timeout=10_000):  # the user list loads first
        qtbot.mouseClick(page.assign_button, Qt.MouseButton.LeftButton)
    page.assign_dialog.setTextValue("박지은")
    with qtbot.waitSignal(page.actionDone, timeout=10_000):
        page.assign_dialog.done(QDialog.DialogCode.Accepted)
    assert _flag(db, flag_id).assignee == "박지은"
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.flag.assignee == "박지은", timeout=10_000)

    qtbot.mouseClick(page.resolve_button, Qt.MouseButton.LeftButton)
    dialog = page.resolve_dialog
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)  # no outcome chosen: refused inline
    assert dialog.isVisible() and dialog.error.text()
    dialog.radios["called"].setChecked(True)
    dialog.note.setPlainText("딸과 통화함")
    with qtbot.waitSignal(page.actionDone, timeout=10_000):
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    f = _flag(db, flag_id)
    assert (f.status, f.resolution, f.resolution_note, f.resolved_by) == ("resolved", "called", "딸과 통화함", "supervisor")
    # resolved flags leave the active queue; the detail pane is cleared
    qtbot.waitUntil(lambda: page.model.find(flag_id) < 0 and page.detail is None, timeout=10_000)
    with db.session() as s:
        actions = list(s.scalars(select(AuditEvent.action).where(
            AuditEvent.entity == "risk_flag", AuditEvent.entity_id == flag_id).order_by(AuditEvent.id)))
    assert [a for a in actions if a != "view"] == ["acknowledge", "assign", "resolve"]


def test_a_refused_action_is_shown_not_raised(qtbot, review_demo_db):
    db = review_demo_db
    page = _page(qtbot, db)
    flag_id = page.model.row_at(0).id
    _select(qtbot, page, flag_id)
    review.resolve(db, flag_id, "someone-else", "visited")  # another PC got there first
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.acknowledge()
    assert "이미 처리된" in page.last_error and "someone-else" in page.last_error


def test_poll_reloads_only_when_the_flags_changed(qtbot, db, tmp_path):
    make_call_flag(db, recording=None)
    page = _page(qtbot, db)
    assert page.model.rowCount() == 1
    with qtbot.assertNotEmitted(page.loaded, wait=300):
        page.poll()
    make_call_flag(db, recording=None, phone="010-8888-9999", name="정복순", severity="medium")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.poll()
    assert page.model.rowCount() == 2


@pytest.fixture
def sound_device(monkeypatch):
    """This build machine has no sound card; the button's device check is the only thing faked."""
    monkeypatch.setattr(review_audio, "audio_output_available", lambda: True)


def test_play_button_with_and_without_a_recording(qtbot, db, tmp_path, sound_device):
    recorded = make_call_flag(db, recording=write_call_wav(tmp_path / "call.wav", seconds=5.0))
    silent = make_call_flag(db, recording=None, phone="010-8888-9999", name="정복순")
    page = _page(qtbot, db)
    _select(qtbot, page, silent)
    assert not page.player.button.isEnabled() and "녹음이 없습니다" in page.player.note.text()
    _select(qtbot, page, recorded)
    assert page.player.button.isEnabled() and "2.2–2.6" in page.player.note.text()
    assert 'href="span:2.200:2.600"' in page.details.html()  # the highlighted words play their moment

    with qtbot.waitSignal(page.player.playingChanged, timeout=10_000) as started:
        qtbot.mouseClick(page.player.button, Qt.MouseButton.LeftButton)
    assert started.args == [True]
    # only the clip reached the player: a second before the words (2.2 s) to a second after (2.6 s)
    assert page.player._buffer.size() == 44 + 2 * int(2.4 * 8000)
    assert page.player._clip_ms == 1200
    with qtbot.waitSignal(page.player.playingChanged, timeout=10_000) as stopped:
        pass
    assert stopped.args == [False]
    # stopped about a second after the words end (2.6 s), well before the end of the call (5 s)
    assert 3000 <= page.player.stopped_at_ms <= 4200
    with db.session() as s:
        listen = s.scalars(select(AuditEvent).where(AuditEvent.entity_id == recorded,
                                                    AuditEvent.action == "listen")).one()
        assert (listen.detail["played_from_s"], listen.detail["played_to_s"]) == (1.2, 3.6)


def test_no_sound_device_disables_the_button_with_a_note(qtbot, db, tmp_path, monkeypatch):
    monkeypatch.setattr(review_audio, "audio_output_available", lambda: False)
    recorded = make_call_flag(db, recording=write_call_wav(tmp_path / "call.wav"))
    page = _page(qtbot, db)
    _select(qtbot, page, recorded)
    assert not page.player.button.isEnabled() and "장치" in page.player.note.text()


def test_main_window_shows_the_review_page(qtbot, review_demo_db):
    from console.main_window import MainWindow

    window = MainWindow(ConsoleContext(db=review_demo_db, actor="supervisor"))
    qtbot.addWidget(window)
    page = window.pages["review"]
    assert isinstance(page, ReviewWidget)
    window.show()
    window.show_page("review")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        window.reload()
    assert page.model.rowCount() > 0
