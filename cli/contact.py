"""`python main.py contact add|list` — follow-up contacts (what a person did after a check-in),
acting as the OS user; audited.

    contact add --household REF --channel phone|keyholder|visit|emergency|agency|other
                --outcome reached_well|reached_need|not_reached|hospitalised|moved|deceased|refused
                [--note TEXT] [--at TIME] [--resolves FLAG_ID ...]
        records it and resolves the named flags of the same household through the review workflow
        (outcome called / visited / 119 by channel), all or nothing; prints the contact as JSON.
        --channel also takes the stored names (phone_resident, phone_keyholder).
    contact list --household REF [--limit N] --json
        the household's follow-ups, newest first, one JSON object per line.
"""

from __future__ import annotations

import argparse
import json

from care.households.followups import CLI_CHANNELS, add_follow_up, list_follow_ups
from care.households.record import household_id
from care.vocabulary import ContactChannel, ContactOutcome
from cli._actor import actor as command_actor
from cli._numbers import aware_time, bounded_int, household_key, record_id
from storage.db import open_database

NAME = "contact"
HELP = "follow-up contacts: record one (and the flags it resolves), or list a household's"


def register(parser) -> None:
    sub = parser.add_subparsers(dest="contact_action", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="record a follow-up contact")
    add.add_argument("--household", required=True, type=household_key, metavar="REF",
                     help="household id (12) or ref (H000012)")
    add.add_argument("--channel", required=True, choices=[*CLI_CHANNELS, *(c.value for c in ContactChannel
                                                                           if c.value not in CLI_CHANNELS)],
                     metavar="|".join(CLI_CHANNELS), help="how the contact was made")
    add.add_argument("--outcome", required=True, choices=[o.value for o in ContactOutcome],
                     metavar="|".join(ContactOutcome), help="what it came to")
    add.add_argument("--note", default="", help="what happened, in a sentence or two")
    add.add_argument("--at", type=aware_time, metavar="TIME", help="when it happened (default: now), e.g. 2026-12-01T18:30+09:00")
    add.add_argument("--resolves", type=record_id, nargs="+", default=[], metavar="FLAG_ID",
                     help="open flags of this household this contact resolves")
    add.add_argument("--db", dest="sub_db", default=argparse.SUPPRESS, help="database URL or SQLite file path")
    lst = sub.add_parser("list", help="a household's follow-ups, newest first")
    lst.add_argument("--household", required=True, type=household_key, metavar="REF",
                     help="household id (12) or ref (H000012)")
    lst.add_argument("--limit", type=bounded_int(1, 10_000, "a number of contacts"), default=100, metavar="N",
                     help="at most N contacts (default 100)")
    lst.add_argument("--json", action="store_true", help="one JSON object per line (the only format)")
    lst.add_argument("--db", dest="sub_db", default=argparse.SUPPRESS, help="database URL or SQLite file path")


def run(args) -> int:
    db = open_database(args.db)
    try:
        actor = command_actor(args, db)
        hid = household_id(db, args.household)
        if args.contact_action == "add":
            row = add_follow_up(db, hid, actor, args.channel, args.outcome, args.note, args.resolves, args.at)
            print(json.dumps(row.to_json(), ensure_ascii=False))
        else:
            for row in list_follow_ups(db, hid, actor, limit=args.limit):
                print(json.dumps(row.to_json(), ensure_ascii=False))
    finally:
        db.dispose()
    return 0
