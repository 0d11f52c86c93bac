"""TwilioGateway: the unmodified twilio client against the fake REST server on 127.0.0.1."""

from __future__ import annotations

import logging
import wave
from datetime import UTC, datetime, timedelta

import pytest

from telephony.errors import PermanentCallError, RetryableCallError, TelephonyConfigError
from telephony.gateway import CallRequest
from telephony.limiter import CallRateLimiter
from telephony.twilio_gateway import TwilioGateway
from tests.fixtures.telephony import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER

TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response><Say language="ko-KR">안녕하세요</Say></Response>'


def gateway(fake, token: str = AUTH_TOKEN, **kw) -> TwilioGateway:
    opts = dict(base_url=fake.base_url, limiter=CallRateLimiter(1000), poll_first_s=0.001, poll_max_s=0.01,
                retry_first_s=0.001, recording_wait_s=1.0, http_timeout_s=5)
    opts.update(kw)
    return TwilioGateway(ACCOUNT_SID, token, FROM_NUMBER, **opts)


def request(to: str, **kw) -> CallRequest:
    return CallRequest(to=to, twiml=TWIML, household_id=7, slot="2026-11-24T18:30+09:00", **kw)


def test_every_request_goes_to_the_fake_including_recordings(fake_twilio, tmp_path):
    to = fake_twilio.script("+821011110001", "answered")
    gw = gateway(fake_twilio)
    sid = gw.place(request(to))
    gw.wait(sid, timeout_s=5)
    assert gw.fetch_recording(sid, tmp_path)
    gw.delete_recording(sid)
    paths = [p for _, _, p in fake_twilio.requests]
    # the API calls, the .wav download and its redirect target all reached 127.0.0.1
    assert any(p.endswith("/Calls.json") for p in paths)
    assert any(p.endswith(".wav") and "/Recordings/" in p for p in paths)
    assert any(p.startswith("/media/") for p in paths)


def test_answered_by_a_human_downloads_then_deletes_the_remote_recording(fake_twilio, tmp_path):
    to = fake_twilio.script("+821011110002", "answered")
    gw = gateway(fake_twilio)
    sid = gw.place(request(to, ring_timeout_s=25, max_duration_s=240))
    created = fake_twilio.calls[sid].params
    assert created["Twiml"] == TWIML
    assert created["Record"] == "true" and created["RecordingChannels"] == "dual"
    assert created["Trim"] == "do-not-trim" and created["MachineDetection"] == "Enable"
    assert created["AsyncAmd"] == "true" and created["Timeout"] == "25" and created["TimeLimit"] == "240"
    state = gw.wait(sid, timeout_s=5)
    assert (state.status, state.answered_by, state.duration_s, state.final) == ("completed", "human", 42.0, True)
    assert state.answered_check_in
    path = gw.fetch_recording(sid, tmp_path / "rec")
    assert path == tmp_path / "rec" / f"{sid}.wav"
    with wave.open(str(path)) as w:
        assert (w.getnchannels(), w.getframerate(), w.getsampwidth()) == (2, 8000, 2)
    assert path.read_bytes() == fake_twilio.media
    rec = fake_twilio.recordings[fake_twilio.calls[sid].recording_sid]
    assert not rec.deleted
    gw.delete_recording(sid)
    assert rec.deleted
    assert not list((tmp_path / "rec").glob("*.part"))


@pytest.mark.parametrize(
    ("behaviour", "status", "answered_by"),
    [("no-answer", "no_answer", None), ("busy", "busy", None), ("machine", "completed", "machine")],
)
def test_unanswered_outcomes_are_never_an_answered_check_in(fake_twilio, tmp_path, behaviour, status, answered_by):
    to = fake_twilio.script(f"+82101111{len(behaviour):04d}", behaviour)
    gw = gateway(fake_twilio)
    state = gw.wait(gw.place(request(to)), timeout_s=5)
    assert (state.status, state.answered_by, state.final) == (status, answered_by, True)
    assert not state.answered_check_in
    recording = gw.fetch_recording(state.sid, tmp_path)
    assert (recording is not None) == (behaviour == "machine")  # a machine still gets the prompts


def test_429_is_retried_and_the_call_placed_once(fake_twilio):
    to = fake_twilio.script("+821011110003", "429-then-success", times=2)
    gw = gateway(fake_twilio)
    sid = gw.place(request(to))
    assert [c.sid for c in fake_twilio.calls_to(to)] == [sid]
    creates = [p for _, m, p in fake_twilio.requests if m == "POST" and p.endswith("/Calls.json")]
    assert len(creates) == 3


def test_500_on_create_is_reconciled_not_redialled(fake_twilio, caplog):
    to = fake_twilio.script("+821011110004", "500-on-create")
    gw = gateway(fake_twilio)
    with caplog.at_level(logging.WARNING, logger="telephony"):
        sid = gw.place(request(to))
    assert [c.sid for c in fake_twilio.calls_to(to)] == [sid]  # exactly one call exists
    creates = [p for _, m, p in fake_twilio.requests if m == "POST" and p.endswith("/Calls.json")]
    assert len(creates) == 1
    assert "adopted it, not re-dialled" in caplog.text
    assert gw.wait(sid, timeout_s=5).status == "completed"


def test_timeout_on_create_is_reconciled_not_redialled(fake_twilio):
    to = fake_twilio.script("+821011110013", "timeout-on-create", delay_s=1.0)
    gw = gateway(fake_twilio, http_timeout_s=0.3)
    sid = gw.place(request(to))
    assert [c.sid for c in fake_twilio.calls_to(to)] == [sid]


def test_find_calls_lists_calls_to_that_number_since_then(fake_twilio):
    to = fake_twilio.script("+821011110005", "busy")
    gw = gateway(fake_twilio)
    sid = gw.place(request(to))
    since = datetime.now(UTC) - timedelta(minutes=1)
    assert [c.sid for c in gw.find_calls(to, since)] == [sid]
    assert gw.find_calls(to, datetime.now(UTC) + timedelta(minutes=1)) == []
    assert gw.find_calls("+821099999999", since) == []


def test_21211_is_a_permanent_failure_naming_the_number(fake_twilio):
    to = fake_twilio.script("+8210123", "invalid-number")
    with pytest.raises(PermanentCallError, match=r"\+8210123.*21211") as err:
        gateway(fake_twilio).place(request(to))
    assert err.value.code == 21211
    assert fake_twilio.calls_to(to) == []


def test_21215_asks_to_enable_korea_in_geo_permissions(fake_twilio):
    to = fake_twilio.script("+821011110006", "geo")
    with pytest.raises(TelephonyConfigError, match="Geo"):
        gateway(fake_twilio).place(request(to))


def test_20003_is_a_credentials_problem_and_never_shows_the_token(fake_twilio):
    wrong = "wrong-" + AUTH_TOKEN
    with pytest.raises(TelephonyConfigError, match="credentials") as err:
        gateway(fake_twilio, token=wrong).place(request("+821011110007"))
    assert err.value.exit_code == 3 and err.value.code == 20003
    assert wrong not in str(err.value) and AUTH_TOKEN not in repr(gateway(fake_twilio))


def test_recording_that_never_completes_is_kept_remotely_and_reported(fake_twilio, tmp_path):
    to = fake_twilio.script("+821011110008", "recording-never-completes")
    gw = gateway(fake_twilio, recording_wait_s=0.3)
    sid = gw.place(request(to))
    gw.wait(sid, timeout_s=5)
    with pytest.raises(RetryableCallError, match="still processing"):
        gw.fetch_recording(sid, tmp_path)
    assert not list(tmp_path.iterdir())
    assert not fake_twilio.recordings[fake_twilio.calls[sid].recording_sid].deleted


def test_truncated_download_is_retried_and_never_left_half_written(fake_twilio, tmp_path):
    to = fake_twilio.script("+821011110009", "truncated-download", truncate_times=1)
    gw = gateway(fake_twilio)
    sid = gw.place(request(to))
    gw.wait(sid, timeout_s=5)
    path = gw.fetch_recording(sid, tmp_path)
    assert path.read_bytes() == fake_twilio.media
    downloads = [p for _, _, p in fake_twilio.requests if p.startswith("/media/")]
    assert len(downloads) == 2


def test_always_truncated_download_fails_and_leaves_no_file(fake_twilio, tmp_path):
    to = fake_twilio.script("+821011110010", "truncated-download", truncate_times=99)
    gw = gateway(fake_twilio)
    sid = gw.place(request(to))
    gw.wait(sid, timeout_s=5)
    with pytest.raises(RetryableCallError, match="could not be downloaded whole"):
        gw.fetch_recording(sid, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_no_recording_when_the_household_did_not_consent(fake_twilio, tmp_path):
    to = fake_twilio.script("+821011110011", "answered")
    gw = gateway(fake_twilio)
    sid = gw.place(request(to, record=False))
    assert fake_twilio.calls[sid].params["Record"] == "false"
    assert "RecordingChannels" not in fake_twilio.calls[sid].params
    gw.wait(sid, timeout_s=5)
    assert gw.fetch_recording(sid, tmp_path) is None


def test_cancel_ends_a_ringing_call(fake_twilio):
    to = fake_twilio.script("+821011110012", "answered")
    gw = gateway(fake_twilio)
    sid = gw.place(request(to))
    gw.cancel(sid)
    assert gw.poll(sid).status == "canceled"


def test_check_account_proves_the_credentials(fake_twilio):
    assert "Fake district office" in gateway(fake_twilio).check_account()
