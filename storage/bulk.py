"""Bulk writes for imports of many rows: a Core statement compiled once, each value run through its
column's bind processor once per distinct value, and the rows handed to the driver's executemany.

SQLAlchemy's own executemany processes every parameter of every row (at 100,000 households that
was most of the import's time); registry rows repeat the same dates, flags and timestamps, so
processing distinct values once gives the same stored values for a fraction of the work."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.sql.dml import UpdateBase


def executemany(conn: Connection, table: Table, stmt: UpdateBase, rows: Sequence[dict[str, Any]],
                columns: dict[str, str] | None = None) -> None:
    """Runs `stmt` once per row. Every row has the same keys; a key names a column of `table`, or
    `columns` maps it to one (e.g. {"b_id": "id"} for a WHERE id = :b_id)."""
    if not rows:
        return
    dialect = conn.dialect
    keys = list(rows[0])
    columns = columns or {}
    compiled = stmt.compile(dialect=dialect, column_keys=[k for k in keys if k not in columns])
    processors = {}
    for k in keys:
        proc = table.c[columns.get(k, k)].type.dialect_impl(dialect).bind_processor(dialect)
        if proc is not None:
            processors[k] = (proc, {})

    def value(k: str, v: Any) -> Any:
        if k not in processors:
            return v
        proc, memo = processors[k]
        try:
            return memo[v]
        except KeyError:
            memo[v] = out = proc(v)
            return out
        except TypeError:  # unhashable
            return proc(v)

    needed = set(compiled.positiontup or compiled.binds) - set(keys)
    if needed:  # e.g. a column default or onupdate the statement added: the caller must give it
        raise ValueError(f"bulk rows lack {sorted(needed)} for {table.name}")
    if compiled.positional:
        order = compiled.positiontup
        params: list = [tuple(value(k, row[k]) for k in order) for row in rows]
    else:
        params = [{k: value(k, v) for k, v in row.items()} for row in rows]
    conn.exec_driver_sql(compiled.string, params)
