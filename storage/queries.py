"""Read queries shared by the console and the CLIs (no writes here)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Select, any_, case, func, select
from sqlalchemy.orm import QueryableAttribute
from sqlalchemy.sql.elements import ColumnElement

from .models import Device, Household, RiskFlag


def severity_rank(ranks: Mapping[str, int]):
    """A SQL expression ranking RiskFlag.severity by `ranks` (care.vocabulary.SEVERITY_RANK: the
    one ranking, higher = more urgent; storage sits below care, so the caller passes it in)."""
    return case(*((RiskFlag.severity == str(sev), n) for sev, n in ranks.items()), else_=0)


def counted_devices():
    """The devices every page counts: active devices of active households (one definition, so the
    overview and the devices page agree)."""
    return (select(Device.id).join(Household, Household.id == Device.household_id)
            .where(Device.active.is_(True), Household.active.is_(True)))


def change_versions(session) -> dict[str, int]:
    """The change counters (storage.models.ChangeCounter): one short read of a handful of rows,
    whatever the size of the tables they watch. A table without its row (a database made before
    migration 0020_scale cannot be: the migration inserts them) reads 0."""
    from .models import ChangeCounter

    found = {name: int(v) for name, v in session.execute(select(ChangeCounter.name, ChangeCounter.version))}
    return {name: found.get(name, 0) for name in CHANGE_COUNTED} | found


CHANGE_COUNTED = ("risk_flag", "call_attempt", "follow_up", "check_in_plan", "household")


def member_of(column: ColumnElement[Any] | QueryableAttribute[Any], ids: Select, backend: str = "sqlite"
              ) -> ColumnElement[bool]:
    """`column IN (ids)`, a semi-join on a SELECT of ids, in the form each backend plans best.

    PostgreSQL: `column = ANY(ARRAY(ids))`. The subquery runs once, as an InitPlan, and each table
    is then read through its index on `column`. With `IN (SELECT ...)` the planner guessed 200
    ids from a CTE and hash-joined whole tables instead: it read all 43,000 devices and every open
    flag to keep a search's 416 homes. A search statement at 10,000 households went from 62-138 ms
    to 35-60 ms, with identical rows. SQLite already walks the indexes for IN, so it keeps IN."""
    if backend == "postgresql":
        return column == any_(func.array(ids.scalar_subquery()))
    return column.in_(ids)
