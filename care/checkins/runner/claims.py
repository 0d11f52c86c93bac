"""A lease on one attempt for a process other than the runner (a manual `call`).

The runner resumes every unfinished attempt it finds; an attempt another process is still working
on carries `claimed_by`/`claimed_until`, and the runner leaves it alone until the claim runs out
(a `call` that crashed loses its claim and the runner finishes the attempt). Taking and renewing a
claim is one conditional UPDATE, so two processes can never both hold it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, or_, select, update
from sqlalchemy.orm import Session

from storage.models import CallAttempt


def unclaimed(now: datetime, holder: str | None = None) -> ColumnElement[bool]:
    """WHERE clause: attempts no other process holds at `now` (`holder`'s own claims count as free)."""
    free = or_(CallAttempt.claimed_until.is_(None), CallAttempt.claimed_until <= now)
    return free if holder is None else or_(free, CallAttempt.claimed_by == holder)


def take(session: Session, attempt_id: int, holder: str, until: datetime, now: datetime) -> bool:
    """Take or renew the claim on one attempt; False when another holder's claim is still running."""
    res = session.execute(update(CallAttempt).where(CallAttempt.id == attempt_id, unclaimed(now, holder))
                          .values(claimed_by=holder, claimed_until=until)
                          .execution_options(synchronize_session=False))
    return res.rowcount == 1  # type: ignore[attr-defined]  # CursorResult of an UPDATE


def release(session: Session, attempt_id: int, holder: str) -> None:
    """Give the attempt back (whatever step it is at, the runner may now finish it)."""
    session.execute(update(CallAttempt).where(CallAttempt.id == attempt_id, CallAttempt.claimed_by == holder)
                    .values(claimed_by=None, claimed_until=None).execution_options(synchronize_session=False))


def take_next(session: Session, statuses: Sequence[str], holder: str, until: datetime, now: datetime,
              limit: int) -> list[int]:
    """Claim up to `limit` unclaimed attempts in `statuses` (oldest first) for `holder`, in the
    caller's transaction; returns their ids. Several workers on several PCs never get the same
    attempt: on PostgreSQL the candidates are locked with SELECT ... FOR UPDATE SKIP LOCKED (a
    row another worker is claiming is passed over, not waited for); on SQLite, which has one writer
    at a time, one conditional UPDATE claims them and the ids are read back by holder and time."""
    free = (CallAttempt.status.in_(tuple(statuses)), unclaimed(now))
    if session.get_bind().dialect.name == "postgresql":
        ids = list(session.scalars(select(CallAttempt.id).where(*free).order_by(CallAttempt.id).limit(limit)
                                   .with_for_update(skip_locked=True)))
        if ids:
            session.execute(update(CallAttempt).where(CallAttempt.id.in_(ids))
                            .values(claimed_by=holder, claimed_until=until)
                            .execution_options(synchronize_session=False))
        return ids
    candidates = select(CallAttempt.id).where(*free).order_by(CallAttempt.id).limit(limit)
    session.execute(update(CallAttempt).where(CallAttempt.id.in_(candidates), *free)
                    .values(claimed_by=holder, claimed_until=until).execution_options(synchronize_session=False))
    return list(session.scalars(select(CallAttempt.id).where(CallAttempt.claimed_by == holder,
                                                             CallAttempt.claimed_until == until,
                                                             CallAttempt.status.in_(tuple(statuses)))
                                .order_by(CallAttempt.id)))


RUNNER_PREFIX = "runner:"  # the runner's own speech claims: "runner:<its lease holder id>"


def release_stale_runner_claims(session: Session, own: str) -> int:
    """A runner that has just taken the lease frees the speech claims of the runner before it
    (SIGKILLed, switched off): only one runner holds the lease, so they cannot still be worked on.
    Speech workers' and manual calls' claims are left to run out. Returns how many were freed."""
    res = session.execute(update(CallAttempt).where(CallAttempt.claimed_by.startswith(RUNNER_PREFIX),
                                                    CallAttempt.claimed_by != own)
                          .values(claimed_by=None, claimed_until=None).execution_options(synchronize_session=False))
    return res.rowcount  # type: ignore[attr-defined]  # CursorResult of an UPDATE
