"""Recording retention: a call recording is health information, kept on the PC only as long as
the retention setting says (runner setting `recording_retention_days`, default 90).

A recording is destroyed once its call is fully processed (status done), it ended more than the
retention period ago, and no flag that cites it is still open or acknowledged — a supervisor
must be able to listen to the evidence of a flag under review; it goes at the first pass after
the flag is resolved. The file is deleted before the row says so: a crash can leave a row that
still names a deleted file (the review page says "missing"), never audio kept past retention
behind a row that claims it is gone."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.db import Database
from storage.models import CallAttempt, RiskFlag

from . import audit

log = logging.getLogger(__name__)
DEFAULT_RETENTION_DAYS = 90


@dataclass(frozen=True)
class PurgeReport:
    purged: int
    kept_for_open_flags: int
    attempt_ids: tuple[int, ...]

    def to_json(self) -> dict:
        return {"purged": self.purged, "kept_for_open_flags": self.kept_for_open_flags,
                "attempt_ids": list(self.attempt_ids)}


def purge_expired_recordings(session: Session, now: datetime, retention_days: float, actor: str = "runner",
                             dry_run: bool = False) -> PurgeReport:
    cutoff = now - timedelta(days=retention_days)
    expired = list(session.scalars(
        select(CallAttempt).where(CallAttempt.recording_path.is_not(None), CallAttempt.recording_purged_at.is_(None),
                                  CallAttempt.status == "done", CallAttempt.ended_at < cutoff)
        .order_by(CallAttempt.id)))
    if not expired:
        return PurgeReport(0, 0, ())
    under_review = set(session.scalars(
        select(RiskFlag.attempt_id).where(RiskFlag.attempt_id.in_([a.id for a in expired]),
                                          RiskFlag.status.in_(("open", "acknowledged")))))
    purged = []
    for attempt in expired:
        if attempt.id in under_review:
            continue
        purged.append(attempt.id)
        if dry_run:
            continue
        Path(attempt.recording_path).unlink(missing_ok=True)
        attempt.recording_path = None
        attempt.recording_purged_at = now
    if purged and not dry_run:
        audit.record(session, actor, "purge", "recording", None,
                     {"attempts": purged, "retention_days": retention_days})
        log.info("destroyed %d recording(s) past %g days of retention", len(purged), retention_days)
    return PurgeReport(len(purged), len(under_review), tuple(purged))


def purge_recordings(db: Database, now: datetime, retention_days: float, actor: str, dry_run: bool = False) -> PurgeReport:
    with db.session() as s:
        return purge_expired_recordings(s, now, retention_days, actor, dry_run)
