"""Several office PCs on one PostgreSQL server (issue 18), the recordings and the speech side:

- the runner on PC A (its own data folder) dials and records into the shared recordings root; the
  rows keep paths relative to that root; it leaves speech to the workers (speech_in_runner off);
- two `runner --speech-only` workers (data folders B and C, real Vosk, real Korean speech from
  ../shared/speech) take the recordings with row locks: every recording transcribed exactly once
  (the workers' claims logs are disjoint and cover all of them; one answer row per window);
- a console on PC B (data folder B) plays an answer and cuts a flag's evidence from the shared root.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from care import settings
from care.checkins.runner import attempts as sm
from care.flags import review_flag, write_flags
from care.households.call_detail import call_audio, call_detail
from care.review import queue as review
from storage.models import CallAnswer, CallAttempt, RiskFlag
from storage.types import utcnow
from tests.runner.helpers import add_households, ledger_lines

ROOT = Path(__file__).resolve().parents[2]
EVENING = "2026-11-24T19:00+09:00"
HOUSEHOLDS = 3

pytestmark = [pytest.mark.postgresql_only(reason="several PCs on one server"), pytest.mark.timeout(300)]


def _main(db, env: dict, data: Path, *args: str) -> subprocess.Popen:
    data.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen([sys.executable, "main.py", "runner", "--db", db.url, "--until-idle", *args], cwd=ROOT,
                            env={**env, "ANBU_DATA_DIR": str(data)}, stdout=subprocess.PIPE,
                            stderr=(data / "stderr.txt").open("w"), text=True)


def _finish(proc: subprocess.Popen, data: Path) -> dict:
    out, _ = proc.communicate(timeout=240)
    assert proc.returncode == 0, (data / "stderr.txt").read_text()[-3000:]
    return json.loads(out.strip().splitlines()[-1])


def test_runner_records_on_a_two_workers_transcribe_each_recording_once_b_plays_it(db, tmp_path, shared_speech_ko,
                                                                                     monkeypatch):
    share = tmp_path / "share"  # the district's file share, mounted at the same place on every PC here
    add_households(db, HOUSEHOLDS)
    with db.session() as s:
        settings.update(s, settings.RunnerSettings, actor="test", retry_spacing_min=0, recordings_root=str(share),
                        speech_in_runner=False)
    ledger = tmp_path / "ledger.jsonl"
    env = {**os.environ, "ANBU_SIM_LEDGER": str(ledger), "ANBU_SIM_SEED": "18", "ANBU_SIM_CLIPS": str(shared_speech_ko)}
    env.pop("ANBU_RECORDINGS_ROOT", None)

    pc_a = tmp_path / "pc-a"
    _finish(_main(db, env, pc_a, "--simulated", "--now", EVENING), pc_a)
    with db.session() as s:
        recorded = {i: p for i, p in s.execute(select(CallAttempt.id, CallAttempt.recording_path)
                                               .where(CallAttempt.status.in_(sm.RECORDED_STATES)))}
    assert len(recorded) >= 2, recorded
    assert all(not Path(p).is_absolute() and (share / p).is_file() for p in recorded.values()), recorded
    assert not (pc_a / "recordings").exists() or not any((pc_a / "recordings").rglob("*.wav"))
    assert len(ledger_lines(ledger)) >= len(recorded)

    workers = {name: _main(db, env, tmp_path / name, "--speech-only") for name in ("pc-b", "pc-c")}
    logs = {name: _finish(proc, tmp_path / name) for name, proc in workers.items()}

    claims = Counter(i for log in logs.values() for i in log["transcribed"])
    assert set(claims) == set(recorded) and max(claims.values()) == 1, logs  # each exactly once
    assert all(log["transcribed"] for log in logs.values()), logs  # both workers took a share
    assert len(ledger_lines(ledger)) == len({(x["household_id"], x["slot"], x["attempt"])
                                             for x in ledger_lines(ledger)})  # the workers dialled nobody
    with db.session() as s:
        statuses = {i: st for i, st in s.execute(select(CallAttempt.id, CallAttempt.status)
                                                 .where(CallAttempt.id.in_(list(recorded))))}
        per_window = Counter((a, q) for a, q in s.execute(select(CallAnswer.attempt_id, CallAnswer.question_index)))
        answered = set(s.scalars(select(CallAnswer.attempt_id).distinct()))
        held = s.scalar(select(func.count()).select_from(CallAttempt).where(CallAttempt.claimed_by.is_not(None)))
    assert set(statuses.values()) == {"done"}, statuses
    assert answered == set(recorded) and max(per_window.values()) == 1
    assert held == 0  # every claim given back

    # the console on PC B: another data folder, the same database and share
    monkeypatch.setenv("ANBU_DATA_DIR", str(tmp_path / "pc-b"))
    attempt_id = min(recorded)
    assert call_detail(db, attempt_id, "supervisor").recording == "available"
    with db.session() as s:
        first = s.scalars(select(CallAnswer).where(CallAnswer.attempt_id == attempt_id)
                          .order_by(CallAnswer.question_index)).first()
        write_flags(s, [review_flag(s.get_one(CallAttempt, attempt_id), "확인 필요")], utcnow())
    heard = call_audio(db, attempt_id, "supervisor", first.start_s or 0.0, first.end_s or 1.0)
    assert heard.wav[:4] == b"RIFF" and heard.clip_end_s > heard.clip_start_s
    with db.session() as s:
        flag_id = s.scalar(select(RiskFlag.id).where(RiskFlag.attempt_id == attempt_id).order_by(RiskFlag.id))
    detail = review.flag_detail(db, flag_id, "supervisor")
    assert detail.recording == "available" and Path(detail.audio.path).is_relative_to(share)
    clip = review.evidence_audio(db, flag_id, "supervisor")
    assert clip.wav[:4] == b"RIFF"
