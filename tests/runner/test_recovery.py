"""Downtime catch-up, the one-runner lease, reconciliation of a crashed dial, the APScheduler tick."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from care.checkins.runner import lease
from care.checkins.runner.service import Runner
from care.checkins.runner.settings import RunnerClock, RunnerSettings
from storage.models import APSchedulerJob, CallAttempt, CheckInSlot, Household, RiskFlag, RunnerLease
from telephony.simulated import SimulatedGateway
from tests.runner.helpers import NO_ANSWER_SEED, add_households, kst, ledger_lines, run_at

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def line(tmp_path):
    ledger = tmp_path / "ledger.jsonl"
    return ledger, SimulatedGateway(seed=NO_ANSWER_SEED, ledger=ledger)


def _slots(db):
    with db.session() as s:
        return {sl.slot_key: (sl.status, sl.outcome, sl.attempts_made) for sl in s.scalars(select(CheckInSlot))}


def test_back_inside_the_window_the_slot_is_caught_up(db, line):
    ledger, gateway = line
    add_households(db, 1)
    run_at(db, kst("2026-11-24 17:00"), gateway)  # planned; then the PC is off from 17:00 to 19:30
    run_at(db, kst("2026-11-24 19:30"), gateway)
    assert _slots(db)["2026-11-24T18:30+09:00"][2] == 1
    assert [x["slot"] for x in ledger_lines(ledger)] == ["2026-11-24T18:30+09:00"]


def test_back_after_the_window_the_slots_are_reported_missed_not_dialled(db, line):
    ledger, gateway = line
    add_households(db, 1)
    run_at(db, kst("2026-11-20 17:00"), gateway)  # Friday: tonight's slot planned, then off for days
    run_at(db, kst("2026-11-25 10:00"), gateway)
    slots = _slots(db)
    assert slots["2026-11-20T18:30+09:00"] == ("missed", "not_placed", 0)  # planned before the downtime
    assert slots["2026-11-24T18:30+09:00"] == ("missed", "not_placed", 0)  # never planned: found on return
    assert ledger_lines(ledger) == []
    with db.session() as s:
        flags = list(s.scalars(select(RiskFlag)))
    assert len(flags) == 2 and all(f.evidence["cause"] == "not_placed" for f in flags)
    assert all("runner was not running" in f.reason for f in flags)


def test_a_second_runner_is_refused_and_names_the_holder(db, line, tmp_path):
    _, gateway = line
    first = Runner(db, gateway, clock=RunnerClock(kst("2026-11-24 12:00")))
    first.start()
    try:
        second = Runner(db, gateway, clock=RunnerClock(kst("2026-11-24 12:00")))
        with pytest.raises(lease.LeaseHeldError, match=first.holder):
            second.start()
        env = {**os.environ, "ANBU_DATA_DIR": str(tmp_path / "data")}
        proc = subprocess.run([sys.executable, "main.py", "runner", "--db", db.url, "--until-idle", "--simulated"],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
        assert proc.returncode == 5 and first.holder in proc.stderr, proc.stderr
    finally:
        first.shutdown()
    second.start()  # released: the next one may run
    second.shutdown()


def test_a_killed_holder_on_this_host_does_not_block_the_next_runner(db, line):
    _, gateway = line
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    holder = f"{socket.gethostname()}:{int(dead.stdout)}:deadbeef"
    lease.acquire(db, holder, 90)  # fresh heartbeat, but its process is gone
    runner = Runner(db, gateway, clock=RunnerClock(kst("2026-11-24 12:00")))
    runner.start()
    with db.session() as s:
        assert s.get(RunnerLease, "runner").holder == runner.holder
    runner.shutdown()


def test_an_attempt_left_dialing_by_a_crash_is_reconciled_never_redialled(db, line):
    ledger, gateway = line
    (hid,) = add_households(db, 1)
    t0 = kst("2026-11-24 19:00")
    run_at(db, kst("2026-11-24 17:00"), gateway)
    with db.session() as s:  # what a SIGKILL right after writing `dialing` leaves behind
        slot = s.scalars(select(CheckInSlot)).one()
        slot.status, slot.attempts_made = "in_progress", 1
        s.add(CallAttempt(household_id=hid, slot_id=slot.id, slot_key=slot.slot_key, attempt_no=1, idempotency_key=f"{hid}|{slot.slot_key}|1",
                          status="dialing", dialed_at=t0 - timedelta(minutes=1), scheduled_at=slot.window_start))
    run_at(db, t0, gateway, retry_spacing_min=0)
    with db.session() as s:
        first = s.scalars(select(CallAttempt).where(CallAttempt.attempt_no == 1)).one()
        assert (first.status, first.outcome) == ("done", "not_placed") and "no record" in first.error
    assert [x["attempt"] for x in ledger_lines(ledger)] == [2, 3]  # attempt 1 was never dialled again


def test_the_scheduler_ticks_from_a_persistent_job_store_and_stops_on_request(db, line):
    ledger, gateway = line
    add_households(db, 1)
    settings = RunnerSettings(tick_s=0.2, misfire_grace_s=30)
    runner = Runner(db, gateway, clock=RunnerClock(kst("2026-11-24 19:00")), settings=settings)
    runner.start()
    thread = threading.Thread(target=runner.run_forever)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not ledger_lines(ledger) and time.monotonic() < deadline:
            time.sleep(0.05)
        with db.session() as s:
            job = s.get(APSchedulerJob, "anbu-runner-tick")
            assert job is not None and job.next_run_time is not None
        from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore

        stored = SQLAlchemyJobStore(engine=db.engine).lookup_job("anbu-runner-tick")
        assert (stored.coalesce, stored.max_instances, stored.misfire_grace_time) == (True, 1, 30)
        assert stored.func_ref == "care.checkins.runner.scheduling:runner_tick"
    finally:
        runner.stop.set()
        runner.tick_wake.set()
        thread.join(10)
        runner.shutdown()
    assert not thread.is_alive()
    assert len(ledger_lines(ledger)) == 1


def test_a_call_the_crashed_runner_placed_is_adopted_not_dialled_again(db, line):
    """SIGKILL after the line took the call but before the sid was written: the next runner finds
    the call in the line's record (the simulated line's ledger) and adopts it."""
    from storage.types import utcnow
    from telephony.gateway import CallRequest

    ledger, gateway = line
    (hid,) = add_households(db, 1)
    t0 = kst("2026-11-24 19:00")
    run_at(db, kst("2026-11-24 17:00"), gateway)
    dialed = utcnow()  # the line stamps calls with the wall clock; so does a real runner
    with db.session() as s:
        slot = s.scalars(select(CheckInSlot)).one()
        slot.status, slot.attempts_made = "in_progress", 1
        s.add(CallAttempt(household_id=hid, slot_id=slot.id, slot_key=slot.slot_key, attempt_no=1, idempotency_key=f"{hid}|{slot.slot_key}|1",
                          status="dialing", dialed_at=dialed, scheduled_at=slot.window_start))
        phone = s.get(Household, hid).phone
    dead_process_line = SimulatedGateway(seed=NO_ANSWER_SEED, ledger=ledger)
    sid = dead_process_line.place(CallRequest(to=phone, twiml="<Response><Say>안녕하세요</Say><Pause length=\"2\"/></Response>",
                                              household_id=hid, slot=slot.slot_key, attempt_no=1))
    run_at(db, t0, gateway, retry_spacing_min=0)
    with db.session() as s:
        first = s.scalars(select(CallAttempt).where(CallAttempt.attempt_no == 1)).one()
        assert first.provider_call_sid == sid and first.outcome != "not_placed"
    attempts = [x["attempt"] for x in ledger_lines(ledger)]
    assert attempts.count(1) == 1  # placed once, by the process that died
