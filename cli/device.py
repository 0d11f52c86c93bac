"""`python main.py device add|retire|list` — register, retire and list a household's sensors and
robots, acting as the OS user; audited. The MQTT ingest accepts readings only from registered,
active devices (anbu/v1/<household ref>/<device ref>/<metric>).

    device add --household REF --kind motion --ref motion-2 [--note "부엌 천장"]
        prints the device as JSON (with the topic its gateway publishes to); adding a retired
        device of the same kind again brings it back.
    device retire --household REF --ref motion-2
        its readings are refused from now on; its history stays.
    device list [--household REF] --json
        one JSON object per device per line: household, ref, kind, note, active, battery,
        last_seen_at, topic.
"""

from __future__ import annotations

import argparse
import json

from care.devices.registry import list_devices, register_device, retire_device
from care.devices.schema import DEVICE_KINDS
from care.households.record import household_id
from cli._actor import actor as command_actor
from cli._numbers import household_key
from storage.db import open_database

NAME = "device"
HELP = "register, retire or list a household's sensors and robots"


def _household(parser) -> None:
    parser.add_argument("--household", required=True, type=household_key, metavar="REF",
                        help="household id (12) or ref (H000012)")


def register(parser) -> None:
    sub = parser.add_subparsers(dest="device_action", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="register a sensor or robot")
    _household(add)
    add.add_argument("--kind", required=True, choices=DEVICE_KINDS, help="what it is")
    add.add_argument("--ref", required=True, metavar="DEVICE_REF", help="its id in MQTT topics, e.g. motion-2")
    add.add_argument("--note", default="", help="where it is, e.g. 부엌 천장")
    retire = sub.add_parser("retire", help="retire a device (its readings are refused from now on)")
    _household(retire)
    retire.add_argument("--ref", required=True, metavar="DEVICE_REF", help="the device's ref")
    lst = sub.add_parser("list", help="devices, one JSON object per line")
    lst.add_argument("--household", type=household_key, metavar="REF", help="only this household's")
    lst.add_argument("--json", action="store_true", help="one JSON object per line (the only format)")
    for p in (add, retire, lst):
        p.add_argument("--db", dest="sub_db", default=argparse.SUPPRESS, help="database URL or SQLite file path")


def run(args) -> int:
    db = open_database(args.db)
    try:
        actor = command_actor(args, db)
        if args.device_action == "list":
            rows = list_devices(db, actor, household_id(db, args.household) if args.household else None)
        elif args.device_action == "add":
            rows = [register_device(db, household_id(db, args.household), args.ref, args.kind, actor, args.note)]
        else:
            rows = [retire_device(db, household_id(db, args.household), args.ref, actor)]
    finally:
        db.dispose()
    for row in rows:
        print(json.dumps(row.to_json(), ensure_ascii=False))
    return 0
