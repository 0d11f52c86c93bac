"""Runner settings (shared by every PC through app_setting "runner") and the runner's clock."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, fields, replace
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from storage.models import AppSetting
from storage.types import utcnow

from ..errors import ConfigurationError

SETTINGS_KEY = "runner"
PAUSE_KEY = "runner.paused"


@dataclass(frozen=True)
class RunnerSettings:
    max_attempts: int = 3  # per slot: the first call and two retries
    retry_spacing_min: float = 20.0  # minutes between the end of one attempt and the next dial
    max_concurrent_calls: int = 4  # calls in flight at once (Twilio's CPS limit is telephony's)
    tick_s: float = 30.0  # how often the scheduler dispatches (and a line freeing up ticks at once)
    replan_s: float = 60.0  # slots are (re)planned at most this often; they are planned a day ahead
    heartbeat_s: float = 10.0
    lease_timeout_s: float = 90.0  # a lease not renewed for this long may be taken over
    misfire_grace_s: int = 600  # APScheduler: a tick late by less than this still runs (coalesced)
    lookahead_h: float = 24.0  # slots are planned this far ahead (tonight's queue in the console)
    catchup_days: float = 7.0  # downtime older than this is not reported slot by slot
    ring_timeout_s: int = 30
    max_duration_s: int = 300
    office_number: str = ""  # the 동 office's call-back number, read in the closing
    script: str = "ko_default"
    transcribe_workers: int = 1  # in-process: the Vosk model loads once per runner, not per batch
    recording_retention_days: float = 90.0  # call recordings are destroyed after this (care/recordings.py)
    clock_jump_days: float = 14.0  # a clock further than this past the last run needs --accept-clock-jump

    @property
    def retry_spacing(self) -> timedelta:
        return timedelta(minutes=self.retry_spacing_min)


def load_settings(session: Session) -> RunnerSettings:
    row = session.get(AppSetting, SETTINGS_KEY)
    if row is None or not row.value:
        return RunnerSettings()
    known = {f.name for f in fields(RunnerSettings)}
    unknown = sorted(set(row.value) - known)
    if unknown:
        raise ConfigurationError(f"runner settings: unknown key(s) {unknown}; known: {sorted(known)}")
    s = replace(RunnerSettings(), **row.value)
    if s.max_attempts < 1 or s.max_concurrent_calls < 1 or s.retry_spacing_min < 0:
        raise ConfigurationError("runner settings: max_attempts and max_concurrent_calls must be >= 1, "
                                 "retry_spacing_min >= 0")
    return s


def save_settings(session: Session, **changes) -> RunnerSettings:
    s = replace(load_settings(session), **changes)
    row = session.get(AppSetting, SETTINGS_KEY)
    value = {k: v for k, v in asdict(s).items() if v != getattr(RunnerSettings(), k)}
    if row is None:
        session.add(AppSetting(key=SETTINGS_KEY, value=value))
    else:
        row.value = value
    return s


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


class RunnerClock:
    """Wall time, or a replay clock that starts at `--now` and then runs on normally (so tests
    and replays need no fake time: they pick a start inside a window)."""

    def __init__(self, start: datetime | None = None) -> None:
        if start is not None and start.tzinfo is None:
            raise ValueError("--now needs a UTC offset, e.g. 2026-11-24T19:00+09:00")
        self._start = start
        self._t0 = time.monotonic()

    def now(self) -> datetime:
        if self._start is None:
            return utcnow()
        return self._start + timedelta(seconds=time.monotonic() - self._t0)
