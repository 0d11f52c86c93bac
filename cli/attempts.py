"""`attempts`: every check-in attempt with its state, outcome and flags (operations and checks)."""

from __future__ import annotations

import argparse
import json
from datetime import date

from care.errors import AnbuError
from cli._actor import actor as command_actor
from storage.db import open_database

from ._numbers import date_text, record_id

NAME = "attempts"
HELP = "list check-in call attempts (one JSON line each with --json)"


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.add_argument("--household", type=record_id, metavar="ID", help="only this household")
    parser.add_argument("--date", type=date_text, metavar="YYYY-MM-DD", help="only slots on this local date")


def run(args: argparse.Namespace) -> int:
    from care.checkins.runner.report import attempt_lines

    day = None
    if args.date:
        try:
            day = date.fromisoformat(args.date)
        except ValueError:
            raise AnbuError(f"--date {args.date!r} is not a date (YYYY-MM-DD)") from None
    db = open_database(args.db)
    try:
        lines = attempt_lines(db, args.household, day, actor=command_actor(args, db))
    finally:
        db.dispose()
    keys = ("household_id", "slot", "attempt", "status", "answered_by", "outcome", "flags")
    for line in lines:
        if args.json:
            print(json.dumps({k: line[k] for k in keys}, ensure_ascii=False))
        else:
            print(f"{line['household_id']:>6}  {line['slot']:<26} #{line['attempt']}  {line['status']:<20} "
                  f"{line['answered_by'] or '-':<8} {line['outcome'] or '-':<13} {','.join(line['flags']) or '-'}")
    return 0
