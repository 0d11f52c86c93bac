"""`python main.py device-status [--db URL] --json` — one JSON line per household:
{"household_id", "household_ref", "devices": [{"device_ref", "kind", "last_value", "last_seen",
"battery"}], "flags": [{"category", "severity", "reason"}]} (open sensor/robot flags, most severe
first). Without --json: a short table for a person."""

from __future__ import annotations

import json

from care.devices.status import device_statuses
from cli._actor import actor as command_actor
from storage.db import open_database

NAME = "device-status"
HELP = "home sensors and robots per household: last value, last seen, battery, open flags"


def register(parser) -> None:
    parser.add_argument("--json", action="store_true", help="one JSON object per line, per household")
    parser.add_argument("--with-devices", action="store_true", help="only households that have devices")


def run(args) -> int:
    db = open_database(args.db)
    try:
        statuses = device_statuses(db, command_actor(args, db), only_with_devices=args.with_devices)
    finally:
        db.dispose()
    for st in statuses:
        if args.json:
            print(json.dumps(st.to_json(), ensure_ascii=False))
            continue
        seen = st.last_seen.isoformat(timespec="minutes") if st.last_seen else "-"
        print(f"{st.household_ref}  devices {len(st.devices)}  last seen {seen}  open flags {len(st.flags)}")
        for f in st.flags:
            print(f"    [{f.severity}] {f.category}: {f.reason}")
    return 0
