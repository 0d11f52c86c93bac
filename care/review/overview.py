"""The console's one view of every household: last call, open flags, sensors, robot."""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from care.households.reachability import load_rule
from care.households.reasons import HouseholdState, Reason, compose, flag_reasons
from care.households.registry import MAX_SEARCH, SearchTooLong
from care.review.overview_query import (
    SORT_KEYS,
    backend_of,
    counters_statement,
    overview_params,
    overview_statement,
    window_statement,
)
from care.settings import UnreachableRule
from care.vocabulary import NO_SEVERITY, SEVERITY_RANK, Severity, severity_from_rank
from storage.db import Database
from storage.models import CallAttempt, Household
from storage.queries import counted_devices
from storage.types import utcnow

# the counters that filter the rows (the count on each is the number of rows it shows)
FILTERS = ("all", "flagged", "urgent", "unreachable")


@dataclass(frozen=True)
class OverviewRow:
    id: int
    name: str
    dong: str
    worker: str
    is_demo: bool
    last_outcome: str | None
    last_call_at: datetime | None
    open_flags: int
    top_severity: str  # of the open flags: none | low | medium | high
    sensors: int
    sensors_seen: datetime | None
    robot_seen: datetime | None
    robot_battery: float | None
    severity: str = NO_SEVERITY  # the row's colour: open flags, and high when unreachable
    unreachable: bool = False
    reasons: tuple[Reason, ...] = ()  # why, most serious first (care.households.reasons)
    state: HouseholdState | None = field(default=None, repr=False, compare=False)  # while loading
    ref: str = ""  # the household's stable reference (the access log names it)

    def shown_by(self, only: str) -> bool:
        """Whether the counter `only` (FILTERS) shows this row."""
        if only == "flagged":
            return self.open_flags > 0
        if only == "urgent":
            return self.severity == Severity.HIGH
        if only == "unreachable":
            return self.unreachable
        return True


@dataclass(frozen=True)
class OverviewSummary:
    households: int  # rows under the search text, whatever the counter
    open_flags: int  # open flags of those households
    flagged: int  # households with an open flag
    urgent: int  # households coloured high
    unreachable: int  # households unreachable (연락두절)
    calls_last_24h: int
    devices: int
    demo: bool

    def count(self, only: str) -> int:
        return {"flagged": self.flagged, "urgent": self.urgent, "unreachable": self.unreachable}.get(
            only, self.households)


_SEVERITY_OF_RANK = {rank: severity_from_rank(rank) for rank in SEVERITY_RANK.values()}
_RULE_TTL_S = 30.0
_rules: dict[str, tuple[float, UnreachableRule]] = {}


def _rule(session: Session) -> UnreachableRule:
    """The unreachable rule, read from the settings store at most every 30 s per database (the
    store reads nine rows; the overview reloads on every keystroke of a search)."""
    url = str(session.get_bind().engine.url)
    now = time.monotonic()
    cached = _rules.get(url)
    if cached is None or now - cached[0] > _RULE_TTL_S:
        cached = _rules[url] = (now, load_rule(session))
    return cached[1]


def _rows(session: Session, text: str, sort: str, descending: bool) -> list[OverviewRow]:
    if len(text.strip()) > MAX_SEARCH:
        raise SearchTooLong()
    if sort not in SORT_KEYS:
        raise ValueError(f"unknown overview sort {sort!r}; one of {', '.join(SORT_KEYS)}")
    rows = session.execute(overview_statement(text, sort, descending, backend_of(session)),
                           overview_params(_rule(session), text)).mappings().all()
    return [_row(r) for r in rows]


def _row(r) -> OverviewRow:
    return OverviewRow(
        id=r["id"], name=r["name"], dong=r["dong"], worker=r["worker"], is_demo=bool(r["is_demo"]),
        last_outcome=r["outcome"], last_call_at=_aware(r["ended_at"]), open_flags=int(r["open_flags"]),
        top_severity=_SEVERITY_OF_RANK.get(r["top_severity"], NO_SEVERITY), sensors=int(r["sensors"] or 0),
        sensors_seen=_aware(r["sensors_seen"]), robot_seen=_aware(r["robot_seen"]),
        robot_battery=r["robot_battery"], severity=_SEVERITY_OF_RANK.get(r["row_rank"], NO_SEVERITY),
        unreachable=bool(r["unreachable"]),
        state=HouseholdState(r["plan_id"] is not None, bool(r["paused"]), r["pause_reason"] or "",
                             int(r["missed"]), bool(r["unreachable"])),
        ref=r["ref"] or f"#{r['id']}")


def household_overview(db: Database, text: str = "", sort: str = "severity", descending: bool = True,
                       only: str = "all") -> list[OverviewRow]:
    """The rows (without their reasons), sorted in SQL by `sort` (overview_query.SORT_KEYS)."""
    with db.session() as s:
        return [r for r in _rows(s, text, sort, descending) if r.shown_by(only)]


def _summary(session: Session, rows: list[OverviewRow], scoped: Any = None) -> OverviewSummary:
    calls, devices, demo = _extras(session, scoped)
    return OverviewSummary(len(rows), sum(r.open_flags for r in rows), sum(r.shown_by("flagged") for r in rows),
                           sum(r.shown_by("urgent") for r in rows), sum(r.unreachable for r in rows), calls, devices,
                           demo)


def _extras(session: Session, scoped: Any = None) -> tuple[int, int, bool]:
    """The counters that are not about the rows: calls in 24 h, devices, whether demo data is in.
    `scoped`: a WHERE clause on Household (the person's view scope) both counts keep to."""
    since = utcnow() - timedelta(days=1)
    calls_q = select(func.count(CallAttempt.id)).where(CallAttempt.ended_at.is_not(None), CallAttempt.ended_at >= since)
    devices_q = counted_devices()
    if scoped is not None:
        calls_q = calls_q.join(Household, Household.id == CallAttempt.household_id).where(scoped)
        devices_q = devices_q.where(scoped)
    calls, devices, demo = session.execute(select(  # one round trip
        calls_q.scalar_subquery(),
        select(func.count()).select_from(devices_q.subquery()).scalar_subquery(),
        select(Household.id).where(Household.is_demo.is_(True)).limit(1).scalar_subquery())).one()
    return int(calls), int(devices), demo is not None


def overview_summary(db: Database, text: str = "") -> OverviewSummary:
    with db.session() as s:
        return _summary(s, _rows(s, text, "severity", True))


def _aware(value: datetime | str | None) -> datetime | None:
    """Raw subquery values bypass the column type on SQLite; bring them back to aware UTC."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value


def load_overview(db: Database, text: str = "", only: str = "all", sort: str = "severity",
                  descending: bool = True, *, actor: str | None = None) -> tuple[OverviewSummary, list[OverviewRow]]:
    """What the overview page shows, in one call: the counters over every household matching
    `text`, and the rows the counter `only` shows, sorted in SQL, each with its reasons.

    With `actor` (the console's person): a social worker's rows and counters are her own
    households (so a counter always equals the rows it leads to), and one access-log row names
    how many households were shown and which."""
    from care import audit
    from care.accounts import view_scope

    with db.session() as s:
        rows = _rows(s, text, sort, descending)
        view = view_scope.effective(s, actor) if actor is not None else None
        if view is not None and not view.everything:  # the role's scope and the person's choice
            rows = [r for r in rows if view.allows(r.worker, r.dong)]
        summary = _summary(s, rows, view.clause() if view is not None else None)
        shown = [r for r in rows if r.shown_by(only)]
        flags = flag_reasons(s, [r.id for r in shown], utcnow())
        if actor is not None:
            detail = {k: v for k, v in (("text", text.strip()), ("only", only if only != "all" else "")) if v}
            audit.record_list(s, actor, "household_overview", (r.ref for r in shown), detail or None, action="view")
    # the row already knows its plan and reachability: only the flags are read again
    return summary, [_with_reasons(r, flags.get(r.id)) for r in shown]


PAGE_ROWS = 200  # rows the overview fetches at a time as the table scrolls


@dataclass(frozen=True)
class OverviewWindow:
    """One page of the overview's rows and the counters over all of them."""

    summary: OverviewSummary
    total: int  # rows the counter `only` shows over every page (== summary.count(only))
    offset: int  # where `rows` starts among them
    rows: tuple[OverviewRow, ...]


def overview_window(db: Database, text: str = "", only: str = "all", sort: str = "severity",
                    descending: bool = True, *, offset: int = 0, limit: int = PAGE_ROWS,
                    actor: str | None = None, extras_from: OverviewSummary | None = None) -> OverviewWindow:
    """`limit` rows from `offset` of what the counter `only` shows under `text`, sorted in SQL by
    `sort`, each with its reasons, and the counters over every matching household — one statement
    (care.review.overview_query.window_statement; a second grouped one only when the window is
    empty). Only the page's rows reach Python; the "why" reasons are read for them alone.

    With `actor`: a social worker sees her own households (the scope is in the SQL, so counters
    and rows agree), and each page writes one access-log row naming the households it showed.

    `extras_from`: a summary read a moment ago whose counters that do not depend on the rows
    (calls in 24 h, devices, demo) are kept — a keystroke in the search box or a later page does not
    read them again (the calls count scans the last day's attempts)."""
    from care import audit
    from care.accounts import view_scope

    if len(text.strip()) > MAX_SEARCH:
        raise SearchTooLong()
    if sort not in SORT_KEYS:
        raise ValueError(f"unknown overview sort {sort!r}; one of {', '.join(SORT_KEYS)}")
    if only not in FILTERS:
        raise ValueError(f"unknown overview counter {only!r}; one of {', '.join(FILTERS)}")
    if offset < 0 or limit < 1:
        raise ValueError(f"an overview window needs offset >= 0 and limit >= 1, not {offset}, {limit}")
    with db.session() as s:
        view = view_scope.effective(s, actor) if actor is not None else view_scope.HouseholdView()
        searching, scoped, in_dong = bool(text.strip()), view.workers is not None, view.dong is not None
        params = overview_params(_rule(s), text)
        if scoped:
            params["workers"] = list(view.workers or ())
        if in_dong:
            params["dong"] = view.dong
        backend = backend_of(s)
        raw = s.execute(window_statement(searching, scoped, only, sort, descending, backend, in_dong),
                        {**params, "page_limit": limit, "page_offset": offset}).mappings().all()
        counts = raw[0] if raw else s.execute(counters_statement(searching, scoped, backend, in_dong),
                                              params).mappings().one()
        summary = OverviewSummary(int(counts["n_all"] or 0), int(counts["n_flags"] or 0),
                                  int(counts["n_flagged"] or 0), int(counts["n_urgent"] or 0),
                                  int(counts["n_unreachable"] or 0),
                                  *(_extras(s, view.clause()) if extras_from is None else
                                    (extras_from.calls_last_24h, extras_from.devices, extras_from.demo)))
        rows = [_row(r) for r in raw]
        # the "why" of open flags, read for the page's rows that have one (the row counted them)
        flagged = [r.id for r in rows if r.open_flags]
        flags = flag_reasons(s, flagged, utcnow()) if flagged else {}
        if actor is not None:
            detail = {k: v for k, v in (("text", text.strip()), ("only", only if only != "all" else ""),
                                        ("offset", offset)) if v}
            audit.record_list(s, actor, "household_overview", (r.ref for r in rows), detail or None, action="view")
    return OverviewWindow(summary, summary.count(only), offset,
                          tuple(_with_reasons(r, flags.get(r.id)) for r in rows))


def _with_reasons(r: OverviewRow, flags: dict | None) -> OverviewRow:
    state = r.state or HouseholdState(True, False, "", 0, r.unreachable)
    if not flags and state.has_plan and not (state.paused or state.missed or state.unreachable):
        return r  # nothing to say (most rows): no copy
    return replace(r, reasons=tuple(compose(flags or {}, state)))


def overview_version(db: Database) -> tuple[int, int, int]:
    """Moves when a flag is raised or worked, a check-in slot changes (a call finished), a
    follow-up is logged (reachability), or a plan or household is edited: what the overview shows.
    Device last-seen times are left out on purpose — the ingest moves them every few seconds, and
    the overview would reload for nothing. O(1): the change counters the database's triggers bump
    (migration 0020_scale) and the schedule's version row — (flags, schedule, follow-ups + plans +
    households)."""
    from care.checkins.schedule import schedule_version
    from storage.queries import change_versions

    with db.session() as s:
        c = change_versions(s)
    return c["risk_flag"], schedule_version(db), c["follow_up"] + c["check_in_plan"] + c["household"]
