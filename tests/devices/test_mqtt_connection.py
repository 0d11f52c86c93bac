"""Connection settings (issue 11 item 12, item 13's `--report 0`): TLS with a CA file and a client
certificate against a real mosquitto, retained messages dead-lettered once, not at every
reconnect, the settings saved validated and audited, the password guard, simulate-devices with a
user and password."""

from __future__ import annotations

import json
import subprocess
from datetime import timedelta
from pathlib import Path

import keyring
import pytest
from sqlalchemy import func, select

import main
from care import settings
from care.devices import mqtt_config
from care.devices.schema import payload_for, topic_for
from care.devices.settings import MqttSettings
from care.devices.subscriber import DeviceSubscriber
from care.errors import ConfigurationError
from storage.credentials import ALLOW_ALT_KEYRING
from storage.models import AuditEvent, DeviceDeadLetter, SensorReading
from storage.types import utcnow
from tests.fixtures.devices import MosquittoBroker, mosquitto_executable

from .helpers import make_household
from .test_mqtt import publish_all, publisher, wait_until


def run_main(argv: list[str]) -> int:
    """main.main's exit code; argparse refuses a bad flag by SystemExit (cli/_numbers.py)."""
    try:
        return main.main(argv)
    except SystemExit as exc:
        return int(exc.code or 0)


def count(db, model) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def _certificates(d: Path) -> None:
    """A CA, a server certificate for 127.0.0.1 and a client certificate, all signed by the CA."""
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
             "-days", "2", "-subj", "/CN=anbu-test-ca", cwd=d)
    (d / "san.cnf").write_text("subjectAltName=IP:127.0.0.1\n")
    for name, cn in (("server", "127.0.0.1"), ("client", "anbu-ingest")):
        _openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{name}.key", "-out", f"{name}.csr",
                 "-subj", f"/CN={cn}", cwd=d)
        _openssl("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                 "-out", f"{name}.crt", "-days", "2", *(["-extfile", "san.cnf"] if name == "server" else []), cwd=d)


def test_tls_with_a_ca_file_and_a_client_certificate(db, tmp_path):
    (_, ref), = make_household(db, 1)
    _certificates(tmp_path)
    broker = MosquittoBroker(mosquitto_executable(), tmp_path)
    broker.conf.write_text(
        broker.conf.read_text()
        + f"cafile {tmp_path / 'ca.crt'}\ncertfile {tmp_path / 'server.crt'}\nkeyfile {tmp_path / 'server.key'}\n"
        "require_certificate true\n")
    broker.start()
    settings = MqttSettings(host="127.0.0.1", port=broker.port, tls=True, tls_ca=str(tmp_path / "ca.crt"),
                            tls_cert=str(tmp_path / "client.crt"), tls_key=str(tmp_path / "client.key"))
    sub = DeviceSubscriber(db, settings, flush_interval_s=0.1, rules_interval_s=3600)
    sub.start()
    try:
        assert sub.subscribed.wait(15), sub.last_refusal
        code = main.main(["simulate-devices", "--db", db.url, "--broker", broker.address, "--tls-ca",
                          str(tmp_path / "ca.crt"), "--tls-cert", str(tmp_path / "client.crt"), "--tls-key",
                          str(tmp_path / "client.key"), "--households", "1", "--hours-back", "1",
                          "--speed", "100000", "--until-present"])
        assert code == 0
        assert wait_until(lambda: count(db, SensorReading) > 0, 15)
    finally:
        sub.stop()
        broker.stop()
    # without the client certificate the broker refuses the handshake: nothing subscribes
    no_cert = DeviceSubscriber(db, MqttSettings(host="127.0.0.1", port=broker.port, tls=True,
                                                tls_ca=str(tmp_path / "ca.crt")), reconnect_delay=(1, 1))
    broker.start()
    no_cert.start()
    try:
        assert not no_cert.subscribed.wait(2)
    finally:
        no_cert.stop()
        broker.stop()


def test_retained_messages_are_dead_lettered_once_not_at_every_reconnect(db, mosquitto_broker):
    (_, ref), = make_household(db, 1)
    now = utcnow()
    pub = publisher(mosquitto_broker)
    try:  # a gateway that leaves its last (bad and good) message retained
        for topic, payload in ((topic_for(ref, "power1", "power"), b"{broken"),
                               (topic_for(ref, "temperature1", "temperature"), payload_for(now, 21, "C"))):
            pub.publish(topic, payload, qos=1, retain=True).wait_for_publish(5)
    finally:
        pub.loop_stop()
        pub.disconnect()

    def run_subscriber(client_id: str, marker_minutes: int) -> int:
        """Connect, wait for a fresh (not retained) marker reading, stop; returns messages received."""
        sub = DeviceSubscriber(db, MqttSettings(host=mosquitto_broker.host, port=mosquitto_broker.port,
                                                client_id=client_id),
                               flush_interval_s=0.1, rules_interval_s=3600, reconnect_delay=(1, 1))
        sub.start()
        try:
            assert sub.subscribed.wait(10)
            p = publisher(mosquitto_broker)
            publish_all(p, [(topic_for(ref, "power1", "power"), payload_for(now.replace(microsecond=0)
                                                                           - timedelta(minutes=marker_minutes), 5, "W"))])
            p.loop_stop()
            p.disconnect()
            assert wait_until(lambda: count(db, SensorReading) == 1 + marker_minutes and sub.drain(1))
            return sub.received
        finally:
            sub.stop()

    assert run_subscriber("anbu-ingest-a", 1) == 3  # 2 retained + the marker
    assert run_subscriber("anbu-ingest-a", 2) == 1  # session resumed: retained not sent again
    assert run_subscriber("anbu-ingest-b", 3) == 3  # a new session gets them again ...
    with db.session() as s:  # ... but they are no news: one dead letter, one stored reading
        assert [d.reason for d in s.scalars(select(DeviceDeadLetter))] == ["bad_json"]
    assert count(db, SensorReading) == 4


def test_report_zero_and_bad_flags_are_refused_before_anything_starts(db, capsys):
    for argv in (["--report", "0"], ["--report", "nan"], ["--report", "-1"], ["--port", "70000"],
                 ["--tls-ca", "/nonexistent/ca.crt"], ["--tls-key", "/etc/hostname"]):
        code = run_main(["ingest", "--db", db.url, *argv])
        err = capsys.readouterr().err
        assert code != 0 and "Traceback" not in err, (argv, err)
    assert "--report" in err or "tls" in err.lower()


def test_settings_are_validated_saved_and_audited(db, tmp_path):
    ca = tmp_path / "ca.crt"
    ca.write_text("x")
    with db.session() as s:
        settings.update(s, MqttSettings, actor="tester", host="broker.local", port=8883, username="anbu", tls_ca=str(ca))
    with db.session() as s:
        saved = settings.load(s, MqttSettings)
        audit = s.scalars(select(AuditEvent).where(AuditEvent.entity == "app_setting")).all()
    assert (saved.host, saved.port, saved.username, saved.tls, saved.tls_ca) == ("broker.local", 8883, "anbu", True, str(ca))
    assert audit[-1].detail == {"key": "devices.mqtt", "changed": ["host", "port", "tls", "tls_ca", "username"]}
    for bad in ({"port": 0}, {"host": "two words"}, {"tls_cert": str(tmp_path / "missing.pem")},
                {"tls_key": str(ca)}, {"password": "x"}):
        with pytest.raises(ConfigurationError), db.session() as s:
            settings.update(s, MqttSettings, actor="tester", **bad)
    code = run_main(["ingest", "--db", db.url, "--port", "1884", "--username", "other", "--save", "--report", "0"])
    assert code != 0  # refused before saving anything
    with db.session() as s:
        assert settings.load(s, MqttSettings).port == 8883


def test_password_guard_refuses_a_file_keyring(monkeypatch):
    from keyrings.alt.file import PlaintextKeyring

    monkeypatch.delenv(ALLOW_ALT_KEYRING, raising=False)
    monkeypatch.delenv(mqtt_config.ENV_PASSWORD, raising=False)
    monkeypatch.setattr(keyring, "get_keyring", lambda: PlaintextKeyring())
    assert mqtt_config.keyring_backend()[0] is False
    assert mqtt_config.mqtt_password("anbu") is None  # never read from a plain file
    with pytest.raises(ConfigurationError, match="ANBU_MQTT_PASSWORD"):
        mqtt_config.store_password("anbu", "pw")
    monkeypatch.setenv(mqtt_config.ENV_PASSWORD, "from-env")
    assert mqtt_config.mqtt_password("anbu") == "from-env"


def test_simulate_devices_logs_in_with_user_and_password(db, tmp_path_factory, monkeypatch, capsys):
    make_household(db, 1)
    broker = MosquittoBroker(mosquitto_executable(), tmp_path_factory.mktemp("auth"), shipped=True)
    broker.add_user("sim", "sim-pass")
    broker.start()
    try:
        args = ["simulate-devices", "--db", db.url, "--broker", broker.address, "--username", "sim",
                "--households", "1", "--hours-back", "1", "--speed", "100000", "--until-present"]
        monkeypatch.setenv(mqtt_config.ENV_PASSWORD, "wrong")
        assert main.main(args) != 0
        err = capsys.readouterr().err
        assert "sim" in err and "keyring" in err and "Traceback" not in err
        monkeypatch.setenv(mqtt_config.ENV_PASSWORD, "sim-pass")
        assert main.main(args) == 0
        assert json.loads(capsys.readouterr().out)["published"] > 0
    finally:
        broker.stop()
