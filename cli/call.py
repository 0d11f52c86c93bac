"""`python main.py call --household ID [--db URL] [--simulated] [--no-transcribe]` — one check-in
call now, as an attempt row through the runner's pipeline (see care.checkins.call).

Prints one JSON object: {"household_id", "status", "answered_by", "duration_s", "recording",
"error", "line", "answered_check_in", "attempt_id", "outcome", "attempt_status"}. Exit 0 for any call that went out (even no answer), 2 when
it could not be placed (bad number, line down), 3 for configuration errors.
"""

from __future__ import annotations

import json
import sys

from care.checkins.call import call_household_now
from cli._actor import actor as command_actor
from cli._numbers import household_key
from storage.db import open_database

NAME = "call"
HELP = "place one check-in call now, wait for the end, download the recording and print JSON"


def register(parser) -> None:
    parser.add_argument("--household", required=True, type=household_key, metavar="ID", help="household id (e.g. 12) or reference (H000012)")
    parser.add_argument("--simulated", action="store_true", help="use the simulated line even if Twilio is configured")
    parser.add_argument("--slow", action="store_true", help="slower speech and longer answer windows")
    parser.add_argument("--no-transcribe", action="store_true",
                        help="stop after the recording is saved; the runner transcribes and assesses it")


def run(args) -> int:
    db = open_database(args.db)
    try:
        result = call_household_now(db, args.household, simulated=args.simulated, actor=command_actor(args, db),
                                    slow=args.slow, transcribe=not args.no_transcribe)
    finally:
        db.dispose()
    for note in result.notes:
        print(f"anbu: {note}", file=sys.stderr)
    print(json.dumps(result.to_json(), ensure_ascii=False))
    return result.exit_code
