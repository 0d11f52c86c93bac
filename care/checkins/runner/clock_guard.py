"""A clock that jumped is not a night that passed (issue 11 item 6).

Before the runner plans anything, its clock is held against the last time a runner was known to
be at work (the planner's mark). A clock far ahead of it (a BIOS
reset, a wrong `--now`, a PC whose battery died) would otherwise mark every slot in between
missed, raise a flag for each, and destroy every recording past "retention"; a clock far behind
it would dial at the wrong hours. Either way the runner refuses to start until a person says the
time is right (`--accept-clock-jump`), and even then it destroys no recording in that run: evidence
is only destroyed by `purge-recordings`, by hand, or by a later run on a clock that did not jump.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from care.errors import AnbuError
from storage.models import RunnerState

BEHIND_LIMIT = timedelta(days=1)


class ClockJumpError(AnbuError):
    """The clock is far from the last run: a person must confirm before anything is planned."""

    exit_code = 6


@dataclass(frozen=True)
class ClockCheck:
    last_seen: datetime | None
    jump: timedelta  # now - last_seen (zero when there is nothing to compare with)

    @property
    def jumped(self) -> bool:
        return self.jump != timedelta(0)


def last_seen(session: Session) -> datetime | None:
    """The runner clock of the last planning pass (the lease's heartbeat is wall time and cannot be
    held against a replay clock)."""
    state = session.get(RunnerState, "planner")
    return state.at if state is not None else None


def check_clock(session: Session, now: datetime, ahead_limit_days: float, what: str = "the runner") -> ClockCheck:
    """Raise ClockJumpError when `now` is more than ahead_limit_days after the last run or more
    than a day before it; otherwise say how far it is from it (for the log)."""
    seen = last_seen(session)
    if seen is None:
        return ClockCheck(None, timedelta(0))
    gap = now - seen
    if gap > timedelta(days=ahead_limit_days) or gap < -BEHIND_LIMIT:
        direction = "ahead of" if gap > timedelta(0) else "behind"
        raise ClockJumpError(
            f"시계가 마지막 실행 시각과 너무 다릅니다: 지금 {now.isoformat(timespec='minutes')}, "
            f"마지막 실행 {seen.isoformat(timespec='minutes')} (the clock is {_days(gap)} {direction} the last run). "
            f"{what} did nothing: no slot was marked missed and no recording was destroyed. Check the PC's date "
            f"and time; if they are right, run again with --accept-clock-jump."
        )
    return ClockCheck(seen, timedelta(0))


def accepted_jump(session: Session, now: datetime) -> ClockCheck:
    seen = last_seen(session)
    return ClockCheck(seen, (now - seen) if seen else timedelta(0))


def _days(gap: timedelta) -> str:
    return f"{abs(gap.total_seconds()) / 86400:.1f} days"
