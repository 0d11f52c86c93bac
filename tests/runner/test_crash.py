"""The crash test: the runner as a subprocess on the simulated line, SIGKILLed at random moments,
restarted, and finally left to finish. From the line's own ledger and the database: no household
dialled twice for a slot (per attempt number), no due slot without a final state, no dial, transcript
or flag lost."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from care import settings
from storage.models import CallAnswer, CallAttempt, CheckInSlot, RiskFlag
from tests.runner.helpers import add_households, ledger_lines

ROOT = Path(__file__).resolve().parents[2]
CRASH_SEED = "25"
HOUSEHOLDS = 6
KILLS = 8


@pytest.mark.sqlite_only(reason="suite time: one Vosk-heavy crash run is enough; on PostgreSQL the SIGKILL proof is tests/runner/test_postgres_runners.py")
@pytest.mark.timeout(900)  # 9 runner processes and every Vosk decode: its own budget on a loaded 2-core PC
def test_sigkill_at_random_moments_loses_and_doubles_nothing(db, tmp_path, shared_speech_ko):
    add_households(db, HOUSEHOLDS)
    with db.session() as s:
        settings.update(s, settings.RunnerSettings, actor="test", retry_spacing_min=0)  # every retry due at once, so one evening fits --until-idle
    ledger = tmp_path / "ledger.jsonl"
    env = {**os.environ, "ANBU_SIM_LEDGER": str(ledger), "ANBU_SIM_CLIPS": str(shared_speech_ko),
           "ANBU_SIM_SEED": CRASH_SEED, "ANBU_DATA_DIR": str(tmp_path / "data")}
    evening = datetime.fromisoformat("2026-11-24T19:00+09:00")
    t0 = time.monotonic()

    def cmd() -> list[str]:  # each restart's clock goes on from where the evening is by now
        now = evening + timedelta(seconds=time.monotonic() - t0)
        return [sys.executable, "main.py", "runner", "--db", db.url, "--until-idle", "--simulated",
                "--now", now.isoformat()]

    rng = random.Random(20261124)
    kills = 0
    for i in range(KILLS):
        proc = subprocess.Popen(cmd(), cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # Kills are driven by the runner's own events, never by wall time: every committed step
        # bumps the schedule version, every dial writes a ledger line. The first kills land a few
        # steps after a dial (mid-poll, mid-download, mid-delete), the rest after a few steps
        # anywhere (planning, dialing, transcription), so the count does not depend on speed.
        if i < KILLS // 2:
            dialled = len(ledger_lines(ledger))
            _wait_while(proc, lambda d=dialled: len(ledger_lines(ledger)) == d)
        start = _version(db)
        steps = rng.randint(1, 3)
        _wait_while(proc, lambda v=start, n=steps: _version(db) < v + n)
        if proc.poll() is not None:
            break  # it finished the evening on its own: nothing left to interrupt
        proc.kill()  # SIGKILL: no handler runs, nothing is flushed
        kills += 1
        proc.wait()
    final = subprocess.run(cmd(), cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert final.returncode == 0, final.stderr[-2000:]
    assert kills >= KILLS // 2, kills  # a kill needs only a step or a dial, never a fast machine

    dials = Counter((x["household_id"], x["slot"], x["attempt"]) for x in ledger_lines(ledger))
    assert dials and max(dials.values()) == 1, f"dialled twice: {[k for k, n in dials.items() if n > 1]}"
    with db.session() as s:
        slots = list(s.scalars(select(CheckInSlot)))
        attempts = list(s.scalars(select(CallAttempt)))
        flags = list(s.scalars(select(RiskFlag)))
        answers = Counter(s.scalars(select(CallAnswer.attempt_id)))
    assert len(slots) == HOUSEHOLDS
    assert all(sl.status in ("completed", "missed") for sl in slots), [(sl.status, sl.next_attempt_at) for sl in slots]
    assert all(a.status in ("done", "failed") for a in attempts)
    assert set(dials) <= {(a.household_id, a.slot_key, a.attempt_no) for a in attempts}  # every dial is on record
    by_attempt = Counter(f.attempt_id for f in flags)
    for a in attempts:
        if a.recording_path and a.outcome in ("well", "flagged") or a.outcome == "silent":
            assert answers[a.id] == 6, f"attempt {a.id} lost its transcript"
        if a.outcome == "flagged":
            assert by_attempt[a.id] >= 1, f"attempt {a.id} lost its flags"
    missed_keys = {f.dedupe_key for f in flags if f.source == "missed_calls"}
    assert missed_keys == {f"missed:{sl.household_id}:{sl.slot_key}" for sl in slots if sl.status == "missed"}


def _version(db) -> int:
    from care.checkins.schedule import schedule_version

    return schedule_version(db)


def _wait_while(proc: subprocess.Popen, condition, limit_s: float = 120.0) -> None:
    """Until the condition clears or the runner exits (a guard against a hang, not a timing)."""
    deadline = time.monotonic() + limit_s
    while condition() and proc.poll() is None:
        assert time.monotonic() < deadline, "the runner made no progress"
        time.sleep(0.002)
