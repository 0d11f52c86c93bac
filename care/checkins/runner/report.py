"""Read side of the runner for the CLI and the console: attempts with their flags, the day's queue.
Returns frozen dataclasses / plain dicts, never ORM objects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from care import audit
from care.checkins.runner.slots import schedule_version
from storage.db import Database
from storage.models import CallAttempt, CheckInSlot, Household, RiskFlag


def attempt_lines(db: Database, household_id: int | None = None, day: date | None = None, *,
                  actor: str | None = None) -> list[dict]:
    """One dict per attempt: household_id, slot, attempt, status, answered_by, outcome, flags.
    With `actor` (a person looking) one access-log row names how many attempts of which households."""
    with db.session() as s:
        q = select(CallAttempt).order_by(CallAttempt.household_id, CallAttempt.slot_key, CallAttempt.attempt_no)
        if household_id is not None:
            q = q.where(CallAttempt.household_id == household_id)
        if day is not None:
            q = q.where(CallAttempt.slot_key.like(f"%{day.isoformat()}T%"))  # manual slots too
        attempts = list(s.scalars(q))
        flags: dict[int, list[str]] = {}
        ids = [a.id for a in attempts]
        for i in range(0, len(ids), 500):
            for attempt_id, category in s.execute(select(RiskFlag.attempt_id, RiskFlag.category)
                                                  .where(RiskFlag.attempt_id.in_(ids[i:i + 500]))
                                                  .order_by(RiskFlag.id)):
                flags.setdefault(attempt_id, []).append(category)
        if actor is not None:
            refs = dict(s.execute(select(Household.id, Household.ref).where(
                Household.id.in_({a.household_id for a in attempts}))).all()) if attempts else {}
            audit.record_list(s, actor, "call_attempt", (refs.get(a.household_id) for a in attempts),
                              {k: v for k, v in {"household_id": household_id,
                                                 "day": day.isoformat() if day else None}.items() if v is not None})
        return [{
            "household_id": a.household_id, "slot": a.slot_key, "attempt": a.attempt_no, "status": a.status,
            "answered_by": a.answered_by, "outcome": a.outcome, "flags": flags.get(a.id, []),
            "call_status": a.call_status, "provider": a.provider, "error": a.error,
        } for a in attempts]


@dataclass(frozen=True)
class QueueRow:
    """One slot of the day's queue, with its latest attempt."""

    slot_id: int
    household_id: int
    household_ref: str
    name: str
    slot: str
    window_start: datetime
    window_end: datetime
    status: str
    attempts_made: int
    next_attempt_at: datetime | None
    attempt_status: str | None
    outcome: str | None
    answered_by: str | None
    provider: str | None


def day_queue(db: Database, start: datetime, hours: float = 36.0) -> tuple[int, list[QueueRow]]:
    """Slots whose window ends after `start` and begins within `hours`: today's and tonight's
    queue. Returns (schedule version, rows) so the console can skip redraws when nothing moved."""
    end = start + timedelta(hours=hours)
    with db.session() as s:
        version = schedule_version(s)
        rows = s.execute(
            select(CheckInSlot, Household.ref, Household.name)
            .join(Household, Household.id == CheckInSlot.household_id)
            .where(CheckInSlot.window_end > start - timedelta(hours=12), CheckInSlot.window_start < end)
            .order_by(CheckInSlot.window_start, Household.id)).all()
        latest: dict[int, CallAttempt] = {}
        ids = [slot.id for slot, _, _ in rows]
        for i in range(0, len(ids), 500):
            for a in s.scalars(select(CallAttempt).where(CallAttempt.slot_id.in_(ids[i:i + 500]))
                               .order_by(CallAttempt.attempt_no)):
                if a.slot_id is not None:  # always, by the IN above; the check is for the type
                    latest[a.slot_id] = a
        out = []
        for slot, ref, name in rows:
            a = latest.get(slot.id)
            out.append(QueueRow(slot.id, slot.household_id, ref or "", name, slot.slot_key, slot.window_start,
                                slot.window_end, slot.status, slot.attempts_made, slot.next_attempt_at,
                                a.status if a else None, a.outcome if a else slot.outcome,
                                a.answered_by if a else None, a.provider if a else None))
        return version, out


def current_version(db: Database) -> int:
    with db.session() as s:
        return schedule_version(s)
