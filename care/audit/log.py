"""Reading the access log: filter by user, household, action and period (in SQL), a page at a time
for the console, or every row for `python main.py audit --json`. Reading the log is itself an
access and writes a row (one per read, naming the filter and how many rows were shown)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, func, select

from care import audit
from storage.db import Database
from storage.models import AuditEvent

DISTRICT_TZ = ZoneInfo("Asia/Seoul")  # the district's clock: dates typed by people are local dates
ENTITY = "audit_event"
PAGE_SIZE = 200
JSON_KEYS = ("at", "user", "workstation", "ip", "household_ref", "action", "entity", "reason")  # a contract


def local_midnight(day: date) -> datetime:
    """The start of a district-local day, as an aware datetime."""
    return datetime.combine(day, time(0), tzinfo=DISTRICT_TZ)


@dataclass(frozen=True)
class AuditFilter:
    """Rows at or after `since` and before `until` (district-local dates, `until` exclusive) whose
    user / household / action equal the given text; None = any."""

    since: date | None = None
    until: date | None = None
    user: str | None = None
    household_ref: str | None = None
    action: str | None = None

    def conditions(self) -> list[ColumnElement[bool]]:
        where: list[ColumnElement[bool]] = []
        if self.since is not None:
            where.append(AuditEvent.ts >= local_midnight(self.since))
        if self.until is not None:
            where.append(AuditEvent.ts < local_midnight(self.until))
        if self.user:
            where.append(AuditEvent.actor == self.user)
        if self.household_ref:
            where.append(AuditEvent.household_ref == self.household_ref)
        if self.action:
            where.append(AuditEvent.action == self.action)
        return where

    def describe(self) -> dict[str, str]:
        return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in asdict(self).items() if v}


@dataclass(frozen=True)
class AuditRow:
    id: int
    seq: int | None
    at: datetime
    user: str
    workstation: str
    ip: str
    household_ref: str | None
    action: str
    entity: str
    entity_id: int | None
    reason: str | None
    detail: Any

    def to_json(self) -> dict[str, Any]:
        """The contract's keys first, in order, then the rest."""
        return {"at": self.at.isoformat(), "user": self.user, "workstation": self.workstation, "ip": self.ip,
                "household_ref": self.household_ref, "action": self.action, "entity": self.entity,
                "reason": self.reason, "entity_id": self.entity_id, "detail": self.detail, "seq": self.seq,
                "id": self.id}


@dataclass(frozen=True)
class AuditPage:
    rows: tuple[AuditRow, ...]
    total: int
    offset: int


def _row(e: AuditEvent) -> AuditRow:
    return AuditRow(id=e.id, seq=e.seq, at=e.ts, user=e.actor, workstation=e.workstation, ip=e.ip,
                    household_ref=e.household_ref, action=e.action, entity=e.entity, entity_id=e.entity_id,
                    reason=e.reason, detail=e.detail)


def _ordered(f: AuditFilter):
    return select(AuditEvent).where(*f.conditions()).order_by(AuditEvent.ts.desc(), AuditEvent.id.desc())


def page(db: Database, actor: str, f: AuditFilter, offset: int = 0, limit: int = PAGE_SIZE) -> AuditPage:
    """One page of rows, newest first, and how many match in all (the console's table)."""
    with db.session() as s:
        total = s.scalar(select(func.count()).select_from(AuditEvent).where(*f.conditions())) or 0
        rows = tuple(_row(e) for e in s.scalars(_ordered(f).offset(offset).limit(limit)))
        audit.record(s, actor, "view", ENTITY, None, {"filter": f.describe(), "offset": offset, "rows": len(rows),
                                                      "total": total}, household_ref=f.household_ref)
    return AuditPage(rows=rows, total=total, offset=offset)


def each(db: Database, actor: str, f: AuditFilter, write: Callable[[AuditRow], None]) -> int:
    """Hand every matching row, oldest first, to `write`; returns how many. For the CLI."""
    n = 0
    with db.session() as s:
        stmt = select(AuditEvent).where(*f.conditions()).order_by(AuditEvent.ts, AuditEvent.id)
        for e in s.scalars(stmt.execution_options(yield_per=2000)):
            write(_row(e))
            n += 1
        audit.record(s, actor, "view", ENTITY, None, {"filter": f.describe(), "rows": n},
                     household_ref=f.household_ref)
    return n


def actions(db: Database) -> tuple[str, ...]:
    """The actions present in the log (the console's action filter)."""
    with db.session() as s:
        return tuple(s.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)))


def day_after(day: date) -> date:
    return day + timedelta(days=1)
