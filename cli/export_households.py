"""`python main.py export-households [--db URL] [-o FILE.csv] [--headers en|ko] [--filter TEXT] [--reason TEXT]`
— UTF-8 with BOM. Every household unless --filter gives the households page's search text."""

from __future__ import annotations

import getpass
import sys

from care.households.csv_import import export_households, export_households_to_file
from care.households.text_checks import stdout_is_terminal, terminal_safe
from storage.db import open_database

NAME = "export-households"
HELP = "export households as CSV (UTF-8 with BOM, opens cleanly in Excel)"


def register(parser) -> None:
    parser.add_argument("-o", "--output", help="file to write (default: standard output)")
    parser.add_argument("--headers", choices=["en", "ko"], default="en", help="column names (default: en)")
    parser.add_argument("--filter", default="", metavar="TEXT",
                        help="only households matching this search text (name, phone, 동, address, worker)")
    parser.add_argument("--reason", metavar="TEXT", help="why the list is exported (kept in the access log)")


def run(args) -> int:
    db = open_database(args.db)
    try:
        if args.output:
            n = export_households_to_file(db, getpass.getuser(), args.output, headers=args.headers,
                                          text=args.filter, reason=args.reason)
            print(f"wrote {n} household(s) to {args.output}", file=sys.stderr)
        else:
            text = export_households(db, actor=getpass.getuser(), headers=args.headers, text=args.filter,
                                     reason=args.reason)
            if stdout_is_terminal():  # escape sequences in stored text never reach a terminal raw
                text = terminal_safe(text)
            sys.stdout.buffer.write(("\ufeff" + text).encode("utf-8"))
            sys.stdout.flush()
    finally:
        db.dispose()
    return 0
