"""Retention of the access log: rows are kept at least two years (개인정보의 안전성 확보조치 기준);
older ones go only by an explicit, audited purge.

`purge_before(db, actor, day)` refuses a day later than two years ago. It deletes the oldest rows
up to (not including) the first row written on or after that day -- always a prefix of the chain,
so no younger row is ever touched even when clocks and commit order disagree -- and moves the
chain's base to the last purged row (its seq and MAC). The purge row itself, chained like any
other, carries that base, so `audit verify` still checks the whole remaining log and notices rows
deleted from the beginning without a purge."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, func, select, update

from care import audit
from care.audit.log import ENTITY, local_midnight
from care.errors import AnbuError
from storage import audit_chain
from storage.db import Database
from storage.models import AuditChain, AuditEvent
from storage.types import utcnow

RETENTION_YEARS = 2


class RetentionRefused(AnbuError):
    """A purge that would remove rows younger than the retention period."""


@dataclass(frozen=True)
class PurgeReport:
    before: date
    rows: int
    through_seq: int

    def to_json(self) -> dict[str, object]:
        return {"before": self.before.isoformat(), "rows": self.rows, "through_seq": self.through_seq}


def earliest_allowed(today: date) -> date:
    """The latest `before` a purge accepts: the same day two years ago (29 Feb -> 28 Feb)."""
    try:
        return today.replace(year=today.year - RETENTION_YEARS)
    except ValueError:
        return today.replace(year=today.year - RETENTION_YEARS, day=28)


def purge_before(db: Database, actor: str, before: date, now: datetime | None = None) -> PurgeReport:
    now = now or utcnow()
    today = now.astimezone(local_midnight(before).tzinfo).date()
    limit = earliest_allowed(today)
    if before > limit:
        raise RetentionRefused(f"--before {before.isoformat()} would delete access-log rows younger than "
                               f"{RETENTION_YEARS} years; the latest date allowed today is {limit.isoformat()}")
    cutoff = local_midnight(before)
    with db.session() as s:
        head_seq, _last, base_seq, base_mac = audit_chain.lock_head(s)  # no appender moves while we cut
        first_kept = s.scalar(select(func.min(AuditEvent.seq)).where(AuditEvent.ts >= cutoff,
                                                                     AuditEvent.seq.is_not(None)))
        through = (first_kept - 1) if first_kept is not None else head_seq
        rows = 0
        through_mac = base_mac
        if through > base_seq:
            through_mac = s.scalar(select(AuditEvent.mac).where(AuditEvent.seq == through)) or ""
            result = s.execute(delete(AuditEvent).where(AuditEvent.seq <= through))
            rows = int(getattr(result, "rowcount", 0) or 0)
            s.execute(update(AuditChain).where(AuditChain.id == audit_chain.HEAD_ID)
                      .values(base_seq=through, base_mac=through_mac))
        else:
            through = base_seq
        audit.record(s, actor, "purge", ENTITY, None, {"before": before.isoformat(), "rows": rows,
                                                       "through_seq": through, "through_mac": through_mac})
    return PurgeReport(before=before, rows=rows, through_seq=through)
