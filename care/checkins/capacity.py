"""Tonight's capacity: can the runner dial every planned slot inside its window, and when is the
last recording transcribed? Qt-free; the Schedule page shows `estimate_tonight` as one line and
`plan --show --json` prints it under "capacity".

The model is a fluid one, so a person can check it by hand:
- the lines (`max_concurrent_calls`, L) place L calls every `avg_call_s` (c) seconds;
- windows are served earliest end first; a window starts at max(its start, now, when the lines
  were free) and holds at most L * (seconds left in it) / c calls; the rest overflow (the
  warning names each window that overflows and by how many calls);
- every dialled call gives c seconds of audio, and transcription costs `cpu_per_audio_s` (r)
  CPU-seconds per audio second on each of W workers: a window's batch of n calls needs
  n * c * r / W seconds of the pool, starting when its first call ends; the last one is done
  one call's transcription (c * r) after its call ended, at the earliest.

First attempts only: retries come later in the same window and are not counted (the warning is
therefore optimistic when many residents do not pick up).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from care.settings.sections import MEASURED_CPU_PER_AUDIO_S, machine_lines, machine_workers
from storage.db import Database
from storage.types import utcnow

DEFAULT_CALL_S = 62.0  # the average check-in call measured on the 10k district run (issue 19)
RECENT_DAYS = 14  # the average call length is taken from attempts of this many days
CPU_PER_AUDIO_S = MEASURED_CPU_PER_AUDIO_S


@dataclass(frozen=True)
class WindowLoad:
    """One calling window of tonight (UTC times) and how many of its calls fit."""

    start: datetime
    end: datetime
    planned: int
    fits: int

    @property
    def overflow(self) -> int:
        return self.planned - self.fits

    def to_json(self) -> dict:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "planned": self.planned,
                "fits": self.fits, "overflow": self.overflow}


@dataclass(frozen=True)
class CapacityEstimate:
    calls: int
    lines: int
    workers: int
    avg_call_s: float
    cpu_per_audio_s: float
    dial_s: float  # line time the calls need: calls * c / L
    dial_done_at: datetime | None  # when the last call that fits ends
    transcribed_at: datetime | None  # when its recording is transcribed
    windows: tuple[WindowLoad, ...]

    @property
    def overflowing(self) -> tuple[WindowLoad, ...]:
        return tuple(w for w in self.windows if w.overflow > 0)

    @property
    def fits(self) -> bool:
        return not self.overflowing

    def to_json(self) -> dict:
        return {"calls": self.calls, "lines": self.lines, "workers": self.workers, "avg_call_s": round(self.avg_call_s, 1),
                "cpu_per_audio_s": self.cpu_per_audio_s, "dial_s": round(self.dial_s),
                "dial_done_at": self.dial_done_at.isoformat() if self.dial_done_at else None,
                "transcribed_at": self.transcribed_at.isoformat() if self.transcribed_at else None,
                "fits": self.fits, "overflow": sum(w.overflow for w in self.windows),
                "windows": [w.to_json() for w in self.windows]}


def estimate(windows: dict[tuple[datetime, datetime], int], *, lines: int, workers: int, avg_call_s: float = DEFAULT_CALL_S,
             cpu_per_audio_s: float = CPU_PER_AUDIO_S, now: datetime | None = None) -> CapacityEstimate:
    """The evening for `windows` ((start, end) -> calls planned); see the module docstring."""
    if lines < 1 or workers < 1 or avg_call_s <= 0 or cpu_per_audio_s < 0:
        raise ValueError("lines and workers must be at least 1 and the call length above 0")
    c, per_call_cpu = avg_call_s, avg_call_s * cpu_per_audio_s
    free = now  # when the lines are next free (fluid)
    pool_free: datetime | None = None  # when the transcription pool is next free
    done = transcribed = None
    loads: list[WindowLoad] = []
    for (start, end), n in sorted(windows.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        begin = max(t for t in (start, now, free) if t is not None)
        room = max(0.0, (end - begin).total_seconds()) * lines / c
        fits = min(n, math.floor(room + 1e-9))
        loads.append(WindowLoad(start, end, n, fits))
        if fits == 0:
            continue
        free = begin + timedelta(seconds=fits * c / lines)
        done = free if done is None else max(done, free)
        first_end = begin + timedelta(seconds=c)
        pool_start = first_end if pool_free is None else max(pool_free, first_end)
        pool_free = max(pool_start + timedelta(seconds=fits * per_call_cpu / workers),
                        free + timedelta(seconds=per_call_cpu))
        transcribed = pool_free
    calls = sum(windows.values())
    return CapacityEstimate(calls, lines, workers, c, cpu_per_audio_s, calls * c / lines, done, transcribed,
                            tuple(loads))


def average_call_s(db: Database, now: datetime | None = None, days: float = RECENT_DAYS) -> float:
    """The mean length of answered calls of the last `days` (DEFAULT_CALL_S when there are none)."""
    from storage.models import CallAttempt

    since = (now or utcnow()) - timedelta(days=days)
    with db.session() as s:
        mean = s.scalar(select(func.avg(CallAttempt.duration_s))
                        .where(CallAttempt.dialed_at >= since, CallAttempt.duration_s > 0))
    return float(mean) if mean else DEFAULT_CALL_S


def tonight_windows(db: Database, now: datetime, tz: ZoneInfo) -> dict[tuple[datetime, datetime], int]:
    """Tonight's slots still to dial (due or waiting, window not over), by window; tonight is the
    district's local day of `now`."""
    from care.checkins.runner.slots import ACTIVE_SLOT
    from storage.models import CheckInSlot

    local_day: date = now.astimezone(tz).date()
    with db.session() as s:
        rows = s.execute(select(CheckInSlot.window_start, CheckInSlot.window_end, func.count())
                         .where(CheckInSlot.local_date == local_day, CheckInSlot.status.in_(ACTIVE_SLOT),
                                CheckInSlot.window_end > now)
                         .group_by(CheckInSlot.window_start, CheckInSlot.window_end)).all()
    return {(start, end): int(n) for start, end, n in rows}


def estimate_tonight(db: Database, now: datetime | None = None, tz: ZoneInfo | None = None) -> CapacityEstimate:
    """Tonight's plan against the runner settings (lines, workers, measured transcription rate)
    and the recent average call length."""
    from care import settings as store
    from care.checkins.plans import DEFAULT_TZ

    now = now or utcnow()
    with db.session() as s:
        runner = store.load(s, store.RunnerSettings)
    windows = tonight_windows(db, now, tz or ZoneInfo(DEFAULT_TZ))
    return estimate(windows, lines=runner.max_concurrent_calls, workers=runner.transcribe_workers,
                    avg_call_s=average_call_s(db, now), cpu_per_audio_s=runner.transcribe_cpu_per_audio_s, now=now)


__all__ = ["CPU_PER_AUDIO_S", "DEFAULT_CALL_S", "CapacityEstimate", "WindowLoad", "average_call_s", "estimate",
           "estimate_tonight", "machine_lines", "machine_workers", "tonight_windows"]
