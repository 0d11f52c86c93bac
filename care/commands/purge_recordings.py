"""`python main.py purge-recordings [--db URL] [--days N] [--dry-run]` — destroy call recordings
past retention (the runner also does this on every planning pass). Prints one JSON object."""

from __future__ import annotations

import getpass
import json

from care.commands._numbers import bounded_float
from care.errors import AnbuError
from care.recordings import purge_recordings
from care.runner.settings import load_settings
from storage.db import open_database
from storage.types import utcnow

NAME = "purge-recordings"
HELP = "destroy call recordings older than the retention period (runner setting recording_retention_days)"


def register(parser) -> None:  # noqa: ANN001
    parser.add_argument("--days", type=bounded_float(0, 36_500, what="a number of days"), default=None, help="retention in days (default: the runner setting)")
    parser.add_argument("--dry-run", action="store_true", help="say what would be destroyed, destroy nothing")


def run(args) -> int:  # noqa: ANN001
    db = open_database(args.db)
    try:
        if args.days is None:
            with db.session() as s:
                days = load_settings(s).recording_retention_days
        else:
            days = args.days
        if days < 0:
            raise AnbuError("--days must be zero or more")
        report = purge_recordings(db, utcnow(), days, getpass.getuser(), dry_run=args.dry_run)
    finally:
        db.dispose()
    print(json.dumps({**report.to_json(), "retention_days": days, "dry_run": args.dry_run}))
    return 0
