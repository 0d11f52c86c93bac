"""What the console's Schedule page asks of the runner's tables (the runner itself is another
process: the console never dials). Frozen dataclasses out, one unit of work per call.

    schedule_version(db)           one-row read; the page reloads only when it changes
    schedule_snapshot(db)          today's and tonight's queue + pause state + who runs
    runner_status(db)              who holds the runner lease, its heartbeat, stale or not, and
                                   the alert it stopped on (a phone-line configuration error)
    request_run_now(db, id, actor) a manual slot the runner dials at its next tick
    pause_all(db, paused, actor)   stop/allow new dials (calls on the line finish)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from care import audit
from care import settings as store
from care.accounts import access, view_scope
from care.checkins.plans import DEFAULT_TZ, parse_time
from care.checkins.runner.alert import current_alert
from care.checkins.runner.lease import LEASE_NAME, holder_alive_here
from care.checkins.runner.report import QueueRow, day_queue
from care.checkins.runner.settings import is_paused_all, set_paused_all
from care.checkins.runner.slots import ACTIVE_SLOT, bump_schedule_version
from care.checkins.runner.slots import schedule_version as _version
from care.errors import AnbuError
from storage.db import Database
from storage.models import CheckInPlan, CheckInSlot, Household, RunnerLease
from storage.types import utcnow

MANUAL_HOURS = ("09:00", "20:30")  # run-now outside these local hours is quiet hours: refused
MANUAL_WINDOW = timedelta(minutes=30)


class RunNowRefused(AnbuError):
    """Run-now asked at a time or for a household that cannot be called now."""


@dataclass(frozen=True)
class RunnerAlert:
    """The one alert the runner raised when it stopped (care/checkins/runner/alert.py): `problem` is a key
    the console words in the user's language ("credentials", "from_number", "geo", …; "" when
    only the runner's English `message` exists)."""

    kind: str
    problem: str
    message: str
    at: datetime | None
    params: tuple[str, ...] = ()

    @classmethod
    def from_row(cls, value: dict | None) -> RunnerAlert | None:
        if not value:
            return None
        try:
            at = datetime.fromisoformat(value["at"]) if value.get("at") else None
        except (TypeError, ValueError):
            at = None
        params = value.get("params") or ()
        return cls(str(value.get("kind") or ""), str(value.get("problem") or ""), str(value.get("message") or ""),
                   at, tuple(str(p) for p in params) if isinstance(params, list | tuple) else ())


@dataclass(frozen=True)
class RunnerStatus:
    """The runner lease as the console shows it. `stale`: no heartbeat within the lease timeout
    (another runner may take over; nobody is placing calls), or its process on this PC is gone."""

    holder: str | None
    heartbeat_at: datetime | None
    taken_at: datetime
    heartbeat_s: float
    lease_timeout_s: float
    process_gone: bool = False
    paused_all: bool = False
    alert: RunnerAlert | None = None  # the runner stopped the evening on a line configuration error

    def age_s(self, at: datetime | None = None) -> float | None:
        if self.heartbeat_at is None:
            return None
        return max(0.0, ((at or self.taken_at) - self.heartbeat_at).total_seconds())

    def stale(self, at: datetime | None = None) -> bool:
        age = self.age_s(at)
        return self.process_gone or age is None or age >= self.lease_timeout_s

    def running(self, at: datetime | None = None) -> bool:
        return bool(self.holder) and not self.stale(at)


def runner_status(db: Database, now: datetime | None = None) -> RunnerStatus:
    """One tiny read (the lease row, the runner settings and the pause flag), cheap enough to poll
    every couple of seconds."""
    with db.session() as s:
        lease = s.get(RunnerLease, LEASE_NAME)
        settings = store.load(s, store.RunnerSettings)
        paused = is_paused_all(s)
        alert = RunnerAlert.from_row(current_alert(s))
    holder, beat = (lease.holder, lease.heartbeat_at) if lease else (None, None)
    gone = holder is not None and holder != "" and holder_alive_here(holder) is False
    return RunnerStatus(holder, beat, now or utcnow(), settings.heartbeat_s, settings.lease_timeout_s, gone, paused,
                        alert)


@dataclass(frozen=True)
class ScheduleSnapshot:
    version: int
    rows: tuple[QueueRow, ...]
    paused_all: bool
    runner_holder: str | None
    runner_heartbeat: datetime | None
    taken_at: datetime
    runner: RunnerStatus | None = None

    @property
    def runner_alive(self) -> bool:
        if self.runner is not None:
            return self.runner.running()
        return bool(self.runner_holder and self.runner_heartbeat
                    and self.taken_at - self.runner_heartbeat < timedelta(seconds=90))


def schedule_version(db: Database) -> int:
    with db.session() as s:
        return _version(s)


def schedule_snapshot(db: Database, now: datetime | None = None, actor: str | None = None) -> ScheduleSnapshot:
    """The day's queue and the runner's state; with `actor`, a social worker's rows are her own
    households'."""
    now = now or utcnow()
    local = now.astimezone(ZoneInfo(DEFAULT_TZ))
    start_of_day = local.replace(hour=0, minute=0, second=0, microsecond=0)
    version, rows = day_queue(db, start_of_day, hours=30)
    if actor is not None:
        with db.session() as s:
            ids = view_scope.household_ids(s, actor)
        if ids is not None:
            rows = [r for r in rows if r.household_id in ids]
    status = runner_status(db, now)
    return ScheduleSnapshot(version, tuple(rows), status.paused_all, status.holder, status.heartbeat_at, now, status)


def pause_all(db: Database, paused: bool, actor: str) -> bool:
    with db.session() as s:
        access.require(s, actor, access.Permission.PAUSE_ALL, entity="runner")
        set_paused_all(s, paused, actor)
        bump_schedule_version(s)
        audit.record(s, actor, "pause_all" if paused else "resume_all", "runner", None, {"paused": paused})
    return paused


def request_run_now(db: Database, household_id: int, actor: str, now: datetime | None = None) -> str:
    """Queue a manual check-in for one household: a slot of its own ("manual"), due now, that the
    runner dials at its next tick (retries included, inside a 30-minute window)."""
    now = now or utcnow()
    with db.session() as s:
        h = s.get(Household, household_id)
        if h is None or not h.active:
            raise RunNowRefused(f"가구 {household_id}은(는) 통화할 수 없습니다 (no active household {household_id})")
        access.require(s, actor, access.Permission.EDIT_HOUSEHOLD, household=h)
        plan = s.scalar(select(CheckInPlan).where(CheckInPlan.household_id == household_id))
        tz = ZoneInfo(plan.timezone if plan else DEFAULT_TZ)
        local = now.astimezone(tz)
        busy = s.scalar(select(CheckInSlot.slot_key).where(CheckInSlot.household_id == household_id,
                                                       CheckInSlot.status.in_(ACTIVE_SLOT),
                                                       CheckInSlot.window_start <= now, CheckInSlot.window_end > now))
        if busy:
            raise RunNowRefused(f"이미 진행 중인 안부전화가 있습니다: {busy} (a check-in is already under way)")
        first, last = (datetime.combine(local.date(), parse_time(t), tz) for t in MANUAL_HOURS)
        if not first <= local < last:
            raise RunNowRefused(f"지금은 통화 금지 시간입니다 ({MANUAL_HOURS[0]}–{MANUAL_HOURS[1]}만 가능) "
                                f"(quiet hours: run-now only between {MANUAL_HOURS[0]} and {MANUAL_HOURS[1]} local)")
        key = "manual-" + local.replace(microsecond=0).isoformat()
        end = min(now + MANUAL_WINDOW, last)
        s.add(CheckInSlot(household_id=household_id, slot_key=key, kind="manual", local_date=local.date(),
                          window_start=now, window_end=end, status="due", next_attempt_at=now,
                          attempts_made=0, reason=f"수동 요청: {actor} (run now by {actor})"))
        bump_schedule_version(s)
        audit.record(s, actor, "run_now", "household", household_id, {"slot": key})
    return key
