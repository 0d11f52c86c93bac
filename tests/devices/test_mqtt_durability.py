"""Every reading the broker acknowledged (PUBACK to the publisher) is stored, across a broker
restart and an ingest SIGKILL in the middle of a burst (issue 11 item 2), with the broker running
docs/mosquitto/anbu.conf as shipped (password file, queue limits, persistence).

Counts: 3,000 QoS-1 readings per test, published as fast as paho sends them; the broker is
restarted after 1,000 PUBACKs, the ingest is SIGKILLed once 300 rows are committed."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

import paho.mqtt.client as mqtt
import pytest
from sqlalchemy import func, select

from care.devices.schema import payload_for, topic_for
from care.devices.settings import MqttSettings
from care.devices.subscriber import DeviceSubscriber
from storage.models import DeviceDeadLetter, SensorReading
from storage.types import utcnow
from tests.fixtures.devices import MosquittoBroker, mosquitto_executable

from .helpers import make_household
from .test_mqtt import wait_until

BURST = 3000
USER, PASSWORD = "anbu-ingest", "s3cret-for-tests"
MAIN = Path(__file__).resolve().parents[2] / "main.py"


@pytest.fixture
def broker(tmp_path_factory):
    b = MosquittoBroker(mosquitto_executable(), tmp_path_factory.mktemp("shipped-broker"), shipped=True)
    b.add_user(USER, PASSWORD)
    b.add_user("gateway", "gw-pass")
    b.start()
    yield b
    b.stop()


class Publisher:
    """A gateway: QoS 1, counts what the broker acknowledged (PUBACK), keeps resending after a
    broker restart (paho does that for unacknowledged QoS-1 messages)."""

    def __init__(self, broker: MosquittoBroker) -> None:
        self.acked: set[int] = set()
        self.lock = threading.Lock()
        self.midway = threading.Event()
        self.done = threading.Event()
        self.expected = 0
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id="test-gateway", clean_session=False)
        self.client.username_pw_set("gateway", "gw-pass")
        self.client.reconnect_delay_set(1, 1)
        self.client.max_queued_messages_set(0)
        self.client.max_inflight_messages_set(100)
        self.client.on_publish = self._on_publish
        self.client.connect(broker.host, broker.port)
        self.client.loop_start()
        self.mids: dict[int, int] = {}  # mid -> index of the reading

    def _on_publish(self, client, userdata, mid, reason_code, properties) -> None:
        if reason_code.is_failure:
            return
        with self.lock:
            self.acked.add(mid)
            if len(self.acked) >= 1000:
                self.midway.set()
            if len(self.acked) >= self.expected:
                self.done.set()

    def burst(self, ref: str, n: int) -> list[str]:
        base = utcnow().replace(microsecond=0) - timedelta(hours=2)
        stamps = []
        self.expected = n
        for i in range(n):
            ts = base + timedelta(seconds=i)
            info = self.client.publish(topic_for(ref, "temperature1", "temperature"), payload_for(ts, 20 + i % 5, "C"), qos=1)
            self.mids[info.mid] = i
            stamps.append(ts)
        return stamps

    def acknowledged_stamps(self, stamps) -> set:
        with self.lock:
            return {stamps[self.mids[m]] for m in self.acked}

    def close(self) -> None:
        self.client.loop_stop()
        self.client.disconnect()


def stored_stamps(db) -> set:
    with db.session() as s:
        return set(s.scalars(select(SensorReading.ts)))


def count(db, model) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_burst_across_a_broker_restart_loses_no_acknowledged_reading(db, broker):
    (_, ref), = make_household(db, 1)
    sub = DeviceSubscriber(db, MqttSettings(host=broker.host, port=broker.port, username=USER,
                                            client_id="anbu-ingest-test"),
                           password=PASSWORD, flush_interval_s=0.2, rules_interval_s=3600, reconnect_delay=(1, 1))
    sub.start()
    pub = None
    try:
        assert sub.subscribed.wait(10), sub.last_refusal
        pub = Publisher(broker)
        stamps = pub.burst(ref, BURST)
        assert pub.midway.wait(30), "the broker acknowledged fewer than 1000 readings"
        broker.restart()  # SIGTERM: mosquitto saves its store; then the same port again
        assert pub.done.wait(60), f"only {len(pub.acked)} of {BURST} acknowledged after the restart"
        acked = pub.acknowledged_stamps(stamps)
        assert wait_until(lambda: acked <= stored_stamps(db), 60), \
            f"{len(acked - stored_stamps(db))} acknowledged readings lost"
        assert sub.connects >= 2 and sub.sessions_resumed >= 1
    finally:
        if pub:
            pub.close()
        sub.stop()
    assert len(acked) == BURST and count(db, SensorReading) == BURST
    # what the broker sends again is a quiet duplicate; the only dead letters allowed are the
    # gateway's own re-sends of a message whose PUBACK the restart swallowed (a new message to
    # the broker, so no DUP reaches us): reason "duplicate", a handful at most
    with db.session() as s:
        reasons = list(s.scalars(select(DeviceDeadLetter.reason)))
    assert set(reasons) <= {"duplicate"} and len(reasons) <= 100, reasons


def _start_ingest(db, broker) -> tuple[subprocess.Popen, threading.Event, queue.Queue]:
    env = {**os.environ, "ANBU_MQTT_PASSWORD": PASSWORD, "PYTHONPATH": str(MAIN.parent)}
    proc = subprocess.Popen([sys.executable, str(MAIN), "ingest", "--db", db.url, "--broker", broker.address,
                             "--username", USER, "--client-id", "anbu-ingest-test", "--report", "1"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    subscribed, lines = threading.Event(), queue.Queue()

    def read() -> None:
        for line in proc.stderr:
            lines.put(line)
            if "subscribed to" in line:
                subscribed.set()

    threading.Thread(target=read, daemon=True).start()
    return proc, subscribed, lines


def _tail(lines: queue.Queue) -> str:
    out = []
    while not lines.empty():
        out.append(lines.get())
    return "".join(out[-30:])


def test_burst_across_an_ingest_sigkill_loses_no_acknowledged_reading(db, broker):
    (_, ref), = make_household(db, 1)
    proc, subscribed, lines = _start_ingest(db, broker)
    pub = None
    try:
        assert subscribed.wait(30), _tail(lines)
        pub = Publisher(broker)
        stamps = pub.burst(ref, BURST)
        assert wait_until(lambda: count(db, SensorReading) >= 300, 30), _tail(lines)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        assert pub.done.wait(60), f"only {len(pub.acked)} of {BURST} acknowledged while ingest was down"
        stored_at_kill = count(db, SensorReading)
        assert stored_at_kill < BURST, "the ingest finished before the kill: the test proves nothing"
        proc, subscribed, lines = _start_ingest(db, broker)
        assert subscribed.wait(30), _tail(lines)
        acked = pub.acknowledged_stamps(stamps)
        assert wait_until(lambda: acked <= stored_stamps(db), 60), \
            f"{len(acked - stored_stamps(db))} acknowledged readings lost; {_tail(lines)}"
    finally:
        if pub:
            pub.close()
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=30)
    assert proc.returncode == 0
    summary = json.loads(out.strip().splitlines()[-1])
    assert summary["client_id"] == "anbu-ingest-test" and summary["rejected"] == summary["reasons"].get("duplicate", 0)
    assert len(acked) == BURST and count(db, SensorReading) == BURST
    assert count(db, DeviceDeadLetter) == 0  # re-sent after the kill: quiet duplicates


def test_a_wrong_password_is_refused_with_a_hint(db, broker):
    make_household(db, 1)
    sub = DeviceSubscriber(db, MqttSettings(host=broker.host, port=broker.port, username=USER),
                           password="wrong", reconnect_delay=(1, 1))
    sub.start()
    try:
        assert wait_until(lambda: bool(sub.last_refusal), 10)
    finally:
        sub.stop()
    assert USER in sub.last_refusal and "keyring" in sub.last_refusal and not sub.subscribed.is_set()
