"""Speech claims and the shared recordings root, on both backends (no Vosk: the steps after
transcription, and the paths):

- two holders claiming at once never get the same attempt; a dead worker's claim runs out and
  another worker finishes its recording; a live claim is left alone; a speech worker has no line;
- rows keep paths relative to the recordings root; an absolute path (an older row) still plays;
  the purge deletes a relative row's file under the root; migration 0022 turns absolute paths
  under the root into relative ones (and back on downgrade).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import select, update

from care import settings
from care.checkins.recordings import purge_recordings, recording_file, recordings_root_of, resolve_recording
from care.checkins.runner import attempts as sm
from care.checkins.runner.claims import take_next
from care.checkins.runner.speech_worker import NoLine, SpeechWorker
from care.households.call_detail import call_detail
from storage.migrate import alembic_config
from storage.models import CallAttempt, Household
from storage.types import utcnow
from telephony.errors import PermanentCallError


def _attempts(db, statuses: list[str], path: str | None = None) -> list[int]:
    with db.session() as s:
        n = len(list(s.scalars(select(Household.id))))
        h = Household(name="정순자", phone=f"+8210555566{n:02d}")
        s.add(h)
        s.flush()
        rows = [CallAttempt(household_id=h.id, slot_key=f"2026-11-24T18:30+09:00#{i}", attempt_no=1,
                            idempotency_key=f"c:{h.id}:{i}", status=st, answered_by="human", outcome="well",
                            recording_path=path, ended_at=utcnow() - timedelta(days=200))
                for i, st in enumerate(statuses)]
        s.add_all(rows)
        s.flush()
        return [a.id for a in rows]


def test_two_holders_never_claim_the_same_attempt(db):
    ids = _attempts(db, ["remote_deleted"] * 5)
    now = utcnow()
    until = now + timedelta(minutes=15)
    with db.session() as s:
        first = take_next(s, sm.SPEECH_STATES, "speech:pc-b", until, now, 3)
    with db.session() as s:
        second = take_next(s, sm.SPEECH_STATES, "speech:pc-c", until, now, 3)
    with db.session() as s:
        third = take_next(s, sm.SPEECH_STATES, "speech:pc-d", until, now, 3)
    assert first == ids[:3] and second == ids[3:] and third == []


def test_a_dead_workers_claim_runs_out_and_another_worker_finishes_the_recording(db):
    dead, live = _attempts(db, ["assessed", "assessed"])
    now = utcnow()
    with db.session() as s:  # PC B died mid-recording: its claim ran out a minute ago; PC D is still at work
        s.execute(update(CallAttempt).where(CallAttempt.id == dead)
                  .values(claimed_by="speech:pc-b:1:dead", claimed_until=now - timedelta(minutes=1)))
        s.execute(update(CallAttempt).where(CallAttempt.id == live)
                  .values(claimed_by="speech:pc-d:2:live", claimed_until=now + timedelta(minutes=10)))
    worker = SpeechWorker(db)
    worker.run_until_idle()
    with db.session() as s:
        rows = {a.id: a for a in s.scalars(select(CallAttempt))}
    assert (rows[dead].status, rows[dead].claimed_by) == ("done", None)
    assert (rows[live].status, rows[live].claimed_by) == ("assessed", "speech:pc-d:2:live")
    assert worker.claims == 1


def test_a_speech_worker_has_no_phone_line():
    with pytest.raises(PermanentCallError, match="never dials"):
        NoLine().place(None)  # type: ignore[arg-type]


def test_relative_rows_resolve_under_the_shared_root_and_absolute_rows_still_play(db, tmp_path, monkeypatch):
    share = tmp_path / "share"
    with db.session() as s:
        settings.update(s, settings.RunnerSettings, actor="test", recordings_root=str(share))
    assert recordings_root_of(db) == share
    relative = share / "2026-11-24" / "CA1.wav"
    legacy = tmp_path / "pc-a" / "recordings" / "2026-11-24" / "CA2.wav"
    for wav in (relative, legacy):
        wav.parent.mkdir(parents=True, exist_ok=True)
        wav.write_bytes(b"RIFF....WAVE")
    (rel_id,) = _attempts(db, ["done"], "2026-11-24/CA1.wav")
    (abs_id,) = _attempts(db, ["done"], str(legacy))
    monkeypatch.setenv("ANBU_DATA_DIR", str(tmp_path / "pc-b"))  # a console on another PC
    assert call_detail(db, rel_id, "t").recording == "available"
    assert call_detail(db, abs_id, "t").recording == "available"
    assert resolve_recording("2026-11-24/CA1.wav", share) == relative
    assert recording_file(str(legacy), share) is None  # outside the root: never deleted
    monkeypatch.setenv("ANBU_RECORDINGS_ROOT", str(tmp_path / "elsewhere"))  # a PC mounting the share elsewhere
    assert call_detail(db, rel_id, "t").recording == "missing"
    monkeypatch.delenv("ANBU_RECORDINGS_ROOT")
    report = purge_recordings(db, utcnow(), 90, "t")
    assert report.attempt_ids == (rel_id,) and report.refused == (abs_id,)
    assert not relative.exists() and legacy.exists()


def test_migration_0022_makes_paths_under_the_root_relative(db, tmp_path, monkeypatch):
    share = tmp_path / "share"
    monkeypatch.setenv("ANBU_RECORDINGS_ROOT", str(share))
    cfg = alembic_config(db.url)
    command.downgrade(cfg, "0020_scale")
    inside, outside = str(share / "2026-11-24" / "CA1.wav"), str(tmp_path / "other" / "CA2.wav")
    (in_id,) = _attempts(db, ["done"], inside)
    (out_id,) = _attempts(db, ["done"], outside)
    command.upgrade(cfg, "heads")
    with db.session() as s:
        paths = {i: p for i, p in s.execute(select(CallAttempt.id, CallAttempt.recording_path))}
    assert paths[in_id] == "2026-11-24/CA1.wav" and paths[out_id] == outside
    command.downgrade(cfg, "0020_scale")
    with db.session() as s:
        assert s.get(CallAttempt, in_id).recording_path == str(Path(inside).resolve())
    command.upgrade(cfg, "heads")


def test_a_runner_taking_the_lease_frees_the_previous_runners_speech_claims_only(db):
    from telephony.simulated import SimulatedGateway
    from tests.runner.helpers import kst, run_at

    old_runner, worker = _attempts(db, ["assessed", "assessed"])
    until = utcnow() + timedelta(minutes=10)
    with db.session() as s:  # the runner before was SIGKILLed holding a claim; a worker is still at work
        s.execute(update(CallAttempt).where(CallAttempt.id == old_runner)
                  .values(claimed_by="runner:pc-a:4242:dead", claimed_until=until))
        s.execute(update(CallAttempt).where(CallAttempt.id == worker)
                  .values(claimed_by="speech:pc-b:77:live", claimed_until=until))
    run_at(db, kst("2026-11-24 19:00"), SimulatedGateway())
    with db.session() as s:
        rows = {a.id: a for a in s.scalars(select(CallAttempt))}
    assert (rows[old_runner].status, rows[old_runner].claimed_by) == ("done", None)
    assert (rows[worker].status, rows[worker].claimed_by) == ("assessed", "speech:pc-b:77:live")
