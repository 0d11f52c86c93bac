"""`python main.py simulate-devices [--broker HOST:PORT] [--username U] [--tls ...] [--households N]
[--speed X] [--decline N] [--quiet-lives N]` — publish
realistic daily patterns (sleep, meals, TV/power, door) with a few planted anomalies for homes
that have devices in the database (seed them with `demo-data`). --decline / --quiet-lives plant
the lives of care/devices/lives.py (the demo data's) in homes without an anomaly: activity falling
over the simulated days, or a resident who rarely goes out. The simulated clock starts
--hours-back hours ago, runs X times real time until it reaches now, then follows real time until
Ctrl-C/SIGTERM (or stops there with --until-present)."""

from __future__ import annotations

import json
import math
import signal
import sys
import threading

from care.devices.cli import add_connection_flags, connection_settings
from care.devices.simulator import DeviceSimulator, homes_from_db
from care.errors import AnbuError
from cli._actor import actor as command_actor
from cli._numbers import bounded_float, bounded_int, seed
from storage.db import open_database

NAME = "simulate-devices"
HELP = "publish simulated sensor and robot readings over MQTT (demo and tests)"


def register(parser) -> None:
    add_connection_flags(parser)
    parser.add_argument("--households", type=bounded_int(1, 100_000, "a number of households"), default=10, help="how many homes with devices (default 10)")
    parser.add_argument("--speed", type=bounded_float(0, 1e7, above_low=True, what="a speed"), default=60.0, help="simulated seconds per real second (default 60)")
    parser.add_argument("--hours-back", type=bounded_float(0, 720, what="a number of hours"), default=24.0, help="start the simulated clock this far back")
    parser.add_argument("--until-present", action="store_true", help="stop once the simulated clock reaches now")
    parser.add_argument("--seed", type=seed, default=7)
    parser.add_argument("--decline", type=bounded_int(0, 100_000, "a number of households"), default=0,
                        help="plant a slow decline in this many homes without an anomaly: activity, outings, meals and "
                             "robot talk fall from a third of the way into --hours-back to 45%% less by its end (default 0)")
    parser.add_argument("--quiet-lives", type=bounded_int(0, 100_000, "a number of households"), default=0,
                        help="this many further homes live quietly: rarely out, little cooking or TV (default 0)")


def run(args) -> int:
    if not 1 <= args.households <= 100_000:
        raise AnbuError("--households must be between 1 and 100000")
    if not math.isfinite(args.speed) or not 0 < args.speed <= 1e9:
        raise AnbuError("--speed must be above 0 and at most 1e9")
    if not 0 <= args.seed < 2**63:
        raise AnbuError("--seed must be between 0 and 2^63")
    if not 0 <= args.hours_back <= 24 * 30:
        raise AnbuError("--hours-back must be between 0 and 720")
    db = open_database(args.db)
    try:
        mqtt, password = connection_settings(db, args, command_actor(args, db) if args.save else "")
        homes = homes_from_db(db, args.households, decline=args.decline, quiet=args.quiet_lives)
    finally:
        db.dispose()
    host, port = mqtt.host, mqtt.port
    sim = DeviceSimulator(homes, host, port, speed=args.speed, hours_back=args.hours_back, seed=args.seed,
                          settings=mqtt, password=password)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    anomalies = {h.household_ref: h.anomaly for h in homes if h.anomaly}
    lives = {h.household_ref: h.life for h in homes if h.life}
    print(f"simulating {len(homes)} home(s) on {host}:{port}; planted anomalies: {anomalies}; lives: {lives}",
          file=sys.stderr)
    try:
        published = sim.run(stop, until_present=args.until_present)
    except OSError as exc:
        raise AnbuError(f"MQTT 브로커 {host}:{port}에 연결할 수 없습니다 (cannot reach the broker: {exc})") from exc
    print(json.dumps({"homes": len(homes), "published": published, "anomalies": anomalies,
                      "lives": lives}, ensure_ascii=False))
    return 0
