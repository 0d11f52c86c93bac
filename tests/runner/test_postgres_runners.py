"""Several office PCs on one PostgreSQL server (issue 18): runners as real processes on the simulated
line, the line's own ledger as the independent record of every dial.

- two runners started at once against one database: exactly one dials, the other exits 5 naming it;
- the active runner's PC "switched off" mid-evening (SIGKILL; it ran under another host name, so no
  pid check can free its lease): the standby takes over only once the lease has expired, and the
  ledger shows no household dialled twice for one slot and attempt.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from care import settings
from care.checkins.runner import lease
from storage.models import CheckInSlot
from tests.runner.helpers import add_households, ledger_lines

ROOT = Path(__file__).resolve().parents[2]
EVENING = "2026-11-24T19:00+09:00"
HOUSEHOLDS = 6
LEASE_S, HEARTBEAT_S = 6.0, 1.0

pytestmark = [pytest.mark.postgresql_only(reason="several PCs on one server"), pytest.mark.timeout(600)]


def _other_pc_prefix() -> list[str]:
    """Run a process under another host name (a UTS namespace), as on a second PC; [] where the
    namespace cannot be made (no privilege), and then the same-host path is what is proven."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "--uts", "true"], capture_output=True).returncode == 0:
        return [unshare, "--uts", "sh", "-c", 'hostname anbu-pc-a && exec "$@"', "sh"]
    return []


def _setup(db, tmp_path):
    add_households(db, HOUSEHOLDS)
    with db.session() as s:
        settings.update(s, settings.RunnerSettings, actor="test", retry_spacing_min=0, lease_timeout_s=LEASE_S,
                        heartbeat_s=HEARTBEAT_S)
    ledger = tmp_path / "ledger.jsonl"
    env = {**os.environ, "ANBU_SIM_LEDGER": str(ledger), "ANBU_SIM_SEED": "18"}
    return ledger, env


def _runner(db, env, data: Path, *extra: str, prefix: list[str] | None = None) -> subprocess.Popen:
    data.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen([*(prefix or []), sys.executable, "main.py", "runner", "--db", db.url, "--until-idle",
                             "--simulated", "--now", EVENING, *extra], cwd=ROOT,
                            env={**env, "ANBU_DATA_DIR": str(data)}, stdout=subprocess.DEVNULL,
                            stderr=(data / "stderr.txt").open("w"), text=True)


def _stderr(data: Path) -> str:
    return (data / "stderr.txt").read_text(encoding="utf-8", errors="replace")


def _no_double_dials(ledger: Path) -> Counter:
    dials = Counter((x["household_id"], x["slot"], x["attempt"]) for x in ledger_lines(ledger))
    assert dials and max(dials.values()) == 1, f"dialled twice: {[k for k, n in dials.items() if n > 1]}"
    return dials


def _all_slots_final(db) -> None:
    with db.session() as s:
        slots = list(s.scalars(select(CheckInSlot)))
    assert len(slots) == HOUSEHOLDS
    assert all(sl.status in ("completed", "missed") for sl in slots), [sl.status for sl in slots]


def test_two_runners_started_together_only_one_dials(db, tmp_path):
    ledger, env = _setup(db, tmp_path)
    procs = [_runner(db, env, tmp_path / f"pc{i}") for i in (1, 2)]
    for p in procs:
        p.wait(timeout=540)
    codes = sorted(p.returncode for p in procs)
    assert codes == [0, 5], [(p.returncode, _stderr(tmp_path / f"pc{i}")[-800:]) for i, p in enumerate(procs, 1)]
    refused = next(_stderr(tmp_path / f"pc{i}") for i, p in enumerate(procs, 1) if p.returncode == 5)
    assert "다른 러너가 이미 실행 중입니다" in refused and "Traceback" not in refused
    _no_double_dials(ledger)
    _all_slots_final(db)


def _wait_for(condition, what: str, proc: subprocess.Popen, limit_s: float = 240) -> None:
    deadline = time.monotonic() + limit_s
    while not condition():
        assert proc.poll() is None, f"{what}: the runner exited ({proc.returncode})"
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


def test_a_pc_switched_off_mid_evening_is_taken_over_after_the_lease_without_double_calls(db, tmp_path):
    ledger, env = _setup(db, tmp_path)
    other_pc = _other_pc_prefix()
    active = _runner(db, env, tmp_path / "pc-a", prefix=other_pc)
    _wait_for(lambda: ledger_lines(ledger), "runner A placed no call", active)
    standby = _runner(db, env, tmp_path / "pc-b", "--standby")
    _wait_for(lambda: "standing by" in _stderr(tmp_path / "pc-b"), "runner B is not standing by", standby)
    holder = lease.lease_info(db).holder
    active.kill()  # SIGKILL: the PC is switched off, no handler runs, the lease is not released
    active.wait()
    killed_at = datetime.now().astimezone()
    standby.wait(timeout=540)
    assert standby.returncode == 0, _stderr(tmp_path / "pc-b")[-2000:]
    _no_double_dials(ledger)
    _all_slots_final(db)
    taken = lease.lease_info(db).acquired_at  # B's acquisition (B released it when it finished)
    assert taken is not None and taken > killed_at - timedelta(seconds=1)
    if other_pc:  # another host: B could only take the lease once A's last heartbeat was LEASE_S old
        assert holder and holder.startswith("anbu-pc-a:"), holder
        assert (taken - killed_at).total_seconds() >= LEASE_S - HEARTBEAT_S - 0.5, (taken, killed_at)
