"""The runner's pause switch and clock. Its settings are the "runner" section of the one store
(care/settings); RunnerSettings is re-exported here for the runner's modules."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from care.settings import RunnerSettings
from storage.models import AppSetting
from storage.types import utcnow

PAUSE_KEY = "runner.paused"


def is_paused_all(session: Session) -> bool:
    row = session.get(AppSetting, PAUSE_KEY)
    return bool(row and row.value and row.value.get("paused"))


def set_paused_all(session: Session, paused: bool, actor: str) -> None:
    row = session.get(AppSetting, PAUSE_KEY)
    value = {"paused": paused, "by": actor, "at": utcnow().isoformat()}
    if row is None:
        session.add(AppSetting(key=PAUSE_KEY, value=value))
    else:
        row.value = value


__all__ = ["PAUSE_KEY", "RunnerClock", "RunnerSettings", "is_paused_all", "set_paused_all"]


class RunnerClock:
    """Wall time, or a replay clock that starts at `--now` and then runs on normally (so tests
    and replays need no fake time: they pick a start inside a window)."""

    def __init__(self, start: datetime | None = None) -> None:
        if start is not None and start.tzinfo is None:
            raise ValueError("--now needs a UTC offset, e.g. 2026-11-24T19:00+09:00")
        self._start = start
        self._t0 = time.monotonic()

        self._offset = timedelta(0)

    def now(self) -> datetime:
        if self._start is None:
            return utcnow() + self._offset
        return self._start + timedelta(seconds=time.monotonic() - self._t0) + self._offset

    def advance(self, **delta: float) -> datetime:
        """Move the clock on (tests and replays drive escalation deadlines with it, never sleeps):
        advance(minutes=5). Returns the new now."""
        self._offset += timedelta(**delta)
        return self.now()
