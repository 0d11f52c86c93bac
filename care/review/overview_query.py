"""The overview's one query: a row per active household, built from grouped subqueries joined to
household (no per-row correlated subquery, no list of ids bound as parameters), sorted in SQL.

Issue 18 measured the correlated form at 1.4–2.9 s on PostgreSQL at 10,000 households against
0.26–0.56 s for a grouped form of the same rows. Here every source is aggregated once:

- the last finished call: ROW_NUMBER() over each household's attempts (SQLite ≥ 3.25, PostgreSQL);
- open flags: count and the highest severity rank;
- active devices: sensors (count, newest last-seen) and the robot (last seen, lowest battery);
- reachability (care.households.reachability.reachability_subquery): missed check-ins and
  unanswered follow-ups since anybody last reached the resident.

A search text narrows the households first and every subquery to them through a semi-join
(`household_id IN (SELECT id ...)`, not bound ids), so a search reads only the matching homes.

The row's rank (its colour) is the highest of its open flags' severity and "high" when unreachable:
the same rule as care.households.reasons.row_severity, so the colour and the "why" agree.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy import Integer, Select, String, and_, bindparam, case, func, literal, select
from sqlalchemy.sql.elements import ColumnElement

from care.households.reachability import reachability_subquery
from care.settings import UnreachableRule
from care.vocabulary import SEVERITY_RANK, FlagStatus, Severity
from storage.models import CallAttempt, CheckInPlan, Device, Household, RiskFlag
from storage.queries import severity_rank

HIGH = SEVERITY_RANK[Severity.HIGH]

# column key -> what it sorts by (then by urgency, name and id, so every order is total)
SORT_KEYS = ("severity", "name", "dong", "worker", "last_call", "flags", "sensors", "robot", "why")


def _greatest(a: ColumnElement, b: ColumnElement) -> ColumnElement:
    return case((a >= b, a), else_=b)


def like_pattern(text: str) -> str:
    """`text` matched literally anywhere: % and _ are not wildcards (escaped with \\)."""
    escaped = text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def overview_select(rule: UnreachableRule, text: str = "", sort: str = "severity", descending: bool = True) -> Select:
    """Every active household (matching `text` in name, 동 or worker, literally), sorted by `sort`;
    the statement with its parameters bound (overview_params)."""
    return overview_statement(text, sort, descending).params(**overview_params(rule, text))


def overview_statement(text: str, sort: str, descending: bool) -> Select:
    """The same statement unbound: execute it with overview_params (its cache key is computed once)."""
    return _statement(bool(text.strip()), sort, descending)


def overview_params(rule: UnreachableRule, text: str = "") -> dict:
    return {"pattern": like_pattern(text), "missed_calls": rule.missed_calls,
            "not_reached": rule.not_reached_follow_ups}


@lru_cache(maxsize=64)
def _statement(searching: bool, sort: str, descending: bool) -> Select:
    """Built once per shape (search or not, sort, direction): the text and the rule are bound
    parameters, so SQLAlchemy's compiled cache serves every later load."""
    q, keys, rank, open_flags = _base(searching, scoped=False)
    chosen = keys.get(sort, keys["severity"])
    order = [(c.desc() if descending else c.asc()).nulls_last() for c in chosen]
    return q.order_by(*order, rank.desc(), open_flags.desc(), Household.name, Household.id)


def _base(searching: bool, scoped: bool, in_dong: bool = False
          ) -> tuple[Select, dict[str, list[Any]], ColumnElement, ColumnElement]:
    """The unsorted row statement, its sort keys by SORT_KEYS member, the row's rank and its open
    flags. `scoped`: only households whose worker is in the expanding parameter `workers`;
    `in_dong`: only households of the 동 in the parameter `dong` (the person's view scope)."""
    h = Household
    cond: ColumnElement = h.active.is_(True)
    t = searching or scoped or in_dong
    if searching:  # care.households.registry caps the length
        pattern = bindparam("pattern", type_=String)
        cond = and_(cond, h.name.like(pattern, escape="\\") | h.dong.like(pattern, escape="\\")
                    | h.worker.like(pattern, escape="\\"))
    if scoped:
        cond = and_(cond, h.worker.in_(bindparam("workers", expanding=True)))
    if in_dong:
        cond = and_(cond, h.dong == bindparam("dong", type_=String))
    homes = select(h.id).where(cond)

    def narrowed(q: Select, column) -> Select:
        return q.where(column.in_(homes)) if t else q

    flags = narrowed(select(RiskFlag.household_id.label("hid"), func.count().label("n"),
                            func.max(severity_rank(SEVERITY_RANK)).label("top"))
                     .where(RiskFlag.status != FlagStatus.RESOLVED), RiskFlag.household_id
                     ).group_by(RiskFlag.household_id).subquery("flags")
    sensor = Device.kind != "robot"
    robot = Device.kind == "robot"
    devices = narrowed(select(Device.household_id.label("hid"),
                              func.sum(case((sensor, 1), else_=0)).label("sensors"),
                              func.max(case((sensor, Device.last_seen_at))).label("sensors_seen"),
                              func.max(case((robot, Device.last_seen_at))).label("robot_seen"),
                              func.min(case((robot, Device.battery))).label("robot_battery"))
                       .where(Device.active.is_(True)), Device.household_id
                       ).group_by(Device.household_id).subquery("devices")
    ranked = narrowed(select(CallAttempt.household_id.label("hid"), CallAttempt.outcome.label("outcome"),
                             CallAttempt.ended_at.label("ended_at"),
                             func.row_number().over(partition_by=CallAttempt.household_id,
                                                    order_by=(CallAttempt.ended_at.desc(), CallAttempt.id.desc())
                                                    ).label("rn"))
                      .where(CallAttempt.outcome.is_not(None)), CallAttempt.household_id).subquery("ranked")
    reach = reachability_subquery(homes if t else None)
    missed, tried = func.coalesce(reach.c.missed, literal(0)), func.coalesce(reach.c.tried, literal(0))
    unreachable = and_(missed >= bindparam("missed_calls", type_=Integer),
                       tried >= bindparam("not_reached", type_=Integer))
    top = func.coalesce(flags.c.top, literal(0))
    rank = _greatest(top, case((unreachable, literal(HIGH)), else_=literal(0)))
    open_flags = func.coalesce(flags.c.n, literal(0))
    q = (select(h.id.label("id"), h.ref.label("ref"), h.name.label("name"), h.dong.label("dong"),
                h.worker.label("worker"), h.is_demo.label("is_demo"), ranked.c.outcome, ranked.c.ended_at,
                open_flags.label("open_flags"), top.label("top_severity"), rank.label("row_rank"),
                case((unreachable, 1), else_=0).label("unreachable"), missed.label("missed"),
                func.coalesce(devices.c.sensors, literal(0)).label("sensors"),
                devices.c.sensors_seen, devices.c.robot_seen, devices.c.robot_battery,
                CheckInPlan.id.label("plan_id"), CheckInPlan.paused, CheckInPlan.pause_reason)
         .outerjoin(flags, flags.c.hid == h.id)
         .outerjoin(devices, devices.c.hid == h.id)
         .outerjoin(ranked, and_(ranked.c.hid == h.id, ranked.c.rn == 1))
         .outerjoin(reach, reach.c.hid == h.id)
         .outerjoin(CheckInPlan, CheckInPlan.household_id == h.id)
         .where(cond))
    keys: dict[str, list[Any]] = {
        "name": [h.name], "dong": [h.dong], "worker": [h.worker], "last_call": [ranked.c.ended_at],
        "flags": [open_flags, top], "sensors": [func.coalesce(devices.c.sensors, literal(0)), devices.c.sensors_seen],
        "robot": [devices.c.robot_seen, devices.c.robot_battery], "severity": [rank, open_flags],
        "why": [rank, open_flags]}
    return q, keys, rank, open_flags


# the sort keys of a window, by the window subquery's column names
_WINDOW_KEYS: dict[str, tuple[str, ...]] = {
    "name": ("name",), "dong": ("dong",), "worker": ("worker",), "last_call": ("ended_at",),
    "flags": ("open_flags", "top_severity"), "sensors": ("sensors", "sensors_seen"),
    "robot": ("robot_seen", "robot_battery"), "severity": ("row_rank", "open_flags"), "why": ("row_rank", "open_flags")}


@lru_cache(maxsize=128)
def window_statement(searching: bool, scoped: bool, only: str, sort: str, descending: bool,
                     in_dong: bool = False) -> Select:
    """One page of the overview and its counters in ONE statement: every matching household is
    aggregated once (the grouped subqueries above), the counters are window aggregates over all of
    them (`n_all`, `n_flags`, `n_flagged`, `n_urgent`, `n_unreachable`, whatever the counter), and
    only the rows the counter `only` shows are sorted and cut to the bound `page_limit` rows from
    `page_offset`. The row set is never sent to Python whole."""
    q, _keys, rank, open_flags = _base(searching, scoped, in_dong)
    one = literal(1)
    zero = literal(0)
    inner = q.add_columns(
        func.count().over().label("n_all"),
        func.sum(open_flags).over().label("n_flags"),
        func.sum(case((open_flags > zero, one), else_=zero)).over().label("n_flagged"),
        func.sum(case((rank >= literal(HIGH), one), else_=zero)).over().label("n_urgent"),
        func.sum(q.selected_columns.unreachable).over().label("n_unreachable")).subquery("o")
    o = inner.c
    shown: dict[str, ColumnElement] = {"flagged": o.open_flags > zero, "urgent": o.row_rank >= literal(HIGH),
                                       "unreachable": o.unreachable == one}
    page = select(inner)
    if only in shown:
        page = page.where(shown[only])
    order = [(o[c].desc() if descending else o[c].asc()).nulls_last() for c in _WINDOW_KEYS.get(sort, ("row_rank",))]
    return (page.order_by(*order, o.row_rank.desc(), o.open_flags.desc(), o.name, o.id)
            .limit(bindparam("page_limit", type_=Integer)).offset(bindparam("page_offset", type_=Integer)))


@lru_cache(maxsize=16)
def counters_statement(searching: bool, scoped: bool, in_dong: bool = False) -> Select:
    """The counters alone, one grouped row (when a window holds no row to carry them)."""
    o = _base(searching, scoped, in_dong)[0].subquery("o").c
    one, zero = literal(1), literal(0)
    return select(func.count().label("n_all"), func.coalesce(func.sum(o.open_flags), zero).label("n_flags"),
                  func.coalesce(func.sum(case((o.open_flags > zero, one), else_=zero)), zero).label("n_flagged"),
                  func.coalesce(func.sum(case((o.row_rank >= literal(HIGH), one), else_=zero)), zero).label("n_urgent"),
                  func.coalesce(func.sum(o.unreachable), zero).label("n_unreachable"))
