"""A home's hourly life in memory: the series the baselines, the relative inactivity rule and the
trend detector read (care/devices/baselines.py, relative.py, trends.py). Qt-free and DB-free; the
database loader is care/devices/hours_db.py, the benchmark builds the same object from its
simulated homes (care/devices/lives.py).

`HomeHours` holds one value per hour from a local (Asia/Seoul) midnight, NaN where the device sent
nothing (a dropout) and None for a device the home does not have:

- motion: motion events in the hour (sensor_hourly n * mean of the "motion" counts)
- door: front-door openings in the hour
- power: the smart plug's mean watts in the hour (= Wh)
- robot: robot conversations/touches in the hour

`day_table` turns it into per-day arrays (days x 24 hours) and per-day totals of the metrics the
trend detector watches (METRICS), plus the elapsed-quiet series the relative rule compares with.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np

LOCAL_TZ = ZoneInfo("Asia/Seoul")  # no daylight saving since 1988: a local day is 24 hours
NIGHT_HOURS = range(0, 5)  # 00:00-04:59 local: "night-time activity"
MEAL_HOURS = (11, 12, 17, 18)  # lunch and dinner: the rice cooker's hours
DAY_HOURS = range(6, 22)  # when an outing can happen
LONG_SPELL_H = 24.0  # a quiet spell this long never counts as a usual one
MIN_HOURS_PER_DAY = 20  # a day with fewer hours of motion data is not counted (a dropout)
AWAY_DOOR_SLACK = 1  # a quiet spell that starts within this many hours of a door opening = went out

# the daily metrics, in the words the CLI and the flags use
METRICS = ("activity", "night_activity", "outings", "door", "power", "meal_power", "robot_interaction")


@dataclass
class HomeHours:
    start: datetime  # a local midnight (aware)
    motion: np.ndarray | None
    door: np.ndarray | None
    power: np.ndarray | None
    robot: np.ndarray | None

    @property
    def n(self) -> int:
        for a in (self.motion, self.door, self.power, self.robot):
            if a is not None:
                return len(a)
        return 0

    def at(self, i: int) -> datetime:
        return self.start + timedelta(hours=i)


def local_midnight(t: datetime) -> datetime:
    lt = t.astimezone(LOCAL_TZ)
    return lt.replace(hour=0, minute=0, second=0, microsecond=0)


def is_weekend(d: date) -> bool:
    return d.weekday() >= 5


def quiet_elapsed(motion: np.ndarray, door: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """Per hour: hours since the last hour with motion (0 in an hour with motion; NaN hours count
    as time passing), and whether the spell began with the resident going out (a door opening in
    the last motion hour or the next AWAY_DOOR_SLACK hours)."""
    n = len(motion)
    elapsed = np.zeros(n)
    away = np.zeros(n, dtype=bool)
    run, out = np.inf, False  # before the first motion: unknown (inf -> NaN)
    opened = np.zeros(n, dtype=bool) if door is None else np.nan_to_num(door) > 0
    last_motion = -10
    for i in range(n):
        if motion[i] > 0:
            run, out, last_motion = 0.0, False, i
        else:
            run += 1
            if not out and last_motion >= 0 and i - last_motion <= AWAY_DOOR_SLACK + 1:
                out = bool(opened[max(last_motion, 0):i + 1].any())
        elapsed[i] = run
        away[i] = out and run > 0
    elapsed[~np.isfinite(elapsed)] = np.nan
    return elapsed, away


def _long_spells(elapsed: np.ndarray, cap: float) -> np.ndarray:
    """Per hour: whether it lies in a quiet spell that reached `cap` hours."""
    out = np.zeros(len(elapsed), dtype=bool)
    i = len(elapsed) - 1
    while i >= 0:
        if elapsed[i] > 0 and not np.isnan(elapsed[i]):
            j = i
            while j > 0 and elapsed[j - 1] > 0 and not np.isnan(elapsed[j - 1]):
                j -= 1
            if elapsed[i] >= cap:
                out[j:i + 1] = True
            i = j - 1
        else:
            i -= 1
    return out


def _through_dropout(motion: np.ndarray) -> np.ndarray:
    """Per hour: whether the quiet spell in progress contains an hour without motion data."""
    out = np.zeros(len(motion), dtype=bool)
    tainted = False
    for i, m in enumerate(motion):
        if m > 0:
            tainted = False
        elif np.isnan(m):
            tainted = True
        out[i] = tainted
    return out


def run_since(active: np.ndarray) -> np.ndarray:
    """Hours since the last hour where `active` is true (NaN before the first)."""
    out = np.full(len(active), np.nan)
    run = np.nan
    for i, a in enumerate(active):
        run = 0.0 if a else run + 1
        out[i] = run
    return out


def power_flat(power: np.ndarray, noise_w: float) -> np.ndarray:
    """Hours the plug has stayed inside a band no wider than noise_w (0 in an hour that left it)."""
    out = np.full(len(power), np.nan)
    lo = hi = np.nan
    run = np.nan
    for i, w in enumerate(power):
        if np.isnan(w):
            run = run + 1
        elif np.isnan(lo) or max(hi, w) - min(lo, w) > noise_w:
            lo = hi = w
            run = 0.0
        else:
            lo, hi, run = min(lo, w), max(hi, w), run + 1
        out[i] = run
    return out


@dataclass
class DayTable:
    """Per local day (rows) and hour (columns), plus the daily totals of METRICS (NaN = not counted)."""

    days: list[date]
    motion: np.ndarray | None  # days x 24
    door: np.ndarray | None
    power: np.ndarray | None
    robot: np.ndarray | None
    quiet: np.ndarray | None  # hours since the last motion, NaN inside spells the resident was out
    door_closed: np.ndarray | None  # hours since the door last opened
    flat: np.ndarray | None  # hours the plug has stayed inside the noise band
    totals: dict[str, np.ndarray]

    def index(self, d: date) -> int:
        return (d - self.days[0]).days


def _grid(a: np.ndarray | None, ndays: int) -> np.ndarray | None:
    if a is None:
        return None
    full = np.full(ndays * 24, np.nan)
    full[:len(a)] = a[:ndays * 24]
    return full.reshape(ndays, 24)


def day_table(h: HomeHours, noise_w: float = 5.0) -> DayTable:
    ndays = (h.n + 23) // 24
    days = [h.start.date() + timedelta(days=k) for k in range(ndays)]
    motion, door, power, robot = (_grid(a, ndays) for a in (h.motion, h.door, h.power, h.robot))
    quiet = door_closed = None
    flat = None if h.power is None else _grid(power_flat(h.power, noise_w), ndays)
    totals: dict[str, np.ndarray] = {}
    if h.motion is not None:
        elapsed, away = quiet_elapsed(h.motion, h.door)
        elapsed = elapsed.copy()
        # out of the home, the sensor silent, or a spell a day long (away unseen, or an incident): not usual
        elapsed[away | _through_dropout(h.motion) | _long_spells(elapsed, LONG_SPELL_H)] = np.nan
        quiet = _grid(elapsed, ndays)
        assert motion is not None
        covered = np.sum(~np.isnan(motion), axis=1)
        full = covered >= MIN_HOURS_PER_DAY
        scale = 24 / np.maximum(covered, 1)
        act = np.nansum(motion, axis=1) * scale
        # a day without a single motion is the resident away (or an acute event the inactivity rule
        # handles): it says nothing about a slow trend
        present = act > 0
        ok = full & present
        totals["activity"] = np.where(ok, act, np.nan)
        # events per awake hour with motion: the pace of the day, without the hours spent out or napping
        awake = motion[:, list(DAY_HOURS)]
        moving = np.sum(np.nan_to_num(awake) > 0, axis=1)
        totals["intensity"] = np.where(ok & (moving >= 4), np.nansum(awake, axis=1) / np.maximum(moving, 1), np.nan)
        night = motion[:, list(NIGHT_HOURS)]
        totals["night_activity"] = np.where(ok & (np.sum(~np.isnan(night), axis=1) >= 4),
                                            np.nansum(night, axis=1), np.nan)
        if h.door is not None:
            out_hours = np.zeros(ndays * 24)
            out_hours[:len(away)] = away
            out_grid = out_hours.reshape(ndays, 24)[:, list(DAY_HOURS)]
            totals["outings"] = np.where(ok, out_grid.sum(axis=1), np.nan)
    else:
        ok = np.ones(ndays, dtype=bool)
    if h.door is not None:
        door_closed = _grid(run_since(np.nan_to_num(h.door) > 0), ndays)
        assert door is not None
        totals["door"] = np.where(ok, np.nansum(door, axis=1), np.nan)
    if power is not None:
        covered = np.sum(~np.isnan(power), axis=1) >= MIN_HOURS_PER_DAY
        standby = np.nanmin(np.where(np.isnan(power), np.inf, power), axis=1)
        totals["power"] = np.where(covered & ok, np.nansum(power, axis=1), np.nan)
        meals = np.nan_to_num(power[:, list(MEAL_HOURS)]) - standby[:, None]
        totals["meal_power"] = np.where(covered & ok, np.clip(meals, 0, None).sum(axis=1), np.nan)
    if robot is not None:
        totals["robot_interaction"] = np.where(ok, np.nansum(robot, axis=1), np.nan)
    return DayTable(days, motion, door, power, robot, quiet, door_closed, flat, totals)
