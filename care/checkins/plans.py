"""Check-in plans: which weekdays, which local-time window, how often, and when not to call.

A plan is per household (weekdays + a window in the household's time zone, Asia/Seoul by default).
Slots are computed from plans on demand — nothing is stored per week in advance — and skip public
holidays (an editable list in the holiday table, seeded from the `holidays` package) and paused
plans (hospital stay, away). The window is also the quiet-hours rule: nobody is dialled outside it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from care.accounts import access
from care.errors import AnbuError
from storage.db import Database
from storage.models import CheckInPlan, Holiday, Household

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
CADENCES = ("daily", "twice_weekly", "weekly", "custom")
DEFAULT_TZ = "Asia/Seoul"
DEFAULT_DAYS = ("tue", "fri")
DEFAULT_WINDOW = ("18:30", "20:30")
MIN_WINDOW_MIN = 10


class PlanError(AnbuError):
    """A plan, window or holiday that cannot be used, worded for the person who typed it."""


@dataclass(frozen=True)
class PlanView:
    """What the console and the CLI see of one household's plan."""

    household_id: int
    household_ref: str
    name: str
    weekdays: tuple[str, ...]
    window_start: str
    window_end: str
    timezone: str
    cadence: str
    paused: bool
    pause_reason: str
    paused_until: date | None
    has_plan: bool

    def to_json(self) -> dict:
        return {
            "household_id": self.household_id, "household_ref": self.household_ref,
            "weekdays": list(self.weekdays), "window": f"{self.window_start}-{self.window_end}",
            "timezone": self.timezone, "cadence": self.cadence, "paused": self.paused,
            "pause_reason": self.pause_reason,
            "paused_until": self.paused_until.isoformat() if self.paused_until else None,
        }


@dataclass(frozen=True)
class SlotWindow:
    """One due check-in: a household's window on one local date. `key` is the idempotency slot
    key shared with call_attempt.slot_key, e.g. "2026-11-24T18:30+09:00"."""

    household_id: int
    key: str
    local_date: date
    start: datetime  # UTC
    end: datetime  # UTC
    kind: str = "plan"


# ---- parsing -------------------------------------------------------------------------------

def parse_days(text: str) -> tuple[str, ...]:
    """"tue,fri" -> ("tue", "fri"); also "daily"/"all" and Korean day letters (월화수목금토일)."""
    text = (text or "").strip().lower()
    if text in ("daily", "all", "매일"):
        return WEEKDAYS
    korean = dict(zip("월화수목금토일", WEEKDAYS, strict=True))
    parts = [p.strip() for p in text.replace(" ", ",").split(",") if p.strip()]
    if len(parts) == 1 and parts[0] and all(ch in korean for ch in parts[0]):
        parts = [korean[ch] for ch in parts[0]]
    days = []
    for p in parts:
        day = korean.get(p, p[:3])
        if day not in WEEKDAYS:
            raise PlanError(f"요일을 알 수 없습니다: {p!r} (unknown weekday; use mon,tue,...,sun)")
        if day not in days:
            days.append(day)
    if not days:
        raise PlanError("요일을 하나 이상 지정하세요 (give at least one weekday, e.g. tue,fri)")
    return tuple(sorted(days, key=WEEKDAYS.index))


def _parse_hhmm(text: str) -> time:
    try:
        hh, mm = text.strip().split(":")
        return time(int(hh), int(mm))
    except (ValueError, TypeError):
        raise PlanError(f"시각 형식이 잘못되었습니다: {text!r} (use HH:MM)") from None


def parse_time(text: str) -> time:
    """"18:30" -> time(18, 30)."""
    return _parse_hhmm(text)


def parse_window(text: str) -> tuple[str, str]:
    """"18:30-20:30" -> ("18:30", "20:30"). Windows stay inside one local day: a window across
    midnight would put calls in everyone's quiet hours."""
    try:
        a, b = text.split("-")
    except ValueError:
        raise PlanError(f"통화 시간대 형식이 잘못되었습니다: {text!r} (use HH:MM-HH:MM, e.g. 18:30-20:30)") from None
    start, end = _parse_hhmm(a), _parse_hhmm(b)
    span = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    if span < MIN_WINDOW_MIN:
        raise PlanError(
            f"통화 시간대는 같은 날 안에서 {MIN_WINDOW_MIN}분 이상이어야 합니다: {text!r} "
            f"(the window must end at least {MIN_WINDOW_MIN} minutes after it starts, the same day)"
        )
    return start.strftime("%H:%M"), end.strftime("%H:%M")


def check_timezone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise PlanError(f"알 수 없는 시간대입니다: {name!r} (unknown time zone, e.g. Asia/Seoul)") from None


def cadence_for(days: tuple[str, ...]) -> str:
    return {7: "daily", 2: "twice_weekly", 1: "weekly"}.get(len(days), "custom")


def check_cadence(cadence: str, days: tuple[str, ...]) -> None:
    want = {"daily": 7, "twice_weekly": 2, "weekly": 1}.get(cadence)
    if cadence not in CADENCES:
        raise PlanError(f"알 수 없는 주기입니다: {cadence!r} (use one of {', '.join(CADENCES)})")
    if want is not None and len(days) != want:
        raise PlanError(
            f"주기 {cadence}에는 요일 {want}개가 필요합니다 (cadence {cadence} needs {want} weekday(s), "
            f"got {','.join(days)})"
        )


# ---- reading and writing plans --------------------------------------------------------------

def _view(h: Household, p: CheckInPlan | None) -> PlanView:
    if p is None:
        return PlanView(h.id, h.ref or "", h.name, DEFAULT_DAYS, *DEFAULT_WINDOW, DEFAULT_TZ,
                        "twice_weekly", False, "", None, False)
    return PlanView(h.id, h.ref or "", h.name, parse_days(p.weekdays), p.window_start, p.window_end,
                    p.timezone, p.cadence, p.paused, p.pause_reason, p.paused_until, True)


def list_plans(db: Database, household_ids: Iterable[int] | None = None, *, actor: str | None = None) -> list[PlanView]:
    """With `actor` (a person looking) one access-log row names how many plans of which households."""
    from care import audit

    with db.session() as s:
        q = select(Household, CheckInPlan).outerjoin(CheckInPlan, CheckInPlan.household_id == Household.id)
        if household_ids is not None:
            q = q.where(Household.id.in_(list(household_ids)))
        views = [_view(h, p) for h, p in s.execute(q.order_by(Household.id))]
        if actor is not None:
            audit.record_list(s, actor, "check_in_plan", (v.household_ref for v in views))
        return views


def set_plans(
    db: Database,
    household_ids: Iterable[int] | None,
    *,
    days: str | None = None,
    window: str | None = None,
    cadence: str | None = None,
    timezone: str | None = None,
    pause_reason: str | None = None,
    paused_until: date | None = None,
    resume: bool = False,
    actor: str = access.RUNNER,
    now: datetime | None = None,
) -> list[PlanView]:
    """Create or change the plans of the given households (None = every active household), in one
    transaction: either all of them change or none does. Slots already planned follow the change
    in the same transaction (care.checkins.runner.replan), and each household's change is an access-log row."""
    from care import audit
    from care.checkins.runner.replan import replan_household

    now = now or datetime.now(UTC)
    new_days = parse_days(days) if days is not None else None
    new_window = parse_window(window) if window is not None else None
    if timezone is not None:
        check_timezone(timezone)
    if pause_reason is not None and not pause_reason.strip():
        raise PlanError("일시중지 사유를 적어 주세요 (give a reason for the pause, e.g. 입원)")
    changes = {k: v for k, v in {
        "days": ",".join(new_days) if new_days else None, "window": "-".join(new_window) if new_window else None,
        "cadence": cadence, "timezone": timezone, "pause_reason": pause_reason,
        "paused_until": paused_until.isoformat() if paused_until else None, "resume": resume or None,
    }.items() if v is not None}
    with db.session() as s:
        q = select(Household)
        if household_ids is None:
            q = q.where(Household.active.is_(True))
        else:
            ids = list(household_ids)
            q = q.where(Household.id.in_(ids))
        households = list(s.scalars(q.order_by(Household.id)))
        access.require_households(s, actor, access.Permission.EDIT_HOUSEHOLD, households)
        if household_ids is not None:
            missing = sorted(set(ids) - {h.id for h in households})
            if missing:
                raise PlanError(f"가구를 찾을 수 없습니다: {missing} (no household with id {missing})")
        plans = {p.household_id: p for p in s.scalars(  # a sub-select: `--all` may be past 65,535 ids
            select(CheckInPlan).where(CheckInPlan.household_id.in_(q.with_only_columns(Household.id))))}
        views = []
        for h in households:
            p = plans.get(h.id)
            if p is None:
                p = CheckInPlan(household_id=h.id, weekdays=",".join(DEFAULT_DAYS),
                                window_start=DEFAULT_WINDOW[0], window_end=DEFAULT_WINDOW[1],
                                timezone=DEFAULT_TZ, cadence="twice_weekly", paused=False, pause_reason="")
                s.add(p)
            if new_days is not None:
                p.weekdays = ",".join(new_days)
                p.cadence = cadence or cadence_for(new_days)
            elif cadence is not None:
                p.cadence = cadence
            check_cadence(p.cadence, parse_days(p.weekdays))
            if new_window is not None:
                p.window_start, p.window_end = new_window
            if timezone is not None:
                p.timezone = timezone
            if pause_reason is not None:
                p.paused, p.pause_reason, p.paused_until = True, pause_reason.strip(), paused_until
            if resume:
                p.paused, p.pause_reason, p.paused_until = False, "", None
            report = replan_household(s, p, now)
            audit.record(s, actor, _audit_action(pause_reason, resume), "household", h.id,
                         {"changes": changes, "slots": report.to_json()})
            views.append(_view(h, p))
        return views


def _audit_action(pause_reason: str | None, resume: bool) -> str:
    if pause_reason is not None:
        return "plan_pause"
    return "plan_resume" if resume else "plan_update"


# ---- holidays -------------------------------------------------------------------------------

def list_holidays(db: Database) -> list[tuple[date, str]]:
    with db.session() as s:
        return [(h.day, h.name) for h in s.scalars(select(Holiday).order_by(Holiday.day))]


def add_holiday(db: Database, day: date, name: str = "") -> None:
    with db.session() as s:
        h = s.get(Holiday, day)
        if h is None:
            s.add(Holiday(day=day, name=name))
        else:
            h.name = name or h.name


def remove_holiday(db: Database, day: date) -> bool:
    with db.session() as s:
        return s.execute(delete(Holiday).where(Holiday.day == day)).rowcount > 0


def load_public_holidays(db: Database, years: Iterable[int], country: str = "KR") -> int:
    """Seed the editable list from the `holidays` package (lunar New Year, Chuseok and substitute
    days included). Days already in the list keep their name. Returns how many were added."""
    import holidays as holidays_lib

    try:
        calendar = holidays_lib.country_holidays(country, years=list(years), language="ko")
    except NotImplementedError:
        raise PlanError(f"공휴일 목록이 없는 국가 코드입니다: {country!r} (unknown country code)") from None
    added = 0
    with db.session() as s:
        existing = set(s.scalars(select(Holiday.day)))
        for day, name in sorted(calendar.items()):
            if day not in existing:
                s.add(Holiday(day=day, name=str(name)))
                added += 1
    return added


def holiday_days(session: Session, start: date, end: date) -> frozenset[date]:
    return frozenset(session.scalars(select(Holiday.day).where(Holiday.day >= start, Holiday.day <= end)))


# ---- slots ----------------------------------------------------------------------------------

def slot_key(local_start: datetime) -> str:
    """"2026-11-24T18:30+09:00": the local start of the window, offset included."""
    return local_start.isoformat(timespec="minutes")


def is_paused_on(plan: CheckInPlan, day: date) -> bool:
    return bool(plan.paused) and (plan.paused_until is None or day <= plan.paused_until)


def plan_slots(
    plan: CheckInPlan,
    start: datetime,
    end: datetime,
    holidays: frozenset[date] = frozenset(),
) -> Iterator[SlotWindow]:
    """The plan's windows that end after `start` and begin before `end` (UTC-aware datetimes),
    skipping holidays and paused days. Pure: reads only the plan row's columns."""
    tz = ZoneInfo(plan.timezone)
    days = {WEEKDAYS.index(d) for d in plan.weekdays.split(",") if d}
    w0, w1 = _parse_hhmm(plan.window_start), _parse_hhmm(plan.window_end)
    day = start.astimezone(tz).date() - timedelta(days=1)
    last = end.astimezone(tz).date()
    while day <= last:
        if day.weekday() in days and day not in holidays and not is_paused_on(plan, day):
            local_start = datetime.combine(day, w0, tz)
            s_utc = local_start.astimezone(UTC)
            e_utc = datetime.combine(day, w1, tz).astimezone(UTC)
            if e_utc > start and s_utc < end:
                yield SlotWindow(plan.household_id, slot_key(local_start), day, s_utc, e_utc)
        day += timedelta(days=1)


def household_ids(db: Database, wanted: list[int | str]) -> list[int]:
    """Ids for a mix of ids and refs (H000123); a ref that names no household is a PlanError."""
    ids = [w for w in wanted if isinstance(w, int)]
    refs = [w for w in wanted if isinstance(w, str)]
    if refs:
        with db.session() as s:
            found = dict(s.execute(select(Household.ref, Household.id).where(Household.ref.in_(refs))).all())
        missing = [r for r in refs if r not in found]
        if missing:
            raise PlanError(f"가구를 찾을 수 없습니다: {', '.join(missing)} (no household with that ref)")
        ids += [found[r] for r in refs]
    return ids
