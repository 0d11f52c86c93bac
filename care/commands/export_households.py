"""`python main.py export-households [--db URL] [-o FILE.csv] [--headers en|ko]` — UTF-8 with BOM."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from care.errors import AnbuError
from care.household_csv import export_households
from storage.db import open_database

NAME = "export-households"
HELP = "export households as CSV (UTF-8 with BOM, opens cleanly in Excel)"


def register(parser) -> None:  # noqa: ANN001
    parser.add_argument("-o", "--output", help="file to write (default: standard output)")
    parser.add_argument("--headers", choices=["en", "ko"], default="en", help="column names (default: en)")


def run(args) -> int:  # noqa: ANN001
    db = open_database(args.db)
    try:
        text = export_households(db, actor=getpass.getuser(), headers=args.headers)
    finally:
        db.dispose()
    data = "\ufeff" + text
    if args.output:
        try:
            Path(args.output).write_text(data, encoding="utf-8", newline="")
        except OSError as exc:
            raise AnbuError(f"cannot write {args.output}: {exc.strerror}") from exc
    else:
        sys.stdout.buffer.write(data.encode("utf-8"))
        sys.stdout.flush()
    return 0
