"""One dial path: `call` is an attempt like any other (manual slot, attempt row, the runner's
pipeline), claimed while it runs so a runner never resumes it twice; the state of the carrier's
copy of a recording says what really happened to it."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from pathlib import Path

import pytest

import main
from care.checkins.line import TelephonySettings, gateway_from_settings, save_settings
from care.checkins.recordings import recordings_root_of, resolve_recording
from care.checkins.runner import attempts as sm
from care.checkins.runner import claims
from care.checkins.runner.missed import ANSWERED_OUTCOMES
from care.checkins.runner.pipeline import PipelineContext
from care.checkins.runner.service import Runner
from care.checkins.runner.settings import RunnerClock, RunnerSettings
from care.checkins.runner.slots import claim_attempt
from care.checkins.runner.transcribing import run_speech_path
from storage.models import CallAttempt, CheckInSlot
from storage.types import utcnow
from telephony.simulated import SimulatedGateway
from tests.fixtures.telephony import ACCOUNT_SID, FROM_NUMBER
from tests.telephony.test_config_and_call import add_household, configure_twilio, run_call


@pytest.fixture
def no_twilio_env(monkeypatch):
    for name in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "ANBU_TWILIO_FROM", "ANBU_SIM_CLIPS", "ANBU_SIM_LEDGER"):
        monkeypatch.delenv(name, raising=False)


def attempt_of(db, attempt_id: int) -> tuple[CallAttempt, CheckInSlot | None]:
    with db.session() as s:
        a = s.get(CallAttempt, attempt_id)
        slot = s.get(CheckInSlot, a.slot_id) if a.slot_id else None
        s.expunge_all()
        return a, slot


def test_call_leaves_an_attempt_that_attempts_lists_with_its_outcome(db, no_twilio_env, capsys, monkeypatch, tmp_path):
    """The issue's acceptance: `call --simulated` then `attempts --household ID --json`."""
    monkeypatch.setenv("ANBU_SIM_LEDGER", str(tmp_path / "ledger.jsonl"))
    hh = add_household(db, "+821033330002")
    code, result, _ = run_call(capsys, db, hh, "--simulated")
    assert code == 0 and result["outcome"] is not None and result["attempt_status"] in sm.FINAL_STATES
    assert main.main(["attempts", "--household", str(hh), "--db", db.url, "--json"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [(x["status"], x["outcome"]) for x in lines] == [(result["attempt_status"], result["outcome"])]
    a, slot = attempt_of(db, result["attempt_id"])
    assert slot is not None and slot.kind == "manual" and slot.slot_key == a.slot_key == lines[0]["slot"]
    assert slot.status in ("completed", "missed", "failed") and slot.next_attempt_at is None  # one call, no retries
    assert a.claimed_by is None and a.claimed_until is None  # given back


def test_an_answered_call_is_transcribed_assessed_and_kept_as_answers(db, no_twilio_env, file_keyring, fake_twilio,
                                                                     capsys):
    configure_twilio(db, fake_twilio)
    fake_twilio.fast_forward = True
    hh = add_household(db, fake_twilio.script("+821044440021", "answered"))
    code, result, _ = run_call(capsys, db, hh)
    assert code == 0 and result["status"] == "completed" and result["error"] is None
    assert result["attempt_status"] == "done" and result["outcome"] is not None
    a, slot = attempt_of(db, result["attempt_id"])
    assert a.recording_deleted_remote and resolve_recording(a.recording_path, recordings_root_of(db)) == Path(result["recording"])
    assert slot.status == ("completed" if a.outcome in ANSWERED_OUTCOMES else "missed")  # one call: no retry


def test_without_transcription_the_runner_finishes_the_attempt(db, no_twilio_env, file_keyring, fake_twilio, capsys,
                                                              tmp_path):
    configure_twilio(db, fake_twilio)
    fake_twilio.fast_forward = True
    hh = add_household(db, fake_twilio.script("+821044440022", "answered"))
    code, result, _ = run_call(capsys, db, hh, "--no-transcribe")
    assert code == 0 and (result["attempt_status"], result["outcome"]) == ("remote_deleted", None)
    a, _ = attempt_of(db, result["attempt_id"])
    assert a.claimed_by is None  # released: the runner's speech path may take it
    ctx = PipelineContext(db, gateway_from_settings(db), RunnerSettings(), RunnerClock(), threading.Event(),
                          recordings_root_of(db))
    assert run_speech_path(ctx) >= 1  # transcribed, assessed and settled under one claim
    a, slot = attempt_of(db, result["attempt_id"])
    assert a.status == "done" and a.outcome is not None
    assert slot.status == ("completed" if a.outcome in ANSWERED_OUTCOMES else "missed")  # never re-dialled


def test_a_failed_remote_deletion_is_a_state_of_its_own(db, no_twilio_env, file_keyring, fake_twilio, capsys):
    """It used to be recorded `remote_deleted` with the error beside it."""
    configure_twilio(db, fake_twilio)
    fake_twilio.fast_forward = True
    hh = add_household(db, fake_twilio.script("+821044440023", "delete-fails"))
    code, result, _ = run_call(capsys, db, hh, "--no-transcribe")
    assert code == 0 and result["attempt_status"] == "remote_delete_failed" and "not deleted" in result["error"]
    a, _ = attempt_of(db, result["attempt_id"])
    assert not a.recording_deleted_remote and a.recording_path
    call = fake_twilio.calls_to("+821044440023")[0]
    assert not fake_twilio.recordings[call.recording_sid].deleted


def test_settings_that_keep_the_remote_copy_say_so(db, no_twilio_env, file_keyring, fake_twilio, capsys):
    configure_twilio(db, fake_twilio)
    save_settings(db, TelephonySettings(account_sid=ACCOUNT_SID, from_number=FROM_NUMBER, calls_per_second=50,
                                        delete_remote_recordings=False), actor="t")
    fake_twilio.fast_forward = True
    hh = add_household(db, fake_twilio.script("+821044440024", "answered"))
    code, result, _ = run_call(capsys, db, hh, "--no-transcribe")
    assert code == 0 and result["attempt_status"] == "remote_kept"
    assert not fake_twilio.recordings[fake_twilio.calls_to("+821044440024")[0].recording_sid].deleted


def test_a_claim_is_taken_by_one_holder_at_a_time(db):
    hh = add_household(db, "+821033330003")
    now = utcnow()
    with db.session() as s:
        slot = CheckInSlot(household_id=hh, slot_key="manual-x", kind="manual", local_date=now.date(),
                           window_start=now, window_end=now + timedelta(minutes=30), status="in_progress")
        s.add(slot)
        s.flush()
        attempt = claim_attempt(s, slot, "simulated")
        s.flush()
        attempt_id = attempt.id
    with db.session() as s:
        assert claims.take(s, attempt_id, "call:a", now + timedelta(minutes=5), now)
        assert not claims.take(s, attempt_id, "runner:b", now + timedelta(minutes=5), now)
        assert claims.take(s, attempt_id, "call:a", now + timedelta(minutes=10), now)  # renewed by its holder
        assert claims.take(s, attempt_id, "runner:b", now + timedelta(minutes=20), now + timedelta(minutes=11))
        claims.release(s, attempt_id, "call:a")  # not the holder any more: nothing happens
    a, _ = attempt_of(db, attempt_id)
    assert a.claimed_by == "runner:b"


@pytest.mark.parametrize("claimed", [True, False])
def test_the_runner_leaves_an_attempt_a_call_holds(db, claimed, tmp_path):
    """A runner resumes every unfinished attempt on its full pass; one that `call` is working on
    (claimed, the claim running) is not polled or downloaded a second time."""
    hh = add_household(db, "+821033330004")
    gateway = SimulatedGateway(seed=3)
    now = utcnow()
    with db.session() as s:
        slot = CheckInSlot(household_id=hh, slot_key="manual-y", kind="manual", local_date=now.date(),
                           window_start=now - timedelta(minutes=1), window_end=now + timedelta(minutes=30),
                           status="in_progress")
        s.add(slot)
        s.flush()
        a = claim_attempt(s, slot, gateway.name)
        a.status, a.dialed_at = "dialing", now  # left mid-dial, as a busy `call` would look
        if claimed:
            a.claimed_by, a.claimed_until = "call:elsewhere", now + timedelta(minutes=10)
        s.flush()
        attempt_id = a.id
    runner = Runner(db, gateway, clock=RunnerClock(now), settings=RunnerSettings(), recordings_dir=tmp_path)
    runner.start()
    try:
        runner.tick(full=True)
        for future in list(runner._in_flight.values()):
            future.result()
    finally:
        runner.shutdown()
    a, _ = attempt_of(db, attempt_id)
    assert (a.status == "dialing") is claimed  # untouched when claimed; reconciled (not placed) otherwise
