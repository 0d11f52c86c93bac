"""Everything the household page shows when it opens, in one read: the record (registry fields,
keyholders in order, devices, plan, reachability, the first page of the timeline), why the
household is coloured as it is (Reason), the next planned check-in, and the open flags a
follow-up may resolve. One access-log row (household_record's view).

Reasons come from care.households.reasons (the overview's "why": the same words on the row and
on the page); the console words them (console/common/labels.py why_text).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select

from care.households import timeline
from care.households.reasons import Reason, household_reasons
from care.households.record import HouseholdRecord, household_record
from storage.db import Database
from storage.models import CheckInSlot, Household, RiskFlag

ACTIVE_SLOT = ("due", "retry_wait", "in_progress")


@dataclass(frozen=True)
class OpenFlag:
    id: int
    severity: str
    category: str
    reason: str
    created_at: datetime


@dataclass(frozen=True)
class HouseholdPageData:
    record: HouseholdRecord
    reasons: tuple[Reason, ...]
    next_call: datetime | None
    open_flags: tuple[OpenFlag, ...]


def _aware(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def household_page(db: Database, key: str | int, actor: str, *, limit: int = 50,
                   now: datetime | None = None) -> HouseholdPageData:
    now = now or datetime.now(UTC)
    record = household_record(db, key, actor, limit=limit)
    with db.session() as s:
        reasons = household_reasons(s, [record.id], now).get(record.id, [])
        nxt = s.scalar(select(func.min(CheckInSlot.window_start)).where(
            CheckInSlot.household_id == record.id, CheckInSlot.status.in_(ACTIVE_SLOT),
            CheckInSlot.window_end > now))
        flags = tuple(OpenFlag(f.id, f.severity, f.category, f.reason or "", _aware(f.created_at) or now)
                      for f in s.scalars(select(RiskFlag).where(RiskFlag.household_id == record.id,
                                                                RiskFlag.status != "resolved")
                                         .order_by(RiskFlag.created_at.desc())))
    return HouseholdPageData(record, tuple(reasons), _aware(nxt), flags)


def timeline_page(db: Database, household_id: int, actor: str, *, limit: int = 50,
                  before: timeline.Cursor | None = None, kinds: tuple[str, ...] = timeline.KINDS
                  ) -> list[timeline.Entry]:
    """One more page of the timeline (scrolling, or a filter by kind); a view of the record."""
    from care import audit
    from care.accounts import access

    with db.session() as s:
        access.require(s, actor, access.Permission.VIEW_HOUSEHOLD, household=s.get(Household, household_id),
                       entity="household", entity_id=household_id)
        entries = timeline.page(s, household_id, limit, before, kinds)
        audit.record(s, actor, "view", "household", household_id,
                     {"what": "timeline", "kinds": list(kinds), "rows": len(entries)})
        return entries
