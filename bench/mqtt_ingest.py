"""End-to-end MQTT ingest rate: N QoS-1 readings published as fast as one paho client sends them
to a real mosquitto running docs/mosquitto/anbu.conf, through the DeviceSubscriber (persistent
session, manual acks after commit) into a fresh SQLite file. Prints the broker's acknowledgement
rate (what the gateway sees), the stored rate, and the ratio (>= 1.0 means ingest keeps up with a
publisher running flat out, so the broker's queue does not grow).

    .venv/bin/python bench/mqtt_ingest.py [--readings N] [--households N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import paho.mqtt.client as mqtt
from sqlalchemy import func, select

from care.devices.schema import payload_for, topic_for
from care.devices.settings import MqttSettings
from care.devices.subscriber import DeviceSubscriber
from storage.db import open_database
from storage.models import SensorReading
from storage.types import utcnow
from tests.devices.helpers import make_household
from tests.fixtures.devices import MosquittoBroker, mosquitto_executable


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--readings", type=int, default=20_000)
    ap.add_argument("--households", type=int, default=50)
    ap.add_argument("--stock", action="store_true", help="a stock mosquitto config (queue 1000, 20 in flight)")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        broker = MosquittoBroker(mosquitto_executable(), Path(tmp), shipped=not a.stock)
        if not a.stock:
            broker.add_user("bench", "bench")
        broker.start()
        db = open_database(str(Path(tmp) / "bench.sqlite3"))
        refs = [ref for _, ref in make_household(db, a.households, kinds=("temperature",))]
        sub = DeviceSubscriber(db, MqttSettings(host=broker.host, port=broker.port, username="bench",
                                                client_id="anbu-bench"), password="bench", rules_interval_s=3600)
        sub.start()
        assert sub.subscribed.wait(10), sub.last_refusal
        acked, all_acked = [0], threading.Event()
        pub = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id="bench-gateway")
        pub.username_pw_set("bench", "bench")
        pub.max_queued_messages_set(0)
        pub.max_inflight_messages_set(1000)

        def on_publish(*_args) -> None:
            acked[0] += 1
            if acked[0] == a.readings:
                all_acked.set()

        pub.on_publish = on_publish
        pub.connect(broker.host, broker.port)
        pub.loop_start()
        base = utcnow().replace(microsecond=0) - timedelta(hours=3)
        t0 = time.perf_counter()
        for i in range(a.readings):
            ref = refs[i % len(refs)]
            pub.publish(topic_for(ref, "temperature1", "temperature"),
                        payload_for(base + timedelta(seconds=i // len(refs)), 20 + i % 7, "C"), qos=1)
        all_acked.wait(300)
        t_acked = time.perf_counter() - t0
        while sub.ingest.stats.accepted < a.readings and time.perf_counter() - t0 < (300 if not a.stock else t_acked + 10):
            time.sleep(0.01)
        t_stored = time.perf_counter() - t0
        with db.session() as s:
            stored = s.scalar(select(func.count()).select_from(SensorReading))
        pub.loop_stop()
        pub.disconnect()
        sub.stop()
        broker.stop()
        db.dispose()
    print(f"{'stock' if a.stock else 'docs/mosquitto/anbu.conf'}: {a.readings} readings, {a.households} households: acknowledged by the broker in {t_acked:.2f} s "
          f"({a.readings / t_acked:,.0f}/s), stored in {t_stored:.2f} s ({stored / t_stored:,.0f}/s), "
          f"stored {stored}/{a.readings}, ratio stored/acked rate {t_acked / t_stored:.2f}, "
          f"batches {sub.ingest.stats.batches}")
    return 0 if stored == a.readings else 1


if __name__ == "__main__":
    raise SystemExit(main())
