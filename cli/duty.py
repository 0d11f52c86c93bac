"""`python main.py duty` — the duty roster (who is on call when, in the district's zone).

    duty set --days mon-fri --from 18:00 --to 09:00 --phone 010-0000-1111 --name "야간 당직" [--user NAME]
        add a duty slot (days: mon..sun, ranges like mon-fri or fri-mon, "hol" for public holidays;
        a band that ends before it starts runs past midnight); without --user it is a desk
    duty show [--json]    the slots, who is on duty now, and gaps in the coming week (a warning)
    duty clear [--id N]   remove every slot, or only slot N (its `id` in `duty show --json`);
                          an unknown N exits 5 and removes nothing
"""

from __future__ import annotations

import argparse
import json

from care.escalation import roster
from cli._actor import actor as command_actor
from cli._numbers import bounded_int
from storage.db import open_database
from storage.types import utcnow

NAME = "duty"
OWN_USER_OPTION = True  # `duty set --user NAME` names who is on duty; the acting user goes before `duty`
HELP = "the duty roster for escalations: set, show (--json), clear [--id N]"


def _db_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", dest="sub_db", default=argparse.SUPPRESS, help="database URL or SQLite file path")


def register(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("set", help="add a duty slot")
    add.add_argument("--days", required=True, help="mon-fri, sat,sun, hol (public holidays), all")
    add.add_argument("--from", dest="start", required=True, metavar="HH:MM", help="start of the band (local)")
    add.add_argument("--to", dest="end", required=True, metavar="HH:MM", help="end of the band (may be the next day)")
    add.add_argument("--phone", required=True, help="the duty phone, e.g. 010-0000-1111")
    add.add_argument("--name", required=True, help='the slot\'s name, e.g. "야간 당직"')
    add.add_argument("--user", dest="duty_user", metavar="NAME",
                     help="the user on duty (without it: a desk); to act as a user, put --user NAME before `duty`")
    show = actions.add_parser("show", help="the roster, who is on duty now and gaps in the coming week")
    show.add_argument("--json", action="store_true", help="one JSON object")
    clear = actions.add_parser("clear", help="remove every duty slot, or one with --id N")
    clear.add_argument("--id", dest="slot_id", type=bounded_int(1, 2**31 - 1, "a duty slot id"), metavar="N",
                       help="remove only this slot (its id in `duty show --json`)")
    for p in (add, show, clear):
        _db_flag(p)


def run(args: argparse.Namespace) -> int:
    db = open_database(args.db)
    try:
        actor = command_actor(args, db)
        if args.action == "set":
            view = roster.add_duty(db, days=args.days, start=args.start, end=args.end, phone=args.phone,
                                   name=args.name, user=args.duty_user, actor=actor)
            print(json.dumps(view.to_json(), ensure_ascii=False))
            return 0
        if args.action == "clear":
            if args.slot_id is not None:
                gone = roster.remove_duty(db, args.slot_id, actor)
                print(f"removed duty slot {gone.id} ({gone.name})")
                return 0
            print(f"removed {roster.clear_duty(db, actor)} duty slot(s)")
            return 0
        now = utcnow()
        slots = roster.list_duty(db)
        gaps = roster.roster_gaps(db, now, 7.0)
        with db.session() as s:
            on_duty = [d.id for d in roster.on_duty(s, now)]
        if args.json:
            print(json.dumps({"slots": [v.to_json() for v in slots], "on_duty_now": on_duty,
                              "gaps": [g.to_json() for g in gaps]}, ensure_ascii=False))
            return 0
        for v in slots:
            who = v.user or "(desk)"
            mark = " *" if v.id in on_duty else ""
            print(f"{v.position}. {v.name}  {','.join(v.days)} {v.start}-{v.end}  {v.phone}  {who}{mark}")
        for g in gaps:
            print(f"warning: nobody on duty {g.start:%a %Y-%m-%d %H:%M} – {g.end:%a %H:%M}")
        if not slots:
            print("warning: the roster is empty: urgent flags reach nobody at night")
    finally:
        db.dispose()
    return 0
