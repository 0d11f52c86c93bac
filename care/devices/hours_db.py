"""A household's hours from the database (issue 17): sensor_hourly where the retention step has
aggregated, the raw readings (grouped by hour in SQL) for the hours it has not yet, robot
conversations counted per hour. Set-based: one query per table per household, never a loop over
hours. Returns care/devices/hours.HomeHours, the object the baselines, the relative rule and the
trend detector read.

`table_for(session, household_id, day)` and `baseline_for` are cached per household and local day
(and the newest sensor_hourly id, so an aggregation run is seen): loading 91 days of one demo home
took ~350 ms on the shared 2-core machine (uncached), a cached baseline one indexed MAX query.
The first rule pass of a day pays the load; the others a dictionary look-up per home.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import UTC, date, datetime, timedelta

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from care.devices import baselines
from care.devices.hours import LOCAL_TZ, DayTable, HomeHours, day_table
from storage.models import Device, RobotEvent, SensorHourly, SensorReading

HISTORY_DAYS = baselines.WINDOW_DAYS + 35  # the baseline window plus the trend detector's reach
KINDS = {"motion": "motion", "door": "door", "power": "power"}  # device kind -> metric
_CACHE: OrderedDict[tuple, tuple[DayTable, bool]] = OrderedDict()
_BASELINES: dict[tuple, baselines.Baseline | None] = {}
_CACHE_SIZE = 5000


def _hour_expr(session: Session, col):
    if session.get_bind().dialect.name == "sqlite":
        return func.strftime("%Y-%m-%d %H:00:00", col)
    return func.date_trunc("hour", col)


def _as_hour(value) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def load_hours(session: Session, household_id: int, start: datetime, end: datetime) -> HomeHours | None:
    """Hours [start, end) of the household (start: a local midnight). None: no device to read."""
    devices = session.execute(select(Device.id, Device.kind).where(
        Device.household_id == household_id, Device.active.is_(True))).all()
    by_kind: dict[str, list[int]] = {}
    for dev_id, kind in devices:
        by_kind.setdefault(kind, []).append(dev_id)
    if not any(k in by_kind for k in (*KINDS, "robot")):
        return None
    n = int((end - start).total_seconds() // 3600)
    t0 = start.astimezone(UTC)
    series: dict[str, np.ndarray | None] = {}
    for kind, metric in KINDS.items():
        ids = by_kind.get(kind)
        if not ids:
            series[kind] = None
            continue
        arr = np.full(n, np.nan)
        covered: set[int] = set()
        for hour, cnt, mean in session.execute(select(SensorHourly.hour, SensorHourly.n, SensorHourly.mean_value).where(
                SensorHourly.device_id.in_(ids), SensorHourly.metric == metric, SensorHourly.hour >= t0,
                SensorHourly.hour < end)):
            _add(arr, covered, t0, _as_hour(hour), mean if kind == "power" else cnt * mean)
        done = set(covered)
        hour = _hour_expr(session, SensorReading.ts)
        agg = func.avg(SensorReading.value) if kind == "power" else func.sum(SensorReading.value)
        for h, value in session.execute(select(hour, agg).where(
                SensorReading.device_id.in_(ids), SensorReading.metric == metric, SensorReading.ts >= t0,
                SensorReading.ts < end).group_by(hour)):
            i = int((_as_hour(h) - t0).total_seconds() // 3600)
            if 0 <= i < n and i not in done:
                _add(arr, covered, t0, _as_hour(h), float(value or 0.0))
        if kind == "door" and covered:  # an event sensor: an hour without a message had no opening
            first = min(covered)
            arr[first:] = np.nan_to_num(arr[first:])
        series[kind] = arr
    robot = None
    if by_kind.get("robot"):
        robot = np.full(n, np.nan)
        hour = _hour_expr(session, RobotEvent.ts)
        seen = session.scalar(select(func.min(RobotEvent.ts)).where(RobotEvent.device_id.in_(by_kind["robot"]),
                                                                    RobotEvent.ts < end))
        if seen is not None:
            first = max(0, int((_as_hour(seen) - t0).total_seconds() // 3600))
            robot[first:] = 0.0
            for h, cnt in session.execute(select(hour, func.count()).where(
                    RobotEvent.device_id.in_(by_kind["robot"]), RobotEvent.kind == "interaction",
                    RobotEvent.ts >= t0, RobotEvent.ts < end).group_by(hour)):
                i = int((_as_hour(h) - t0).total_seconds() // 3600)
                if 0 <= i < n:
                    robot[i] = float(cnt)
    return HomeHours(start, series["motion"], series["door"], series["power"], robot)


def _add(arr: np.ndarray, covered: set[int], t0: datetime, hour: datetime, value: float) -> None:
    i = int((hour - t0).total_seconds() // 3600)
    if 0 <= i < len(arr):
        arr[i] = (0.0 if np.isnan(arr[i]) else arr[i]) + float(value)
        covered.add(i)


def day_start(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), LOCAL_TZ)


def _version(session: Session) -> tuple:
    bind = session.get_bind()
    # the tables hold whole days before today: today's readings do not change them, a retention run
    # that aggregates (or a history import) does
    return (id(bind), str(getattr(bind, "url", "")), session.scalar(select(func.max(SensorHourly.id))))


def table_for(session: Session, household_id: int, day: date, history_days: int = HISTORY_DAYS) -> DayTable | None:
    """The complete local days before `day` (history_days of them), or None without devices."""
    key = (_version(session), household_id, day, history_days)
    hit = _CACHE.get(key)
    if hit is not None:
        _CACHE.move_to_end(key)
        return hit[0] if hit[1] else None
    hours = load_hours(session, household_id, day_start(day - timedelta(days=history_days)), day_start(day))
    table = day_table(hours) if hours is not None else None
    _CACHE[key] = (table, table is not None)  # type: ignore[assignment]
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return table


def baseline_for(session: Session, household_id: int, now: datetime) -> baselines.Baseline | None:
    """The baseline that judges `now`'s local day (None: no devices)."""
    today = now.astimezone(LOCAL_TZ).date()
    key = (_version(session), household_id, today)
    if key in _BASELINES:
        return _BASELINES[key]
    table = table_for(session, household_id, today)
    base = None if table is None else baselines.compute(table, len(table.days))
    _BASELINES[key] = base
    while len(_BASELINES) > _CACHE_SIZE:
        _BASELINES.pop(next(iter(_BASELINES)))
    return base


def baseline_band(session: Session, household_id: int, metric: str, days: int, now: datetime) -> list[baselines.BandDay]:
    """For the household page's chart: the last `days` complete local days of a daily metric
    (hours.METRICS: activity, night_activity, outings, door, power, meal_power, robot_interaction)
    with the home's usual band on each day (learning days have no band). Empty without devices."""
    today = now.astimezone(LOCAL_TZ).date()
    table = table_for(session, household_id, today, days + baselines.WINDOW_DAYS)
    if table is None:
        return []
    last = len(table.days) - 1
    return baselines.band(table, metric, last - days + 1, last)
