"""`python main.py purge-recordings [--db URL] [--days N] [--dry-run] [--accept-clock-jump]` —
destroy call recordings past retention (the runner also does this on every planning pass). Prints
one JSON object. Refused when the PC's clock is far from the last run (a BIOS reset must not
destroy evidence) unless a person says the date is right."""

from __future__ import annotations

import json

from care import settings as store
from care.checkins.recordings import purge_recordings
from care.checkins.runner.clock_guard import check_clock
from cli._actor import actor as command_actor
from cli._numbers import bounded_float
from storage.db import open_database
from storage.types import utcnow

NAME = "purge-recordings"
HELP = "destroy call recordings older than the retention period (runner setting recording_retention_days)"
MAX_DAYS = 36_500


def register(parser) -> None:
    parser.add_argument("--days", type=bounded_float(0, MAX_DAYS, what="a number of days"), default=None, help="retention in days (default: the runner setting)")
    parser.add_argument("--dry-run", action="store_true", help="say what would be destroyed, destroy nothing")
    parser.add_argument("--accept-clock-jump", action="store_true",
                        help="purge although the clock is far from the last runner run (the date is right)")


def run(args) -> int:
    db = open_database(args.db)
    now = utcnow()
    try:
        with db.session() as s:
            settings = store.load(s, store.RunnerSettings)
            if not (args.accept_clock_jump or args.dry_run):
                check_clock(s, now, settings.clock_jump_days, what="purge-recordings")
        days = settings.recording_retention_days if args.days is None else args.days
        report = purge_recordings(db, now, days, command_actor(args, db), dry_run=args.dry_run)
    finally:
        db.dispose()
    print(json.dumps({**report.to_json(), "retention_days": days, "dry_run": args.dry_run}))
    return 0
