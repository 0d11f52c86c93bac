"""A plan edit or pause reaches the slots already planned, in the edit's own transaction.

Slots not yet dialled whose window is still ahead are checked against the plan as it now reads:
a slot the plan no longer produces is skipped (outcome `paused` for a pause, `cancelled` for a
changed day or window), a slot it produces again (a pause lifted, a day put back) is reopened, and
the plan's new windows inside the planner's horizon are planned at once so the Schedule page shows
them before the runner's next pass. A slot with a call on the line (in_progress) is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from care import settings as store
from care.checkins.plans import holiday_days, is_paused_on, plan_slots
from care.checkins.runner.slots import OPEN_SLOT, bump_schedule_version
from storage.models import CheckInPlan, CheckInSlot, RunnerState

PAUSED_REASON = "계획 일시중지: {0} (plan paused)"
CANCELLED_REASON = "계획이 바뀌어 취소됨 (cancelled: the plan changed)"


@dataclass(frozen=True)
class ReplanReport:
    cancelled: tuple[str, ...]
    reopened: tuple[str, ...]
    planned: tuple[str, ...]

    def to_json(self) -> dict:
        return {"cancelled": list(self.cancelled), "reopened": list(self.reopened), "planned": list(self.planned)}


def replan_household(session: Session, plan: CheckInPlan, now: datetime) -> ReplanReport:
    """Bring the household's future plan slots in line with `plan` (already changed, unflushed
    changes included). Does not commit."""
    session.flush()
    state = session.get(RunnerState, "planner")
    horizon = now + timedelta(hours=store.load(session, store.RunnerSettings).lookahead_h)
    slots = list(session.scalars(select(CheckInSlot).where(
        CheckInSlot.household_id == plan.household_id, CheckInSlot.kind == "plan", CheckInSlot.window_end > now)))
    until = max([horizon, *(sl.window_end for sl in slots)])
    holidays = holiday_days(session, (now - timedelta(days=2)).date(), (until + timedelta(days=2)).date())
    wanted = {sw.key: sw for sw in plan_slots(plan, now, until, holidays)}
    by_key = {sl.slot_key: sl for sl in slots}
    cancelled, reopened, planned = [], [], []
    for sl in slots:
        if sl.status in OPEN_SLOT and sl.slot_key not in wanted:
            paused = is_paused_on(plan, sl.local_date)
            sl.status, sl.outcome, sl.next_attempt_at = "skipped", "paused" if paused else "cancelled", None
            sl.reason = PAUSED_REASON.format(plan.pause_reason) if paused else CANCELLED_REASON
            cancelled.append(sl.slot_key)
        elif sl.status == "skipped" and sl.outcome in ("paused", "cancelled") and sl.slot_key in wanted:
            sl.status = "retry_wait" if sl.attempts_made else "due"
            sl.outcome, sl.reason = None, ""
            sl.next_attempt_at = max(sl.window_start, now)
            reopened.append(sl.slot_key)
    if state is not None:  # the runner plans the rest; before its first run it plans everything
        for key, sw in wanted.items():
            if key not in by_key and sw.start < horizon:
                session.add(CheckInSlot(household_id=sw.household_id, slot_key=key, kind="plan", local_date=sw.local_date,
                                        window_start=sw.start, window_end=sw.end, status="due", attempts_made=0,
                                        next_attempt_at=max(sw.start, now), reason="", created_at=now,
                                        updated_at=now))
                planned.append(key)
    if cancelled or reopened or planned:
        bump_schedule_version(session)
    return ReplanReport(tuple(cancelled), tuple(reopened), tuple(planned))
