"""`plan`: set check-in plans (weekdays, window, cadence, time zone, pause) and the holiday list."""

from __future__ import annotations

import argparse
import json
from datetime import date

from care.checkins.plans import (
    CADENCES,
    PlanError,
    add_holiday,
    household_ids,
    list_holidays,
    list_plans,
    load_public_holidays,
    remove_holiday,
    set_plans,
)
from cli._actor import actor as command_actor
from storage.db import open_database

from ._numbers import date_text, record_id, years_text

NAME = "plan"
HELP = "set check-in plans (--all|--household ID --days tue,fri --window 18:30-20:30) and holidays"


def register(parser: argparse.ArgumentParser) -> None:
    who = parser.add_mutually_exclusive_group()
    who.add_argument("--all", action="store_true", help="every active household")
    who.add_argument("--household", metavar="ID", type=household_list, help="household id or ref (H000123); comma-separated for several")
    parser.add_argument("--days", help="weekdays, e.g. tue,fri or 화,금 or daily")
    parser.add_argument("--window", help="local call window, e.g. 18:30-20:30 (never dialled outside it)")
    parser.add_argument("--cadence", choices=CADENCES, help="default: from the number of days")
    parser.add_argument("--timezone", help="IANA time zone (default Asia/Seoul)")
    parser.add_argument("--pause", metavar="REASON", help="pause the plan, e.g. --pause 입원")
    parser.add_argument("--until", type=date_text, metavar="YYYY-MM-DD", help="with --pause: resume after this date")
    parser.add_argument("--resume", action="store_true", help="end a pause")
    parser.add_argument("--show", action="store_true", help="print the plans (JSON lines)")
    parser.add_argument("--capacity", action="store_true",
                        help="print tonight's capacity estimate (one JSON object under \"capacity\")")
    parser.add_argument("--holidays", action="store_true", help="print the holiday list (JSON lines)")
    parser.add_argument("--load-holidays", type=years_text, metavar="YEARS", help="add Korean public holidays, e.g. 2026,2027")
    parser.add_argument("--add-holiday", metavar="DATE[=NAME]", action="append", default=[])
    parser.add_argument("--remove-holiday", type=date_text, metavar="DATE", action="append", default=[])


def _date(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise PlanError(f"{what} {text!r} is not a date (YYYY-MM-DD)") from None


def household_list(text: str) -> list[int | str]:
    """"12,H000123" -> [12, "H000123"]; ids past what the database holds are refused by argparse."""
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if not parts:
        raise argparse.ArgumentTypeError("give a household id or ref, e.g. 12 or H000123")
    return [record_id(p) if p.isdigit() else p.upper() for p in parts]


def run(args: argparse.Namespace) -> int:
    db = open_database(args.db)
    try:
        return _run(db, args)
    finally:
        db.dispose()


def _run(db, args: argparse.Namespace) -> int:
    actor: list[str] = []

    def who() -> str:  # asked once: --password-stdin reads stdin once
        if not actor:
            actor.append(command_actor(args, db))
        return actor[0]

    did = False
    if args.load_holidays:
        try:
            years = [int(y) for y in args.load_holidays.split(",")]
        except ValueError:
            raise PlanError(f"--load-holidays {args.load_holidays!r}: give years, e.g. 2026,2027") from None
        n = load_public_holidays(db, years)
        print(json.dumps({"holidays_added": n, "years": years}))
        did = True
    for item in args.add_holiday:
        day, _, name = item.partition("=")
        add_holiday(db, _date(day, "--add-holiday"), name)
        did = True
    for item in args.remove_holiday:
        if not remove_holiday(db, _date(item, "--remove-holiday")):
            raise PlanError(f"공휴일 목록에 없습니다: {item} (not in the holiday list)")
        did = True
    if args.holidays:
        for day, name in list_holidays(db):
            print(json.dumps({"date": day.isoformat(), "name": name}, ensure_ascii=False))
        did = True
    if args.capacity:  # counts only: no resident's data is read
        from care.checkins.capacity import estimate_tonight

        print(json.dumps({"capacity": estimate_tonight(db).to_json()}, ensure_ascii=False))
        did = True
    changes = any(v is not None for v in (args.days, args.window, args.cadence, args.timezone, args.pause)) or args.resume
    if args.until and not args.pause:
        raise PlanError("--until goes with --pause REASON")
    if changes:
        if not (args.all or args.household):
            raise PlanError("어느 가구의 계획인지 지정하세요: --all 또는 --household ID (say which households)")
        ids = None if args.all else household_ids(db, args.household)
        views = set_plans(db, ids, days=args.days, window=args.window, cadence=args.cadence,
                          timezone=args.timezone, pause_reason=args.pause,
                          paused_until=_date(args.until, "--until") if args.until else None, resume=args.resume,
                          actor=who())
        print(json.dumps({"plans_set": len(views)}))
        did = True
    if args.show or not did:
        ids = None if args.all or not args.household else household_ids(db, args.household)
        for view in list_plans(db, ids, actor=who()):
            print(json.dumps(view.to_json(), ensure_ascii=False))
    return 0
