"""The console's Schedule page and the care.checkins.schedule service behind it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from care.checkins import schedule
from care.checkins.runner.settings import RunnerSettings, is_paused_all
from care.checkins.runner.slots import claim_attempt, plan_due_slots
from console.common.context import ConsoleContext
from console.common.tasks import wait_for_tasks
from console.pages.schedule.view import ScheduleWidget
from storage.models import AuditEvent, CheckInPlan, CheckInSlot
from storage.types import utcnow
from telephony.simulated import SimulatedGateway
from tests.runner.helpers import NO_ANSWER_SEED, add_households, kst, run_at


@pytest.fixture
def today_queue(db):
    """Two households with an all-day window today, planned as the runner would."""
    add_households(db, 2, days="mon,tue,wed,thu,fri,sat,sun", window=("00:01", "23:59"))
    with db.session() as s:
        plan_due_slots(s, utcnow(), RunnerSettings())
    return db


def test_run_now_makes_a_manual_slot_that_the_runner_dials(db, tmp_path):
    (hid,) = add_households(db, 1)
    key = schedule.request_run_now(db, hid, "kim", now=kst("2026-11-24 14:05"))
    assert key == "manual-2026-11-24T14:05:00+09:00"
    with pytest.raises(schedule.RunNowRefused, match="already under way"):
        schedule.request_run_now(db, hid, "kim", now=kst("2026-11-24 14:06"))
    with pytest.raises(schedule.RunNowRefused, match="quiet hours"):
        schedule.request_run_now(db, hid, "kim", now=kst("2026-11-24 22:00"))
    ledger = tmp_path / "ledger.jsonl"
    run_at(db, kst("2026-11-24 14:06"), SimulatedGateway(seed=NO_ANSWER_SEED, ledger=ledger))
    assert key in ledger.read_text()
    with db.session() as s:
        # the person's one action (the runner's own rows, e.g. an escalation it started, are not hers)
        assert s.scalars(select(AuditEvent.action).where(AuditEvent.actor == "kim")).all() == ["run_now"]


def test_schedule_page_shows_the_queue_and_follows_the_runner(qtbot, qtmodeltester, today_queue):
    db = today_queue
    widget = ScheduleWidget(ConsoleContext(db=db, actor="kim"))
    qtbot.addWidget(widget)
    qtbot.waitUntil(lambda: widget.model.rowCount() >= 2, timeout=5000)  # today (and tomorrow from 00:01)
    qtmodeltester.check(widget.model)
    assert widget.model.index(0, 3).data() == "대기"
    assert "실행되고 있지 않습니다" in widget.runner_label.text()  # no runner holds the lease

    with db.session() as s:  # the runner (another process) claims an attempt: the page follows
        slot = s.scalars(select(CheckInSlot).order_by(CheckInSlot.id)).first()
        claim_attempt(s, slot, "simulated")
        from care.checkins.runner.slots import bump_schedule_version

        bump_schedule_version(s)
    qtbot.waitUntil(lambda: widget.model.index(0, 3).data() == "진행 중", timeout=6000)
    assert "[모의]" in widget.model.index(0, 5).data()

    widget.pause_button.click()  # asks first
    qtbot.waitUntil(lambda: hasattr(widget, "pause_confirm"), timeout=5000)
    with qtbot.waitSignal(widget.loaded, timeout=5000):
        widget.pause_confirm.accept()
    qtbot.waitUntil(lambda: "일시중지됨" in widget.runner_label.text(), timeout=5000)
    with db.session() as s:
        assert is_paused_all(s)
    assert widget.pause_button.text() == "전체 재개"

    widget.table.selectRow(1)
    widget.run_now_button.click()  # its all-day slot is under way: refused, said plainly
    qtbot.waitUntil(lambda: "already under way" in getattr(widget, "last_error", ""), timeout=5000)

    widget.plan_button.click()
    qtbot.waitUntil(lambda: hasattr(widget, "plan_dialog"), timeout=5000)
    dialog = widget.plan_dialog
    dialog.paused.setChecked(True)
    dialog.reason.setText("입원")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: _plan(db, 2).paused, timeout=5000)
    assert _plan(db, 2).pause_reason == "입원"
    widget.grab().save(str(db.path.with_name("schedule.png")))
    widget.close()
    assert wait_for_tasks(5000)


def _plan(db, hid):
    with db.session() as s:
        return s.scalar(select(CheckInPlan).where(CheckInPlan.household_id == hid))


def test_snapshot_says_whether_a_runner_is_alive(db, tmp_path):
    from care.checkins.runner import lease

    add_households(db, 1)
    assert not schedule.schedule_snapshot(db).runner_alive
    holder = lease.new_holder_id()
    lease.acquire(db, holder, 90)
    snap = schedule.schedule_snapshot(db)
    assert snap.runner_alive and snap.runner_holder == holder
    assert not schedule.schedule_snapshot(db, now=utcnow() + timedelta(minutes=5)).runner_alive
