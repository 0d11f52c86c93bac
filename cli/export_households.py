"""`python main.py export-households --reason TEXT [--db URL] [-o FILE.csv] [--headers en|ko] [--filter TEXT]`
— UTF-8 with BOM. Every household unless --filter gives the households page's search text. The reason
(why residents' data leaves the system) is required and stored in the access log."""

from __future__ import annotations

import sys

from care.errors import AnbuError
from care.households.csv_import import export_households, export_households_to_file
from care.households.text_checks import stdout_is_terminal, terminal_safe
from cli._actor import actor as command_actor
from storage.db import open_database

NAME = "export-households"
HELP = "export households as CSV (UTF-8 with BOM, opens cleanly in Excel)"


def register(parser) -> None:
    parser.add_argument("-o", "--output", help="file to write (default: standard output)")
    parser.add_argument("--headers", choices=["en", "ko"], default="en", help="column names (default: en)")
    parser.add_argument("--reason", required=True, metavar="TEXT",
                        help="why the export is made, e.g. '분기 현황 보고' (required; stored in the access log)")
    parser.add_argument("--filter", default="", metavar="TEXT",
                        help="only households matching this search text (name, phone, 동, address, worker)")


def run(args) -> int:
    if not args.reason.strip():
        raise AnbuError("--reason must say why the households are exported (it is stored in the access log)")
    db = open_database(args.db)
    try:
        actor = command_actor(args, db)
        if args.output:
            n = export_households_to_file(db, actor, args.output, headers=args.headers,
                                          text=args.filter, reason=args.reason)
            print(f"wrote {n} household(s) to {args.output}", file=sys.stderr)
        else:
            text = export_households(db, actor=actor, headers=args.headers, text=args.filter,
                                     reason=args.reason)
            if stdout_is_terminal():  # escape sequences in stored text never reach a terminal raw
                text = terminal_safe(text)
            sys.stdout.buffer.write(("\ufeff" + text).encode("utf-8"))
            sys.stdout.flush()
    finally:
        db.dispose()
    return 0
