"""Recordings are destroyed after the retention period — except the evidence of a flag still
under review — and the destruction is logged."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from care.checkins.recordings import purge_recordings
from care.households.registry import HouseholdInput, create_household
from storage.db import data_dir
from storage.models import AuditEvent, CallAttempt, RiskFlag
from storage.types import utcnow

ROOT = Path(__file__).resolve().parents[2]


def _attempt(db, hid: int, tmp_path: Path, n: int, age_days: float, status: str = "done",
             wav: Path | None = None) -> tuple[int, Path]:
    if wav is None:  # where the runner writes them: the data dir's recordings folder
        wav = data_dir() / "recordings" / "2026-08-01" / f"CA{n:032x}.wav"
    wav.parent.mkdir(parents=True, exist_ok=True)
    wav.write_bytes(b"RIFF....WAVE")
    with db.session() as s:
        a = CallAttempt(household_id=hid, slot_key=f"2026-08-0{n}T18:30+09:00", attempt_no=1, idempotency_key=f"{hid}:{n}",
                        status=status, recording_path=str(wav), ended_at=utcnow() - timedelta(days=age_days))
        s.add(a)
        s.flush()
        return a.id, wav


def test_only_expired_processed_recordings_without_open_flags_are_destroyed(db, tmp_path):
    hid = create_household(db, HouseholdInput(name="김영희", phone="010-1234-5678"), "t")
    old, old_wav = _attempt(db, hid, tmp_path, 1, 100)
    recent, recent_wav = _attempt(db, hid, tmp_path, 2, 10)
    evidence, evidence_wav = _attempt(db, hid, tmp_path, 3, 100)
    unfinished, unfinished_wav = _attempt(db, hid, tmp_path, 4, 100, status="recording_downloaded")
    with db.session() as s:
        s.add(RiskFlag(household_id=hid, source="call", category="health", severity="medium", attempt_id=evidence))

    report = purge_recordings(db, utcnow(), 90, "tester")

    assert report.attempt_ids == (old,) and report.kept_for_open_flags == 1
    assert not old_wav.exists()
    assert recent_wav.exists() and evidence_wav.exists() and unfinished_wav.exists()
    with db.session() as s:
        a = s.get(CallAttempt, old)
        assert a.recording_path is None and a.recording_purged_at is not None
        assert s.get(CallAttempt, evidence).recording_path == str(evidence_wav)
        audit = s.execute(select(AuditEvent).where(AuditEvent.action == "purge")).scalar_one()
        assert audit.detail["attempts"] == [old]
        # once the flag is resolved, its evidence goes at the next pass
        s.execute(select(RiskFlag)).scalar_one().status = "resolved"
    assert purge_recordings(db, utcnow(), 90, "tester").attempt_ids == (evidence,)
    assert not evidence_wav.exists()


def test_cli_dry_run_destroys_nothing(db, tmp_path):
    hid = create_household(db, HouseholdInput(name="김영희", phone="010-1234-5678"), "t")
    _, wav = _attempt(db, hid, tmp_path, 1, 100)
    r = subprocess.run([sys.executable, "main.py", "purge-recordings", "--db", db.url, "--dry-run"], cwd=ROOT,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == {"purged": 1, "kept_for_open_flags": 0, "attempt_ids": [1],
                                  "retention_days": 90.0, "dry_run": True}
    assert wav.exists()
    r = subprocess.run([sys.executable, "main.py", "purge-recordings", "--db", db.url, "--days", "30"], cwd=ROOT,
                       capture_output=True, text=True, timeout=120)
    assert json.loads(r.stdout)["purged"] == 1 and not wav.exists()


def test_the_purge_never_deletes_a_file_outside_the_recordings_folder(db, tmp_path):
    """A row edited to name a document (or a symlink out of the folder) is refused, not unlinked."""
    hid = create_household(db, HouseholdInput(name="김영희", phone="010-1234-5678"), "t")
    inside, inside_wav = _attempt(db, hid, tmp_path, 1, 100)
    docx = tmp_path / "report.docx"
    outside, _ = _attempt(db, hid, tmp_path, 2, 100, wav=tmp_path / "elsewhere.wav")
    climbing, _ = _attempt(db, hid, tmp_path, 3, 100)
    link, _ = _attempt(db, hid, tmp_path, 4, 100)
    docx.write_bytes(b"PK")
    link_path = data_dir() / "recordings" / "link.wav"
    link_path.symlink_to(tmp_path / "elsewhere.wav")
    with db.session() as s:
        s.get(CallAttempt, climbing).recording_path = str(data_dir() / "recordings" / ".." / ".." / docx.name)
        s.get(CallAttempt, link).recording_path = str(link_path)
        s.add(CallAttempt(household_id=hid, slot_key="2026-08-09T18:30+09:00", attempt_no=1, idempotency_key="d",
                          status="done", recording_path=str(docx), ended_at=utcnow() - timedelta(days=100)))
    report = purge_recordings(db, utcnow(), 90, "tester")
    assert report.attempt_ids == (inside,) and not inside_wav.exists()
    assert set(report.refused) >= {outside, climbing, link} and len(report.refused) == 4
    assert docx.exists() and (tmp_path / "elsewhere.wav").exists() and link_path.is_symlink()
    with db.session() as s:
        assert s.get(CallAttempt, outside).recording_purged_at is None
