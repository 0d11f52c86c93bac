"""`python main.py review` — the review queue from the command line. Acts as the OS account of the
process (from its real user id, never LOGNAME/USER) unless `--user NAME` with `--password-stdin` or a
keyring token; a social worker sees and works the flags of her own households.

    review [--status active|open|acknowledged|resolved|all] [--assignee NAME] [--text T] [--json]
        the queue, urgent first then oldest first; --json: one JSON object per flag per line
    review --show ID [--json]                       one flag's detail (logged as a view)
    review --ack ID                                 acknowledge
    review --assign ID --to NAME                    assign (an open flag becomes acknowledged)
    review --resolve ID --outcome visited|called|119|false_alarm [--note TEXT]
    review --stats [--since DATE] [--json]          time to acknowledge (P50/P95/P97.5) and to
        resolve, overdue flags; overall, per severity and per duty slot (from the audit trail)

An action prints the changed flag (a JSON line with --json). A refused change (resolving twice,
an unknown outcome) exits 2 with the reason."""

from __future__ import annotations

import json

from care.errors import AnbuError
from care.review import queue as review
from cli._actor import actor as command_actor
from cli._numbers import date_text, record_id
from storage.db import open_database

NAME = "review"
HELP = "the risk-flag review queue: list, show, acknowledge, assign, resolve"


def register(parser) -> None:
    parser.add_argument("--status", choices=review.STATUS_FILTERS, default="active",
                        help="which flags to list (default: active = open + acknowledged)")
    parser.add_argument("--assignee", metavar="NAME", help="only flags assigned to NAME")
    parser.add_argument("--text", metavar="T", help="only flags whose household, reason or category contains T")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    act = parser.add_mutually_exclusive_group()
    act.add_argument("--show", type=record_id, metavar="ID", help="show one flag's detail and evidence")
    act.add_argument("--ack", type=record_id, metavar="ID", help="acknowledge a flag")
    act.add_argument("--assign", type=record_id, metavar="ID", help="assign a flag (with --to NAME)")
    act.add_argument("--resolve", type=record_id, metavar="ID", help="resolve a flag (with --outcome)")
    act.add_argument("--stats", action="store_true", help="acknowledgement and resolution times, overdue flags")
    parser.add_argument("--since", type=date_text, metavar="DATE", help="for --stats: flags raised since DATE (YYYY-MM-DD)")
    parser.add_argument("--to", metavar="NAME", help="assignee for --assign")
    parser.add_argument("--outcome", choices=review.OUTCOMES, help="outcome for --resolve")
    parser.add_argument("--note", default="", help="note for --resolve")


def _print_row(row: review.FlagRow, as_json: bool) -> None:
    if as_json:
        print(json.dumps(row.to_json(), ensure_ascii=False))
        return
    who = f" → {row.assignee}" if row.assignee else ""
    done = f" [{row.resolution}]" if row.resolution else ""
    print(f"#{row.id:<5} {row.severity:<6} {row.status:<12} {row.created_at.astimezone():%Y-%m-%d %H:%M}  {row.household_ref} "
          f"{row.household_name}  {row.source}/{row.category}{who}{done}  {row.reason}")


def _print_stats(db, args) -> None:
    from datetime import date, datetime, time

    from care.escalation.stats import review_stats
    from storage.types import utcnow

    since = datetime.combine(date.fromisoformat(args.since), time(0)).astimezone() if args.since else None
    stats = review_stats(db, since=since, now=utcnow())
    if args.json:
        print(json.dumps(stats, ensure_ascii=False))
        return

    def line(name: str, f: dict) -> str:
        def sec(v):
            return "-" if v is None else f"{v:.0f}s"
        return (f"{name:<12} flags {f['flags']:<5} ack P50 {sec(f['ack_p50_s'])} P95 {sec(f['ack_p95_s'])} "
                f"P97.5 {sec(f['ack_p975_s'])}  resolve P50 {sec(f['resolve_p50_s'])}  overdue {f['overdue']}")

    print(line("all", stats))
    for name, f in stats["by_severity"].items():
        print(line(name, f))
    for name, f in stats["by_duty_slot"].items():
        print(line(f"duty {name}", f))


def _act(db, args, actor: str) -> review.FlagRow:
    if args.ack is not None:
        return review.acknowledge(db, args.ack, actor)
    if args.assign is not None:
        if not args.to:
            raise AnbuError("--assign needs --to NAME")
        return review.assign(db, args.assign, args.to, actor)
    if not args.outcome:
        raise AnbuError(f"--resolve needs --outcome ({'|'.join(review.OUTCOMES)})")
    return review.resolve(db, args.resolve, actor, args.outcome, args.note)


def run(args) -> int:
    if args.to and args.assign is None:
        raise AnbuError("--to is only for --assign ID")
    if (args.outcome or args.note) and args.resolve is None:
        raise AnbuError("--outcome and --note are only for --resolve ID")
    if args.since and not args.stats:
        raise AnbuError("--since is only for --stats")
    db = open_database(args.db)
    try:
        if args.stats:  # figures only (no resident's data): times to acknowledge and resolve
            _print_stats(db, args)
            return 0
        actor = command_actor(args, db)
        if args.show is not None:
            detail = review.flag_detail(db, args.show, actor)
            if args.json:
                print(json.dumps(detail.to_json(), ensure_ascii=False))
            else:
                _print_row(detail.flag, False)
                print(f"  {detail.household.name} {detail.household.phone} {detail.household.address}")
                for k in detail.keyholders:
                    print(f"  {k.priority}. {k.name} ({k.relation}) {k.phone}{' 열쇠' if k.has_key else ''}")
                for a in detail.answers:
                    words = ", ".join(a.text[m.start:m.end] for m in a.matches)
                    print(f"  답변 {a.index + 1}: {a.text}  [{words}]")
                if detail.audio:
                    print(f"  녹음: {detail.audio.path} {detail.audio.start_s:.1f}–{detail.audio.end_s:.1f} s")
            return 0
        if any(v is not None for v in (args.ack, args.assign, args.resolve)):
            _print_row(_act(db, args, actor), args.json)
            return 0
        for row in review.review_queue(db, status=args.status, assignee=args.assignee, text=args.text, actor=actor):
            _print_row(row, args.json)
    finally:
        db.dispose()
    return 0
