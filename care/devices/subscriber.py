"""The MQTT subscriber: paho-mqtt 2.x, MQTT v5, headless, for `python main.py ingest`.

Nothing acknowledged is lost (issue 11 item 2):
- a stable client id (mqtt_config.default_client_id) with clean_start=False and a session expiry:
  the broker keeps our subscription and queues readings while ingest or the broker restarts;
- QoS 1 and manual acknowledgement: a PUBACK goes to the broker only after the reading (or its
  dead letter) is committed; a message received but not committed is sent again by the broker;
- paho's network thread only puts (topic, payload, ...) into a bounded queue. The broker never has
  more than RECEIVE_MAXIMUM unacknowledged messages in flight to us, so the queue cannot overflow
  and paho's thread never waits on the database;
- one writer thread validates and writes in batches: when `batch_size` is reached, when the queue
  runs dry, or every `flush_interval_s`; it evaluates the emergency rules at once for households
  whose batch held an alarm. A rules thread runs the full rule set every `rules_interval_s` and
  the retention step hourly.

A message the broker sends again (DUP: we were away before acknowledging it) or a retained
message we stored before is a duplicate we drop quietly, not a dead letter. Retained messages are
only sent for a new subscription (retain handling 1), and an invalid retained message is
dead-lettered once, not at every reconnect.

Broker restarts: paho reconnects by itself (reconnect_delay_set back-off), and on_connect
subscribes *every* time, so a broker that lost its state (no persistence) gets the subscription
back. Bad input never reaches paho's thread as an exception: the callbacks catch everything, and
the Ingestor turns bad messages into dead letters. Broker settings Anbu needs: docs/mosquitto.conf.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import Literal

from paho.mqtt.subscribeoptions import SubscribeOptions

from care.devices import retention, rules
from care.devices.ingest import BatchResult, Ingestor
from care.devices.mqtt_config import RECEIVE_MAXIMUM, default_client_id, make_client, refusal_hint
from care.devices.schema import subscription
from care.devices.settings import MqttSettings
from storage.db import Database
from storage.types import utcnow

MAINTENANCE_BUDGET_S = 120.0  # seconds of retention work between two rule passes
log = logging.getLogger(__name__)
_Item = tuple[str, bytes, datetime, int, int, bool, int]  # topic, payload, received, mid, qos, quiet, generation


class DeviceSubscriber:
    def __init__(self, db: Database, settings: MqttSettings, *, password: str | None = None,
                 batch_size: int = 500, flush_interval_s: float = 0.5, rules_interval_s: float = 60.0,
                 maintenance_interval_s: float = 3600.0, reconnect_delay: tuple[int, int] = (1, 30),
                 now: Callable[[], datetime] = utcnow) -> None:
        self.db, self.settings, self.now = db, settings, now
        self.batch_size, self.flush_interval_s, self.rules_interval_s = batch_size, flush_interval_s, rules_interval_s
        self.maintenance_interval_s = maintenance_interval_s
        # the writer flushes by itself; the Ingestor's own size trigger must not commit (and so
        # need acknowledging) behind its back
        self.ingest = Ingestor(db, source="mqtt", batch_size=2**62, now=now, on_batch=self._after_batch)
        self.topic = subscription(settings.topic_prefix)
        self.client_id = settings.client_id or default_client_id()
        self.connected = threading.Event()
        self.subscribed = threading.Event()
        self.connects = 0  # how many times the broker accepted us (1 + reconnects)
        self.sessions_resumed = 0  # ... of which the broker still had our session
        self.flags_raised = 0
        self.received = 0  # messages handed over by paho
        self.acknowledged = 0  # PUBACKs sent after commit
        self.last_refusal = ""  # the broker's last refusal, in words
        self._generation = 0  # connection number: an ack never crosses a reconnect
        self._queue: queue.Queue[_Item | None] = queue.Queue(maxsize=RECEIVE_MAXIMUM + 100)
        self._unacked: list[tuple[int, int, int]] = []  # (mid, qos, generation) submitted, not yet committed
        self._stop = threading.Event()
        self._writer = threading.Thread(target=self._write_loop, name="anbu-device-writer", daemon=True)
        self._rules = threading.Thread(target=self._rules_loop, name="anbu-device-rules", daemon=True)
        conn = make_client(settings, password, client_id=self.client_id, persistent=True, manual_ack=True)
        self.client, self._connect_properties = conn.client, conn.connect_properties
        self.client.reconnect_delay_set(*reconnect_delay)
        self.client.on_connect = self._on_connect
        self.client.on_disconnect = self._on_disconnect
        self.client.on_message = self._on_message
        self.client.on_subscribe = self._on_subscribe

    # --- paho's thread: never raise, never block on the database -------------------------------
    def _on_connect(self, client, userdata, flags, reason_code, properties) -> None:
        try:
            if reason_code.is_failure:
                self.last_refusal = refusal_hint(reason_code, self.settings)
                log.warning("%s", self.last_refusal)
                return
            self.last_refusal = ""
            self._generation += 1
            self.connects += 1
            self.sessions_resumed += bool(getattr(flags, "session_present", False))
            self.connected.set()
            self.subscribed.clear()
            client.subscribe(self.topic, options=SubscribeOptions(qos=1, retainHandling=1))
            log.info("connected to %s:%s as %s (session %s), subscribing to %s", self.settings.host,
                     self.settings.port, self.client_id,
                     "resumed" if getattr(flags, "session_present", False) else "new", self.topic)
        except Exception:
            log.exception("on_connect failed")

    def _on_subscribe(self, client, userdata, mid, reason_codes, properties) -> None:
        try:
            if reason_codes and not any(rc.is_failure for rc in reason_codes):
                self.subscribed.set()
                log.info("subscribed to %s", self.topic)
            else:
                log.warning("subscription to %s refused: %s", self.topic, reason_codes)
        except Exception:
            log.exception("on_subscribe failed")

    def _on_disconnect(self, client, userdata, flags, reason_code, properties) -> None:
        self.connected.clear()
        self.subscribed.clear()
        if not self._stop.is_set():
            log.warning("MQTT connection lost (%s); paho reconnects with back-off", reason_code)

    def _on_message(self, client, userdata, message) -> None:
        self.received += 1
        try:
            try:
                topic = message.topic
            except Exception:
                topic = "<undecodable topic>"
            quiet = bool(message.retain or message.dup)
            # blocks only if the broker ignored our receive maximum; that holds paho's reading,
            # which is the back-pressure we want
            self._queue.put((topic, bytes(message.payload or b""), utcnow(), message.mid, message.qos, quiet,
                             self._generation))
        except Exception:
            log.exception("could not queue an MQTT message; it stays unacknowledged and comes again")

    # --- the writer thread -----------------------------------------------------------------------
    def _after_batch(self, result: BatchResult) -> None:
        if result.urgent_households:
            with self.db.session() as s:
                self.flags_raised += len(rules.evaluate(s, self.now(), result.urgent_households).raised)

    def _flush_and_ack(self) -> None:
        if self.ingest.has_buffered():
            self.ingest.flush()  # raises on a transient failure: nothing is acknowledged
        acks, self._unacked = self._unacked, []
        for mid, qos, generation in acks:
            if qos and generation == self._generation and self.connected.is_set():
                self.client.ack(mid, qos)
                self.acknowledged += 1
            # else: the broker has forgotten this delivery; it sends the message again (DUP),
            # which is then a quiet duplicate

    def _write_loop(self) -> None:
        last_flush = time.monotonic()
        item: _Item | None | Literal[False]
        while True:
            try:
                item = self._queue.get(timeout=self.flush_interval_s / 2)
            except queue.Empty:
                item = False
            try:
                if item is None:
                    self._flush_and_ack()
                    return
                if item:
                    topic, payload, received, mid, qos, quiet, generation = item
                    self._unacked.append((mid, qos, generation))
                    self.ingest.submit(topic, payload, received_at=received, quiet_duplicate=quiet)
                t = time.monotonic()
                if self._unacked and (len(self._unacked) >= self.batch_size or self._queue.empty()
                                      or t - last_flush >= self.flush_interval_s):
                    self._flush_and_ack()
                    last_flush = t
            except Exception:
                log.exception("device writer: batch failed; it is kept and retried with the next flush")
                time.sleep(min(self.flush_interval_s, 1.0))
                if item is None:  # stopping: what is not committed stays unacknowledged at the broker
                    return

    def _rules_loop(self) -> None:
        """The full rule pass and the retention step, on their own thread so a long pass over
        thousands of households never holds incoming readings back."""
        last_maintenance = time.monotonic()
        while not self._stop.wait(self.rules_interval_s):
            try:
                # small transactions: batches of households, never the write lock for a whole pass
                self.flags_raised += len(rules.evaluate_pass(self.db, self.now()).raised)
                if time.monotonic() - last_maintenance >= self.maintenance_interval_s:
                    # bounded, so the next rule pass is not held back by a large backlog (the first
                    # run on an existing database); unfinished, it carries on after that pass
                    if retention.run_maintenance(self.db, self.now(), budget_s=MAINTENANCE_BUDGET_S).finished:
                        last_maintenance = time.monotonic()
            except Exception:
                log.exception("device rules: evaluation failed; trying again at the next interval")

    # --- control ---------------------------------------------------------------------------------
    def start(self) -> None:
        self.ingest.directory.reload()
        self._writer.start()
        self._rules.start()
        self.client.connect_async(self.settings.host, self.settings.port, keepalive=30, clean_start=False,
                                  properties=self._connect_properties)
        self.client.loop_start()

    def stop(self, timeout: float = 10.0) -> None:
        """Write and acknowledge what is queued, then disconnect and stop both threads."""
        self._stop.set()
        self._queue.put(None)
        self._writer.join(timeout)
        try:
            self.client.disconnect()
        finally:
            self.client.loop_stop()
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
