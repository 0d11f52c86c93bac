"""Recording retention: a call recording is health information, kept on the PC only as long as
the retention setting says (runner setting `recording_retention_days`, default 90).

A recording is destroyed once its call is fully processed (status done), it ended more than the
retention period ago, and no flag that cites it is still open or acknowledged — a supervisor
must be able to listen to the evidence of a flag under review; it goes at the first pass after
the flag is resolved. The file is deleted before the row says so: a crash can leave a row that
still names a deleted file (the review page says "missing"), never audio kept past retention
behind a row that claims it is gone.

Where recordings live: one recordings root shared by every PC (runner setting `recordings_root`,
the district's file share; ANBU_RECORDINGS_ROOT overrides it on a PC that mounts the share
elsewhere; default the data folder's recordings/). A row keeps the path RELATIVE to that root, so
a console on another PC finds the same file; an absolute path (a row written before migration
0022, or outside the root) is still read as it is. Everything that opens a recording resolves the
row through `resolve_recording`.

Only a .wav inside the recordings folder (the recordings root, or the runner's own) is ever
unlinked: a row naming anything else (a path edited in the database, a symlink out of the folder)
is refused, logged and left for a person — the purge never deletes a file it did not write."""

from __future__ import annotations

import logging
import os
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
ROOT_ENV = "ANBU_RECORDINGS_ROOT"


def default_recordings_root() -> Path:
    return data_dir() / "recordings"


def recordings_root(session: Session) -> Path:
    """The recordings root on this PC: ANBU_RECORDINGS_ROOT, then the shared setting, then the data
    folder's recordings/."""
    from care import settings as store

    if os.environ.get(ROOT_ENV):
        return Path(os.environ[ROOT_ENV]).expanduser()
    configured = store.load(session, store.RunnerSettings).recordings_root.strip()
    return Path(configured).expanduser() if configured else default_recordings_root()


def recordings_root_of(db: Database) -> Path:
    with db.session() as s:
        return recordings_root(s)


def resolve_recording(path_text: str | None, root: Path) -> Path | None:
    """The one way from a row's recording_path to a file: relative paths are under `root`, an
    absolute one (older rows) is used as it is. None for no path."""
    if not path_text:
        return None
    path = Path(path_text)
    return path if path.is_absolute() else root / path


def stored_recording_path(path: Path, root: Path) -> str:
    """What a row keeps for a file the runner wrote: its path relative to the root (POSIX
    separators, so a Windows PC and a Linux server read the same row); absolute when outside."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def playable_recording(path_text: str | None, root: Path) -> Path | None:
    """The recording file to read for a row, when it exists on this PC."""
    path = resolve_recording(path_text, root)
    return path if path is not None and path.is_file() else None


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
    path = resolve_recording(path_text, root)
    if path is None:
        return None
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
    root = recordings_dir or recordings_root(session)
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
