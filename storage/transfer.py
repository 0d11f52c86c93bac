"""Move a whole database to another server: `python main.py migrate-db --from A --to B`.

The usual case is the office's SQLite file moving to the district's PostgreSQL server. The copy is
all-or-nothing: the target is migrated to the newest revision, filled and checked inside ONE
transaction on the target, so a failure (a row PostgreSQL refuses, a dropped connection, a count
that does not match) leaves the target exactly as it was. The source is only read (brought to the
newest revision first, with its usual backup, so both sides have the same tables).

    report = copy_database("sqlite:///old.sqlite3", "postgresql+psycopg://anbu@db.example/anbu")

Order: every table of the models in foreign-key order (parents first), rows in primary-key order,
ids kept as they are; PostgreSQL's id sequences are then set past the highest copied id. Checks
before commit: each table's row count equals the source's, and every access-log row (audit_event)
equals its source row field by field (who, what, when, where, why: the privacy law's record).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Table, func, inspect, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from .credentials import display_url
from .db import Database, describe_db_error, make_engine, open_database
from .errors import StorageError
from .models import AuditEvent, Base

CHUNK = 5_000  # rows per INSERT batch (executemany); keeps memory flat on a large sensor_reading table


class TargetNotEmptyError(StorageError):
    """The target already holds rows: migrate-db copies into an empty database only."""

    exit_code = 2


class CopyMismatchError(StorageError):
    """A check after the copy failed; nothing was committed."""


@dataclass(frozen=True)
class CopyReport:
    source: str
    target: str
    rows: dict[str, int] = field(default_factory=dict)  # table -> rows copied (equal on both sides)
    audit_rows_checked: int = 0

    def to_json(self) -> dict:
        return {"from": self.source, "to": self.target, "tables": len(self.rows),
                "rows": sum(self.rows.values()), "per_table": self.rows, "audit_rows_checked": self.audit_rows_checked,
                "verified": True}


def tables() -> list[Table]:
    """Every table of the models, parents before the tables that point at them."""
    return list(Base.metadata.sorted_tables)


def _counts(conn: Connection) -> dict[str, int]:
    return {t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one()) for t in tables()}


def _refuse_non_empty(conn: Connection, where: str) -> None:
    """Any row in any table (ours or not) refuses the copy: it never merges two databases."""
    inspector = inspect(conn)
    full = []
    for name in inspector.get_table_names():
        if name == "alembic_version":
            continue
        if conn.execute(text(f'SELECT 1 FROM "{name}" LIMIT 1')).first() is not None:
            full.append(name)
    if full:
        shown = ", ".join(sorted(full, key=lambda n: (n != "household", n))[:6]) + (" ..." if len(full) > 6 else "")
        raise TargetNotEmptyError(
            f"the target database {where} is not empty (rows in {shown}); migrate-db copies into an empty "
            "database only and never merges two. Create a new, empty database (e.g. `createdb -O anbu anbu`) "
            "and name that with --to.")


def _copy_table(source: Connection, target: Connection, table: Table) -> int:
    order = list(table.primary_key.columns) or list(table.columns)
    copied = 0
    result = source.execution_options(stream_results=True, yield_per=CHUNK).execute(select(table).order_by(*order))
    for chunk in result.partitions(CHUNK):
        rows = [dict(r._mapping) for r in chunk]
        try:
            target.execute(table.insert(), rows)
        except DBAPIError as exc:
            first = rows[0].get("id", "?")
            raise StorageError(f"the target refused a row of table {table.name} (in the batch from id {first}): "
                               f"{str(exc.orig).splitlines()[0]}. Nothing was copied.") from exc
        copied += len(rows)
    return copied


def _reset_sequences(target: Connection) -> None:
    """PostgreSQL hands out ids from a sequence that the copy (which keeps ids) did not advance."""
    if target.dialect.name != "postgresql":
        return  # SQLite takes the next id from the table's highest rowid
    for table in tables():
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or not pk[0].autoincrement or pk[0].type.python_type is not int:
            continue
        seq = target.execute(text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": pk[0].name}).scalar()
        if seq:
            target.execute(text(f'SELECT setval(:s, COALESCE((SELECT MAX("{pk[0].name}") FROM "{table.name}"), 0) + 1, '
                                'false)'), {"s": seq})


def _audit_rows(conn: Connection) -> list[tuple]:
    table = AuditEvent.__table__
    return [tuple(r) for r in conn.execute(select(table).order_by(table.c.id))]


def copy_database(source_url: str, target_url: str) -> CopyReport:
    """Copy every row of source into the empty target (migrated first), all in one target transaction."""
    source_db = open_database(source_url)  # migrated to the newest revision (SQLite: backed up first)
    target_db = Database(target_url, make_engine(target_url, explicit=True))
    where = target_db.display
    try:
        with source_db.engine.connect() as source, target_db.engine.connect() as target:
            try:
                with target.begin():
                    _refuse_non_empty(target, where)
                    _migrate(target_db, target)
                    # rows the migrations themselves wrote (the access log's chain head): the source
                    # has its own, which is what the copy must carry over
                    for table in reversed(tables()):
                        target.execute(table.delete())
                    rows = {t.name: _copy_table(source, target, t) for t in tables()}
                    _reset_sequences(target)
                    expected, got = _counts(source), _counts(target)
                    if expected != got or rows != expected:
                        wrong = {n: (expected[n], got.get(n)) for n in expected if expected[n] != got.get(n)}
                        raise CopyMismatchError(f"row counts differ after the copy (table: source, target): {wrong}; "
                                                "nothing was committed")
                    audit_source, audit_target = _audit_rows(source), _audit_rows(target)
                    if audit_source != audit_target:
                        first = next(i for i, (a, b) in enumerate(zip(audit_source, audit_target, strict=True))
                                     if a != b)
                        raise CopyMismatchError(f"access-log row id {audit_source[first][0]} differs after the copy; "
                                                "nothing was committed")
            except DBAPIError as exc:
                raise describe_db_error(exc, target_url) from exc
    finally:
        source_db.dispose()
        target_db.dispose()
    return CopyReport(source_db.display, display_url(target_url), rows, len(audit_source))


def _migrate(target_db: Database, conn: Connection) -> None:
    """The target's schema to the newest revision, inside the caller's transaction (PostgreSQL's DDL
    is transactional: a failed copy leaves no tables behind either)."""
    from alembic import command

    from .migrate import alembic_config

    cfg = alembic_config(target_db.url)
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, "heads")
