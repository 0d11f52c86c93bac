"""`python main.py ingest [--db URL] [--broker HOST[:PORT]] [--port N] [--username U] [--tls]
[--tls-ca F] [--tls-cert F] [--tls-key F] [--client-id ID] [--save]` — the MQTT subscriber,
headless, until SIGTERM/Ctrl-C. Broker settings come from app_setting "devices.mqtt" (the password
from the OS keyring or ANBU_MQTT_PASSWORD); the flags override them (--save stores them). Logs
counts every --report seconds on stderr and prints one JSON summary line on stdout when it stops."""

from __future__ import annotations

import json
import logging
import math
import signal
import sys
import threading

from care.devices.cli import add_connection_flags, connection_settings
from care.devices.subscriber import DeviceSubscriber
from care.errors import AnbuError
from cli._actor import actor as command_actor
from cli._numbers import bounded_float
from storage.db import open_database

NAME = "ingest"
HELP = "receive home-sensor and robot readings over MQTT until stopped (SIGTERM)"
MIN_REPORT_S = 1.0


def register(parser) -> None:
    add_connection_flags(parser)
    parser.add_argument("--client-id", metavar="ID", help="MQTT client id (default anbu-ingest-<host name>; "
                        "keep it stable: the broker keeps this id's queued readings while ingest is away)")
    parser.add_argument("--report", type=bounded_float(MIN_REPORT_S, 86_400, what="a number of seconds"), default=60.0, metavar="S",
                        help=f"log counts every S seconds (at least {MIN_REPORT_S:g})")


def _summary(sub: DeviceSubscriber) -> dict:
    stats = sub.ingest.stats
    return {"accepted": stats.accepted, "rejected": stats.rejected_total, "reasons": dict(stats.rejected),
            "batches": stats.batches, "flags_raised": sub.flags_raised, "connects": sub.connects,
            "acknowledged": sub.acknowledged, "client_id": sub.client_id,
            **({"refused": sub.last_refusal} if sub.last_refusal else {})}


def run(args) -> int:
    if not math.isfinite(args.report) or not MIN_REPORT_S <= args.report <= 86_400:
        raise AnbuError(f"--report {args.report:g}: expected {MIN_REPORT_S:g} to 86400 seconds")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    db = open_database(args.db)
    try:
        settings, password = connection_settings(db, args, command_actor(args, db) if args.save else "")
    except BaseException:
        db.dispose()
        raise
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    sub = DeviceSubscriber(db, settings, password=password)
    log = logging.getLogger("anbu.ingest")
    log.info("ingest: broker %s:%s%s, user %s, client id %s, topic %s", settings.host, settings.port,
             " (TLS)" if settings.tls else "", settings.username or "(anonymous)", sub.client_id, sub.topic)
    sub.start()
    try:
        while not stop.wait(args.report):
            log.info("ingest: %s", json.dumps(_summary(sub), ensure_ascii=False))
    finally:
        sub.stop()
        db.dispose()
    print(json.dumps(_summary(sub), ensure_ascii=False))
    return 0
