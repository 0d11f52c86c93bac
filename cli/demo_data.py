"""`python main.py demo-data [--db URL] [--households N] [--seed S]` — deterministic demo data."""

from __future__ import annotations

import sys

from care.demo.seed import seed_demo
from care.errors import AnbuError
from cli._actor import actor as command_actor
from cli._numbers import bounded_int, seed
from storage.db import open_database

NAME = "demo-data"
HELP = "add deterministic demo households (marked as demo data everywhere)"


def register(parser) -> None:
    parser.add_argument("--households", type=bounded_int(1, 100_000, "a number of households"), default=40, help="how many (default 40)")
    parser.add_argument("--seed", type=seed, default=7, help="random seed (default 7)")


def run(args) -> int:
    if not 1 <= args.households <= 100_000:
        raise AnbuError("--households must be between 1 and 100000")
    db = open_database(args.db)
    try:
        added = seed_demo(db, households=args.households, seed=args.seed, actor=command_actor(args, db))
    finally:
        db.dispose()
    print(f"added {added} demo household(s) to {db.display}", file=sys.stderr)
    return 0
