"""The Schedule page as a social worker uses it (issue 10 items 2, 3 and 12): the runner's live
status line, plan-dialog errors inline, pause-all asks first, scroll and selection survive a save,
paused/cancelled slots shown as such, a refresh on show."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from care.checkins import schedule
from care.checkins.runner import lease
from care.checkins.runner.settings import RunnerSettings, is_paused_all
from care.checkins.runner.slots import plan_due_slots
from console.common.context import ConsoleContext
from console.common.tasks import wait_for_tasks
from console.pages.overview import OverviewWidget
from console.pages.schedule.view import ScheduleWidget
from storage.models import RunnerLease
from storage.types import utcnow
from tests.runner.helpers import add_households


@pytest.fixture
def busy_day(db):
    """Forty households with an all-day window today, planned as the runner would."""
    add_households(db, 40, days="mon,tue,wed,thu,fri,sat,sun", window=("00:01", "23:59"))
    with db.session() as s:
        plan_due_slots(s, utcnow(), RunnerSettings())
    return db


@pytest.fixture
def page(qtbot, busy_day):
    widget = ScheduleWidget(ConsoleContext(db=busy_day, actor="kim"))
    qtbot.addWidget(widget)
    widget.resize(900, 400)
    widget.show()
    qtbot.waitUntil(lambda: widget.model.rowCount() >= 40, timeout=5000)
    yield widget
    widget.close()
    assert wait_for_tasks(5000)


def _age_shown(label) -> bool:
    return "마지막 신호" in label.text()


def test_runner_status_counts_the_heartbeat_live_and_turns_red_when_stale(qtbot, page, busy_day):
    db = busy_day
    qtbot.waitUntil(lambda: "실행되고 있지 않습니다" in page.runner_label.text(), timeout=5000)
    holder = "elsewhere:1:abc"  # a runner on another PC starts: the page notices without F5
    lease.acquire(db, holder, 90)
    qtbot.waitUntil(lambda: "러너 실행 중" in page.runner_label.text() and _age_shown(page.runner_label), timeout=6000)
    assert page.runner_label.styleSheet() == ""
    with db.session() as s:  # it stopped beating two minutes ago (killed, or the PC asleep)
        s.execute(update(RunnerLease).values(heartbeat_at=utcnow() - timedelta(seconds=150)))
    qtbot.waitUntil(lambda: "응답 없음" in page.runner_label.text(), timeout=6000)
    assert "#b3261e" in page.runner_label.styleSheet() and "2분" in page.runner_label.text()
    lease.release(db, holder)  # a clean stop: said at once, with how long ago it last beat
    qtbot.waitUntil(lambda: "실행되고 있지 않습니다 (마지막 신호" in page.runner_label.text(), timeout=6000)


def test_overview_shows_the_same_runner_line(qtbot, busy_day):
    widget = OverviewWidget(ConsoleContext(db=busy_day, actor="kim"))
    qtbot.addWidget(widget)
    widget.show()
    lease.acquire(busy_day, "elsewhere:2:def", 90)
    qtbot.waitUntil(lambda: "러너 실행 중" in widget.runner_status.text(), timeout=6000)
    widget.close()
    assert wait_for_tasks(5000)


def test_plan_dialog_errors_stay_inline_and_keep_the_edits(qtbot, page):
    page.table.selectRow(3)
    page.plan_button.click()
    qtbot.waitUntil(lambda: hasattr(page, "plan_dialog") and page.plan_dialog.isVisible(), timeout=5000)
    dialog = page.plan_dialog
    for box in dialog.day_boxes.values():
        box.setChecked(False)  # no weekday: refused
    dialog.day_boxes["wed"].setChecked(False)
    dialog.reason.setText("메모")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: "weekday" in dialog.error.text(), timeout=5000)
    assert dialog.isVisible() and dialog.reason.text() == "메모" and dialog.save_button.isEnabled()
    dialog.day_boxes["tue"].setChecked(True)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)


def test_saving_a_plan_keeps_the_scroll_and_the_selection(qtbot, page):
    bar = page.table.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=5000)
    row = page.model.rowCount() - 2
    page.table.selectRow(row)
    page.table.scrollToBottom()
    slot_id, scroll = page.model.row_at(row).slot_id, bar.value()
    assert scroll > 0
    page.plan_button.click()
    qtbot.waitUntil(lambda: hasattr(page, "plan_dialog") and page.plan_dialog.isVisible(), timeout=5000)
    with qtbot.waitSignal(page.loaded, timeout=5000):
        page.plan_dialog.save_button.click()
    assert page._selected_slot() == slot_id and bar.value() == scroll


def test_pause_all_asks_first(qtbot, page, busy_day):
    page.pause_button.click()
    qtbot.waitUntil(lambda: hasattr(page, "pause_confirm") and page.pause_confirm.isVisible(), timeout=5000)
    page.pause_confirm.reject()  # cancelled: nothing paused
    wait_for_tasks(5000)
    with busy_day.session() as s:
        assert not is_paused_all(s)
    page.pause_button.click()

    def paused() -> bool:
        with busy_day.session() as s:
            return is_paused_all(s)

    # the page may answer a reload it started before the pause was stored (its poller, the duty
    # roster): wait for the stored state itself, not for the next `loaded`
    page.pause_confirm.accept()
    qtbot.waitUntil(paused, timeout=5000)
    page.pause_button.click()  # resuming needs no question
    qtbot.waitUntil(lambda: page.pause_button.text() == "전체 일시중지", timeout=5000)


def test_paused_slots_show_as_paused_and_the_page_refreshes_on_show(qtbot, page, busy_day):
    from care.checkins.plans import set_plans

    page.poller.stop()  # only showing the page can bring the change in
    page.hide()
    set_plans(busy_day, [1], pause_reason="입원", actor="kim")
    page.show()

    def texts():
        return [(page.model.row_at(r).household_id, page.model.index(r, 3).data()) for r in range(page.model.rowCount())]

    qtbot.waitUntil(lambda: (1, "일시중지") in texts(), timeout=5000)
    assert (1, "대기") not in texts()


def test_service_dialog_shows_the_unit_for_this_pc(qtbot, page):
    page.service_button.click()
    dialog = page.service_dialog
    qtbot.waitUntil(lambda: "<Task" in dialog.text.toPlainText(), timeout=5000)
    dialog.kind.setCurrentIndex(1)
    qtbot.waitUntil(lambda: "ExecStart=" in dialog.text.toPlainText(), timeout=5000)
    assert "--standby" in dialog.text.toPlainText()
    dialog.close()


def test_snapshot_carries_the_runner_status(busy_day):
    snap = schedule.schedule_snapshot(busy_day)
    assert snap.runner is not None and not snap.runner_alive
