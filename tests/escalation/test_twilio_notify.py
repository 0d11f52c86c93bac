"""SMS and notification calls over the real twilio client against the fake Twilio server (every
request and response validated against Twilio's own OpenAPI description), and the escalation
engine on that line: ack by SMS reply, ack by keypad 1 in the call's recording, and a create whose
answer was lost (500 after the message was made) reconciled by listing — never sent twice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from care.checkins.runner.service import Runner
from care.checkins.runner.settings import RunnerClock, RunnerSettings
from storage.db import data_dir
from storage.models import EscalationStep, FlagEscalation
from telephony import sim_audio
from telephony.limiter import CallRateLimiter
from telephony.notify import NotifyCallRequest, SmsRequest
from telephony.twilio_gateway import TwilioGateway
from tests.escalation.helpers import DUTY_NIGHT, district, kst, raise_flag
from tests.fixtures.telephony import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER

NIGHT = kst("2026-11-24 19:30")
SERVICE = "MG" + "a" * 32


def gateway(fake, **kw) -> TwilioGateway:
    return TwilioGateway(ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, base_url=fake.base_url, limiter=CallRateLimiter(1000),
                         poll_first_s=0.001, poll_max_s=0.01, retry_first_s=0.001, recording_wait_s=1.0,
                         http_timeout_s=5, **kw)


def keypad_wav(key: str | None, tmp=None) -> bytes:
    """A dual-channel 8 kHz recording like Twilio's: the prompt on one channel, the callee's key
    (or silence) on the other."""
    rate = sim_audio.RATE
    resident, prompts = np.zeros(rate * 3), np.zeros(rate * 3)
    prompts[: rate] = sim_audio.prompt_sound(1.0, np.random.default_rng(1))[: rate]
    if key:
        tone = sim_audio.dtmf_tone(key)
        resident[int(1.5 * rate): int(1.5 * rate) + len(tone)] = tone
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "rec.wav"
        sim_audio.write_wav(path, resident, prompts)
        return path.read_bytes()


def test_sms_with_messaging_service_and_from_number_then_listed(fake_twilio):
    gw = gateway(fake_twilio, messaging_service_sid=SERVICE)
    sid = gw.send_sms(SmsRequest(DUTY_NIGHT, "[안부] 알림 BCDF", 1, 1))
    assert fake_twilio.messages[sid].messaging_service_sid == SERVICE
    sid2 = gateway(fake_twilio).send_sms(SmsRequest(DUTY_NIGHT, "[안부] 알림 GHJK", 1, 2))
    assert fake_twilio.messages[sid2].from_ == FROM_NUMBER
    fake_twilio.receive_sms(DUTY_NIGHT, "1 BCDF")
    listed = gw.list_messages(since=datetime.now(UTC) - timedelta(minutes=5))
    assert {(m.direction, m.body) for m in listed} == {("outbound", "[안부] 알림 BCDF"), ("outbound", "[안부] 알림 GHJK"),
                                                       ("inbound", "1 BCDF")}
    assert [m.sid for m in gw.list_messages(since=datetime.now(UTC) - timedelta(minutes=5), to=DUTY_NIGHT)] == [sid2, sid]
    assert gw._client.messages(sid).fetch().body == "[안부] 알림 BCDF"  # the fetch route, spec-checked too


def test_notification_call_keypad_read_from_the_recording(fake_twilio, tmp_path):
    from care.escalation.keypad import read_keypad

    fake_twilio.media = keypad_wav("1")
    fake_twilio.fast_forward = True
    gw = gateway(fake_twilio)
    sid = gw.place_notification(NotifyCallRequest(DUTY_NIGHT, "<Response><Say>1</Say><Pause length=\"6\"/></Response>", 3, 2))
    assert gw.wait(sid, timeout_s=5).status == "completed"
    assert read_keypad(gw, sid, tmp_path) == "1"
    assert not list((tmp_path / "notify").glob("*.wav"))  # read, then destroyed here ...
    assert all(r.deleted for r in fake_twilio.recordings.values())  # ... and at the carrier


@pytest.fixture
def runners(db):
    made = []

    def make(gw, when) -> Runner:
        runner = Runner(db, gw, clock=RunnerClock(when), settings=RunnerSettings(),
                        recordings_dir=data_dir() / "recordings")
        runner.start()
        made.append(runner)
        return runner

    yield make
    for runner in made:
        runner.shutdown()


def escalation(db, flag_id):
    with db.session() as s:
        esc = s.get(FlagEscalation, flag_id)
        s.expunge(esc)
        return esc


def test_engine_on_twilio_ack_by_sms_reply(db, fake_twilio, runners):
    hid = district(db)
    fake_twilio.fast_forward = True
    fake_twilio.script(DUTY_NIGHT, "no-answer")
    runner = runners(gateway(fake_twilio), NIGHT)
    flag = raise_flag(db, hid, at=NIGHT)
    runner.tick()
    assert len(fake_twilio.messages_to(DUTY_NIGHT)) == 1 and len(fake_twilio.calls_to(DUTY_NIGHT)) == 1
    code = escalation(db, flag).code
    assert code in fake_twilio.messages_to(DUTY_NIGHT)[0].body
    fake_twilio.receive_sms(DUTY_NIGHT, f"1 {code}")
    runner.tick()
    esc = escalation(db, flag)
    assert (esc.state, esc.ack_channel, esc.acknowledged_by) == ("acknowledged", "sms", "kim")
    runner.clock.advance(minutes=30)
    runner.tick()
    assert len(fake_twilio.messages_to(DUTY_NIGHT)) == 1 and len(fake_twilio.calls_to(DUTY_NIGHT)) == 1


def test_engine_on_twilio_ack_by_keypad_1(db, fake_twilio, runners):
    hid = district(db)
    fake_twilio.fast_forward = True
    fake_twilio.media = keypad_wav("1")
    runner = runners(gateway(fake_twilio), NIGHT)
    flag = raise_flag(db, hid, at=NIGHT)
    runner.tick()
    runner.tick()
    esc = escalation(db, flag)
    assert (esc.state, esc.ack_channel, esc.acknowledged_by) == ("acknowledged", "keypad", "kim")


def test_engine_on_twilio_machine_answered_call_is_not_an_ack(db, fake_twilio, runners):
    hid = district(db)
    fake_twilio.fast_forward = True
    fake_twilio.media = keypad_wav("1")  # a machine's recording is never read for a key
    fake_twilio.script(DUTY_NIGHT, "machine")
    runner = runners(gateway(fake_twilio), NIGHT)
    flag = raise_flag(db, hid, at=NIGHT)
    runner.tick()
    runner.tick()
    assert escalation(db, flag).state == "active"
    with db.session() as s:
        call = s.query(EscalationStep).filter_by(flag_id=flag, kind="notify_call").one()
        assert call.status == "machine"
    twiml = fake_twilio.calls_to(DUTY_NIGHT)[0].params["Twiml"]
    assert "김순자" not in twiml and "H000001" not in twiml and "SOS" not in twiml


def test_engine_on_twilio_lost_answer_is_reconciled_not_resent(db, fake_twilio, runners):
    hid = district(db)
    fake_twilio.fast_forward = True
    fake_twilio.script(DUTY_NIGHT, "sms-500-on-create")  # the message is made, the answer says 500
    runner = runners(gateway(fake_twilio), NIGHT)
    flag = raise_flag(db, hid, at=NIGHT)
    runner.tick()
    with db.session() as s:
        sms = s.query(EscalationStep).filter_by(flag_id=flag, kind="sms").one()
        assert sms.status == "committed" and "may have been sent" in sms.error
    runner.tick()
    assert len(fake_twilio.messages_to(DUTY_NIGHT)) == 1
    with db.session() as s:
        sms = s.query(EscalationStep).filter_by(flag_id=flag, kind="sms").one()
        assert sms.status == "sent" and sms.provider_sid == fake_twilio.messages_to(DUTY_NIGHT)[0].sid
