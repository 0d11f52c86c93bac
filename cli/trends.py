"""`python main.py trends [--db URL] [--as-of DATE] [--household REF] --json` — slow changes against
each home's own baseline (issue 17). One JSON line per finding:
{"household_ref", "metric", "direction": "down|up", "change", "since", "severity"} (plus "kind":
"trend" or "deviation"); a household without enough data says {"household_ref", "state": "learning"}
and one without devices {"household_ref", "state": "no_devices"}. Households with a baseline and
nothing to report print nothing. Without --json: the same in words."""

from __future__ import annotations

import json
from datetime import date

from care.devices.hours import LOCAL_TZ
from care.devices.trends_db import report
from care.errors import AnbuError
from cli._actor import actor as command_actor
from storage.db import open_database
from storage.types import utcnow

NAME = "trends"
HELP = "slow declines and deviations against each home's own sensor baseline (issue 17)"


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise AnbuError(f"--as-of {text!r}: expected a date YYYY-MM-DD") from None


def register(parser) -> None:
    parser.add_argument("--as-of", metavar="DATE", help="the local day judged (default: yesterday, the last whole day)")
    parser.add_argument("--household", metavar="REF", help="only this household")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")


def run(args) -> int:
    today = utcnow().astimezone(LOCAL_TZ).date()
    as_of = _day(args.as_of) if args.as_of else date.fromordinal(today.toordinal() - 1)
    if as_of >= today:
        as_of = date.fromordinal(today.toordinal() - 1)  # today is not a whole day yet
    db = open_database(args.db)
    try:
        actor = command_actor(args, db)
        with db.session() as s:
            rows = report(s, as_of, args.household, actor)
    finally:
        db.dispose()
    for ref, result in rows:
        if result.state != "ok":
            line: dict[str, object] = {"household_ref": ref, "state": result.state}
            print(json.dumps(line, ensure_ascii=False) if args.json else f"{ref}  {result.state}")
            continue
        for f in result.findings:
            if args.json:
                print(json.dumps({"household_ref": ref, "metric": f.metric, "direction": f.direction,
                                  "change": f.change, "since": f.since.isoformat(), "severity": f.severity,
                                  "kind": f.kind}, ensure_ascii=False))
            else:
                print(f"{ref}  [{f.severity}] {f.kind} {f.metric} {f.direction} {f.change:+.0%} since {f.since}: {f.reason}")
    return 0
