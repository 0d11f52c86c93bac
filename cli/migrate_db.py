"""`python main.py migrate-db --from sqlite:///old.sqlite3 --to postgresql+psycopg://anbu@db.example/anbu` —
copy a whole database into an EMPTY one (usually the office's SQLite file onto the district's
PostgreSQL server): every table in foreign-key order, ids kept, sequences reset, then row counts and
every access-log row checked, all in one transaction on the target (a failure leaves it as it was).

Exit codes: 0 copied and verified (one JSON object on stdout), 2 the target is not empty or a URL is
wrong, 4 a database could not be used (the sentence says why)."""

from __future__ import annotations

import json

from storage.transfer import copy_database

NAME = "migrate-db"
HELP = "copy this database (e.g. the SQLite file) into an empty one (e.g. the district's PostgreSQL server)"


def register(parser) -> None:
    parser.add_argument("--from", dest="source", required=True, metavar="URL",
                        help="the database to copy (an SQLite file path or URL); only read")
    parser.add_argument("--to", dest="target", required=True, metavar="URL",
                        help="an empty database, e.g. postgresql+psycopg://anbu@db.example/anbu "
                             "(password from the OS keyring or pgpass, not the URL)")


def run(args) -> int:
    source = args.source if "://" in args.source else f"sqlite:///{args.source}"
    target = args.target if "://" in args.target else f"sqlite:///{args.target}"
    report = copy_database(source, target)
    print(json.dumps(report.to_json(), ensure_ascii=False))
    return 0
