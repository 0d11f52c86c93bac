"""The household page's charts: one value per local day (the plan's time zone) for the last 7 / 30
/ 90 days — motion events, door openings, mean power, robot interactions, temperature (mean, low,
high) — each with the household's usual range, and the check-in calls' results as marks on the
same time axis. The usual range of motion, door, power and robot days is the home's learnt
baseline band (care.devices.hours_db.baseline_band: usual level ± 1 robust sigma of the same
weekday/weekend over the 8 weeks before, issue 17) once the home has left its learning days; before
that, and for temperature and today's partial day, the 10th–90th percentile of the BASELINE_DAYS
before that day.

Downsampled in SQL: hours come from sensor_hourly (care.devices.retention folds readings into it
and keeps it for years); the hours not folded yet (after a device's last folded hour) are grouped
by hour from the raw readings; robot interactions are counted per hour. Python only adds at most
(days + baseline) × 24 hourly rows per series into days. Viewing is an access-log row."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from care import audit
from care.accounts import access
from care.checkins.plans import DEFAULT_TZ
from care.devices.hours_db import baseline_band
from storage.db import Database
from storage.models import (
    CallAttempt,
    CheckInPlan,
    Device,
    Household,
    RobotEvent,
    SensorHourly,
    SensorReading,
)

RANGES = (7, 30, 90)
BASELINE_DAYS = 28  # the usual range of a day: the 4 weeks before it
MIN_BASELINE = 5  # fewer days than this: no usual range yet
# series -> (device kind, metric, how hours add up into a day)
SERIES: dict[str, tuple[str, str, str]] = {
    "motion": ("motion", "motion", "sum"),
    "door": ("door", "door", "sum"),
    "power": ("power", "power", "mean"),
    "temperature": ("temperature", "temperature", "mean"),
}
ROBOT_SERIES = "robot"


@dataclass(frozen=True)
class DayValue:
    day: date
    value: float | None  # None: no data that day
    usual: tuple[float, float] | None  # (p10, p90) of the days before
    low: float | None = None  # temperature: the day's lowest and highest hourly mean
    high: float | None = None


@dataclass(frozen=True)
class CallMark:
    at: datetime
    outcome: str


@dataclass(frozen=True)
class HouseholdCharts:
    household_id: int
    days: int
    timezone: str
    first_day: date
    last_day: date
    series: dict[str, tuple[DayValue, ...]]  # only the series the household has a device for
    calls: tuple[CallMark, ...]

    def has_data(self) -> bool:
        return any(v.value is not None for vals in self.series.values() for v in vals) or bool(self.calls)


def _aware(value: datetime | str) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _hour(session: Session, column):
    if session.get_bind().dialect.name == "sqlite":
        return func.strftime("%Y-%m-%d %H:00:00", column)
    return func.date_trunc("hour", column)


def _percentile(values: list[float], q: float) -> float:
    s = sorted(values)
    pos = (len(s) - 1) * q
    lo = int(pos)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)


def _hours(session: Session, device_ids: list[int], metric: str, since: datetime, until: datetime
           ) -> list[tuple[datetime, int, float, float, float]]:
    """(hour, n, min, max, mean) for the devices' metric: folded hours, then raw ones after."""
    out: list[tuple[datetime, int, float, float, float]] = []
    for device_id in device_ids:
        H = SensorHourly
        rows = session.execute(select(H.hour, H.n, H.min_value, H.max_value, H.mean_value).where(
            H.device_id == device_id, H.metric == metric, H.hour >= since, H.hour < until)).all()
        out.extend((_aware(h), int(n), mn, mx, mean) for h, n, mn, mx, mean in rows)
        folded = session.scalar(select(func.max(H.hour)).where(H.device_id == device_id, H.metric == metric))
        start = max(since, _aware(folded) + timedelta(hours=1)) if folded is not None else since
        R = SensorReading
        hour = _hour(session, R.ts)
        for h, n, mn, mx, mean in session.execute(
                select(hour, func.count(), func.min(R.value), func.max(R.value), func.avg(R.value))
                .where(R.device_id == device_id, R.metric == metric, R.ts >= start, R.ts < until).group_by(hour)):
            out.append((_aware(h), int(n), mn, mx, mean))
    return out


def _robot_hours(session: Session, device_ids: list[int], since: datetime, until: datetime
                 ) -> list[tuple[datetime, int, float, float, float]]:
    if not device_ids:
        return []
    hour = _hour(session, RobotEvent.ts)
    rows = session.execute(select(hour, func.count()).where(
        RobotEvent.device_id.in_(device_ids), RobotEvent.kind == "interaction",
        RobotEvent.ts >= since, RobotEvent.ts < until).group_by(hour)).all()
    return [(_aware(h), int(n), 1.0, 1.0, 1.0) for h, n in rows]


def _days(hours: list[tuple[datetime, int, float, float, float]], how: str, tz: ZoneInfo
          ) -> dict[date, tuple[float, float, float]]:
    """local day -> (value, low, high)."""
    acc: dict[date, list[tuple[int, float, float, float]]] = defaultdict(list)
    for h, n, mn, mx, mean in hours:
        acc[h.astimezone(tz).date()].append((n, mn, mx, mean))
    out = {}
    for day, parts in acc.items():
        if how == "sum":
            value = float(sum(n * mean for n, _mn, _mx, mean in parts))
        else:
            value = float(sum(n * mean for n, _mn, _mx, mean in parts) / max(1, sum(n for n, *_ in parts)))
        out[day] = (value, min(p[3] for p in parts), max(p[3] for p in parts))
    return out


def _with_usual(by_day: dict[date, tuple[float, float, float]], first: date, last: date, how: str
                ) -> tuple[DayValue, ...]:
    out = []
    day = first
    while day <= last:
        before = []
        for k in range(1, BASELINE_DAYS + 1):
            d = day - timedelta(days=k)
            if d in by_day:
                before.append(by_day[d][0])
            elif how == "sum" and d >= min(by_day, default=day):
                before.append(0.0)  # a counted day with no events counts as zero, once the device reports
        usual = (_percentile(before, 0.1), _percentile(before, 0.9)) if len(before) >= MIN_BASELINE else None
        v = by_day.get(day)
        out.append(DayValue(day, v[0] if v else None, usual, v[1] if v else None, v[2] if v else None))
        day += timedelta(days=1)
    return tuple(out)


# chart series -> (baseline metric, factor from the metric's daily total to the chart's value)
LEARNT = {"motion": ("activity", 1.0), "door": ("door", 1.0), "power": ("power", 1 / 24),
          ROBOT_SERIES: ("robot_interaction", 1.0)}


def _learnt_bands(s: Session, household_id: int, days: int, now: datetime,
                  series: dict[str, tuple[DayValue, ...]]) -> None:
    """Put the home's learnt baseline band in place of the percentile range, day by day."""
    for name, (metric, scale) in LEARNT.items():
        if name not in series:
            continue
        band = {b.day: (b.low * scale, b.high * scale) for b in baseline_band(s, household_id, metric, days, now)
                if not b.learning and b.low is not None and b.high is not None}
        if band:
            series[name] = tuple(DayValue(v.day, v.value, band.get(v.day, v.usual), v.low, v.high)
                                 for v in series[name])


def household_charts(db: Database, household_id: int, actor: str, days: int = 30,
                     now: datetime | None = None) -> HouseholdCharts:
    if days not in RANGES:
        raise ValueError(f"days must be one of {RANGES}")
    now = now or datetime.now(UTC)
    with db.session() as s:
        h = s.get(Household, household_id)
        if h is None:
            from care.households.registry import HouseholdNotFound

            raise HouseholdNotFound(household_id)
        access.require(s, actor, access.Permission.VIEW_HOUSEHOLD, household=h, entity="household",
                       entity_id=household_id)
        tz_name = s.scalar(select(CheckInPlan.timezone).where(CheckInPlan.household_id == household_id)) or DEFAULT_TZ
        tz = ZoneInfo(tz_name)
        last = now.astimezone(tz).date()
        first = last - timedelta(days=days - 1)
        since = datetime.combine(first - timedelta(days=BASELINE_DAYS), datetime.min.time(), tz).astimezone(UTC)
        until = datetime.combine(last + timedelta(days=1), datetime.min.time(), tz).astimezone(UTC)
        devices: dict[str, list[int]] = defaultdict(list)
        for device_id, kind in s.execute(select(Device.id, Device.kind).where(Device.household_id == household_id)):
            devices[kind].append(device_id)
        series: dict[str, tuple[DayValue, ...]] = {}
        for name, (kind, metric, how) in SERIES.items():
            if devices.get(kind):
                series[name] = _with_usual(_days(_hours(s, devices[kind], metric, since, until), how, tz),
                                           first, last, how)
        if devices.get("robot"):
            series[ROBOT_SERIES] = _with_usual(_days(_robot_hours(s, devices["robot"], since, until), "sum", tz),
                                               first, last, "sum")
        _learnt_bands(s, household_id, days, now, series)
        call_at = func.coalesce(CallAttempt.ended_at, CallAttempt.dialed_at, CallAttempt.scheduled_at)
        shown_from = datetime.combine(first, datetime.min.time(), tz).astimezone(UTC)
        calls = tuple(CallMark(_aware(at), outcome or "") for at, outcome in s.execute(
            select(call_at, CallAttempt.outcome).where(CallAttempt.household_id == household_id,
                                                       CallAttempt.outcome.is_not(None), call_at >= shown_from,
                                                       call_at < until).order_by(call_at)))
        audit.record(s, actor, "view", "household", household_id, {"what": "charts", "days": days})
        return HouseholdCharts(household_id, days, tz_name, first, last, series, calls)
