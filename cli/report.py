"""`report`: the district office's figures for a week, a month or a range of days.

    python main.py report --period 2026-W48 [--dong 화곡1동] [--worker NAME] --format xlsx|pdf|csv|json -o FILE
    python main.py report --from 2026-11-01 --to 2026-11-15 --format json      (prints one JSON object)

csv is the 행복이음 outcome list (UTF-8 with BOM; --encoding cp949 for older PCs). --lang en writes
the document in English. Every export is in the access log with its --reason.
"""

from __future__ import annotations

import argparse
import sys

from care.errors import AnbuError
from care.households.text_checks import stdout_is_terminal, terminal_safe
from care.reports.period import Scope, parse_period
from care.reports.service import ENCODINGS, FORMATS, build_report, export_report, record_export, render
from cli._actor import actor as command_actor
from storage.db import open_database

from ._numbers import date_text

NAME = "report"
HELP = "weekly/monthly report: coverage, calls, flags, response times (xlsx, pdf, 행복이음 csv, json)"


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--period", metavar="2026-W48|2026-11", help="an ISO week or a month")
    parser.add_argument("--from", dest="date_from", type=date_text, metavar="YYYY-MM-DD", help="first day (with --to)")
    parser.add_argument("--to", dest="date_to", type=date_text, metavar="YYYY-MM-DD", help="last day, inclusive")
    parser.add_argument("--dong", metavar="DONG", help="only households of this 동")
    parser.add_argument("--worker", metavar="NAME", help="only households of this worker (household.worker)")
    parser.add_argument("--format", choices=FORMATS, default="json", help="document format (default: json)")
    parser.add_argument("-o", "--output", metavar="FILE", help="file to write (json: default standard output)")
    parser.add_argument("--lang", dest="report_lang", choices=["ko", "en"], default="ko",
                        help="language of the document (default: ko)")
    parser.add_argument("--encoding", choices=ENCODINGS, default="utf-8", help="csv only: utf-8 (with BOM) or cp949")
    parser.add_argument("--reason", metavar="TEXT", help="why the report is exported (kept in the access log)")


def run(args: argparse.Namespace) -> int:
    period = parse_period(args.period, args.date_from, args.date_to)
    if args.format != "json" and not args.output:
        raise AnbuError(f"--format {args.format} 은(는) 파일로만 씁니다: -o FILE 을 주세요 "
                        f"(--format {args.format} needs -o FILE)")
    scope = Scope(dong=(args.dong or "").strip() or None, worker=(args.worker or "").strip() or None)
    db = open_database(args.db)
    try:
        actor = command_actor(args, db)
        report = build_report(db, period, scope, actor=actor)
        if report.households == 0 and (scope.dong or scope.worker):
            raise AnbuError(f"범위({scope.label})에 등록된 가구가 없습니다 — 동 이름과 담당자 이름을 확인하세요 "
                            f"(no active household for --dong {scope.dong!r} --worker {scope.worker!r})")
        if args.output:
            path = export_report(db, actor, report, args.format, args.output, lang=args.report_lang,
                                 reason=args.reason, encoding=args.encoding)
            print(f"wrote {args.format} report {period.label} ({report.households} households) to {path}",
                  file=sys.stderr)
        else:
            text = render(report, "json", args.report_lang).decode("utf-8")
            record_export(db, actor, report, "json", args.reason)
            sys.stdout.write(terminal_safe(text) if stdout_is_terminal() else text)
            sys.stdout.flush()
    finally:
        db.dispose()
    return 0
