"""Everything the household page shows when it opens, in one read: the record (registry fields,
keyholders in order, devices, plan, reachability, the first page of the timeline), why the
household is coloured as it is (Reason), the next planned check-in, and the open flags a
follow-up may resolve. One access-log row (household_record's view).

Reasons: the same shape as the overview's "why" (kind, severity, count, words, at, hours); the
console words them (console/common/labels.py). `household_reasons` here covers what the page
needs: open flags by severity (the newest one's words and time), no motion for hours, and 연락두절.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from care.households import timeline
from care.households.reachability import household_reachability
from care.households.record import HouseholdRecord, household_record
from storage.db import Database
from storage.models import CheckInSlot, Device, RiskFlag, SensorReading

ACTIVE_SLOT = ("due", "retry_wait", "in_progress")
INACTIVE_HOURS = 12  # no motion for this long is worth a word on the page
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


@dataclass(frozen=True)
class Reason:
    kind: str  # flags | inactivity | unreachable
    severity: str  # high | medium | low
    count: int = 0
    words: str = ""  # the newest flag's reason as stored (both languages)
    at: datetime | None = None
    hours: float | None = None


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


def household_reasons(session: Session, household_ids: list[int], now: datetime) -> dict[int, list[Reason]]:
    """Why each household is coloured, the most urgent first."""
    out: dict[int, list[Reason]] = {hid: [] for hid in household_ids}
    flags: dict[tuple[int, str], list[RiskFlag]] = {}
    for f in session.scalars(select(RiskFlag).where(RiskFlag.household_id.in_(household_ids),
                                                    RiskFlag.status != "resolved")
                             .order_by(RiskFlag.created_at.desc(), RiskFlag.id.desc())):
        flags.setdefault((f.household_id, f.severity), []).append(f)
    for (hid, severity), found in sorted(flags.items(), key=lambda kv: SEVERITY_ORDER.get(kv[0][1], 9)):
        top = found[0]
        out[hid].append(Reason("flags", severity, len(found), top.reason or "", _aware(top.created_at)))
    for hid in household_ids:
        reach = household_reachability(session, hid)
        if reach.unreachable:
            out[hid].insert(0, Reason("unreachable", "high", reach.missed_calls + reach.not_reached_follow_ups,
                                      "", reach.last_reached_at))
    last_motion = dict(session.execute(
        select(Device.household_id, func.max(SensorReading.ts))
        .join(SensorReading, SensorReading.device_id == Device.id)
        .where(Device.household_id.in_(household_ids), Device.kind == "motion", Device.active.is_(True),
               SensorReading.metric == "motion", SensorReading.value > 0)
        .group_by(Device.household_id)).all())
    for hid, at in last_motion.items():
        seen = _aware(at if not isinstance(at, str) else datetime.fromisoformat(at))
        hours = (now - seen).total_seconds() / 3600 if seen else None
        if hours is not None and hours >= INACTIVE_HOURS:
            out[hid].append(Reason("inactivity", "medium", 0, "", seen, round(hours, 1)))
    return out


def household_page(db: Database, key: str | int, actor: str, *, limit: int = 50,
                   now: datetime | None = None) -> HouseholdPageData:
    now = now or datetime.now(UTC)
    record = household_record(db, key, actor, limit=limit)
    with db.session() as s:
        reasons = household_reasons(s, [record.id], now)[record.id]
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

    with db.session() as s:
        entries = timeline.page(s, household_id, limit, before, kinds)
        audit.record(s, actor, "view", "household", household_id,
                     {"what": "timeline", "kinds": list(kinds), "rows": len(entries)})
        return entries
