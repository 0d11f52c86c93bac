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
            processors[k] = proc
    order = list(compiled.positiontup or ()) if compiled.positional else list(compiled.binds)
    missing = set(order) - set(keys)
    if missing:  # e.g. a column default or onupdate the statement added: the caller must give it
        raise ValueError(f"bulk rows lack {sorted(missing)} for {table.name}")
    # column-wise: each column's processor runs once per distinct value
    columns_out = []
    for k in order:
        col = [row[k] for row in rows]
        proc = processors.get(k)
        if proc is not None:
            memo: dict = {}
            try:
                col = [memo[v] if v in memo else memo.setdefault(v, proc(v)) for v in col]
            except TypeError:  # unhashable values
                col = [proc(v) for v in col]
        columns_out.append(col)
    if compiled.positional:
        params: list = list(zip(*columns_out, strict=True))
    else:
        params = [dict(zip(order, values, strict=True)) for values in zip(*columns_out, strict=True)]
    conn.exec_driver_sql(compiled.string, params)
