"""The escalation engine's crash proof with a real process: the runner runs as a subprocess on the
simulated line, is SIGKILLed exactly where a crash hurts (care/escalation/crash_points.py: right
after the due steps are committed and before anything is sent, or right after the line took a step
and before its row says so), then restarted, and finally run on through the whole life-safety chain.
From the line's own ledger and the database: no step sent twice, no committed step lost."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from care.escalation.crash_points import HOLD_ENV
from storage.models import EscalationStep
from tests.escalation.helpers import DUTY_NIGHT, district, kst, raise_flag
from tests.runner.helpers import ledger_lines

ROOT = Path(__file__).resolve().parents[2]
NIGHT = kst("2026-11-24 19:30")  # a Tuesday evening: the night duty is on


def notices(ledger: Path) -> list[dict]:
    return [x for x in ledger_lines(ledger) if x.get("kind") in ("sms", "notify_call")]


def rows(db, flag_id) -> list[EscalationStep]:
    with db.session() as s:
        out = list(s.scalars(select(EscalationStep).where(EscalationStep.flag_id == flag_id)
                             .order_by(EscalationStep.step_no)))
        s.expunge_all()
        return out


def runner(db, when) -> list[str]:
    return [sys.executable, "main.py", "runner", "--db", db.url, "--until-idle", "--simulated",
            "--now", when.isoformat()]


def wait_for(proc: subprocess.Popen, path: Path, limit_s: float = 120.0) -> None:
    """Until the engine reports it reached the point (a guard against a hang, not a timing)."""
    deadline = time.monotonic() + limit_s
    while not path.exists():
        assert proc.poll() is None, f"the runner exited ({proc.returncode}) before reaching {path.name}"
        assert time.monotonic() < deadline, f"the runner never reached {path.name}"
        time.sleep(0.01)


@pytest.mark.sqlite_only(reason="suite time: three runner processes; the engine's SQL is the same on PostgreSQL")
@pytest.mark.timeout(600)
@pytest.mark.parametrize("point", ["committed", "sent"])
def test_sigkill_at_a_step_then_restart_sends_each_step_once_and_loses_none(db, tmp_path, point):
    hid = district(db)
    flag = raise_flag(db, hid, at=NIGHT)
    ledger, holds = tmp_path / "ledger.jsonl", tmp_path / "holds"
    holds.mkdir()
    env = {**os.environ, "ANBU_SIM_LEDGER": str(ledger), "ANBU_SIM_SEED": "15", "ANBU_DATA_DIR": str(tmp_path / "data"),
           HOLD_ENV: str(holds)}
    (holds / f"{point}.hold").write_text("", encoding="utf-8")

    proc = subprocess.Popen(runner(db, NIGHT), cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        wait_for(proc, holds / f"{point}.reached")
    finally:
        proc.send_signal(signal.SIGKILL)  # no handler runs, nothing is flushed
        proc.wait()
    assert proc.returncode == -signal.SIGKILL

    killed = rows(db, flag)
    assert [(r.step_no, r.kind, r.to, r.status) for r in killed] == [
        (1, "sms", DUTY_NIGHT, "committed"), (101, "notify_call", DUTY_NIGHT, "committed")]
    on_line = notices(ledger)
    if point == "committed":
        assert on_line == []  # killed before anything went out
    else:
        assert [(x["kind"], x["step"]) for x in on_line] == [("sms", 1)]  # the line has it; the row does not say so

    (holds / f"{point}.hold").unlink()
    for when in (NIGHT, NIGHT + timedelta(minutes=20)):  # the restart, then the rest of the chain
        done = subprocess.run(runner(db, when), cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]

    lines = [x for x in notices(ledger) if x["flag_id"] == flag]
    sent = Counter((x["kind"], x["step"]) for x in lines)
    assert sent and max(sent.values()) == 1, f"sent twice: {[k for k, n in sent.items() if n > 1]}"
    final = rows(db, flag)
    assert len(final) > 2  # the chain went on past the crash
    assert all(r.status != "committed" for r in final), [(r.step_no, r.status) for r in final]
    by_sid = {x["sid"]: x for x in lines}
    assert {r.provider_sid for r in final} == set(by_sid)  # every step is on the line, every line a step
    for r in final:
        x = by_sid[r.provider_sid]
        assert (x["kind"], x["step"], x["to"]) == (r.kind, r.step_no, r.to)
    first = final[0]
    assert ("reconciled after a crash" in (first.error or "")) == (point == "sent")
