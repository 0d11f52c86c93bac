"""`python main.py import-readings FILE.jsonl|FILE.csv [--db URL]` — a vendor export through the
same validation as MQTT. Good rows are written; bad rows are listed (line, reason) on stderr and
kept in the dead-letter table. Prints one JSON summary line; exit 0 when every row was accepted,
1 when some were refused (the rest is imported)."""

from __future__ import annotations

import json
import sys
from datetime import timedelta
from pathlib import Path

from care.devices.importer import import_readings
from care.devices.settings import MAX_READING_AGE_DAYS
from care.errors import AnbuError
from cli._actor import actor as command_actor
from cli._numbers import bounded_float
from storage.db import open_database

NAME = "import-readings"
HELP = "import sensor readings / robot events from a vendor export (.csv or .jsonl)"


def register(parser) -> None:
    parser.add_argument("file", type=Path, help="FILE.csv or FILE.jsonl")
    parser.add_argument("--max-age-days", type=bounded_float(0, MAX_READING_AGE_DAYS, above_low=True, what="a number of days"), default=float(MAX_READING_AGE_DAYS),
                        help=f"refuse readings older than this (default and most {MAX_READING_AGE_DAYS}, "
                             "so every accepted reading is inside the raw retention)")


def run(args) -> int:
    if not 0 < args.max_age_days <= MAX_READING_AGE_DAYS:
        raise AnbuError(f"--max-age-days must be above 0 and at most {MAX_READING_AGE_DAYS}")
    db = open_database(args.db)
    try:
        report = import_readings(db, args.file, max_age=timedelta(days=args.max_age_days), actor=command_actor(args, db))
    finally:
        db.dispose()
    for line, reason, detail in report.bad_rows:
        print(f"{args.file.name}: line {line}: {reason}: {detail}", file=sys.stderr)
    hidden = sum(report.rejected.values()) - len(report.bad_rows)
    if hidden > 0:
        print(f"{args.file.name}: ... and {hidden} more refused row(s) (see the dead-letter table)", file=sys.stderr)
    print(json.dumps(report.to_json(), ensure_ascii=False))
    return 0 if not report.rejected else 1
