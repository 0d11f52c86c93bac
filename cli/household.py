"""`python main.py household show|update` — one household's whole record as JSON, and its update
from the same object ("show, edit, update"), acting as the OS user. Both are in the access log.

    household show REF [--db URL] --json [--limit N]
        one JSON object: the registry fields, `contacts` (keyholders, in order; each with `has_key`
        and `notify_consent`: agreed to be told by escalations), `devices`, `plan`,
        `reachability` and `timeline` (newest first, N entries, default 50; each
        {"at", "kind": "call|flag|sensor|robot|contact|plan", "summary", "id", ...}), and
        `timeline_next` (the cursor of the last entry, or null).
    household update REF --json-file F [--db URL]
        applies the object's fields (`contacts` in their new order; read-only keys such as
        timeline, devices, plan are ignored; a contact without `notify_consent` keeps what the
        keyholder with that phone had, a new one is false) all or nothing; a bad or unknown field exits 2 naming
        it and nothing is written. Prints the record as it now is (with one timeline entry).

REF is a household id (12) or ref (H000012).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from care.errors import AnbuError
from care.households.record import household_record, household_update
from cli._actor import actor as command_actor
from cli._numbers import bounded_int, household_key
from storage.db import open_database

NAME = "household"
HELP = "one household's record: show (JSON with its timeline) or update from the same JSON"
MAX_FILE = 1_000_000  # a household record is a few KB; a bigger file is the wrong file


def register(parser) -> None:
    sub = parser.add_subparsers(dest="household_action", metavar="ACTION", required=True)
    show = sub.add_parser("show", help="print the record as one JSON object")
    show.add_argument("ref", type=household_key, metavar="REF", help="household id (12) or ref (H000012)")
    show.add_argument("--json", action="store_true", help="JSON output (the only format; accepted for scripts)")
    show.add_argument("--limit", type=bounded_int(1, 1000, "a number of timeline entries"), default=50,
                      metavar="N", help="timeline entries, newest first (default 50, at most 1000)")
    show.add_argument("--db", dest="sub_db", default=argparse.SUPPRESS, help="database URL or SQLite file path")
    upd = sub.add_parser("update", help="apply a JSON object (as `show` prints it), all or nothing")
    upd.add_argument("ref", type=household_key, metavar="REF", help="household id (12) or ref (H000012)")
    upd.add_argument("--json-file", required=True, metavar="F", help="the JSON object (- for standard input)")
    upd.add_argument("--db", dest="sub_db", default=argparse.SUPPRESS, help="database URL or SQLite file path")


def _read(path: str):
    import sys

    try:
        text = sys.stdin.read(MAX_FILE + 1) if path == "-" else Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise AnbuError(f"--json-file {path}: cannot read it ({exc.__class__.__name__}: {exc})") from None
    if len(text) > MAX_FILE:
        raise AnbuError(f"--json-file {path}: larger than {MAX_FILE} characters")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise AnbuError(f"--json-file {path}: not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None


def run(args) -> int:
    obj = _read(args.json_file) if args.household_action == "update" else None
    db = open_database(args.db)
    try:
        actor = command_actor(args, db)
        if args.household_action == "show":
            record = household_record(db, args.ref, actor, limit=args.limit)
        else:
            record = household_update(db, args.ref, obj, actor)
    finally:
        db.dispose()
    print(json.dumps(record.to_json(), ensure_ascii=False))
    return 0
