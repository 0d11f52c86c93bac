"""The overview's one query: a row per active household, built from grouped subqueries joined to
household (no per-row correlated subquery, no list of ids bound as parameters), sorted in SQL.

Issue 18 measured the correlated form at 1.4–2.9 s on PostgreSQL at 10,000 households against
0.26–0.56 s for a grouped form of the same rows. Here every source is aggregated once:

- the last finished call: the newest end time per household, then the highest id ending then;
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

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from sqlalchemy import Integer, Select, String, and_, bindparam, case, func, literal, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import ColumnElement

from care.households.reachability import reachability_subquery
from care.settings import UnreachableRule
from care.vocabulary import SEVERITY_RANK, FlagStatus, Severity
from storage.models import CallAttempt, CheckInPlan, Device, Household, RiskFlag
from storage.queries import member_of, severity_rank

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


def overview_statement(text: str, sort: str, descending: bool, backend: str = "sqlite") -> Select:
    """The same statement unbound: execute it with overview_params (its cache key is computed once).
    `backend`: the dialect's name (backend_of)."""
    return _statement(bool(text.strip()), sort, descending, backend)


def backend_of(session: Session) -> str:
    """The dialect's name ("sqlite", "postgresql") of the session's database."""
    return session.get_bind().dialect.name


def overview_params(rule: UnreachableRule, text: str = "") -> dict:
    return {"pattern": like_pattern(text), "missed_calls": rule.missed_calls,
            "not_reached": rule.not_reached_follow_ups}


@lru_cache(maxsize=64)
def _statement(searching: bool, sort: str, descending: bool, backend: str) -> Select:
    """Built once per shape (search or not, sort, direction): the text and the rule are bound
    parameters, so SQLAlchemy's compiled cache serves every later load."""
    q, keys, rank, open_flags = _base(searching, False, backend)
    chosen = keys.get(sort, keys["severity"])
    order = [(c.desc() if descending else c.asc()).nulls_last() for c in chosen]
    return q.order_by(*order, rank.desc(), open_flags.desc(), Household.name, Household.id)


def _last_call(narrowed: Callable[[Select, Any], Select], backend: str):
    """Each household's last finished call as (hid, outcome, ended_at), one row per household.

    Two forms, each the faster on its backend at 10,000 households (whole overview statement):
    SQLite reads the newest end time per household in the order of ix_call_attempt_household_calls,
    then the highest id ending then, then that row (ROW_NUMBER() over every attempt sorted all
    100,000: 86 against 34 ms of SQLite CPU for this part). PostgreSQL plans ROW_NUMBER() with a
    run condition in one scan and the grouped form in three (0.44 against 0.53 s)."""
    finished = CallAttempt.outcome.is_not(None)
    if backend == "postgresql":
        ranked = narrowed(select(CallAttempt.household_id.label("hid"), CallAttempt.outcome.label("outcome"),
                                 CallAttempt.ended_at.label("ended_at"),
                                 func.row_number().over(partition_by=CallAttempt.household_id,
                                                        order_by=(CallAttempt.ended_at.desc(), CallAttempt.id.desc())
                                                        ).label("rn"))
                          .where(finished), CallAttempt.household_id).subquery("ranked")
        return select(ranked.c.hid, ranked.c.outcome, ranked.c.ended_at).where(ranked.c.rn == 1).subquery("last_call")
    newest = narrowed(select(CallAttempt.household_id.label("hid"), func.max(CallAttempt.ended_at).label("at"))
                      .where(finished), CallAttempt.household_id).group_by(CallAttempt.household_id).subquery("newest")
    pick = (select(CallAttempt.household_id.label("hid"), func.max(CallAttempt.id).label("id"))
            .join(newest, and_(newest.c.hid == CallAttempt.household_id, newest.c.at == CallAttempt.ended_at))
            .where(finished).group_by(CallAttempt.household_id).subquery("pick"))
    last = aliased(CallAttempt, name="last_row")
    return (select(pick.c.hid, last.outcome.label("outcome"), last.ended_at.label("ended_at"))
            .join(last, last.id == pick.c.id).subquery("last_call"))


def _base(searching: bool, scoped: bool, backend: str = "sqlite", in_dong: bool = False
          ) -> tuple[Select, dict[str, list[Any]], ColumnElement, ColumnElement]:
    """The unsorted row statement, its sort keys by SORT_KEYS member, the row's rank and its open
    flags. `scoped`: only households whose worker is in the expanding parameter `workers`;
    `in_dong`: only households of the 동 in the parameter `dong` (the person's view scope).
    `backend`: the dialect's name (some parts have a faster form per backend)."""
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
    # the matching homes are found once (a CTE: SQLite and PostgreSQL materialise a CTE read more
    # than once) and every grouped subquery is narrowed to them by a semi-join; scanning household
    # with three LIKEs once per subquery was a fifth of a search's time at 10,000 households
    homes = select(select(h.id).where(cond).cte("homes").c.id)

    def narrowed(q: Select, column) -> Select:
        return q.where(member_of(column, homes, backend)) if t else q

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
    last_call = _last_call(narrowed, backend)
    reach = reachability_subquery(homes if t else None, backend)
    missed, tried = func.coalesce(reach.c.missed, literal(0)), func.coalesce(reach.c.tried, literal(0))
    unreachable = and_(missed >= bindparam("missed_calls", type_=Integer),
                       tried >= bindparam("not_reached", type_=Integer))
    top = func.coalesce(flags.c.top, literal(0))
    rank = _greatest(top, case((unreachable, literal(HIGH)), else_=literal(0)))
    open_flags = func.coalesce(flags.c.n, literal(0))
    q = (select(h.id.label("id"), h.ref.label("ref"), h.name.label("name"), h.dong.label("dong"),
                h.worker.label("worker"), h.is_demo.label("is_demo"), last_call.c.outcome,
                last_call.c.ended_at,
                open_flags.label("open_flags"), top.label("top_severity"), rank.label("row_rank"),
                case((unreachable, 1), else_=0).label("unreachable"), missed.label("missed"),
                func.coalesce(devices.c.sensors, literal(0)).label("sensors"),
                devices.c.sensors_seen, devices.c.robot_seen, devices.c.robot_battery,
                CheckInPlan.id.label("plan_id"), CheckInPlan.paused, CheckInPlan.pause_reason)
         .outerjoin(flags, flags.c.hid == h.id)
         .outerjoin(devices, devices.c.hid == h.id)
         .outerjoin(last_call, last_call.c.hid == h.id)
         .outerjoin(reach, reach.c.hid == h.id)
         .outerjoin(CheckInPlan, CheckInPlan.household_id == h.id)
         .where(member_of(h.id, homes, backend) if t else cond))
    keys: dict[str, list[Any]] = {
        "name": [h.name], "dong": [h.dong], "worker": [h.worker], "last_call": [last_call.c.ended_at],
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
                     backend: str = "sqlite", in_dong: bool = False) -> Select:
    """One page of the overview and its counters in ONE statement: every matching household is
    aggregated once (the grouped subqueries above), the counters are window aggregates over all of
    them (`n_all`, `n_flags`, `n_flagged`, `n_urgent`, `n_unreachable`, whatever the counter), and
    only the rows the counter `only` shows are sorted and cut to the bound `page_limit` rows from
    `page_offset`. The row set is never sent to Python whole."""
    q, _keys, rank, open_flags = _base(searching, scoped, backend, in_dong)
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
def counters_statement(searching: bool, scoped: bool, backend: str = "sqlite", in_dong: bool = False) -> Select:
    """The counters alone, one grouped row (when a window holds no row to carry them)."""
    o = _base(searching, scoped, backend, in_dong)[0].subquery("o").c
    one, zero = literal(1), literal(0)
    return select(func.count().label("n_all"), func.coalesce(func.sum(o.open_flags), zero).label("n_flags"),
                  func.coalesce(func.sum(case((o.open_flags > zero, one), else_=zero)), zero).label("n_flagged"),
                  func.coalesce(func.sum(case((o.row_rank >= literal(HIGH), one), else_=zero)), zero).label("n_urgent"),
                  func.coalesce(func.sum(o.unreachable), zero).label("n_unreachable"))
