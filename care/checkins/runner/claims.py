"""A lease on one attempt for a process other than the runner (a manual `call`).

The runner resumes every unfinished attempt it finds; an attempt another process is still working
on carries `claimed_by`/`claimed_until`, and the runner leaves it alone until the claim runs out
(a `call` that crashed loses its claim and the runner finishes the attempt). Taking and renewing a
claim is one conditional UPDATE, so two processes can never both hold it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, or_, update
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
