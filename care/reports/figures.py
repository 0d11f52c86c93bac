"""The SQL behind a report: one set-based query per table (grouped counts, no per-household loop),
the same on SQLite and PostgreSQL. Days are grouped by the local (Asia/Seoul) calendar day, one
small compiled function per dialect (local_day).

Definitions (the figures' words):
- households enrolled: active households in scope (dong / worker = household.worker).
- confirmed contact: a check-in answered by a person and assessed (well, or flagged: the resident
  spoke to us), or a follow-up that reached the resident (reached_well / reached_need), in the period.
- a call is placed when it was dialed; answered by a person: answered_by = human; missed: no answer,
  busy or silent; retries: attempts after the first of a slot.
- flags are counted by the time they were raised; outcomes by the time they were resolved; a
  confirmed need is a flag a person resolved as visited, called or 119 (not a false alarm, not the
  system's automatic sign-of-life closing).
- time to acknowledge and to resolve, overdue: what `review --stats` says for the flags raised in
  the period (care.escalation.stats.flag_stats, called, not copied): the first acknowledge/assign
  (or resolve) in the audit trail minus created_at; overdue = still open past the acknowledgement
  deadline its escalation was given from the escalation settings.
- escalation activity: the escalation steps (SMS, notification calls, call-backs) of those flags
  that went out, by kind, and their escalations acknowledged, by channel.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, String, and_, case, func, or_, select, union_all
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement

from care import settings
from care.escalation.stats import flag_stats
from care.households.phones import display_phone
from care.households.reachability import load_rule, unreachable_rows
from care.reports.model import (
    CallFigures,
    DayFigures,
    DeviceFigures,
    DeviceLine,
    FlagFigures,
    HouseholdLine,
    ResponseTimes,
    UnreachableLine,
)
from care.reports.period import Period, Scope
from care.settings import RuleThresholds
from care.vocabulary import REACHED_OUTCOMES, CallOutcome, FlagSource, Resolution
from storage.models import (
    CallAttempt,
    CheckInPlan,
    Device,
    EscalationStep,
    FlagEscalation,
    FollowUp,
    Household,
    RiskFlag,
)

SPOKE_OUTCOMES = (CallOutcome.WELL, CallOutcome.FLAGGED)
MISSED_OUTCOMES = (CallOutcome.NO_ANSWER, CallOutcome.BUSY, CallOutcome.SILENT)
FAILED_OUTCOMES = (CallOutcome.FAILED, CallOutcome.NOT_PLACED)
NEED_RESOLUTIONS = (Resolution.VISITED, Resolution.CALLED, Resolution.EMERGENCY_119)
SENT_STEPS = ("sent", "answered", "acknowledged", "well", "machine", "no_answer")  # the line took it
DEVICE_SOURCES = (FlagSource.SENSOR, FlagSource.ROBOT)
# the order a missing contact is explained in: the first that applies is the household's reason
NO_CONTACT_REASONS = ("unreachable", "paused", "no_plan", "machine", "no_answer", "unclear", "failed", "not_called")


def aware(value: datetime | str | None) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def scope_ids(scope: Scope) -> Select:
    q = select(Household.id).where(Household.active.is_(True))
    if scope.dong:
        q = q.where(Household.dong == scope.dong)
    if scope.worker:
        q = q.where(Household.worker == scope.worker)
    return q


def call_time() -> ColumnElement:
    return func.coalesce(CallAttempt.dialed_at, CallAttempt.scheduled_at, CallAttempt.created_at)


def _n(cond: ColumnElement) -> ColumnElement:
    return func.coalesce(func.sum(case((cond, 1), else_=0)), 0)


def _within(col: Any, period: Period) -> ColumnElement:
    return and_(col >= period.start, col < period.end)


def _placed() -> ColumnElement:
    return or_(CallAttempt.dialed_at.is_not(None), CallAttempt.answered_by.is_not(None))


# ---- households: coverage and the outcome lines ------------------------------------------------
def household_lines(s: Session, period: Period, scope: Scope, unreachable_ids: set[int]) -> list[HouseholdLine]:
    t = call_time()
    spoke = and_(CallAttempt.answered_by == "human", CallAttempt.outcome.in_(SPOKE_OUTCOMES))
    att = (select(CallAttempt.household_id.label("hid"), func.count().label("n"),
                  _n(spoke).label("spoke"), _n(CallAttempt.outcome == CallOutcome.MACHINE).label("machine"),
                  _n(CallAttempt.outcome.in_(MISSED_OUTCOMES)).label("missed"),
                  _n(CallAttempt.outcome == CallOutcome.NEEDS_REVIEW).label("unclear"),
                  _n(CallAttempt.outcome.in_(FAILED_OUTCOMES)).label("failed"),
                  func.max(case((spoke, t))).label("spoke_at"), func.max(t).label("last_at"))
           .where(_within(t, period)).group_by(CallAttempt.household_id).subquery())
    reached = FollowUp.outcome.in_(REACHED_OUTCOMES)
    fu = (select(FollowUp.household_id.label("hid"), _n(reached).label("reached"),
                 func.max(case((reached, FollowUp.at))).label("reached_at"))
          .where(_within(FollowUp.at, period)).group_by(FollowUp.household_id).subquery())
    q = (select(Household.id, Household.ref, Household.name, Household.dong, Household.worker, Household.birth_year,
                Household.phone, att.c.n, att.c.spoke, att.c.machine, att.c.missed, att.c.unclear, att.c.failed,
                att.c.spoke_at, att.c.last_at, fu.c.reached, fu.c.reached_at, CheckInPlan.id, CheckInPlan.paused)
         .outerjoin(att, att.c.hid == Household.id).outerjoin(fu, fu.c.hid == Household.id)
         .outerjoin(CheckInPlan, CheckInPlan.household_id == Household.id)
         .where(Household.id.in_(scope_ids(scope))).order_by(Household.dong, Household.name, Household.id))
    needs = _grouped(s, select(RiskFlag.household_id, RiskFlag.category).distinct()
                     .where(_within(RiskFlag.created_at, period), RiskFlag.household_id.in_(scope_ids(scope))))
    actions = _grouped(s, union_all(
        select(RiskFlag.household_id, RiskFlag.resolution).where(
            _within(RiskFlag.resolved_at, period), RiskFlag.resolution.is_not(None),
            RiskFlag.household_id.in_(scope_ids(scope))),
        select(FollowUp.household_id, FollowUp.channel).where(
            _within(FollowUp.at, period), FollowUp.household_id.in_(scope_ids(scope)))))
    out = []
    for (hid, ref, name, dong, worker, birth, phone, n, spoke_n, machine, missed, unclear, failed, spoke_at, last_at,
         reached_n, reached_at, plan_id, paused) in s.execute(q):
        spoke_when, reached_when, last_when = aware(spoke_at), aware(reached_at), aware(last_at)
        when: datetime | None
        if spoke_n or reached_n:
            by_call = bool(spoke_n) and (not reached_n or reached_when is None
                                         or (spoke_when is not None and spoke_when >= reached_when))
            kind = "contacted_call" if by_call else "contacted_follow_up"
            when = max((x for x in (spoke_when, reached_when) if x is not None), default=last_when)
        else:
            facts = {"unreachable": hid in unreachable_ids, "paused": bool(paused), "no_plan": plan_id is None,
                     "machine": bool(machine), "no_answer": bool(missed), "unclear": bool(unclear),
                     "failed": bool(failed), "not_called": True}
            kind = next(r for r in NO_CONTACT_REASONS if facts[r])
            when = last_when
        out.append(HouseholdLine(hid, ref or f"#{hid}", name, dong or "", worker or "", birth,
                                 display_phone(phone) if phone else "", bool(spoke_n or reached_n), kind, when,
                                 int(n or 0), int(missed or 0), tuple(sorted(needs.get(hid, ()))),
                                 tuple(sorted(actions.get(hid, ())))))
    return out


def household_count(s: Session, scope: Scope) -> int:
    return int(s.execute(select(func.count()).select_from(scope_ids(scope).subquery())).scalar_one())


def contacted_count(s: Session, period: Period, scope: Scope) -> int:
    """Households in scope with a confirmed contact in the period (one COUNT, for the previous period)."""
    t = call_time()
    spoke = (select(CallAttempt.household_id).where(
        CallAttempt.answered_by == "human", CallAttempt.outcome.in_(SPOKE_OUTCOMES), _within(t, period)))
    reached = select(FollowUp.household_id).where(FollowUp.outcome.in_(REACHED_OUTCOMES), _within(FollowUp.at, period))
    return int(s.execute(select(func.count()).select_from(Household).where(
        Household.id.in_(scope_ids(scope)), or_(Household.id.in_(spoke), Household.id.in_(reached)))).scalar_one())


def flag_count(s: Session, period: Period, scope: Scope) -> int:
    return int(s.execute(select(func.count()).select_from(RiskFlag).where(
        _within(RiskFlag.created_at, period), RiskFlag.household_id.in_(scope_ids(scope)))).scalar_one())


def _grouped(s: Session, q: Any) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for hid, word in s.execute(q):
        if word:
            out.setdefault(hid, set()).add(str(word))
    return out


# ---- calls --------------------------------------------------------------------------------------
def call_figures(s: Session, period: Period, scope: Scope) -> CallFigures:
    o = CallAttempt.outcome
    row = s.execute(select(
        func.count(), _n(_placed()), _n(CallAttempt.answered_by == "human"), _n(o == CallOutcome.MACHINE),
        _n(o == CallOutcome.NO_ANSWER), _n(o == CallOutcome.BUSY), _n(o.in_(FAILED_OUTCOMES)),
        _n(o == CallOutcome.SILENT), _n(o == CallOutcome.NEEDS_REVIEW), _n(CallAttempt.attempt_no > 1),
    ).where(_within(call_time(), period), CallAttempt.household_id.in_(scope_ids(scope)))).one()
    return CallFigures(*(int(v or 0) for v in row))


class local_day(FunctionElement):
    """The Asia/Seoul calendar day of a UTC timestamp as 'YYYY-MM-DD' (Korea keeps no daylight
    saving time, so SQLite's fixed +9 hours is exact)."""

    type = String()
    inherit_cache = True


@compiles(local_day, "sqlite")
def _local_day_sqlite(element: local_day, compiler: Any, **kw: Any) -> str:
    return f"date({compiler.process(element.clauses, **kw)}, '+9 hours')"


@compiles(local_day, "postgresql")
def _local_day_postgresql(element: local_day, compiler: Any, **kw: Any) -> str:
    return f"to_char(({compiler.process(element.clauses, **kw)}) AT TIME ZONE 'Asia/Seoul', 'YYYY-MM-DD')"


def day_figures(s: Session, period: Period, scope: Scope) -> list[DayFigures]:
    t = call_time()
    day = local_day(t)
    calls = {d: (p, a, m) for d, p, a, m in s.execute(
        select(day, _n(_placed()), _n(CallAttempt.answered_by == "human"),
               _n(CallAttempt.outcome.in_(MISSED_OUTCOMES)))
        .where(_within(t, period), CallAttempt.household_id.in_(scope_ids(scope))).group_by(day))}
    flag_day = local_day(RiskFlag.created_at)
    flags: dict[str, int] = {str(k): int(n) for k, n in s.execute(
        select(flag_day, func.count())
        .where(_within(RiskFlag.created_at, period), RiskFlag.household_id.in_(scope_ids(scope)))
        .group_by(flag_day))}
    out = []
    for d in period.days:
        placed, answered, missed = calls.get(d.isoformat(), (0, 0, 0))
        out.append(DayFigures(d, int(placed), int(answered), int(missed), flags.get(d.isoformat(), 0)))
    return out


# ---- flags --------------------------------------------------------------------------------------
def _counts(s: Session, q: Select) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(((str(k), int(n)) for k, n in s.execute(q) if k is not None), key=lambda kv: (-kv[1], kv[0])))


def flag_figures(s: Session, period: Period, scope: Scope) -> FlagFigures:
    raised = and_(_within(RiskFlag.created_at, period), RiskFlag.household_id.in_(scope_ids(scope)))
    by = {col.key: _counts(s, select(col, func.count()).where(raised).group_by(col))
          for col in (RiskFlag.source, RiskFlag.category, RiskFlag.severity)}
    closed = and_(_within(RiskFlag.resolved_at, period), RiskFlag.household_id.in_(scope_ids(scope)))
    outcomes = _counts(s, select(RiskFlag.resolution, func.count()).where(closed).group_by(RiskFlag.resolution))
    total = sum(n for _, n in by["source"])
    needs = sum(n for k, n in outcomes if k in NEED_RESOLUTIONS)
    return FlagFigures(total, by["source"], by["category"], by["severity"], outcomes, needs)


def response_times(s: Session, period: Period, scope: Scope, now: datetime) -> ResponseTimes:
    st = flag_stats(s, since=period.start, until=period.end, households=scope_ids(scope), now=now)
    raised = select(RiskFlag.id).where(_within(RiskFlag.created_at, period), RiskFlag.household_id.in_(scope_ids(scope)))
    sent = _counts(s, select(EscalationStep.kind, func.count()).where(
        EscalationStep.flag_id.in_(raised), EscalationStep.status.in_(SENT_STEPS)).group_by(EscalationStep.kind))
    acked = _counts(s, select(FlagEscalation.ack_channel, func.count()).where(
        FlagEscalation.flag_id.in_(raised), FlagEscalation.acknowledged_at.is_not(None))
        .group_by(FlagEscalation.ack_channel))
    return ResponseTimes(st["acknowledged"], st["resolved"], st["ack_p50_s"], st["ack_p95_s"], st["resolve_p50_s"],
                         st["resolve_p95_s"], st["overdue"], sent, acked)


def ack_p50(s: Session, period: Period, scope: Scope, now: datetime) -> float | None:
    """The previous period's median time to acknowledge (the headline compared)."""
    return flag_stats(s, since=period.start, until=period.end, households=scope_ids(scope), now=now)["ack_p50_s"]


# ---- devices, follow-ups, unreachable -----------------------------------------------------------
def device_figures(s: Session, period: Period, scope: Scope, now: datetime) -> DeviceFigures:
    th = settings.load(s, RuleThresholds)
    alerts = (select(RiskFlag.device_id.label("did"), func.count().label("n"))
              .where(_within(RiskFlag.created_at, period), RiskFlag.source.in_(DEVICE_SOURCES),
                     RiskFlag.device_id.is_not(None)).group_by(RiskFlag.device_id).subquery())
    sensor_cut = now - timedelta(hours=th.device_silent_h)
    robot_cut = now - timedelta(hours=th.robot_offline_h)
    silent = or_(Device.last_seen_at.is_(None),
                 and_(Device.kind == "robot", Device.last_seen_at < robot_cut),
                 and_(Device.kind != "robot", Device.last_seen_at < sensor_cut))
    low = and_(Device.battery.is_not(None), Device.battery < th.robot_battery_pct)
    n_alerts = func.coalesce(alerts.c.n, 0)
    base = (select(Device.id).join(Household, Household.id == Device.household_id)
            .where(Device.active.is_(True), Device.household_id.in_(scope_ids(scope))))
    active, n_silent, n_low, n_sensor = s.execute(
        select(func.count(), _n(silent), _n(low), func.coalesce(func.sum(n_alerts), 0))
        .select_from(Device).outerjoin(alerts, alerts.c.did == Device.id)
        .where(Device.id.in_(base))).one()
    rows = s.execute(
        select(Device.id, Device.ref, Device.kind, Household.ref, Household.name, Household.dong, n_alerts,
               case((silent, True), else_=False), case((low, True), else_=False), Device.battery, Device.last_seen_at)
        .join(Household, Household.id == Device.household_id).outerjoin(alerts, alerts.c.did == Device.id)
        .where(Device.id.in_(base), or_(n_alerts > 0, silent, low))
        .order_by(n_alerts.desc(), Household.dong, Household.name, Device.ref)).all()
    lines = tuple(DeviceLine(i, ref, kind, href or "", hname, dong or "", int(n), bool(si), bool(lo), bat, aware(seen))
                  for i, ref, kind, href, hname, dong, n, si, lo, bat, seen in rows)
    return DeviceFigures(int(active or 0), int(n_silent or 0), int(n_low or 0), int(n_sensor or 0), lines)


def follow_up_counts(s: Session, period: Period, scope: Scope) -> tuple[tuple[str, str, int], ...]:
    rows = s.execute(select(FollowUp.channel, FollowUp.outcome, func.count())
                     .where(_within(FollowUp.at, period), FollowUp.household_id.in_(scope_ids(scope)))
                     .group_by(FollowUp.channel, FollowUp.outcome).order_by(FollowUp.channel, FollowUp.outcome))
    return tuple((c, o, int(n)) for c, o, n in rows)


def unreachable_lines(s: Session, scope: Scope, now: datetime) -> list[UnreachableLine]:
    rows = unreachable_rows(s, load_rule(s))
    if not rows:
        return []
    ids = [r.household_id for r in rows]
    facts = {hid: (ref, name, dong) for hid, ref, name, dong in s.execute(
        select(Household.id, Household.ref, Household.name, Household.dong)
        .where(Household.id.in_(scope_ids(scope)), Household.id.in_(ids)))}
    out = []
    for r in rows:
        if r.household_id in facts:
            ref, name, dong = facts[r.household_id]
            days = (now - r.last_reached_at).total_seconds() / 86400 if r.last_reached_at else None
            out.append(UnreachableLine(r.household_id, ref or f"#{r.household_id}", name, dong or "",
                                       r.last_reached_at, days, r.missed_calls, r.not_reached_follow_ups))
    return out
