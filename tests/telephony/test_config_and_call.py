"""Line configuration (settings + OS keyring + env) and the `call` command end to end."""

from __future__ import annotations

import json
import logging

import keyring
import pytest
from keyring.backends import fail

import main
from care.checkins.line import (
    TelephonySettings,
    check_connection,
    gateway_from_settings,
    get_auth_token,
    line_status,
    load_settings,
    save_settings,
    store_auth_token,
)
from care.errors import ConfigurationError
from storage.models import AppSetting, AuditEvent, Household
from telephony.errors import TelephonyConfigError
from telephony.simulated import SimulatedGateway
from telephony.twilio_gateway import TwilioGateway
from tests.fixtures.telephony import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER


@pytest.fixture
def no_twilio_env(monkeypatch):
    for name in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "ANBU_TWILIO_FROM", "ANBU_SIM_CLIPS", "ANBU_SIM_LEDGER"):
        monkeypatch.delenv(name, raising=False)


def add_household(db, phone: str, *, consent: bool = True, name: str = "김순자") -> int:
    with db.session() as s:
        h = Household(name=name, phone=phone, consent_recording=consent)
        s.add(h)
        s.flush()
        return h.id


def configure_twilio(db, fake) -> None:
    save_settings(db, TelephonySettings(account_sid=ACCOUNT_SID, from_number=FROM_NUMBER,
                                        office_number="02-123-4567", calls_per_second=50), actor="test")
    store_auth_token(ACCOUNT_SID, AUTH_TOKEN)


def run_call(capsys, db, household_id, *extra) -> tuple[int, dict | None, str]:
    code = main.main(["call", "--household", str(household_id), "--db", db.url, *extra])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else None), err


def test_settings_round_trip_validated_and_audited(db, no_twilio_env):
    assert load_settings(db) == TelephonySettings()
    saved = save_settings(db, TelephonySettings(account_sid=ACCOUNT_SID, from_number="+1 500-555-0006",
                                                office_number="02-123-4567", voice="Polly.Seoyeon"), actor="kim")
    assert saved.from_number == "+15005550006" and saved.office_number == "+8221234567"
    assert load_settings(db) == saved
    with db.session() as s:
        audit = s.query(AuditEvent).filter_by(entity="app_setting").one()
        assert audit.actor == "kim" and "account_sid" in audit.detail["changed"]
    with pytest.raises(ConfigurationError, match="AC followed by 32"):
        save_settings(db, TelephonySettings(account_sid="AC123"), actor="kim")
    with pytest.raises(ConfigurationError, match="office call-back number"):
        save_settings(db, TelephonySettings(office_number="hello"), actor="kim")


def test_nothing_configured_means_the_simulated_line(db, no_twilio_env):
    gateway = gateway_from_settings(db)
    assert isinstance(gateway, SimulatedGateway) and gateway.name == "simulated"
    assert line_status(db).kind == "simulated" and "simulated" in line_status(db).detail


def test_half_configured_twilio_is_an_error_not_a_silent_simulation(db, no_twilio_env, file_keyring):
    save_settings(db, TelephonySettings(account_sid=ACCOUNT_SID, from_number=FROM_NUMBER), actor="t")
    with pytest.raises(TelephonyConfigError, match="auth token") as err:
        gateway_from_settings(db)
    assert err.value.exit_code == 3
    assert isinstance(gateway_from_settings(db, simulated=True), SimulatedGateway)


def test_token_lives_only_in_the_keyring_never_in_db_settings_or_logs(
        db, no_twilio_env, file_keyring, fake_twilio, caplog, tmp_path, capsys, _isolated_data_dir):
    caplog.set_level(logging.DEBUG)
    configure_twilio(db, fake_twilio)
    assert get_auth_token(ACCOUNT_SID) == (AUTH_TOKEN, "keyring")
    gateway = gateway_from_settings(db)
    assert isinstance(gateway, TwilioGateway) and gateway.base_url == fake_twilio.base_url
    assert AUTH_TOKEN not in repr(gateway)
    assert "Fake district office" in check_connection(ACCOUNT_SID)
    fake_twilio.fast_forward = True
    hh = add_household(db, fake_twilio.script("+821022220001", "answered"))
    code, result, err = run_call(capsys, db, hh)
    assert code == 0 and result["status"] == "completed"
    with db.session() as s:
        values = [row.value for row in s.query(AppSetting)] + [row.detail for row in s.query(AuditEvent)]
    assert AUTH_TOKEN not in json.dumps(values, ensure_ascii=False)
    db.dispose()
    files = [p for p in (tmp_path.rglob("*")) if p.is_file() and "keyring" not in p.parts]
    files += [p for p in _isolated_data_dir.rglob("*") if p.is_file()]
    assert files and not [p for p in files if AUTH_TOKEN.encode() in p.read_bytes()]
    assert AUTH_TOKEN not in caplog.text and AUTH_TOKEN not in err
    assert "twilio.http_client" in {r.name for r in caplog.records}  # the client did log, just not the token


def test_without_a_usable_keyring_the_token_comes_from_the_environment_only(db, no_twilio_env, monkeypatch):
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        with pytest.raises(ConfigurationError, match="TWILIO_AUTH_TOKEN"):
            store_auth_token(ACCOUNT_SID, AUTH_TOKEN)
        assert get_auth_token(ACCOUNT_SID) == (None, "missing")
        monkeypatch.setenv("TWILIO_AUTH_TOKEN", AUTH_TOKEN)
        assert get_auth_token(ACCOUNT_SID) == (AUTH_TOKEN, "env")
    finally:
        keyring.set_keyring(previous)


def test_env_configures_a_headless_pc(db, no_twilio_env, fake_twilio, monkeypatch):
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", ACCOUNT_SID)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", AUTH_TOKEN)
    monkeypatch.setenv("ANBU_TWILIO_FROM", FROM_NUMBER)
    gateway = gateway_from_settings(db)
    assert isinstance(gateway, TwilioGateway) and gateway.from_number == FROM_NUMBER
    status = line_status(db)
    assert (status.kind, status.token_source, status.base_url) == ("twilio", "env", fake_twilio.base_url)


def test_check_connection_with_a_wrong_token_is_a_credentials_error(no_twilio_env, fake_twilio):
    with pytest.raises(TelephonyConfigError, match="credentials"):
        check_connection(ACCOUNT_SID, "not-the-token")


def test_call_command_on_the_simulated_line(db, no_twilio_env, capsys, _isolated_data_dir, monkeypatch, tmp_path):
    ledger = tmp_path / "ledger.jsonl"
    monkeypatch.setenv("ANBU_SIM_LEDGER", str(ledger))
    hh = add_household(db, "+821033330001")
    code, result, err = run_call(capsys, db, hh)
    assert code == 0
    assert list(result)[:6] == ["household_id", "status", "answered_by", "duration_s", "recording", "error"]
    assert result["household_id"] == hh and result["line"] == "simulated" and "simulated line" in err
    assert "office call-back number is not set" in err
    assert result["answered_check_in"] == (result["status"] == "completed" and result["answered_by"] == "human")
    if result["recording"]:
        assert result["recording"].startswith(str(_isolated_data_dir / "recordings"))
    assert len(ledger.read_text().splitlines()) == 1


def test_call_command_over_twilio_answered_busy_machine(db, no_twilio_env, file_keyring, fake_twilio, capsys,
                                                        _isolated_data_dir):
    configure_twilio(db, fake_twilio)
    fake_twilio.fast_forward = True
    answered = add_household(db, fake_twilio.script("+821044440001", "answered"))
    code, result, err = run_call(capsys, db, answered)
    assert code == 0 and err == ""
    assert (result["status"], result["answered_by"], result["answered_check_in"], result["line"]) == (
        "completed", "human", True, "twilio")
    assert result["recording"] and result["error"] is None
    with open(result["recording"], "rb") as fh:
        assert fh.read() == fake_twilio.media
    call = fake_twilio.calls_to("+821044440001")[0]
    assert fake_twilio.recordings[call.recording_sid].deleted  # remote copy deleted after download
    assert "0 2, 1 2 3, 4 5 6 7" in call.params["Twiml"] and "김순자" in call.params["Twiml"]

    busy = add_household(db, fake_twilio.script("+821044440002", "busy"), name="박")
    code, result, _ = run_call(capsys, db, busy)
    assert code == 0 and (result["status"], result["recording"], result["answered_check_in"]) == ("busy", None, False)

    machine = add_household(db, fake_twilio.script("+821044440003", "machine"), name="이")
    code, result, _ = run_call(capsys, db, machine)
    assert code == 0 and (result["answered_by"], result["answered_check_in"]) == ("machine", False)

    unconsented = add_household(db, fake_twilio.script("+821044440004", "answered"), consent=False, name="최")
    code, result, err = run_call(capsys, db, unconsented)
    assert code == 0 and result["recording"] is None and "no recording consent" in err
    assert fake_twilio.calls_to("+821044440004")[0].params["Record"] == "false"


def test_call_command_errors(db, no_twilio_env, file_keyring, fake_twilio, capsys, monkeypatch):
    configure_twilio(db, fake_twilio)
    bad = add_household(db, fake_twilio.script("+8210999", "invalid-number"))
    code, result, _ = run_call(capsys, db, bad)
    assert code == 2 and result["status"] == "failed" and "+8210999" in result["error"]
    code, result, err = run_call(capsys, db, 12345)
    assert code == 2 and result is None and "no household '12345'" in err
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", "wrong")  # env overrides the keyring
    code, result, err = run_call(capsys, db, bad)
    assert code == 3 and result is None and err.startswith("anbu: Twilio rejected the credentials"), err


def test_call_command_survives_a_429_on_the_recordings_list(db, no_twilio_env, file_keyring, fake_twilio, capsys):
    """It used to end in a TwilioException traceback: exit 1, no audit row, recording left at Twilio."""
    configure_twilio(db, fake_twilio)
    fake_twilio.fast_forward = True
    hh = add_household(db, fake_twilio.script("+821044440011", "answered"))
    fake_twilio.fail_lists("recordings", 429)
    code, result, err = run_call(capsys, db, hh)
    assert code == 0 and result["status"] == "completed" and result["recording"] and result["error"] is None
    call = fake_twilio.calls_to("+821044440011")[0]
    assert fake_twilio.recordings[call.recording_sid].deleted
    with db.session() as s:
        audit = s.query(AuditEvent).filter_by(action="call", entity_id=hh).one()
    assert audit.detail["sid"] == call.sid


def test_call_command_never_gives_an_english_script_the_korean_voice(db, no_twilio_env, file_keyring, fake_twilio,
                                                                    capsys):
    configure_twilio(db, fake_twilio)
    save_settings(db, TelephonySettings(account_sid=ACCOUNT_SID, from_number=FROM_NUMBER,
                                        voice="Google.ko-KR-Wavenet-A", calls_per_second=50), actor="t")
    fake_twilio.fast_forward = True
    hh = add_household(db, fake_twilio.script("+821044440012", "busy"), name="Jane")
    with db.session() as s:
        s.get(Household, hh).language = "en"
    run_call(capsys, db, hh)
    twiml = fake_twilio.calls_to("+821044440012")[0].params["Twiml"]
    assert 'language="en-US"' in twiml and "ko-KR" not in twiml
    save_settings(db, TelephonySettings(account_sid=ACCOUNT_SID, from_number=FROM_NUMBER, voice="Google.ko-KR-Wavenet-A",
                                        voice_en="Polly.Joanna", calls_per_second=50), actor="t")
    run_call(capsys, db, hh)
    assert 'voice="Polly.Joanna"' in fake_twilio.calls_to("+821044440012")[0].params["Twiml"] + \
        fake_twilio.calls_to("+821044440012")[-1].params["Twiml"]
