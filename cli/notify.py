"""`python main.py notify test --to PHONE [--simulated]` — send one harmless test SMS through the
configured line (Twilio when set up, else the simulated one)."""

from __future__ import annotations

import argparse
import json

from care.escalation.notify_test import send_test
from cli._actor import actor as command_actor
from storage.db import open_database

NAME = "notify"
HELP = "notifications: send a test SMS (notify test --to PHONE [--simulated])"


def register(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    test = actions.add_parser("test", help="send one test SMS")
    test.add_argument("--to", required=True, help="the phone to text, e.g. 010-0000-1111")
    test.add_argument("--simulated", action="store_true", help="use the simulated line even if Twilio is configured")
    test.add_argument("--db", dest="sub_db", default=argparse.SUPPRESS, help="database URL or SQLite file path")


def run(args: argparse.Namespace) -> int:
    db = open_database(args.db)
    try:
        print(json.dumps(send_test(db, args.to, simulated=args.simulated, actor=command_actor(args, db)), ensure_ascii=False))
    finally:
        db.dispose()
    return 0
