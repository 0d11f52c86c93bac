"""The runner process: one per database (lease), a pool of dial threads (at most
max_concurrent_calls calls at once), one speech thread (Vosk never holds up a dial), and a tick
that plans slots, closes ended windows, resumes unfinished attempts and dispatches due ones.

Two ways to drive the tick: `run_until_idle` loops until nothing is due now (tests, a scheduled
task), `run_forever` lets APScheduler call it (persistent SQLAlchemyJobStore, coalesce, one
instance, explicit misfire grace). Either way the durable truth is in Anbu's own tables, so a
missed tick or a reboot loses nothing: the next tick catches up.
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from care import audit
from care import settings as store
from care.accounts import access
from care.checkins.recordings import purge_expired_recordings, recordings_root_of
from care.checkins.runner import attempts as sm
from care.checkins.runner import lease
from care.checkins.runner.claims import RUNNER_PREFIX, release_stale_runner_claims, unclaimed
from care.checkins.runner.clock_guard import BEHIND_LIMIT, ClockJumpError, check_clock, last_seen
from care.checkins.runner.pipeline import PipelineContext, run_dial_path, withdraw_undialled
from care.checkins.runner.settings import RunnerClock, RunnerSettings, is_paused_all
from care.checkins.runner.slots import claim_attempt, count_due, due_slots, expired_open_slots, plan_due_slots
from care.checkins.runner.transcribing import run_speech_path
from storage.db import Database
from storage.errors import StorageError
from storage.maintenance import daily_maintenance
from storage.models import CallAttempt, RunnerState
from telephony.errors import TelephonyError
from telephony.gateway import CallGateway
from telephony.notify import NotifyGateway

log = logging.getLogger("anbu.runner")


def escalation_engine(ctx: PipelineContext):
    """The escalation engine on the runner's clock and write lock (care.escalation.engine)."""
    from care.escalation.engine import EscalationEngine

    if not isinstance(ctx.gateway, NotifyGateway):
        log.warning("the phone line %s cannot send notifications: no escalation in this runner", ctx.gateway.name)
        return None
    return EscalationEngine(ctx.db, ctx.gateway, now=ctx.clock.now, recordings_dir=ctx.recordings_dir, tx=ctx.tx)


class Runner:
    def __init__(self, db: Database, gateway: CallGateway, *, clock: RunnerClock | None = None,
                 settings: RunnerSettings | None = None, recordings_dir: Path | None = None,
                 accept_clock_jump: bool = False, actor: str = access.RUNNER) -> None:
        if settings is None:
            with db.session() as s:
                settings = store.load(s, RunnerSettings)
        self.db, self.gateway, self.settings = db, gateway, settings
        self.clock = clock or RunnerClock()
        self.stop = threading.Event()
        self.holder = lease.new_holder_id()
        self.speech_holder = RUNNER_PREFIX + self.holder  # the speech thread's claims
        self.ctx = PipelineContext(db, gateway, settings, self.clock, self.stop,
                                   recordings_dir or recordings_root_of(db))
        self._pool = ThreadPoolExecutor(max_workers=settings.max_concurrent_calls, thread_name_prefix="anbu-dial")
        self._in_flight: dict[int, Future] = {}
        self._failures: dict[int, int] = {}  # attempt id -> unexpected errors on the dial path
        self.stuck: set[int] = set()  # left where they stopped until the next start (see log)
        self._tick_lock = threading.Lock()
        self._speech_wake = threading.Event()
        self.tick_wake = threading.Event()
        self._speech_busy = False
        self._threads: list[threading.Thread] = []
        self.lost_lease = False
        self._planned_at = None  # runner clock of the last planning pass
        self._maintained_on: date | None = None  # the UTC day of the last database check and backup
        self.paused_all = False  # an operator paused every call: nothing counts as due
        self.accept_clock_jump, self.actor = accept_clock_jump, actor
        self.clock_jumped = False
        self.hold_purge = False  # a person accepted a clock jump: no recording is destroyed this run
        self.escalation = escalation_engine(self.ctx)  # None when the line cannot notify

    # ---- lifecycle ---------------------------------------------------------------------------
    def start(self) -> None:
        """Check the clock (ClockJumpError), take the lease (LeaseHeldError names the holder) and
        start the background threads."""
        self._check_clock()
        lease.acquire(self.db, self.holder, self.settings.lease_timeout_s)
        with self.ctx.tx() as s:  # the previous runner's speech claims die with its lease
            if freed := release_stale_runner_claims(s, self.speech_holder):
                log.warning("freed %d speech claim(s) of the previous runner", freed)
        log.info("runner %s started (gateway=%s, now=%s)", self.holder, self.gateway.name, self.clock.now().isoformat())
        loops = [(self._heartbeat_loop, "anbu-heartbeat")]
        if self.settings.speech_in_runner:  # else the speech workers (`runner --speech-only`) do it
            loops.append((self._speech_loop, "anbu-speech"))
        for target, name in loops:
            t = threading.Thread(target=target, name=name, daemon=True)
            t.start()
            self._threads.append(t)

    def _check_clock(self) -> None:
        now = self.clock.now()
        with self.db.session() as s:
            try:
                check_clock(s, now, self.settings.clock_jump_days)
                return
            except ClockJumpError:
                if not self.accept_clock_jump:
                    raise
            seen = last_seen(s)
            self.hold_purge = True
            planner = s.get(RunnerState, "planner")
            if seen is not None and now < seen and planner is not None:  # the clock really is earlier: plan
                planner.at = now  # from now on, or every later start would be refused again
            audit.record(s, self.actor, "clock_jump_accepted", "runner", None,
                         {"now": now.isoformat(), "last_run": seen.isoformat() if seen else None})
        log.warning("clock jump accepted by %s: now %s, last run %s; no recording is destroyed in this run",
                    self.actor, now.isoformat(), seen.isoformat() if seen else "?")

    def shutdown(self) -> None:
        """Finish the step in progress on every thread, then release the lease."""
        self.stop.set()
        self._speech_wake.set()
        self.tick_wake.set()
        self._pool.shutdown(wait=True)
        for t in self._threads:
            t.join()
        if self.ctx.speech_pool is not None:
            self.ctx.speech_pool.close()
            self.ctx.speech_pool = None
        if not self.lost_lease:
            lease.release(self.db, self.holder)
        log.info("runner %s stopped", self.holder)

    def _heartbeat_loop(self) -> None:
        """Renew the lease every heartbeat_s. A transient error (a database locked longer than the
        busy timeout, a dropped connection) is logged and retried at the next beat: it never ends
        this thread. A runner that could not renew for lease_timeout_s must assume another runner
        took over and stops dialling (it would find out at its next claim anyway)."""
        last_ok = time.monotonic()
        while not self.stop.wait(self.settings.heartbeat_s):
            try:
                ours = lease.renew(self.db, self.holder)
            except Exception:
                log.warning("runner %s could not renew its lease; trying again", self.holder, exc_info=True)
                if time.monotonic() - last_ok >= self.settings.lease_timeout_s:
                    self._lose_lease("could not renew it for %.0f s" % (time.monotonic() - last_ok))
                continue
            if not ours:
                self._lose_lease("another runner took it over")
            last_ok = time.monotonic()

    def _lose_lease(self, why: str) -> None:
        log.error("runner %s lost its lease (%s): no new calls, stopping", self.holder, why)
        self.lost_lease = True
        self.stop.set()
        self._speech_wake.set()
        self.tick_wake.set()

    def _speech_loop(self) -> None:
        while not self.stop.is_set():
            self._speech_wake.wait(1.0)
            self._speech_wake.clear()
            try:
                self._speech_busy = True
                while not self.stop.is_set() and run_speech_path(self.ctx, self.speech_holder):
                    pass
            except Exception:
                log.exception("speech path failed")
                self.stop.wait(5.0)
            finally:
                self._speech_busy = False

    # ---- the tick ----------------------------------------------------------------------------
    def tick(self, full: bool = False) -> int:
        """Dispatch due slots; on a full tick (the first, then every replan_s) also plan slots,
        close windows that ended and resume attempts a previous run left on the dial path.
        Returns how many dial paths started."""
        if self.stop.is_set():
            return 0
        with self._tick_lock:
            now = self.clock.now()
            self._in_flight = {k: f for k, f in self._in_flight.items() if not f.done()}
            if self._clock_jumped_while_running(now):
                return 0
            full = full or self._planned_at is None or now - self._planned_at >= timedelta(seconds=self.settings.replan_s)
            started = 0
            if full:
                started += self._full_pass(now)
            free = self.settings.max_concurrent_calls - len(self._in_flight)
            with self.ctx.tx() as s:
                self.paused_all = is_paused_all(s)
                claimed = []
                if free > 0 and not self.paused_all and count_due(s, now) and not lease.holds(s, self.holder):
                    self._lose_lease("another runner holds it")  # fenced: nothing is claimed
                    return started
                if free > 0 and not self.paused_all:
                    for slot, why in due_slots(s, now, free):
                        if why:
                            slot.status, slot.outcome, slot.reason, slot.next_attempt_at = "skipped", "paused", why, None
                            continue
                        claimed.append(claim_attempt(s, slot, self.gateway.name))
                    s.flush()
                ids = [a.id for a in claimed]
            for attempt_id in ids:
                started += self._submit(attempt_id, "planned")
            self._speech_wake.set()
            self._escalate()
            return started

    def _escalate(self) -> None:
        """The escalation engine's tick, on the runner's clock; its problems never stop the calls."""
        if self.escalation is None:
            return
        try:
            self.escalation.tick()
        except (StorageError, TelephonyError, OSError):
            log.exception("escalation tick failed; the next tick tries again")

    def _clock_jumped_while_running(self, now) -> bool:
        """The wall clock jumped under a running runner (NTP after a BIOS reset): stop before the
        next pass marks slots missed or destroys recordings; a person restarts it."""
        if self._planned_at is None or self.accept_clock_jump:
            return False
        gap = now - self._planned_at
        if -BEHIND_LIMIT <= gap <= timedelta(days=self.settings.clock_jump_days):
            return False
        log.error("the clock jumped from %s to %s while running: stopping; nothing was marked missed or "
                  "destroyed. Check the date, then restart (with --accept-clock-jump if it is right)",
                  self._planned_at.isoformat(), now.isoformat())
        self.clock_jumped = True
        self.stop.set()
        self.tick_wake.set()
        return True

    def _full_pass(self, now) -> int:
        with self.ctx.tx() as s:
            report = plan_due_slots(s, now, self.settings)
            paused = is_paused_all(s)
            for slot in expired_open_slots(s, now):
                sm.close_expired_slot(s, slot, now, paused)
            unfinished = list(s.scalars(select(CallAttempt.id).where(  # a manual `call` may hold one
                CallAttempt.status.in_(sm.DIAL_STATES), unclaimed(now)).order_by(CallAttempt.id)))
        if not self.hold_purge:  # after an accepted clock jump, recordings wait for a person
            self._purge(now)
        self._daily_maintenance(now)
        self._planned_at = now
        if report.planned or report.not_placed:
            log.info("planned %d slot(s) (%d inside an open window), %d missed while no runner ran",
                     report.planned, report.caught_up, len(report.not_placed))
        return sum(self._submit(attempt_id) for attempt_id in unfinished)

    def _daily_maintenance(self, now: datetime) -> None:
        """Once a day: SQLite's quick_check and one online backup, the newest ANBU_BACKUPS_KEPT kept
        (storage.maintenance; nothing for PostgreSQL). A damaged file is said loudly; the evening's
        calls go on while the database still answers."""
        day = now.astimezone(UTC).date()
        if self._maintained_on == day:
            return
        self._maintained_on = day
        try:
            report = daily_maintenance(self.db, now)
        except StorageError as exc:
            log.error("the database check failed: %s", exc)
        except OSError:
            log.exception("could not take today's database backup; will try again tomorrow")
        else:
            if report.backup is not None:
                log.info("daily database backup %s", report.backup.name)

    def _purge(self, now) -> None:
        try:  # its own unit of work: a purge problem is logged, it never stops the night's calls
            with self.ctx.tx() as s:
                purge_expired_recordings(s, now, self.settings.recording_retention_days,
                                         recordings_dir=self.ctx.recordings_dir)
        except (OSError, StorageError):
            log.exception("could not destroy recordings past retention; will try again at the next pass")

    def _submit(self, attempt_id: int, status: str | None = None) -> int:
        if self.stop.is_set() and status == "planned":  # claimed this tick, never dialled: undo it
            withdraw_undialled(self.ctx, attempt_id)
            return 0
        if attempt_id in self._in_flight or attempt_id in self.stuck or self.stop.is_set():
            return 0
        self._in_flight[attempt_id] = self._pool.submit(self._dial, attempt_id, status)
        return 1

    def _dial(self, attempt_id: int, status: str | None = None) -> None:
        try:
            if self.stop.is_set() and status == "planned":  # stopped while it waited for a line
                withdraw_undialled(self.ctx, attempt_id)
                return
            status = run_dial_path(self.ctx, attempt_id, status)
            if status in sm.SPEECH_STATES:
                self._speech_wake.set()
            elif status not in sm.FINAL_STATES:
                return
            self.tick_wake.set()  # a line is free: the driving loop ticks again at once
        except Exception:
            log.exception("attempt %s failed on the dial path; it stays where it stopped", attempt_id)
            self._failures[attempt_id] = self._failures.get(attempt_id, 0) + 1
            if self._failures[attempt_id] >= 3:
                self.stuck.add(attempt_id)

    # ---- driving -----------------------------------------------------------------------------
    def idle(self) -> bool:
        """Nothing due now, nothing on the line, nothing owed to the speech path."""
        if any(not f.done() for f in self._in_flight.values()) or self._speech_busy:
            return False
        with self.db.session() as s:
            owed = s.scalar(select(func.count()).select_from(CallAttempt).where(
                CallAttempt.status.in_(sm.DIAL_STATES + (sm.SPEECH_STATES if self.settings.speech_in_runner else ())),
                unclaimed(self.clock.now()),
                CallAttempt.id.not_in(list(self.stuck)))) or 0
            if owed or (self.escalation is not None and self.escalation.busy()):
                return False
            return self.paused_all or count_due(s, self.clock.now()) == 0

    def run_until_idle(self, poll_s: float = 0.1) -> None:
        while not self.stop.is_set():
            self.tick()
            time.sleep(poll_s)
            if self.idle():
                self.tick(full=True)  # a last full look: close ended windows, resume leftovers
                if self.idle():
                    return

    def tick_safely(self) -> int:
        """A tick that a transient database error (locked past the busy timeout, a dropped
        connection) does not end: logged, and the next tick tries again. The night goes on."""
        try:
            return self.tick()
        except StorageError:
            log.warning("tick failed on the database; the next tick tries again", exc_info=True)
            self.stop.wait(min(5.0, self.settings.tick_s))
            self.tick_wake.set()
            return 0

    def run_forever(self) -> None:
        from care.checkins.runner.scheduling import start_scheduler

        scheduler = start_scheduler(self)
        try:
            while not self.stop.is_set():
                if self.tick_wake.wait(1.0):
                    self.tick_wake.clear()
                    self.tick_safely()
        finally:
            scheduler.shutdown(wait=True)
