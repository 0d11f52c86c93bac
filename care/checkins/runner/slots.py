"""Slot bookkeeping in Anbu's own tables: plan due slots (catching up after downtime), claim the
due ones for dialing, and close windows that ended.

Every function takes the caller's session and does not commit: the caller's unit of work decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from care.checkins.plans import holiday_days, is_paused_on, plan_slots
from care.checkins.runner.missed import raise_missed_flag
from care.checkins.runner.settings import RunnerSettings
from storage.models import CallAttempt, CheckInPlan, CheckInSlot, Household, RunnerState

OPEN_SLOT = ("due", "retry_wait")
ACTIVE_SLOT = ("due", "retry_wait", "in_progress")
FINAL_SLOT = ("completed", "missed", "failed", "skipped")


def bump_schedule_version(session: Session) -> None:
    """The console polls this one row to notice that slots or attempts changed (one cheap
    statement per transaction; the row is created on first use)."""
    if session.info.get("schedule_bumped"):
        return
    session.info["schedule_bumped"] = True
    res = session.execute(text("UPDATE runner_state SET version = version + 1 WHERE name = 'schedule'"))
    if res.rowcount == 0:
        session.add(RunnerState(name="schedule", version=1))
        session.flush()


def schedule_version(session: Session) -> int:
    return session.scalar(select(RunnerState.version).where(RunnerState.name == "schedule")) or 0


@dataclass(frozen=True)
class PlanReport:
    planned: int  # new slots still to be called (now or later)
    caught_up: int  # of which the window is already open (runner came back inside it)
    not_placed: list[int]  # slot ids whose whole window passed while no runner was running


def plan_due_slots(session: Session, now: datetime, settings: RunnerSettings) -> PlanReport:
    """Materialise every plan's slots whose window ends after the last planning run (or `now` on
    the very first run) and begins within the look-ahead. Slots whose window passed entirely while
    the PC was off are stored as missed (not_placed) so they are reported, never silently lost."""
    state = session.get(RunnerState, "planner")
    since = state.at if state is not None and state.at is not None else now
    since = max(min(since, now), now - timedelta(days=settings.catchup_days))
    until = now + timedelta(hours=settings.lookahead_h)
    plans = list(session.scalars(
        select(CheckInPlan).join(Household, Household.id == CheckInPlan.household_id)
        .where(Household.active.is_(True))))
    holidays = holiday_days(session, (since - timedelta(days=2)).date(), (until + timedelta(days=2)).date())
    existing = set(session.execute(
        select(CheckInSlot.household_id, CheckInSlot.slot_key)
        .where(CheckInSlot.window_end > since, CheckInSlot.window_start < until)).all())
    rows, missed = [], []
    caught_up = 0
    for plan in plans:
        for sw in plan_slots(plan, since, until, holidays):
            if (sw.household_id, sw.key) in existing:
                continue
            row = {"household_id": sw.household_id, "slot_key": sw.key, "kind": "plan", "local_date": sw.local_date,
                   "window_start": sw.start, "window_end": sw.end, "attempts_made": 0, "reason": "",
                   "created_at": now, "updated_at": now}
            if sw.end <= now:
                row["reason"] = "러너가 꺼져 있어 통화 시간대가 지났습니다 (runner was not running during the window)"
                missed.append(CheckInSlot(**row, status="missed", outcome="not_placed"))
            else:
                caught_up += sw.start <= now
                rows.append({**row, "status": "due", "next_attempt_at": max(sw.start, now)})
    if rows:
        session.execute(insert(CheckInSlot), rows)
    session.add_all(missed)
    for slot in missed:  # reported, never silently lost: a person calls the resident today
        raise_missed_flag(session, slot, now, "not_placed")
    if state is None:
        session.add(RunnerState(name="planner", version=1, at=now))
    else:
        state.at, state.version = max(now, state.at or now), state.version + 1
    session.flush()
    if rows or missed:
        bump_schedule_version(session)
    return PlanReport(len(rows), caught_up, [m.id for m in missed])


def expired_open_slots(session: Session, now: datetime) -> list[CheckInSlot]:
    """Open slots whose window ended before they could be (re)dialled."""
    return list(session.scalars(select(CheckInSlot).where(
        CheckInSlot.status.in_(OPEN_SLOT), CheckInSlot.window_end <= now)))


def due_slots(session: Session, now: datetime, limit: int) -> list[tuple[CheckInSlot, str]]:
    """Due slots, oldest first, each with '' when it may be dialled or why not (plan paused,
    household inactive) — one query, whatever the number of slots."""
    rows = session.execute(
        select(CheckInSlot, Household.active, CheckInPlan)
        .join(Household, Household.id == CheckInSlot.household_id)
        .outerjoin(CheckInPlan, CheckInPlan.household_id == CheckInSlot.household_id)
        .where(CheckInSlot.status.in_(OPEN_SLOT), CheckInSlot.next_attempt_at <= now, CheckInSlot.window_end > now)
        .order_by(CheckInSlot.next_attempt_at, CheckInSlot.id).limit(limit)).all()
    return [(slot, why_not_dialled(slot, active, plan)) for slot, active, plan in rows]


def count_due(session: Session, now: datetime) -> int:
    return session.scalar(select(func.count()).select_from(CheckInSlot).where(
        CheckInSlot.status.in_(OPEN_SLOT), CheckInSlot.next_attempt_at <= now, CheckInSlot.window_end > now)) or 0


def why_not_dialled(slot: CheckInSlot, household_active: bool, plan: CheckInPlan | None) -> str:
    """'' when the slot may be dialled; otherwise why not (the plan changed after planning)."""
    if not household_active:
        return "가구가 비활성 상태입니다 (household inactive)"
    if slot.kind != "plan":
        return ""
    if plan is None:
        return "안부전화 계획이 삭제되었습니다 (plan removed)"
    if is_paused_on(plan, slot.local_date):
        return f"계획 일시중지: {plan.pause_reason} (plan paused)"
    return ""


def claim_attempt(session: Session, slot: CheckInSlot, provider: str) -> CallAttempt:
    """Next attempt of a due slot, in the caller's transaction with the slot's counter, so the
    idempotency key (household, slot, attempt number) can exist once only."""
    slot.attempts_made += 1
    slot.status = "in_progress"
    attempt = CallAttempt(
        household_id=slot.household_id, slot_id=slot.id, slot_key=slot.slot_key, attempt_no=slot.attempts_made,
        idempotency_key=f"{slot.household_id}|{slot.slot_key}|{slot.attempts_made}", status="planned",
        provider=provider, scheduled_at=slot.next_attempt_at)
    session.add(attempt)
    return attempt


def slot_of(session: Session, attempt: CallAttempt) -> CheckInSlot | None:
    return None if attempt.slot_id is None else session.get(CheckInSlot, attempt.slot_id)
