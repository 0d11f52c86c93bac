"""`python main.py audit` — the access log (who viewed or changed whose record, from where, why).

    audit [--since DATE] [--until DATE] [--user NAME] [--household REF] [--action A] [--json]
        the rows, oldest first; --json: one JSON object per line with the keys at, user,
        workstation, ip, household_ref, action, entity, reason (then entity_id, detail, seq, id)
    audit verify                 check the tamper-evident chain: exit 0 intact, 4 broken (names
                                 the first row that does not hold)
    audit purge --before DATE    delete rows older than DATE (refused unless DATE is at least two
                                 years ago); the purge is itself logged and the chain stays checkable
    audit review --month YYYY-MM [--format csv|pdf] -o FILE [--reason TEXT]
                                 the monthly review report (saving it is logged with the reason)
    audit review --month YYYY-MM --sign-off [--note TEXT]
                                 record that you reviewed the month (a logged sign-off)

Dates are district-local (Asia/Seoul) calendar dates, YYYY-MM-DD. Reading the log is logged too.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from care.audit import log as audit_log
from care.audit import report_file, retention
from care.audit import review as monthly
from care.audit.chain import verify
from care.errors import AnbuError
from cli._actor import actor as command_actor
from cli._numbers import date_text
from storage.db import open_database

NAME = "audit"
OWN_USER_OPTION = True  # `--user` here filters rows; the acting user goes before the subcommand
HELP = "the access log: list (--json), verify the chain, purge past retention, monthly review"
EXIT_BROKEN = 4


def register(parser) -> None:
    parser.add_argument("--since", type=date_text, metavar="DATE", help="rows on or after this date (YYYY-MM-DD)")
    parser.add_argument("--until", type=date_text, metavar="DATE", help="rows before this date (YYYY-MM-DD)")
    parser.add_argument("--user", dest="filter_user", metavar="NAME",
                        help="only rows by this user (to act as a user, put --user NAME before `audit`)")
    parser.add_argument("--household", metavar="REF", help="only rows about this household (its ref)")
    parser.add_argument("--action", metavar="A", help="only rows with this action (view, export, update, ...)")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    sub = parser.add_subparsers(dest="audit_command", metavar="{verify,purge,review}")
    sub.add_parser("verify", help="check the access log's tamper-evident chain (exit 4 when broken)")
    purge = sub.add_parser("purge", help="delete rows older than a date at least two years ago (logged)")
    purge.add_argument("--before", type=date_text, required=True, metavar="DATE", help="YYYY-MM-DD")
    review = sub.add_parser("review", help="the monthly access-log review report, or its sign-off")
    review.add_argument("--month", required=True, metavar="YYYY-MM")
    review.add_argument("--format", choices=report_file.FORMATS, default=None,
                        help="file format (default: from the -o file's extension, else csv)")
    review.add_argument("-o", "--output", metavar="FILE", help="write the report here")
    review.add_argument("--reason", default=report_file.DEFAULT_REASON, help="why the report is saved (recorded)")
    review.add_argument("--sign-off", action="store_true", help="record that you reviewed this month")
    review.add_argument("--note", default="", help="a note with the sign-off")
    for p in (sub.choices["verify"], purge, review):
        p.add_argument("--db", dest="sub_db", default=argparse.SUPPRESS, help="database URL or SQLite file path")


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _list(db, args, actor: str) -> int:
    f = audit_log.AuditFilter(since=_date(args.since), until=_date(args.until), user=args.filter_user,
                              household_ref=args.household, action=args.action)

    def write(row: audit_log.AuditRow) -> None:
        if args.json:
            print(json.dumps(row.to_json(), ensure_ascii=False))
        else:
            print(f"{row.at.astimezone(audit_log.DISTRICT_TZ):%Y-%m-%d %H:%M:%S}  {row.user}  {row.workstation}"
                  f"/{row.ip}  {row.action} {row.entity}{'' if row.entity_id is None else ' #' + str(row.entity_id)}"
                  f"  {row.household_ref or ''}{'  사유: ' + row.reason if row.reason else ''}")

    audit_log.each(db, actor, f, write)
    return 0


def _verify(db) -> int:
    report = verify(db)
    if report.intact:
        weak = f"; {report.hash_only} row(s) hash-only (written without an OS keyring)" if report.hash_only else ""
        print(f"access log intact: {report.rows} row(s) chained{weak}")
        return 0
    first = report.breaks[0]
    print(f"access log broken: {first.sentence}", file=sys.stderr)
    for more in report.breaks[1:6]:
        print(f"  also: {more.sentence}", file=sys.stderr)
    if len(report.breaks) > 6:
        print(f"  ... and {len(report.breaks) - 6} more", file=sys.stderr)
    return EXIT_BROKEN


def _review(db, args, actor: str) -> int:
    if args.sign_off:
        done = monthly.sign_off(db, actor, args.month, args.note)
        print(f"signed off the access-log review of {args.month} as {done.by}")
        return 0
    if not args.output:
        raise AnbuError("audit review needs -o FILE (or --sign-off)")
    fmt = args.format or ("pdf" if args.output.lower().endswith(".pdf") else "csv")
    r = monthly.monthly_review(db, actor, args.month)
    path = report_file.write_review(db, actor, r, args.output, fmt, args.reason)
    print(f"wrote the {r.month} review ({len(r.users)} user(s), {len(r.night)} night-time, {len(r.bulk)} bulk, "
          f"{len(r.unassigned)} unassigned) to {path}", file=sys.stderr)
    return 0


def run(args) -> int:
    command = getattr(args, "audit_command", None)
    db = open_database(args.db)
    try:
        if command == "verify":
            return _verify(db)
        actor = command_actor(args, db)
        if command == "purge":
            report = retention.purge_before(db, actor, date.fromisoformat(args.before))
            print(json.dumps(report.to_json()))
            return 0
        if command == "review":
            return _review(db, args, actor)
        return _list(db, args, actor)
    finally:
        db.dispose()
