"""The console's one view of every household: last call, open flags, sensors, robot."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from care.households.registry import MAX_SEARCH, SearchTooLong
from care.vocabulary import SEVERITY_RANK, FlagStatus, Severity, severity_from_rank
from storage.db import Database
from storage.models import CallAttempt, Household, RiskFlag
from storage.queries import counted_devices, household_overview_query
from storage.types import utcnow


@dataclass(frozen=True)
class OverviewRow:
    id: int
    name: str
    dong: str
    worker: str
    is_demo: bool
    last_outcome: str | None
    last_call_at: datetime | None
    open_flags: int
    top_severity: str  # none | low | medium | high
    sensors: int
    sensors_seen: datetime | None
    robot_seen: datetime | None
    robot_battery: float | None


@dataclass(frozen=True)
class OverviewSummary:
    households: int
    open_flags: int
    high_flags: int
    calls_last_24h: int
    devices: int
    demo: bool


def household_overview(db: Database, text: str = "") -> list[OverviewRow]:
    if len(text.strip()) > MAX_SEARCH:
        raise SearchTooLong()
    with db.session() as s:
        rows = s.execute(household_overview_query(SEVERITY_RANK, text)).mappings().all()
    return [
        OverviewRow(id=r["id"], name=r["name"], dong=r["dong"], worker=r["worker"], is_demo=bool(r["is_demo"]),
                    last_outcome=r["outcome"], last_call_at=_aware(r["ended_at"]), open_flags=r["open_flags"],
                    top_severity=severity_from_rank(r["top_severity"]), sensors=r["sensors"] or 0,
                    sensors_seen=_aware(r["sensors_seen"]), robot_seen=_aware(r["robot_seen"]),
                    robot_battery=r["robot_battery"])
        for r in rows
    ]


def overview_summary(db: Database) -> OverviewSummary:
    since = utcnow() - timedelta(days=1)
    with db.session() as s:
        households = s.execute(select(func.count(Household.id)).where(Household.active.is_(True))).scalar_one()
        open_flags = s.execute(select(func.count(RiskFlag.id)).where(RiskFlag.status != "resolved")).scalar_one()
        high = s.execute(select(func.count(RiskFlag.id)).where(RiskFlag.status != FlagStatus.RESOLVED,
                                                               RiskFlag.severity == Severity.HIGH)).scalar_one()
        calls = s.execute(select(func.count(CallAttempt.id)).where(CallAttempt.ended_at.is_not(None),
                                                                   CallAttempt.ended_at >= since)).scalar_one()
        devices = s.execute(select(func.count()).select_from(counted_devices().subquery())).scalar_one()
        demo = s.execute(select(Household.id).where(Household.is_demo.is_(True)).limit(1)).first() is not None
    return OverviewSummary(households, open_flags, high, calls, devices, demo)


def _aware(value: datetime | str | None) -> datetime | None:
    """Raw subquery values bypass the column type on SQLite; bring them back to aware UTC."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value


def load_overview(db: Database, text: str = "", *, actor: str | None = None) -> tuple[OverviewSummary, list[OverviewRow]]:
    """What the overview page shows, in one call. With `actor` (the console's person), a social
    worker's rows are her own households (the summary's counts stay the district's), and one
    access-log row names how many households were shown and which."""
    from care import audit

    rows = household_overview(db, text)
    if actor is not None:
        from care.accounts import access

        with db.session() as s:
            names = access.scope(s, actor)
            if names is not None:
                rows = [r for r in rows if r.worker in names]
            refs = dict(s.execute(select(Household.id, Household.ref)).all())
            audit.record_list(s, actor, "household_overview", (refs.get(r.id) or f"#{r.id}" for r in rows),
                              {"text": text.strip()} if text.strip() else None, action="view")
    return overview_summary(db), rows


def overview_version(db: Database) -> tuple:
    """Moves when a flag is raised or worked, or a check-in slot changes (a call finished):
    what the overview shows. Device last-seen times are left out on purpose — the ingest moves
    them every few seconds, and the overview would reload for nothing."""
    from care.checkins.schedule import schedule_version
    from care.review.queue import queue_version

    return (queue_version(db), schedule_version(db))
