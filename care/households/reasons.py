"""Why a household needs a person's eye, most serious first: the words behind a red row.

`household_reasons(session, household_ids, now)` answers for many households at once in three
set-based queries (open flags, the words those flags were raised on, and one household row joined
to its plan and its reachability), whatever the number of households: no query per household.

A reason's severity is the severity of the open flags behind it (unreachable counts as high: a
person must work it), or "none" for what does not colour a row (paused, no plan, a missed call
without a flag yet). The overview colours a row by `row_severity(reasons)`, which is the first
reason's severity, so the colour and the "why" column always agree.

The words a person reads (Korean / English) are made in console/common/labels.py (why_text).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, func, literal, select
from sqlalchemy.orm import Session

from care.households.reachability import is_unreachable, load_rule, reachability_subquery
from care.vocabulary import NO_SEVERITY, SEVERITY_RANK, FlagCategory, FlagStatus, ReasonKind, Severity
from storage.models import CallAnswer, CheckInPlan, FlagMatch, Household, RiskFlag

# Up to this many ids are bound as an IN-list; past it the queries read every active household
# and keep the asked ones in Python (no unbounded IN-lists: PostgreSQL/psycopg caps parameters).
MAX_BOUND_IDS = 500
MAX_WORDS = 5  # heard words kept per reason

_KIND_ORDER = {k: i for i, k in enumerate(ReasonKind)}


@dataclass(frozen=True)
class Reason:
    kind: ReasonKind
    severity: str  # Severity value, or "none" (does not colour a row)
    count: int = 1  # flags, missed check-ins, devices ...
    words: tuple[str, ...] = ()  # the risky words heard ("쓰러졌어요"), or device refs
    at: datetime | None = None  # the latest flag's time (UTC)
    hours: float | None = None  # how long a condition has lasted (no activity, device silent)

    @property
    def rank(self) -> int:
        return SEVERITY_RANK.get(self.severity, 0)


def row_severity(reasons: Iterable[Reason]) -> str:
    """The colour a row gets: its most serious reason's severity ("none" when nothing colours it)."""
    first = next(iter(reasons), None)
    return first.severity if first is not None else NO_SEVERITY


def sort_key(reason: Reason) -> tuple:
    at = reason.at.timestamp() if reason.at else 0.0
    return (-reason.rank, _KIND_ORDER[reason.kind], -at)


def _aware(value: datetime | str | None) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _scope(q: Select, column: Any, ids: set[int] | None) -> Select:
    if ids is not None and len(ids) <= MAX_BOUND_IDS:
        return q.where(column.in_(sorted(ids)))
    return q  # every active household; the caller keeps the asked ones


def _open_flags(session: Session, ids: set[int] | None) -> list[Any]:
    q = (select(RiskFlag.id, RiskFlag.household_id, RiskFlag.category, RiskFlag.severity, RiskFlag.created_at,
                RiskFlag.evidence)
         .join(Household, Household.id == RiskFlag.household_id)
         .where(RiskFlag.status != FlagStatus.RESOLVED, Household.active.is_(True)))
    return list(session.execute(_scope(q, RiskFlag.household_id, ids)).all())


def _heard_words(session: Session, ids: set[int] | None) -> dict[int, list[str]]:
    """flag id -> the words of the answer the flag was raised on (call_answer.text[span]), in order."""
    length = FlagMatch.span_end - FlagMatch.span_start
    q = (select(FlagMatch.flag_id, func.substr(CallAnswer.text, FlagMatch.span_start + literal(1), length),
                FlagMatch.term)
         .join(CallAnswer, CallAnswer.id == FlagMatch.call_answer_id)
         .join(RiskFlag, RiskFlag.id == FlagMatch.flag_id)
         .join(Household, Household.id == RiskFlag.household_id)
         .where(RiskFlag.status != FlagStatus.RESOLVED, Household.active.is_(True))
         .order_by(FlagMatch.flag_id, FlagMatch.id))
    out: dict[int, list[str]] = defaultdict(list)
    for flag_id, heard, term in session.execute(_scope(q, RiskFlag.household_id, ids)):
        word = (heard or term or "").strip()
        if word:
            out[flag_id].append(word)
    return out


def _households(session: Session, ids: set[int] | None, rule) -> list[Any]:
    bounded = ids is not None and len(ids) <= MAX_BOUND_IDS
    reach = reachability_subquery(_scope(select(Household.id), Household.id, ids) if bounded else None)
    missed, tried = func.coalesce(reach.c.missed, literal(0)), func.coalesce(reach.c.tried, literal(0))
    q = (select(Household.id, CheckInPlan.id, CheckInPlan.paused, CheckInPlan.pause_reason, missed, tried,
                is_unreachable(rule, missed, tried))
         .outerjoin(CheckInPlan, CheckInPlan.household_id == Household.id)
         .outerjoin(reach, reach.c.hid == Household.id)
         .where(Household.active.is_(True)))
    return list(session.execute(_scope(q, Household.id, ids)).all())


def _flag_kind(category: str, severity: str, evidence: dict) -> ReasonKind:
    if category == FlagCategory.INACTIVITY:
        return ReasonKind.INACTIVITY
    if category == FlagCategory.MISSED_CHECKIN:
        return ReasonKind.MISSED_CALLS
    if category == FlagCategory.DEVICE_HEALTH:
        return ReasonKind.LOW_BATTERY if evidence.get("rule") == "battery_low" else ReasonKind.DEVICE_SILENT
    return ReasonKind.URGENT_FLAG if severity == Severity.HIGH else ReasonKind.FLAG


@dataclass
class _Group:
    severity: str = NO_SEVERITY
    count: int = 0
    words: list[str] | None = None
    at: datetime | None = None
    since: datetime | None = None

    def add(self, severity: str, at: datetime | None, since: datetime | None, words: Iterable[str]) -> None:
        if SEVERITY_RANK.get(severity, 0) > SEVERITY_RANK.get(self.severity, 0):
            self.severity = severity
        self.count += 1
        if at and (self.at is None or at > self.at):
            self.at = at
        if since and (self.since is None or since < self.since):
            self.since = since
        self.words = self.words or []
        self.words.extend(w for w in words if w not in self.words)


@dataclass(frozen=True)
class HouseholdState:
    """What besides its flags says something about a household (the overview's row has it too)."""

    has_plan: bool
    paused: bool
    pause_reason: str
    missed: int  # check-ins missed since anybody last reached the resident
    unreachable: bool


def flag_reasons(session: Session, household_ids: Collection[int] | None, now: datetime
                 ) -> dict[int, dict[ReasonKind, Reason]]:
    """The reasons from open flags alone (two queries), by household and kind."""
    ids = None if household_ids is None else set(household_ids)
    now = _aware(now) or datetime.now(UTC)
    groups: dict[int, dict[ReasonKind, _Group]] = defaultdict(dict)
    heard = _heard_words(session, ids)
    for flag_id, hid, category, severity, created_at, evidence in _open_flags(session, ids):
        if ids is not None and hid not in ids:
            continue
        ev = evidence if isinstance(evidence, dict) else {}
        kind = _flag_kind(category, severity, ev)
        words = heard.get(flag_id, [])
        if kind in (ReasonKind.LOW_BATTERY, ReasonKind.DEVICE_SILENT) and ev.get("device"):
            words = [str(ev["device"])]
        groups[hid].setdefault(kind, _Group()).add(severity, _aware(created_at), _aware(ev.get("since")), words)
    out: dict[int, dict[ReasonKind, Reason]] = {}
    for hid, kinds in groups.items():
        out[hid] = {}
        for kind, g in kinds.items():
            hours = None
            if kind in (ReasonKind.INACTIVITY, ReasonKind.DEVICE_SILENT):
                start = g.since or g.at
                hours = round((now - start).total_seconds() / 3600, 1) if start else None
            out[hid][kind] = Reason(kind, g.severity, g.count, tuple((g.words or [])[:MAX_WORDS]), g.at, hours)
    return out


def compose(flags: dict[ReasonKind, Reason], state: HouseholdState) -> list[Reason]:
    """One household's reasons, most serious first: its flag reasons and its state."""
    reasons = list(flags.values())
    if ReasonKind.MISSED_CALLS in flags:
        missed = flags[ReasonKind.MISSED_CALLS]
        reasons.remove(missed)
        reasons.append(Reason(missed.kind, missed.severity, max(missed.count, state.missed), missed.words, missed.at))
    if state.unreachable:
        reasons.append(Reason(ReasonKind.UNREACHABLE, str(Severity.HIGH), state.missed))
    elif state.missed and ReasonKind.MISSED_CALLS not in flags:
        reasons.append(Reason(ReasonKind.MISSED_CALLS, NO_SEVERITY, state.missed))
    if not state.has_plan:
        reasons.append(Reason(ReasonKind.NO_PLAN, NO_SEVERITY, 1))
    elif state.paused:
        reasons.append(Reason(ReasonKind.PAUSED, NO_SEVERITY, 1, (state.pause_reason,) if state.pause_reason else ()))
    return sorted(reasons, key=sort_key)


def household_reasons(session: Session, household_ids: Collection[int] | None, now: datetime
                      ) -> dict[int, list[Reason]]:
    """Every asked household (None: every active one) -> its reasons, most serious first; a
    household with nothing to say maps to []. Inactive or unknown ids are left out."""
    ids = None if household_ids is None else set(household_ids)
    flags = flag_reasons(session, ids, now)
    rule = load_rule(session)
    out: dict[int, list[Reason]] = {}
    for hid, plan_id, paused, pause_reason, missed, _tried, unreachable in _households(session, ids, rule):
        if ids is not None and hid not in ids:
            continue
        state = HouseholdState(plan_id is not None, bool(paused), pause_reason or "", int(missed), bool(unreachable))
        out[hid] = compose(flags.get(hid, {}), state)
    return out
