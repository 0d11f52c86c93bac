"""Alembic, driven from code: migrations run at start-up, and the SQLite file is copied before
any of them runs.

Revisions live under migrations/versions/ and form one chain with a single head (0007 merged the
devices and runner branches; tests/storage/test_migrations.py fails if a second head appears, so a
revision written in parallel with another needs a merge revision, `alembic merge`). Start-up still
upgrades to "heads". To write a new revision against a scratch database:

    python -m storage.migrate revision "add robot battery" --db /tmp/scratch.sqlite3
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from .errors import StorageError

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from .db import Database

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def pending(db: Database) -> bool:
    script = ScriptDirectory.from_config(alembic_config(db.url))
    with db.engine.connect() as conn:
        current = set(MigrationContext.configure(conn).get_current_heads())
    return current != set(script.get_heads())


def backup_sqlite(path: Path) -> Path:
    """A consistent copy before migrating (SQLite's online backup, so WAL contents are included)."""
    from .maintenance import backup_sqlite as online_backup

    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return online_backup(path, path.with_name(f"{path.name}.bak-{stamp}"))


def upgrade(db: Database) -> Path | None:
    """Bring the schema to the newest revision. Returns the backup path when one was taken."""
    if not pending(db):
        return None
    backup = None
    if db.path is not None and not db.newly_created and db.path.exists():
        backup = backup_sqlite(db.path)
    cfg = alembic_config(db.url)
    with db.engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:  # SQLite's own recipe for rebuilding tables (batch mode): with foreign keys on, the
            _foreign_keys(conn, False)  # DROP of the old copy would cascade-delete the rows pointing at it
        try:
            with conn.begin():
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "heads")
                if sqlite and (broken := conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()):
                    raise StorageError(f"the migration would leave {len(broken)} row(s) pointing at nothing "
                                       f"(first: {tuple(broken[0])}); nothing was changed")
        finally:
            if sqlite:
                _foreign_keys(conn, True)
    return backup


def _foreign_keys(conn: Connection, on: bool) -> None:
    """PRAGMA foreign_keys only takes effect outside a transaction: set it and end the (empty) one."""
    conn.exec_driver_sql(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")
    conn.commit()


def _main(argv: list[str]) -> int:
    import argparse

    from .db import resolve_db_url

    p = argparse.ArgumentParser(prog="python -m storage.migrate")
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("revision", help="autogenerate a revision from the models")
    r.add_argument("message")
    r.add_argument("--db", required=True)
    r.add_argument("--head", default="head", help="parent revision (default: the single head)")
    r.add_argument("--rev-id", default=None)
    a = p.parse_args(argv)
    url, _ = resolve_db_url(a.db)
    cfg = alembic_config(url)
    command.upgrade(cfg, "heads")
    command.revision(cfg, message=a.message, autogenerate=True, head=a.head, rev_id=a.rev_id,
                     branch_label=None)
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
