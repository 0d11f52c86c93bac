"""The MQTT subscriber: paho-mqtt 2.x, headless, for `python main.py ingest` (and the runner).

paho's network thread only queues (topic, payload, received_at); one writer thread validates,
batches and writes (ingest.Ingestor) and evaluates the emergency rules at once for households whose
batch held an alarm; a rules thread runs the full rule set every `rules_interval_s` and the
retention step hourly.

Broker restarts: paho reconnects by itself (reconnect_delay_set back-off), and on_connect
subscribes *every* time, so a broker that lost its state (no persistence, a new container) gets
the subscription back. Bad input never reaches paho's thread as an exception: the callbacks catch
everything, and the Ingestor turns bad messages into dead letters.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
import uuid
from collections.abc import Callable
from datetime import datetime

import paho.mqtt.client as mqtt

from storage.db import Database
from storage.types import utcnow

from . import retention, rules
from .ingest import BatchResult, Ingestor
from .schema import subscription
from .settings import MqttSettings

log = logging.getLogger(__name__)


class DeviceSubscriber:
    def __init__(self, db: Database, settings: MqttSettings, *, password: str | None = None,
                 batch_size: int = 500, flush_interval_s: float = 0.5, rules_interval_s: float = 60.0,
                 maintenance_interval_s: float = 3600.0, reconnect_delay: tuple[int, int] = (1, 30),
                 now: Callable[[], datetime] = utcnow) -> None:
        self.db, self.settings, self.now = db, settings, now
        self.flush_interval_s, self.rules_interval_s = flush_interval_s, rules_interval_s
        self.maintenance_interval_s = maintenance_interval_s
        self.ingest = Ingestor(db, source="mqtt", batch_size=batch_size, now=now, on_batch=self._after_batch)
        self.topic = subscription(settings.topic_prefix)
        self.connected = threading.Event()
        self.subscribed = threading.Event()
        self.connects = 0  # how many times the broker accepted us (1 + reconnects)
        self.flags_raised = 0
        self.received = 0  # messages handed over by paho
        self._queue: queue.Queue[tuple[str, bytes, datetime] | None] = queue.Queue(maxsize=100_000)
        self._stop = threading.Event()
        self._writer = threading.Thread(target=self._write_loop, name="anbu-device-writer", daemon=True)
        self._rules = threading.Thread(target=self._rules_loop, name="anbu-device-rules", daemon=True)
        client_id = settings.client_id or f"anbu-ingest-{uuid.uuid4().hex[:8]}"
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=client_id, clean_session=True)
        self.client.reconnect_delay_set(*reconnect_delay)
        if settings.username:
            self.client.username_pw_set(settings.username, password)
        if settings.tls:
            self.client.tls_set()
        self.client.on_connect = self._on_connect
        self.client.on_disconnect = self._on_disconnect
        self.client.on_message = self._on_message
        self.client.on_subscribe = self._on_subscribe

    # --- paho's thread: never raise, never block on the database -------------------------------
    def _on_connect(self, client, userdata, flags, reason_code, properties) -> None:  # noqa: ANN001
        try:
            if reason_code.is_failure:
                log.warning("MQTT broker refused the connection: %s", reason_code)
                return
            self.connects += 1
            self.connected.set()
            self.subscribed.clear()
            client.subscribe(self.topic, qos=1)
            log.info("connected to %s:%s, subscribing to %s", self.settings.host, self.settings.port, self.topic)
        except Exception:  # noqa: BLE001
            log.exception("on_connect failed")

    def _on_subscribe(self, client, userdata, mid, reason_codes, properties) -> None:  # noqa: ANN001
        try:
            if reason_codes and not any(rc.is_failure for rc in reason_codes):
                self.subscribed.set()
            else:
                log.warning("subscription to %s refused: %s", self.topic, reason_codes)
        except Exception:  # noqa: BLE001
            log.exception("on_subscribe failed")

    def _on_disconnect(self, client, userdata, flags, reason_code, properties) -> None:  # noqa: ANN001
        self.connected.clear()
        self.subscribed.clear()
        if not self._stop.is_set():
            log.warning("MQTT connection lost (%s); paho reconnects with back-off", reason_code)

    def _on_message(self, client, userdata, message) -> None:  # noqa: ANN001
        self.received += 1
        try:
            self._queue.put((message.topic, bytes(message.payload), utcnow()))
        except Exception:  # noqa: BLE001 - e.g. a topic that is not UTF-8
            try:
                self._queue.put(("<undecodable topic>", bytes(message.payload or b""), utcnow()))
            except Exception:  # noqa: BLE001
                log.exception("dropped an unreadable MQTT message")

    # --- the writer thread -----------------------------------------------------------------------
    def _after_batch(self, result: BatchResult) -> None:
        if result.urgent_households:
            with self.db.session() as s:
                self.flags_raised += len(rules.evaluate(s, self.now(), result.urgent_households).raised)

    def _write_loop(self) -> None:
        last_flush = time.monotonic()
        while True:
            try:
                item = self._queue.get(timeout=self.flush_interval_s / 2)
            except queue.Empty:
                item = False
            try:
                if item is None:
                    self.ingest.flush()
                    return
                if item:
                    topic, payload, received = item
                    self.ingest.submit(topic, payload, received_at=received)
                t = time.monotonic()
                if t - last_flush >= self.flush_interval_s:
                    self.ingest.flush()
                    last_flush = t
            except Exception:  # noqa: BLE001 - a database hiccup must not end the subscriber
                log.exception("device writer: batch failed; it is kept and retried with the next flush")
                time.sleep(min(self.flush_interval_s, 1.0))

    def _rules_loop(self) -> None:
        """The full rule pass and the retention step, on their own thread so a long pass over
        thousands of households never holds incoming readings back."""
        last_maintenance = time.monotonic()
        while not self._stop.wait(self.rules_interval_s):
            try:
                with self.db.session() as s:
                    self.flags_raised += len(rules.evaluate(s, self.now()).raised)
                if time.monotonic() - last_maintenance >= self.maintenance_interval_s:
                    retention.run_maintenance(self.db, self.now())
                    last_maintenance = time.monotonic()
            except Exception:  # noqa: BLE001
                log.exception("device rules: evaluation failed; trying again at the next interval")

    # --- control ---------------------------------------------------------------------------------
    def start(self) -> None:
        self.ingest.directory.reload()
        self._writer.start()
        self._rules.start()
        self.client.connect_async(self.settings.host, self.settings.port, keepalive=30)
        self.client.loop_start()

    def stop(self, timeout: float = 10.0) -> None:
        """Disconnect, write what is queued, stop both threads."""
        self._stop.set()
        try:
            self.client.disconnect()
        finally:
            self.client.loop_stop()
        self._queue.put(None)
        self._writer.join(timeout)
        self._rules.join(timeout)

    def pending(self) -> int:
        return self._queue.qsize()

    def drain(self, timeout: float = 10.0) -> bool:
        """Tests and shutdown: wait until everything received so far has been written."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            stats = self.ingest.stats
            if self.received == stats.accepted + stats.rejected_total:
                return True
            time.sleep(0.05)
        return False
