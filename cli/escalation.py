"""`python main.py escalation` — escalation policies and where each open flag's escalation stands.

    escalation show [--json]                     the policies (levels, steps, deadlines)
    escalation status [--flag ID] [--json]       per open flag: level, state, step, sent, next_at,
                                                 acknowledged_by, history (logged as a view)
"""

from __future__ import annotations

import argparse
import json

from care.escalation.status import escalation_policies, escalation_status
from cli._actor import actor as command_actor
from cli._numbers import record_id
from storage.db import open_database
from storage.types import utcnow

NAME = "escalation"
HELP = "escalation policies (show) and the state of each open flag's escalation (status)"


def register(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    show = actions.add_parser("show", help="the escalation policies")
    status = actions.add_parser("status", help="where each open flag's escalation stands")
    status.add_argument("--flag", type=record_id, metavar="ID", help="only this flag")
    for p in (show, status):
        p.add_argument("--json", action="store_true", help="JSON")
        p.add_argument("--db", dest="sub_db", default=argparse.SUPPRESS, help="database URL or SQLite file path")


def run(args: argparse.Namespace) -> int:
    db = open_database(args.db)
    try:
        if args.action == "show":
            policies = escalation_policies(db)
            if args.json:
                print(json.dumps(policies, ensure_ascii=False))
            else:
                for level, steps in policies["levels"].items():
                    said = ", ".join(f"+{s['after_min']:g} min {s['kind']} → {s['to']}" for s in steps) or "morning queue"
                    print(f"{level}: {said}")
            return 0
        views = escalation_status(db, actor=command_actor(args, db), now=utcnow(), flag_id=args.flag)
        if args.json:
            print(json.dumps([v.to_json() for v in views], ensure_ascii=False))
            return 0
        for v in views:
            ack = f" acknowledged by {v.acknowledged_by} ({v.ack_channel})" if v.acknowledged_by else ""
            nxt = f" next {v.next_step} at {v.next_at.astimezone():%H:%M}" if v.next_at and v.next_step else ""
            late = " OVERDUE" if v.overdue else ""
            print(f"#{v.flag_id} {v.household_ref} {v.level} {v.state} code {v.code} step {v.step or '-'}"
                  f"{nxt}{ack}{late}")
    finally:
        db.dispose()
    return 0
