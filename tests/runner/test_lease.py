"""The one-runner lease under contention and faults (issue 11 item 3): one atomic acquisition, a
heartbeat that survives a locked database, and a runner that lost its lease claims nothing."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from sqlalchemy import create_engine, select, update

from care.checkins.runner import lease
from care.checkins.runner.service import Runner
from care.checkins.runner.settings import RunnerClock, RunnerSettings
from storage.db import Database, open_database
from storage.models import CallAttempt, RunnerLease
from telephony.simulated import SimulatedGateway
from tests.runner.helpers import NO_ANSWER_SEED, add_households, kst

ROUNDS = 40
CONTENDERS = 6


def _wait(condition, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def test_concurrent_acquisitions_from_separate_engines_have_exactly_one_winner(db):
    dbs = [open_database(db.url) for _ in range(CONTENDERS)]
    try:
        lease.acquire(db, "warm-up", 90)
        for round_no in range(ROUNDS):
            lease.release(db, lease.lease_info(db).holder)
            barrier = threading.Barrier(CONTENDERS)
            results: dict[str, list] = {"won": [], "refused": [], "errors": []}

            def contend(i: int, r: int = round_no, b: threading.Barrier = barrier, out: dict = results) -> None:
                holder = f"elsewhere:{i}:{r}"  # another host: no pid check can free it
                b.wait()
                try:
                    lease.acquire(dbs[i], holder, 90)
                    out["won"].append(holder)
                except lease.LeaseHeldError:
                    out["refused"].append(holder)
                except Exception as exc:
                    out["errors"].append(exc)

            threads = [threading.Thread(target=contend, args=(i,)) for i in range(CONTENDERS)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            winners, errors = results["won"], results["errors"]
            assert not errors, errors
            assert len(winners) == 1, f"round {round_no}: {winners}"
            assert lease.lease_info(db).holder == winners[0]
    finally:
        for d in dbs:
            d.dispose()


@pytest.mark.sqlite_only(reason="SQLite's file lock held by another connection")
def test_the_heartbeat_survives_a_database_locked_longer_than_the_busy_timeout(db):
    # the runner's own engine gives up on a lock after 50 ms (the real one after 10 s)
    impatient = Database(db.url, create_engine(db.url, connect_args={"timeout": 0.05}))
    runner = Runner(impatient, SimulatedGateway(seed=NO_ANSWER_SEED), clock=RunnerClock(kst("2026-11-24 12:00")),
                    settings=RunnerSettings(heartbeat_s=0.05, lease_timeout_s=60))
    runner.start()
    try:
        blocker = sqlite3.connect(db.path, isolation_level=None)
        blocker.execute("BEGIN EXCLUSIVE")
        before = lease.lease_info(db).heartbeat_at
        time.sleep(0.5)  # ten heartbeats fail while the lock is held (the failure, not a wait for timing)
        blocker.execute("COMMIT")
        blocker.close()
        assert _wait(lambda: lease.lease_info(db).heartbeat_at > before), "the heartbeat thread died"
        assert all(t.is_alive() for t in runner._threads)
        assert not runner.stop.is_set() and not runner.lost_lease
    finally:
        runner.shutdown()
        impatient.dispose()


def test_a_runner_that_lost_its_lease_claims_nothing(db):
    add_households(db, 2, days="mon,tue,wed,thu,fri,sat,sun", window=("00:01", "23:59"))
    runner = Runner(db, SimulatedGateway(seed=NO_ANSWER_SEED), clock=RunnerClock(kst("2026-11-24 12:00")),
                    settings=RunnerSettings(heartbeat_s=3600))  # no heartbeat before the tick
    runner.start()
    try:
        with db.session() as s:  # another runner took over (this one stalled past the timeout)
            s.execute(update(RunnerLease).values(holder="elsewhere:1:other"))
        assert runner.tick() == 0
        assert runner.lost_lease and runner.stop.is_set()
        with db.session() as s:
            assert s.scalars(select(CallAttempt)).all() == []
            assert s.get(RunnerLease, "runner").holder == "elsewhere:1:other"  # not released by the loser
    finally:
        runner.shutdown()


@pytest.mark.sqlite_only(reason="SQLite's file lock held by another connection")
def test_a_tick_on_a_locked_database_is_retried_not_fatal(db):
    add_households(db, 1, days="mon,tue,wed,thu,fri,sat,sun", window=("00:01", "23:59"))
    impatient = Database(db.url, create_engine(db.url, connect_args={"timeout": 0.05}))
    runner = Runner(impatient, SimulatedGateway(seed=NO_ANSWER_SEED), clock=RunnerClock(kst("2026-11-24 12:00")),
                    settings=RunnerSettings(heartbeat_s=3600, tick_s=0.01))
    runner.start()
    try:
        blocker = sqlite3.connect(db.path, isolation_level=None)
        blocker.execute("BEGIN EXCLUSIVE")
        assert runner.tick_safely() == 0  # locked: logged, not raised
        blocker.execute("COMMIT")
        blocker.close()
        assert runner.tick_safely() == 1 and not runner.stop.is_set()
    finally:
        runner.shutdown()
        impatient.dispose()
