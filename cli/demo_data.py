"""`python main.py demo-data [--db URL] [--households N] [--seed S]` — deterministic demo data, and the
demo accounts (one per demo worker, a supervisor, an admin; marked as demo; password DEMO_PASSWORD).
Acts as the OS account (real user id) unless --user: an admin once the database has users."""

from __future__ import annotations

import sys

from care.accounts.demo import DEMO_PASSWORD, seed_demo_accounts
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
        actor = command_actor(args, db)
        added = seed_demo(db, households=args.households, seed=args.seed, actor=actor)
        accounts = seed_demo_accounts(db, actor)
    finally:
        db.dispose()
    print(f"added {added} demo household(s) to {db.display}", file=sys.stderr)
    if accounts:
        print(f"added {len(accounts)} demo account(s) ({', '.join(u.username for u in accounts)}); "
              f"their password is {DEMO_PASSWORD!r}", file=sys.stderr)
    return 0
