"""`python main.py import-households FILE.csv [--db URL]` — all-or-nothing; exit 2 with a report."""

from __future__ import annotations

import sys

from care.households.csv_import import import_households
from cli._actor import actor as command_actor
from storage.db import open_database

NAME = "import-households"
HELP = "import households from a CSV file (UTF-8 or CP949, Korean or English headers)"


def register(parser) -> None:
    parser.add_argument("file", help="CSV file")


def run(args) -> int:
    db = open_database(args.db)
    try:
        report = import_households(db, args.file, actor=command_actor(args, db))
    finally:
        db.dispose()
    print(report.summary(), file=sys.stderr)
    return 0
