"""The scheme's validation: each kind of bad message refused with its own reason, and a flood of
random and malformed payloads (>= 1,000) through the real broker without one crash."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from care.devices.ingest import Ingestor
from care.devices.schema import REASONS, Reading, Rejection, payload_for, topic_for
from care.devices.settings import MqttSettings
from care.devices.subscriber import DeviceSubscriber
from storage.models import Device, DeviceDeadLetter, SensorReading
from storage.types import utcnow

from .helpers import make_household
from .test_mqtt import publish_all, publisher, wait_until

# ingest (COPY on PostgreSQL) and the rules' SQL also run on PostgreSQL
pytestmark = pytest.mark.postgresql_smoke

NOW = utcnow()
KST = timezone(timedelta(hours=9))


def _ok(ts=NOW, value=21.0, unit="C", **extra):
    return json.dumps({"ts": ts.isoformat(), "value": value, "unit": unit, **extra})


CASES = [
    ("anbu/v1/H000001/temperature1", _ok(), "bad_topic"),
    ("other/v1/H000001/temperature1/temperature", _ok(), "bad_topic"),
    ("anbu/v1//temperature1/temperature", _ok(), "bad_topic"),
    ("anbu/v2/H000001/temperature1/temperature", _ok(), "unknown_version"),
    ("anbu/v1/H999999/temperature1/temperature", _ok(), "unknown_household"),
    ("anbu/v1/H000001/nothing/temperature", _ok(), "unknown_device"),
    ("anbu/v1/H000001/temperature1/power", _ok(unit="W"), "unknown_metric"),
    ("anbu/v1/H000001/temperature1/temperature", b"\xff\xfe{", "bad_json"),
    ("anbu/v1/H000001/temperature1/temperature", "{'ts': 1}", "bad_json"),
    ("anbu/v1/H000001/temperature1/temperature", "[1, 2]", "not_object"),
    ("anbu/v1/H000001/temperature1/temperature", '"text"', "not_object"),
    ("anbu/v1/H000001/temperature1/temperature", json.dumps({"value": 1}), "missing_field"),
    ("anbu/v1/H000001/temperature1/temperature", json.dumps({"ts": NOW.isoformat()}), "missing_field"),
    ("anbu/v1/H000001/temperature1/temperature", _ok(value="21"), "wrong_type"),
    ("anbu/v1/H000001/temperature1/temperature", _ok(value=None), "wrong_type"),
    ("anbu/v1/H000001/temperature1/temperature", _ok(value=True), "wrong_type"),
    ("anbu/v1/H000001/temperature1/temperature", json.dumps({"ts": 1700000000, "value": 1}), "wrong_type"),
    ("anbu/v1/H000001/temperature1/temperature", _ok(value=float("nan")), "not_finite"),
    ("anbu/v1/H000001/temperature1/temperature", _ok().replace("21.0", "1e999"), "not_finite"),
    ("anbu/v1/H000001/temperature1/temperature", _ok(value=10**30), "out_of_range"),
    ("anbu/v1/H000001/temperature1/temperature", _ok(value=99.0), "out_of_range"),
    ("anbu/v1/H000001/door1/door", _ok(value=0.5, unit=""), "out_of_range"),
    ("anbu/v1/H000001/temperature1/temperature", _ok(unit="F"), "bad_unit"),
    ("anbu/v1/H000001/temperature1/temperature", _ok(ts=NOW.replace(tzinfo=None)), "bad_timestamp"),
    ("anbu/v1/H000001/temperature1/temperature", json.dumps({"ts": "yesterday", "value": 1}), "bad_timestamp"),
    ("anbu/v1/H000001/temperature1/temperature", _ok(ts=NOW + timedelta(hours=1)), "ts_future"),
    ("anbu/v1/H000001/temperature1/temperature", _ok(ts=NOW - timedelta(days=31)), "ts_past"),
    ("anbu/v1/H000001/temperature1/temperature", "{" + " " * 5000 + "}", "too_large"),
]


@pytest.fixture
def ingest(db):
    make_household(db, 1)
    return Ingestor(db, source="test", now=lambda: NOW)


@pytest.mark.parametrize("topic,payload,reason", CASES, ids=[c[2] + str(i) for i, c in enumerate(CASES)])
def test_each_bad_message_has_its_reason(ingest, topic, payload, reason):
    result = ingest.submit(topic, payload)
    assert isinstance(result, Rejection) and result.reason == reason, result
    ingest.flush()
    with ingest.db.session() as s:
        dead = s.scalars(select(DeviceDeadLetter)).one()
    assert dead.reason == reason and dead.topic == topic and dead.detail


def test_good_messages_in_every_offset_and_bool_form(ingest):
    kst = NOW.astimezone(KST)
    assert isinstance(ingest.submit(topic_for("H000001", "temperature1", "temperature"), payload_for(kst, 19.5, "°C")), Reading)
    assert isinstance(ingest.submit("anbu/v1/H000001/door1/door",
                                    json.dumps({"ts": NOW.isoformat().replace("+00:00", "Z"), "value": True})), Reading)
    r = ingest.submit("anbu/v1/H000001/robot1/interaction", payload_for(NOW, 42, "s", detail={"type": "touch"}))
    assert isinstance(r, Reading) and r.robot_event and r.detail == {"type": "touch"}
    ingest.flush()
    assert ingest.stats.accepted == 3 and not ingest.stats.rejected
    with ingest.db.session() as s:
        dev = s.scalars(select(Device).where(Device.ref == "temperature1")).one()
        assert dev.last_value == 19.5 and dev.last_seen_at == NOW  # stored in UTC, same instant
        reading = s.scalars(select(SensorReading).where(SensorReading.device_id == dev.id)).one()
        assert reading.ts == NOW and reading.unit == "C"  # the SQLite fast path reads back identical


def test_duplicates_in_a_batch_and_against_stored_rows(ingest):
    msg = (topic_for("H000001", "temperature1", "temperature"), payload_for(NOW, 20.0, "C"))
    assert isinstance(ingest.submit(*msg), Reading)
    assert ingest.submit(*msg).reason == "duplicate"
    ingest.flush()
    assert isinstance(ingest.submit(*msg), Reading)  # not in this batch's memory...
    other = (topic_for("H000001", "temperature1", "temperature"), payload_for(NOW - timedelta(minutes=1), 20.5, "C"))
    ingest.submit(*other)
    ingest.flush()  # ...but stored already: the batch is rewritten without it, the new one kept
    assert ingest.stats.accepted == 2 and ingest.stats.rejected == {"duplicate": 2}
    with ingest.db.session() as s:
        assert s.scalar(select(func.count()).select_from(SensorReading)) == 2
        assert sorted(s.scalars(select(DeviceDeadLetter.reason))) == ["duplicate", "duplicate"]


def _garbage(rng: random.Random, i: int) -> tuple[str, bytes]:
    """A malformed or refused message: random bytes, wrong shapes, wrong values, wrong topics."""
    topic = topic_for("H000001", rng.choice(["temperature1", "power1", "door1", "robot1", "ghost"]),
                      rng.choice(["temperature", "power", "door", "heartbeat", "sos", "battery", "x"]))
    pick = i % 12
    if pick == 0:
        return topic, rng.randbytes(rng.randint(0, 300))
    if pick == 1:
        return topic, json.dumps(rng.choice([[], {}, None, 3, "x", [{"ts": 1}], {"ts": None, "value": None}])).encode()
    if pick == 2:
        return topic, _ok(value=rng.choice([float("nan"), float("inf"), -float("inf")])).encode()
    if pick == 3:
        return topic, _ok(value=rng.choice(["1", [1], {"v": 1}, None])).encode()
    if pick == 4:
        return topic, _ok(ts=NOW + timedelta(days=rng.randint(1, 900))).encode()
    if pick == 5:
        return topic, json.dumps({"ts": rng.choice(["", "2026-13-45T99:00:00+09:00", "now", NOW.strftime("%Y-%m-%d %H:%M")]),
                                  "value": 1}).encode()
    if pick == 6:
        return f"anbu/{rng.choice(['v0', 'v9', 'V1'])}/H000001/power1/power", _ok(unit="W").encode()
    if pick == 7:
        return "anbu/" + "/".join(rng.choice(["anbu", "v1", "", "x", "H000001", "a b", "센서"])
                                  for _ in range(rng.randint(1, 8))), b"{}"
    if pick == 8:
        return "anbu/v1/H000001/temperature1/temperature", ("[" * rng.randint(600, 3000)).encode()
    if pick == 9:
        return "anbu/v1/H000001/temperature1/temperature", _ok(value=rng.uniform(81, 1e6)).encode()
    if pick == 10:
        return "anbu/v1/H000001/temperature1/temperature", json.dumps(
            {"ts": NOW.isoformat(), "value": 20.0, "unit": rng.choice(["K", "F", 3, None])}).encode()
    return "anbu/v1/H000001/temperature1/temperature", _ok(ts=NOW.replace(tzinfo=None) - timedelta(seconds=i)).encode()


def test_a_thousand_malformed_payloads_through_the_broker_never_crash_it(db, mosquitto_broker):
    make_household(db, 1)
    rng = random.Random(20261122)
    messages = [_garbage(rng, i) for i in range(1200)]
    sub = DeviceSubscriber(db, MqttSettings(host=mosquitto_broker.host, port=mosquitto_broker.port),
                           flush_interval_s=0.2, rules_interval_s=3600)
    sub.start()
    try:
        assert sub.subscribed.wait(10)
        pub = publisher(mosquitto_broker)
        try:
            publish_all(pub, messages)
            # after the flood the subscriber still takes good readings
            publish_all(pub, [(topic_for("H000001", "power1", "power"), payload_for(utcnow(), 12.0, "W"))])
        finally:
            pub.loop_stop()
            pub.disconnect()
        assert wait_until(lambda: sub.received == len(messages) + 1, timeout=30), sub.received
        assert sub.drain(30)
        stats = sub.ingest.stats
        assert stats.rejected_total == len(messages) and stats.accepted == 1, stats
        assert set(stats.rejected) <= set(REASONS) and len(stats.rejected) >= 10, stats.rejected
        assert sub._writer.is_alive()
    finally:
        sub.stop()
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(DeviceDeadLetter)) == len(messages)
        by_reason = dict(s.execute(select(DeviceDeadLetter.reason, func.count()).group_by(DeviceDeadLetter.reason)).all())
    assert by_reason == dict(stats.rejected)


def test_validator_never_raises_on_random_input(ingest):
    rng = random.Random(7)
    for i in range(2000):
        topic, payload = _garbage(rng, i)
        result = ingest.submit(topic, payload, now=datetime.now(UTC))
        assert isinstance(result, Rejection) and result.reason in REASONS


def test_one_transaction_per_batch_not_per_reading(db):
    from sqlalchemy import event

    make_household(db, 1)
    commits = []
    event.listen(db.engine, "commit", lambda conn: commits.append(1))
    ingest = Ingestor(db, source="test", batch_size=250, now=lambda: NOW)
    ingest.directory.reload()
    commits.clear()
    for i in range(1000):
        ts = NOW - timedelta(seconds=i)
        ingest.submit(topic_for("H000001", "power1", "power"), payload_for(ts, float(i % 90), "W"))
    ingest.flush()  # nothing left: 1000 is a multiple of 250
    assert ingest.stats.accepted == 1000 and ingest.stats.batches == 4
    assert len(commits) == 4
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(SensorReading)) == 1000
