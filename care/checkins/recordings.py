"""Recording retention: a call recording is health information, kept on the PC only as long as
the retention setting says (runner setting `recording_retention_days`, default 90).

A recording is destroyed once its call is fully processed (status done), it ended more than the
retention period ago, and no flag that cites it is still open or acknowledged — a supervisor
must be able to listen to the evidence of a flag under review; it goes at the first pass after
the flag is resolved. The file is deleted before the row says so: a crash can leave a row that
still names a deleted file (the review page says "missing"), never audio kept past retention
behind a row that claims it is gone.

Only a .wav inside the recordings folder (data dir/recordings, or the runner's own) is ever
unlinked: a row naming anything else (a path edited in the database, a symlink out of the folder)
is refused, logged and left for a person — the purge never deletes a file it did not write."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from care import audit
from care.accounts import access
from storage.db import Database, data_dir
from storage.models import CallAttempt, RiskFlag

log = logging.getLogger(__name__)
DEFAULT_RETENTION_DAYS = 90


@dataclass(frozen=True)
class PurgeReport:
    purged: int
    kept_for_open_flags: int
    attempt_ids: tuple[int, ...]
    refused: tuple[int, ...] = ()  # attempts whose path is not a recording in the recordings folder

    def to_json(self) -> dict:
        out = {"purged": self.purged, "kept_for_open_flags": self.kept_for_open_flags,
               "attempt_ids": list(self.attempt_ids)}
        if self.refused:
            out["refused"] = list(self.refused)
        return out


def recording_file(path_text: str | None, root: Path) -> Path | None:
    """The file a recording row names, when it is a .wav inside `root` (symlinks resolved and
    refused); None for anything else."""
    if not path_text:
        return None
    path = Path(path_text)
    if path.suffix.lower() != ".wav" or path.is_symlink():
        return None
    try:
        resolved, base = path.resolve(), root.resolve()
    except (OSError, RuntimeError):
        return None
    if not resolved.is_relative_to(base) or resolved == base or (resolved.exists() and not resolved.is_file()):
        return None
    return resolved


def purge_expired_recordings(session: Session, now: datetime, retention_days: float, actor: str = access.RUNNER,
                             dry_run: bool = False, recordings_dir: Path | None = None) -> PurgeReport:
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
    root = recordings_dir or data_dir() / "recordings"
    purged, refused = [], []
    for attempt in expired:
        if attempt.id in under_review:
            continue
        target = recording_file(attempt.recording_path, root)
        if target is None:
            refused.append(attempt.id)
            log.warning("attempt %s names a recording outside %s; not deleted", attempt.id, root)
            continue
        purged.append(attempt.id)
        if dry_run:
            continue
        target.unlink(missing_ok=True)
        attempt.recording_path = None
        attempt.recording_purged_at = now
    if (purged or refused) and not dry_run:
        audit.record(session, actor, "purge", "recording", None,
                     {"attempts": purged, "retention_days": retention_days, "refused": refused})
        log.info("destroyed %d recording(s) past %g days of retention", len(purged), retention_days)
    return PurgeReport(len(purged), len(under_review), tuple(purged), tuple(refused))


def purge_recordings(db: Database, now: datetime, retention_days: float, actor: str, dry_run: bool = False,
                     recordings_dir: Path | None = None) -> PurgeReport:
    with db.session() as s:
        access.require(s, actor, access.Permission.RETENTION, entity="recording")
        return purge_expired_recordings(s, now, retention_days, actor, dry_run, recordings_dir)
