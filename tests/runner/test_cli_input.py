"""Hostile numbers on the runner's commands (issue 11 item 13) and a clock that jumped (item 6)."""

from __future__ import annotations

import json
import random
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from care.checkins.runner.clock_guard import ClockJumpError
from care.checkins.runner.service import Runner
from care.checkins.runner.settings import RunnerClock
from main import main
from storage.db import data_dir
from storage.models import AuditEvent, CallAttempt, CheckInSlot, RiskFlag
from storage.types import utcnow
from telephony.simulated import SimulatedGateway
from tests.runner.helpers import NO_ANSWER_SEED, add_households, kst, run_at

HOSTILE = [
    ["attempts", "--household", "99999999999999999999"],
    ["attempts", "--household", "-1"],
    ["plan", "--household", "99999999999999999999", "--days", "tue"],
    ["plan", "--household", "12,99999999999999999999", "--show"],
    ["purge-recordings", "--days", "inf"],
    ["purge-recordings", "--days", "nan"],
    ["purge-recordings", "--days", "1e999"],
    ["purge-recordings", "--days", "-1"],
    ["runner", "--now", "9999-12-31T23:59+14:00"],
    ["runner", "--now", "0001-01-01T00:00-12:00"],
    ["runner", "--now", "2026-11-24T19:00"],
    ["runner", "--print-service", "launchd"],
]


@pytest.mark.parametrize("argv", HOSTILE, ids=[" ".join(a) for a in HOSTILE])
def test_hostile_numbers_are_argparse_errors_not_tracebacks(db, capsys, argv):
    with pytest.raises(SystemExit) as exc:
        main([argv[0], "--db", db.url, *argv[1:]])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "usage:" in err and "Traceback" not in err


def test_generated_numbers_never_give_a_traceback(db, capsys):
    """A seeded fuzz over the numeric options: every answer is exit 0 or a usage error (exit 2)."""
    rng = random.Random(1311)
    pool = ["0", "1", "-0", "1e308", "-1e308", "1e-320", "inf", "-inf", "nan", "9" * 25, "0x10", "１２", " 7 ",
            "2**63", str(2**63), str(2**63 - 1), "", "1_000"]
    runs = 0
    for _ in range(300):
        value = rng.choice(pool) if rng.random() < 0.6 else str(rng.choice([-1, 1]) * 10 ** rng.randint(0, 40))
        argv = rng.choice([["attempts", "--household", value], ["purge-recordings", "--dry-run", "--days", value]])
        try:
            code = main([argv[0], "--db", db.url, *argv[1:]])
        except SystemExit as exc:
            code = exc.code
        runs += 1
        assert code in (0, 2), (argv, code)
        assert "Traceback" not in capsys.readouterr().err
    assert runs == 300


def test_print_service_gives_a_unit_and_a_task(db, capsys):
    assert main(["runner", "--db", db.url, "--print-service", "systemd"]) == 0
    unit = capsys.readouterr().out
    assert "ExecStart=" in unit and "runner --db" in unit and "--standby" in unit and "[Install]" in unit
    assert main(["runner", "--db", "postgresql://anbu:s3cret@db.local/anbu", "--print-service", "windows"]) == 0
    xml = capsys.readouterr().out
    import xml.etree.ElementTree as ET

    ET.fromstring(xml.split("?>", 1)[1])  # well-formed
    assert "s3cret" not in xml and "<Arguments>" in xml


def test_a_clock_far_past_the_last_run_is_refused_and_destroys_nothing(db, tmp_path):
    add_households(db, 3)
    gateway = SimulatedGateway(seed=NO_ANSWER_SEED, ledger=tmp_path / "ledger.jsonl")
    run_at(db, kst("2026-11-24 17:00"), gateway)  # the last run: tonight's slots planned
    with db.session() as s:
        before = (s.scalar(select(func.count()).select_from(CheckInSlot)),
                  s.scalar(select(func.count()).select_from(RiskFlag)))
    jumped = kst("2027-02-24 17:00")  # three months ahead
    runner = Runner(db, gateway, clock=RunnerClock(jumped))
    with pytest.raises(ClockJumpError, match="accept-clock-jump"):
        runner.start()
    with pytest.raises(ClockJumpError):  # a wall clock far behind (a BIOS reset) is refused too
        Runner(db, gateway, clock=RunnerClock(kst("2019-01-01 00:00"))).start()
    with db.session() as s:
        after = (s.scalar(select(func.count()).select_from(CheckInSlot)),
                 s.scalar(select(func.count()).select_from(RiskFlag)))
    assert after == before

    accepted = Runner(db, gateway, clock=RunnerClock(jumped), accept_clock_jump=True, actor="kim")
    accepted.start()
    try:
        accepted.run_until_idle(poll_s=0.02)
    finally:
        accepted.shutdown()
    assert accepted.hold_purge
    with db.session() as s:
        assert s.scalar(select(AuditEvent.action).where(AuditEvent.actor == "kim")) == "clock_jump_accepted"


def test_purge_recordings_refuses_a_wall_clock_far_past_the_last_run(db, capsys, tmp_path):
    (hid,) = add_households(db, 1)
    run_at(db, utcnow() - timedelta(days=120), SimulatedGateway(seed=NO_ANSWER_SEED))  # last run 4 months ago
    wav = data_dir() / "recordings" / "2026-08-01" / f"CA{1:032x}.wav"  # where the runner writes them
    wav.parent.mkdir(parents=True, exist_ok=True)
    wav.write_bytes(b"RIFF")
    with db.session() as s:
        s.add(CallAttempt(household_id=hid, slot_key="2026-08-01T18:30+09:00", attempt_no=1, idempotency_key="x",
                          status="done", provider="simulated", outcome="well", recording_path=str(wav),
                          ended_at=utcnow() - timedelta(days=119)))
    assert main(["purge-recordings", "--db", db.url]) == 6
    assert "accept-clock-jump" in capsys.readouterr().err and wav.exists()
    assert main(["purge-recordings", "--db", db.url, "--accept-clock-jump"]) == 0
    assert json.loads(capsys.readouterr().out)["purged"] == 1 and not wav.exists()


class JumpingClock(RunnerClock):
    """The wall clock as NTP would set it after a BIOS reset: it jumps when told to."""

    def __init__(self, start):
        super().__init__(start)
        self.offset = timedelta(0)

    def now(self):
        return super().now() + self.offset


def test_a_clock_that_jumps_under_a_running_runner_stops_it_before_it_marks_anything(db, tmp_path):
    add_households(db, 3)
    clock = JumpingClock(kst("2026-11-24 17:00"))
    runner = Runner(db, SimulatedGateway(seed=NO_ANSWER_SEED), clock=clock)
    runner.start()
    try:
        runner.tick(full=True)
        clock.offset = timedelta(days=90)
        assert runner.tick(full=True) == 0
        assert runner.clock_jumped and runner.stop.is_set()
    finally:
        runner.shutdown()
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(RiskFlag)) == 0
        assert {sl.status for sl in s.scalars(select(CheckInSlot))} == {"due"}


def test_an_accepted_jump_back_is_not_refused_again_at_the_next_start(db):
    add_households(db, 1)
    gateway = SimulatedGateway(seed=NO_ANSWER_SEED)
    run_at(db, kst("2027-06-01 12:00"), gateway)  # a replay (or a bad clock) left the mark in the future
    earlier = kst("2026-11-24 12:00")
    with pytest.raises(ClockJumpError, match="behind"):
        Runner(db, gateway, clock=RunnerClock(earlier)).start()
    accepted = Runner(db, gateway, clock=RunnerClock(earlier), accept_clock_jump=True)
    accepted.start()
    accepted.shutdown()
    again = Runner(db, gateway, clock=RunnerClock(earlier + timedelta(minutes=5)))
    again.start()  # the date was confirmed: the next start is an ordinary one
    again.shutdown()
