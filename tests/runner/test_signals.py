"""SIGTERM/SIGINT: the runner finishes the step in hand, releases its lease and exits 0; its log
rotates in the app data dir."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from care.checkins.runner.lease import lease_info
from tests.runner.helpers import NO_ANSWER_SEED, add_households, ledger_lines

ROOT = Path(__file__).resolve().parents[2]


def test_sigterm_finishes_the_step_and_exits_cleanly(db, tmp_path):
    add_households(db, 3)
    ledger, data = tmp_path / "ledger.jsonl", tmp_path / "data"
    env = {**os.environ, "ANBU_SIM_LEDGER": str(ledger), "ANBU_SIM_SEED": str(NO_ANSWER_SEED),
           "ANBU_DATA_DIR": str(data)}
    proc = subprocess.Popen([sys.executable, "main.py", "runner", "--db", db.url, "--simulated",
                             "--now", "2026-11-24T19:00+09:00"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120  # a guard against a hang on a loaded machine, not a timing
        while not ledger_lines(ledger) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        if not ledger_lines(ledger):
            proc.kill()
            _out, err = proc.communicate(timeout=30)
            raise AssertionError(f"the runner dialled nobody (exit {proc.returncode}): {err[-2000:]}")
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert '"runner": "stopped"' in out
    assert lease_info(db).holder is None  # released: the next runner starts at once
    log = (data / "logs" / "runner.log").read_text(encoding="utf-8")
    assert "started" in log and "stopped" in log and "+8210" not in log  # household ids, never phone numbers
