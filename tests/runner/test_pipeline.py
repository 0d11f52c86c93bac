"""A whole evening on the real simulated line with the shared speech clips and the real Vosk model:
every due slot gets a final state, answered calls are transcribed and assessed, flags carry words
and audio times, and nothing is dialled twice."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from sqlalchemy import select

from care.checkins.recordings import recordings_root_of
from main import main
from storage.models import CallAnswer, CallAttempt, CheckInSlot, FlagMatch, RiskFlag
from telephony.simulated import SimulatedGateway
from tests.runner.helpers import add_households, kst, ledger_lines, run_at

EVENING_SEED = 133


def test_an_evening_runs_end_to_end(db, tmp_path, shared_speech_ko, vosk_model_path, capsys):
    ledger = tmp_path / "ledger.jsonl"
    # seed 133: household 1 picks up at once and talks (clips with risk words); household 2 never
    # does (machine, no answer, no answer). One transcription keeps the test short on 2 cores.
    gateway = SimulatedGateway(seed=EVENING_SEED, clips_dir=shared_speech_ko, ledger=ledger)
    add_households(db, 2)
    run_at(db, kst("2026-11-24 19:00"), gateway, retry_spacing_min=0)
    run_at(db, kst("2026-11-24 19:05"), gateway, retry_spacing_min=0)  # a re-run changes nothing

    dials = Counter((x["household_id"], x["slot"], x["attempt"]) for x in ledger_lines(ledger))
    assert dials and max(dials.values()) == 1
    with db.session() as s:
        slots = list(s.scalars(select(CheckInSlot)))
        attempts = list(s.scalars(select(CallAttempt)))
        assert sorted((sl.household_id, sl.status) for sl in slots) == [(1, "completed"), (2, "missed")]
        assert {(a.household_id, a.slot_key, a.attempt_no) for a in attempts} == set(dials)
        assert {a.status for a in attempts} == {"done"}
        answered = [a for a in attempts if a.outcome in ("well", "flagged", "needs_review")]
        assert answered, "the seeded evening has answered calls"
        for a in answered:
            assert not Path(a.recording_path).is_absolute()  # relative to the shared recordings root
            assert (recordings_root_of(db) / a.recording_path).is_file() and a.recording_deleted_remote
            rows = list(s.scalars(select(CallAnswer).where(CallAnswer.attempt_id == a.id)))
            assert len(rows) == 6 and rows[0].question_key == "health"
        for a in attempts:  # fail safe: only a person who picked up and spoke clearly is "well"
            if a.outcome == "well":
                assert a.answered_by == "human"
        flags = list(s.scalars(select(RiskFlag).where(RiskFlag.source == "call", RiskFlag.category != "needs_review")))
        assert flags, "the shared clips contain risk words"
        for f in flags:  # each matched term points at the stored answer it was heard in
            matches = list(s.scalars(select(FlagMatch).where(FlagMatch.flag_id == f.id)))
            assert matches and all(m.audio_end >= m.audio_start > 0 for m in matches)
            for m in matches:
                ans = s.get(CallAnswer, m.call_answer_id)
                assert ans.attempt_id == f.attempt_id and ans.words and ans.text[m.span_start:m.span_end].strip()

    assert main(["attempts", "--db", db.url, "--json"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert len(lines) == len(attempts)
    assert set(lines[0]) == {"household_id", "slot", "attempt", "status", "answered_by", "outcome", "flags"}
    assert any(line["flags"] for line in lines if line["household_id"] == 1)
    assert [line["flags"] for line in lines if line["household_id"] == 2][-1] == ["missed_checkin"]


def test_an_evening_transcribes_in_the_runners_process_pool(db, tmp_path, shared_speech_ko, vosk_model_path, caplog):
    """transcribe_workers > 1: the speech area's pool, started once for the runner and closed at
    its shutdown; the answers are the same rows the in-process path writes (issue 19)."""
    gateway = SimulatedGateway(seed=EVENING_SEED, clips_dir=shared_speech_ko, ledger=tmp_path / "ledger.jsonl")
    add_households(db, 2)
    with caplog.at_level("INFO", logger="anbu.runner"):
        runner = run_at(db, kst("2026-11-24 19:00"), gateway, retry_spacing_min=0, transcribe_workers=2)
    assert [r.message for r in caplog.records].count("transcription pool started: 2 workers") == 1
    assert runner.ctx.speech_pool is None  # closed by shutdown
    with db.session() as s:
        answered = [a for a in s.scalars(select(CallAttempt)) if a.outcome in ("well", "flagged", "needs_review")]
        assert answered and {a.status for a in answered} == {"done"}
        for a in answered:
            rows = list(s.scalars(select(CallAnswer).where(CallAnswer.attempt_id == a.id)))
            assert len(rows) == 6 and any(r.words for r in rows)
