"""`python main.py ingest [--db URL] [--broker HOST:PORT]` — the MQTT subscriber, headless, until
SIGTERM/Ctrl-C. Broker settings come from app_setting "devices.mqtt" (the password from the OS
keyring); --broker overrides host and port. Logs counts every --report seconds on stderr and
prints one JSON summary line on stdout when it stops."""

from __future__ import annotations

import dataclasses
import json
import logging
import signal
import sys
import threading

from care.commands._numbers import bounded_float
from care.devices.cli import parse_broker
from care.devices.settings import load_mqtt, mqtt_password
from care.devices.subscriber import DeviceSubscriber
from storage.db import open_database

NAME = "ingest"
HELP = "receive home-sensor and robot readings over MQTT until stopped (SIGTERM)"


def register(parser) -> None:  # noqa: ANN001
    parser.add_argument("--broker", metavar="HOST:PORT", help="MQTT broker (default: the devices.mqtt setting)")
    parser.add_argument("--tls", action="store_true", default=None, help="connect with TLS")
    parser.add_argument("--report", type=bounded_float(1, 86_400, what="a number of seconds"), default=60.0, metavar="S", help="log counts every S seconds")


def _summary(sub: DeviceSubscriber) -> dict:
    stats = sub.ingest.stats
    return {"accepted": stats.accepted, "rejected": stats.rejected_total, "reasons": dict(stats.rejected),
            "batches": stats.batches, "flags_raised": sub.flags_raised, "connects": sub.connects}


def run(args) -> int:  # noqa: ANN001
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    db = open_database(args.db)
    with db.session() as s:
        settings = load_mqtt(s)
    if args.broker:
        host, port = parse_broker(args.broker)
        settings = dataclasses.replace(settings, host=host, port=port)
    if args.tls:
        settings = dataclasses.replace(settings, tls=True)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    sub = DeviceSubscriber(db, settings, password=mqtt_password(settings.username))
    log = logging.getLogger("anbu.ingest")
    log.info("ingest: broker %s:%s, topic %s, database %s", settings.host, settings.port, sub.topic, db.display)
    sub.start()
    try:
        while not stop.wait(args.report):
            log.info("ingest: %s", json.dumps(_summary(sub)))
    finally:
        sub.stop()
        db.dispose()
    print(json.dumps(_summary(sub)))
    return 0
