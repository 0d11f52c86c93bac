"""`device add | retire | list` (issue 13): registering a device lets its readings in — through the
ingest's validation path and through a real broker — retiring it shuts them out again, and every
action is in the access log."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

import main
from care.devices.directory import DeviceDirectory
from care.devices.ingest import Ingestor
from care.devices.schema import Rejection, payload_for, topic_for
from care.devices.settings import MqttSettings
from care.devices.subscriber import DeviceSubscriber
from care.households.registry import HouseholdInput, create_household
from storage.models import AuditEvent, Device, SensorReading
from storage.types import utcnow

from .test_mqtt import publish_all, publisher, wait_until


@pytest.fixture
def house(db):
    hid = create_household(db, HouseholdInput(name="김영희", phone="010-1234-5678"), "tester")
    return db, hid, f"H{hid:06d}", db.url.removeprefix("sqlite:///")


def cli(capsys, *args: str) -> tuple[int, list[dict], str]:
    code = main.main(list(args))
    out = capsys.readouterr()
    return code, [json.loads(x) for x in out.out.splitlines()], out.err


class Clock:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


def test_add_lets_a_reading_in_and_retire_shuts_it_out(house, capsys):
    db, hid, ref, path = house
    clock = Clock()
    ingest = Ingestor(db, source="test", directory=DeviceDirectory(db, refresh_s=5, clock=clock))
    topic, now = topic_for(ref, "motion-2", "motion"), utcnow()
    refused = ingest.submit(topic, payload_for(now, 1))
    assert isinstance(refused, Rejection) and refused.reason == "unknown_device"

    code, (row,), _ = cli(capsys, "device", "add", "--household", ref, "--kind", "motion", "--ref", "motion-2",
                          "--note", "부엌 천장", "--db", path)
    assert code == 0 and (row["kind"], row["note"], row["active"]) == ("motion", "부엌 천장", True)
    assert row["topic"] == f"anbu/v1/{ref}/motion-2/<metric>"
    clock.t += 5  # the running ingest's directory refreshes on its next miss
    accepted = ingest.submit(topic, payload_for(now, 1))
    assert not isinstance(accepted, Rejection), accepted
    assert ingest.flush().accepted == 1

    code, (row,), _ = cli(capsys, "device", "retire", "--household", str(hid), "--ref", "motion-2", "--db", path)
    assert code == 0 and row["active"] is False
    fresh = Ingestor(db, source="test")
    assert fresh.submit(topic, payload_for(utcnow(), 1)).reason == "unknown_device"

    code, rows, _ = cli(capsys, "device", "list", "--household", ref, "--json", "--db", path)
    assert [(r["ref"], r["active"]) for r in rows] == [("motion-2", False)]
    with db.session() as s:
        actions = s.execute(select(AuditEvent.action, AuditEvent.entity)).all()
    assert ("create", "device") in actions and ("retire", "device") in actions and ("view", "household") in actions


def test_refusals_exit_2_with_a_reason(house, capsys):
    db, hid, ref, path = house
    assert cli(capsys, "device", "add", "--household", ref, "--kind", "motion", "--ref", "m1", "--db", path)[0] == 0
    for args, words in [(("add", "--household", ref, "--kind", "motion", "--ref", "m1"), "already registered"),
                        (("add", "--household", ref, "--kind", "door", "--ref", "a/b"), "MQTT"),
                        (("retire", "--household", ref, "--ref", "nope"), "no device"),
                        (("add", "--household", "H999999", "--kind", "door", "--ref", "d1"), "H999999")]:
        code, _, err = cli(capsys, "device", *args, "--db", path)
        assert code == 2 and words in err, (args, err)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Device)) == 1


def test_a_registered_device_reading_lands_through_a_real_broker(house, mosquitto_broker, capsys):
    db, hid, ref, path = house
    assert cli(capsys, "device", "add", "--household", ref, "--kind", "temperature", "--ref", "temp-kitchen",
               "--db", path)[0] == 0
    sub = DeviceSubscriber(db, MqttSettings(host=mosquitto_broker.host, port=mosquitto_broker.port),
                           flush_interval_s=0.1, rules_interval_s=3600, reconnect_delay=(1, 1))
    sub.start()
    try:
        assert sub.subscribed.wait(10), "never subscribed"
        client = publisher(mosquitto_broker)
        publish_all(client, [(topic_for(ref, "temp-kitchen", "temperature"), payload_for(utcnow(), 21.5, "C"))])
        client.loop_stop()
        client.disconnect()

        def landed() -> bool:
            with db.session() as s:
                return s.scalar(select(func.count()).select_from(SensorReading)) == 1

        assert wait_until(landed), "the reading never landed"
    finally:
        sub.stop()
