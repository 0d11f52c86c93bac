"""One message the database cannot store must not stop the ingest (issue 11 item 1): validation
refuses unstorable strings, a batch the database refuses is split until the offender stands alone,
alarms are written and evaluated first, dead letters store escaped, and a file import goes on."""

from __future__ import annotations

import json
import random
from datetime import timedelta

from sqlalchemy import func, select

import main
from care.devices import rules
from care.devices.ingest import Ingestor
from care.devices.schema import Reading, Rejection, payload_for, topic_for
from care.devices.settings import MqttSettings
from care.devices.subscriber import DeviceSubscriber
from storage.models import DeviceDeadLetter, RiskFlag, RobotEvent, SensorReading
from storage.types import utcnow

from .helpers import make_household
from .test_mqtt import publish_all, publisher, wait_until


def raw(obj: dict) -> str:
    """JSON text where "@D800@"/"@DC80@"/"@DFFF@" become lone-surrogate escapes, as a sender writes them."""
    text = json.dumps(obj)
    for mark in ("D800", "DC80", "DFFF"):
        text = text.replace(f"@{mark}@", f"\\u{mark.lower()}")
    return text


def _count(db, model) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_unstorable_strings_are_refused_as_bad_text_and_the_dead_letter_is_escaped(db):
    (_, ref), = make_household(db, 1)
    now = utcnow()
    ingest = Ingestor(db, source="test")
    cases = [
        (topic_for(ref, "robot1", "interaction"), raw({"ts": now.isoformat(), "value": 30, "unit": "s", "detail": {"x": "@D800@"}})),
        (topic_for(ref, "robot1", "interaction"), json.dumps({"ts": now.isoformat(), "value": 3, "unit": "s",
                                                              "detail": {"a\u0000": 1}})),
        (topic_for(ref, "temperature1", "temperature"), json.dumps({"ts": now.isoformat(), "value": 3,
                                                                    "unit": "C\u0000"})),
        (topic_for(ref, "robot1", "interaction"), raw({"ts": now.isoformat(), "value": 3, "unit": "s", "detail": ["@DFFF@"]})),
        (topic_for(ref, "robot1\ud800", "interaction"), payload_for(now, 3, "s")),
    ]
    for topic, payload in cases:
        result = ingest.submit(topic, payload)
        assert isinstance(result, Rejection) and result.reason == "bad_text", (topic, payload, result)
    ingest.flush()
    with db.session() as s:
        letters = s.scalars(select(DeviceDeadLetter)).all()
    assert len(letters) == len(cases) and {d.reason for d in letters} == {"bad_text"}
    assert any("\\ud800" in d.payload for d in letters)  # kept, visibly escaped
    assert all("\x00" not in (d.payload + d.topic) for d in letters)


def test_a_batch_the_database_refuses_is_split_and_the_alarm_beside_it_raises_a_flag(db):
    """Defence in depth: a reading that passed validation but that the database refuses (here
    planted past the validator) is dead-lettered alone; every other row and the smoke alarm land."""
    (hid, ref), = make_household(db, 1)
    now = utcnow().replace(microsecond=0)
    def on_batch(result) -> None:
        if result.urgent_households:
            with db.session() as s:
                rules.evaluate(s, now, result.urgent_households)

    ingest = Ingestor(db, source="test", batch_size=10_000, on_batch=on_batch)
    for i in range(40):
        ingest.submit(topic_for(ref, "temperature1", "temperature"), payload_for(now - timedelta(minutes=i + 1), 20, "C"))
    good = ingest.submit(topic_for(ref, "robot1", "interaction"), payload_for(now - timedelta(seconds=5), 30, "s"))
    poison = Reading(good.device_id, hid, "robot", "interaction", now - timedelta(seconds=2), 30.0, "s", True,
                     {"x": "\ud800"})
    ingest._readings[(poison.device_id, poison.metric, poison.ts, True)] = poison
    ingest.submit(topic_for(ref, "smoke1", "smoke"), payload_for(now - timedelta(seconds=1), True))
    result = ingest.flush()  # must not raise, must not keep the batch
    assert not ingest.has_buffered()
    assert result.rejected == {"storage_refused": 1}
    assert _count(db, SensorReading) == 41 and _count(db, RobotEvent) == 1
    with db.session() as s:
        letter = s.scalars(select(DeviceDeadLetter)).one()
        flag = s.scalars(select(RiskFlag)).one()
    assert letter.reason == "storage_refused" and "\\ud800" in letter.payload
    assert (flag.category, flag.severity, flag.evidence["device"]) == ("emergency", "high", "smoke1")


def test_the_issue_payload_then_smoke_over_mqtt(db, mosquitto_broker):
    (_, ref), = make_household(db, 1)
    sub = DeviceSubscriber(db, MqttSettings(host=mosquitto_broker.host, port=mosquitto_broker.port),
                           flush_interval_s=0.1, rules_interval_s=3600)
    sub.start()
    try:
        assert sub.subscribed.wait(10)
        now = utcnow()
        pub = publisher(mosquitto_broker)
        try:
            publish_all(pub, [(topic_for(ref, "robot1", "interaction"), raw({"ts": now.isoformat(), "value": 30, "unit": "s", "detail": {"x": "@D800@"}}).encode()),
                              (topic_for(ref, "temperature1", "temperature"), payload_for(now, 21, "C")),
                              (topic_for(ref, "smoke1", "smoke"), payload_for(now + timedelta(seconds=1), True))])
        finally:
            pub.loop_stop()
            pub.disconnect()
        assert wait_until(lambda: _count(db, RiskFlag) == 1, 10), sub.ingest.stats
        assert wait_until(lambda: sub.ingest.stats.accepted == 2 and sub.ingest.stats.rejected == {"bad_text": 1})
    finally:
        sub.stop()
    assert _count(db, SensorReading) == 2 and _count(db, DeviceDeadLetter) == 1


def test_import_goes_on_past_a_lone_surrogate(db, tmp_path, capsys):
    (_, ref), = make_household(db, 1)
    now = utcnow().replace(microsecond=0)
    f = tmp_path / "vendor.jsonl"
    f.write_text("\n".join([
        json.dumps({"topic": topic_for(ref, "temperature1", "temperature"), "ts": now.isoformat(), "value": 20, "unit": "C"}),
        raw({"topic": topic_for(ref, "robot1", "interaction"), "ts": now.isoformat(), "value": 30, "unit": "s",
             "detail": {"x": "@D800@"}}),
        raw({"topic": topic_for(ref, "power1", "power") + "@DC80@", "ts": now.isoformat(), "value": 1, "unit": "W"}),
        json.dumps({"topic": topic_for(ref, "power1", "power"), "ts": now.isoformat(), "value": 5, "unit": "W\u0000"}),
        json.dumps({"topic": topic_for(ref, "power1", "power"), "ts": now.isoformat(), "value": 55, "unit": "W"}),
    ]) + "\n")
    code = main.main(["import-readings", str(f), "--db", db.url])
    out, err = capsys.readouterr()
    assert code == 1
    report = json.loads(out)
    assert (report["accepted"], report["rejected"], report["reasons"]) == (2, 3, {"bad_text": 3})
    assert "line 2: bad_text" in err and "Traceback" not in err
    assert _count(db, SensorReading) == 2 and _count(db, DeviceDeadLetter) == 3


def test_fuzzed_strings_never_stop_a_batch(db):
    """Seeded fuzz: 400 payloads with random code points (surrogates, NUL, controls, astral) in
    detail, unit and keys; every one is accepted or refused, every flush succeeds, and accepted +
    refused = sent."""
    (_, ref), = make_household(db, 1)
    rng = random.Random(11)
    now = utcnow().replace(microsecond=0)
    pool = [0, 1, 0x1B, 0x7F, 0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0xFEFF, 0x200B, 0xAC00, 0x1F600, 0x10FFFF]

    def text() -> str:
        return "".join(chr(rng.choice(pool) if rng.random() < 0.5 else rng.randrange(0x20, 0x3000))
                       for _ in range(rng.randrange(0, 6)))

    ingest = Ingestor(db, source="fuzz", batch_size=50)
    sent = 400
    for i in range(sent):
        obj = {"ts": (now - timedelta(seconds=i)).isoformat(), "value": rng.choice([1, 30, 0]),
               "unit": rng.choice(["s", "", text()]), "detail": {text(): text(), "n": [text()]}}
        raw = json.dumps(obj, ensure_ascii=rng.random() < 0.5) if rng.random() < 0.9 else text()
        ingest.submit(topic_for(ref, "robot1", rng.choice(["interaction", "sos", text() or "x"])), raw)
    ingest.flush()
    assert ingest.stats.accepted + ingest.stats.rejected_total == sent
    assert _count(db, RobotEvent) == ingest.stats.accepted
    assert _count(db, DeviceDeadLetter) == ingest.stats.rejected_total
