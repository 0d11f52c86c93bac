"""A real broker: publish -> rows in the database -> rules fire; reconnect after a broker restart
without losing the subscription."""

from __future__ import annotations

import time
from datetime import timedelta

import paho.mqtt.client as mqtt
import pytest
from sqlalchemy import func, select

from care.devices.schema import payload_for, topic_for
from care.devices.settings import MqttSettings
from care.devices.subscriber import DeviceSubscriber
from storage.models import DeviceDeadLetter, RiskFlag, RobotEvent, SensorReading
from storage.types import utcnow

from .helpers import make_household


def publisher(broker) -> mqtt.Client:
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id="test-publisher")
    client.connect(broker.host, broker.port)
    client.loop_start()
    return client


def publish_all(client: mqtt.Client, messages) -> None:
    infos = [client.publish(topic, payload, qos=1) for topic, payload in messages]
    for info in infos:
        info.wait_for_publish(5)


def wait_until(predicate, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def count(db, model) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


@pytest.fixture
def home(db):
    (_, ref), = make_household(db, 1)
    return ref


@pytest.fixture
def subscriber(db, mosquitto_broker, home):
    sub = DeviceSubscriber(db, MqttSettings(host=mosquitto_broker.host, port=mosquitto_broker.port),
                           flush_interval_s=0.1, rules_interval_s=3600, reconnect_delay=(1, 1))
    sub.start()
    assert sub.subscribed.wait(10), "never subscribed"
    yield sub
    sub.stop()


def test_publish_lands_in_the_database_and_rules_fire(db, mosquitto_broker, subscriber, home):
    ref = home
    now = utcnow()
    pub = publisher(mosquitto_broker)
    try:
        publish_all(pub, [
            (topic_for(ref, "temperature1", "temperature"), payload_for(now - timedelta(minutes=2), 21.5, "C")),
            (topic_for(ref, "power1", "power"), payload_for(now - timedelta(minutes=2), 63.0, "W")),
            (topic_for(ref, "robot1", "heartbeat"), payload_for(now - timedelta(minutes=1), 76, "%")),
            (topic_for(ref, "robot1", "sos"), payload_for(now, True)),  # an alarm: rules run at once
            (topic_for(ref, "nobody", "power"), payload_for(now, 1.0, "W")),
            (topic_for(ref, "power1", "power"), b"{not json"),
        ])
    finally:
        pub.loop_stop()
        pub.disconnect()
    assert wait_until(lambda: subscriber.ingest.stats.accepted == 4 and subscriber.ingest.stats.rejected_total == 2), \
        subscriber.ingest.stats
    assert subscriber.ingest.stats.rejected == {"unknown_device": 1, "bad_json": 1}
    assert count(db, SensorReading) == 2 and count(db, RobotEvent) == 2 and count(db, DeviceDeadLetter) == 2
    assert wait_until(lambda: count(db, RiskFlag) == 1)
    with db.session() as s:
        flag = s.scalars(select(RiskFlag)).one()
        assert (flag.source, flag.category, flag.severity) == ("robot", "emergency", "high")
        assert flag.evidence["device"] == "robot1"


def test_reconnects_and_resubscribes_after_a_broker_restart(db, mosquitto_broker, subscriber, home):
    ref = home
    now = utcnow()
    pub = publisher(mosquitto_broker)
    publish_all(pub, [(topic_for(ref, "temperature1", "temperature"), payload_for(now - timedelta(minutes=5), 20.0, "C"))])
    pub.loop_stop()
    pub.disconnect()
    assert wait_until(lambda: count(db, SensorReading) == 1)

    mosquitto_broker.restart()  # persistence off: the new broker knows no subscriptions
    assert wait_until(lambda: subscriber.connects >= 2 and subscriber.subscribed.is_set(), timeout=20), \
        "did not reconnect and re-subscribe after the broker restart"
    pub = publisher(mosquitto_broker)
    try:
        publish_all(pub, [(topic_for(ref, "temperature1", "temperature"), payload_for(now, 20.5, "C"))])
    finally:
        pub.loop_stop()
        pub.disconnect()
    assert wait_until(lambda: count(db, SensorReading) == 2), "a reading published after the restart was lost"


def test_subscriber_started_before_the_broker_connects_when_it_comes_up(db, tmp_path_factory, home):
    from tests.fixtures.devices import MosquittoBroker, mosquitto_executable

    broker = MosquittoBroker(mosquitto_executable(), tmp_path_factory.mktemp("late-broker"))
    sub = DeviceSubscriber(db, MqttSettings(host=broker.host, port=broker.port), flush_interval_s=0.1,
                           rules_interval_s=3600, reconnect_delay=(1, 1))
    sub.start()
    try:
        assert not sub.subscribed.wait(1.5)
        broker.start()
        assert sub.subscribed.wait(20), "never connected once the broker came up"
    finally:
        sub.stop()
        broker.stop()


def test_periodic_rule_pass_raises_inactivity_from_published_readings(db, mosquitto_broker, home):
    clock = utcnow()
    sub = DeviceSubscriber(db, MqttSettings(host=mosquitto_broker.host, port=mosquitto_broker.port),
                           flush_interval_s=0.1, rules_interval_s=0.3, now=lambda: clock)
    sub.start()
    try:
        assert sub.subscribed.wait(10)
        pub = publisher(mosquitto_broker)
        try:
            publish_all(pub, [(topic_for(home, "motion1", "motion"), payload_for(clock - timedelta(hours=h), 1 if h == 30 else 0))
                              for h in range(30, 0, -1)])
        finally:
            pub.loop_stop()
            pub.disconnect()
        assert wait_until(lambda: count(db, RiskFlag) >= 1, 15)
    finally:
        sub.stop()
    with db.session() as s:
        cats = {f.category for f in s.scalars(select(RiskFlag))}
    assert "inactivity" in cats
