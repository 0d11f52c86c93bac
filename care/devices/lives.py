"""Simulated lives, hour by hour, for the trend benchmark, its test and the demo data (issue 17):
ordinary homes and quiet ones, with a weekly rhythm, naps, outings, trips away, visitors, the
national holidays, sensor dropouts — and planted changes: a slow decline in activity, night-time
activity rising, or an acute event (a fall: everything stops). Seeded and deterministic.

`simulate(plan, days, start, seed)` returns a HomeHours (care/devices/hours.py) — the same object
the database loader builds from sensor_hourly.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from care.devices.hours import HomeHours, is_weekend

HOLIDAYS = ((30, 3), (95, 3))  # (first day, length) of two national holidays in a 120-day run (설날, 추석)


@dataclass(frozen=True)
class LifePlan:
    kind: str = "ordinary"  # ordinary | quiet | decline | night
    change_day: int | None = None  # decline / night: the day the change starts
    ramp_days: int = 21  # ... reaching its full size over this many days
    depth: float = 0.4  # decline: the fraction of activity lost
    acute_hour: int | None = None  # hour index of a fall: motion stops for good
    robot: bool = False


def plant_population(n_homes: int, n_changes: int, n_acute: int, days: int, seed: int) -> list[LifePlan]:
    """A population: n_changes homes with a planted decline (two in three) or rising night activity,
    starting at a random day >= 60; the rest ordinary (one in four quiet), n_acute of them with a
    fall at a random hour after day 60."""
    rng = random.Random(seed)
    plans = []
    for i in range(n_homes):
        robot = rng.random() < 0.45
        if i < n_changes:
            start = rng.randint(60, max(60, days - 35))
            if i % 3 == 2:
                plans.append(LifePlan("night", start, rng.randint(14, 28), 0.0, robot=robot))
            else:
                plans.append(LifePlan("decline", start, rng.randint(14, 28), rng.uniform(0.3, 0.5), robot=robot))
        else:
            kind = "quiet" if rng.random() < 0.25 else "ordinary"
            acute = rng.randint(60 * 24, (days - 3) * 24) if i < n_changes + n_acute else None
            plans.append(LifePlan(kind, acute_hour=acute, robot=robot))
    return plans


class _Home:
    def __init__(self, plan: LifePlan, rng: random.Random) -> None:
        quiet = plan.kind == "quiet"
        self.plan, self.r = plan, rng
        self.wake = rng.randint(5, 7)
        self.sleep = rng.randint(21, 23)
        self.rate = rng.uniform(4, 14)  # motion events per awake hour at home
        self.p_out = rng.uniform(0.05, 0.3) if quiet else rng.uniform(0.45, 0.9)
        self.p_evening_door = rng.uniform(0.0, 0.15) if quiet else rng.uniform(0.2, 0.7)
        self.p_cook = rng.uniform(0.15, 0.45) if quiet else rng.uniform(0.6, 0.95)
        self.p_tv = rng.uniform(0.05, 0.35) if quiet else rng.uniform(0.5, 0.95)
        self.p_nap = rng.uniform(0.1, 0.5)
        self.p_night = rng.uniform(0.05, 0.2)
        self.standby = rng.uniform(1.5, 3.0)
        self.tv_w = rng.uniform(60, 140)
        self.robot_rate = rng.uniform(0.3, 1.0)
        self.travels = rng.random() < 0.35  # goes to family for the national holidays
        self.trips: set[int] = set()
        for _ in range(np.random.default_rng(rng.randrange(2**32)).poisson(0.6)):
            first = rng.randint(5, 115)
            self.trips |= set(range(first, first + rng.randint(2, 5)))

    def factor(self, day: int) -> float:
        p = self.plan
        if p.kind != "decline" or p.change_day is None or day < p.change_day:
            return 1.0
        return 1.0 - p.depth * min(1.0, (day - p.change_day + 1) / p.ramp_days)

    def night_extra(self, day: int) -> float:
        p = self.plan
        if p.kind != "night" or p.change_day is None or day < p.change_day:
            return 0.0
        return 0.45 * min(1.0, (day - p.change_day + 1) / p.ramp_days)

    def away(self, day: int) -> bool:
        holiday = any(first <= day < first + n for first, n in HOLIDAYS)
        return day in self.trips or (holiday and self.travels)


def simulate(plan: LifePlan, days: int, start: datetime, seed: int) -> HomeHours:
    """`days` days of hourly readings from the local midnight `start`."""
    r = random.Random(seed)
    h = _Home(plan, r)
    n = days * 24
    motion, door, power = np.zeros(n), np.zeros(n), np.full(n, h.standby)
    robot = np.zeros(n) if plan.robot else None
    for d in range(days):
        day = (start + timedelta(days=d)).date()
        base = d * 24
        if h.away(d):
            motion[base:base + 24] = 0
            power[base:base + 24] = h.standby + np.array([r.uniform(0, 0.5) for _ in range(24)])
            if not h.away(d - 1):
                motion[base + h.wake:base + 9] = [_poisson(r, h.rate) for _ in range(9 - h.wake)]
                door[base + 9] += 1  # leaves in the morning, after getting ready
            if not h.away(d + 1):
                door[base + 17] += 1  # back in the evening
                motion[base + 17:base + 24] = [_poisson(r, h.rate) for _ in range(7)]
            continue
        f = h.factor(d) * math.exp(r.gauss(0, 0.12))  # good days and bad days
        weekend = is_weekend(day)
        wake = h.wake + (1 if weekend and r.random() < 0.5 else 0)
        holiday = any(first <= d < first + n for first, n in HOLIDAYS)
        visitors = (holiday and not h.travels and r.random() < 0.6) or r.random() < 0.05
        out = r.random() < min(0.95, h.p_out * h.factor(d) * (1.15 if weekend else 1.0))
        out_at, out_len = r.randint(9, 15), r.randint(1, 4)
        nap_at = r.randint(13, 16) if r.random() < h.p_nap else -1
        for hr in range(24):
            i = base + hr
            awake = wake <= hr < h.sleep
            if not awake:
                p = h.p_night + h.night_extra(d)
                motion[i] = (r.randint(1, 2) + (r.randint(0, 2) if h.night_extra(d) else 0)) if r.random() < p else 0
            elif out and out_at <= hr < out_at + out_len:
                motion[i] = 0
            elif hr == nap_at:
                motion[i] = 0
            else:
                lam = h.rate * f * (1.8 if visitors and 14 <= hr < 18 else 1.0)
                motion[i] = _poisson(r, lam)
            if awake and hr in (11, 17) and r.random() < h.p_cook * h.factor(d):
                power[i] += r.uniform(250, 600)
                power[i + 1] += r.uniform(40, 90)  # keeping warm
            if awake and hr >= 19 and r.random() < h.p_tv * h.factor(d):
                power[i] += h.tv_w + r.gauss(0, 5)
            power[i] += r.uniform(0, 0.6)
            if robot is not None and awake and motion[i] > 0:
                robot[i] = _poisson(r, h.robot_rate * f)
        if out:
            door[base + out_at] += 1
            door[base + out_at + out_len] += 1
        if r.random() < h.p_evening_door:
            door[base + h.sleep - 2] += 1
        if visitors:
            door[base + 14] += 1
            door[base + 18] += 1
    if plan.acute_hour is not None:
        a = plan.acute_hour
        motion[a:] = 0
        door[a:] = 0
        power[a:] = h.standby + 0.3
        if robot is not None:
            robot[a:] = 0
        end = min(n, a + 48)  # found two days later at the latest
        motion, door, power = motion[:end], door[:end], power[:end]
        robot = None if robot is None else robot[:end]
        n = end
    # sensor dropouts (before a fall: a silent sensor is device health, not inactivity)
    last = n if plan.acute_hour is None else plan.acute_hour - 31
    for arr in (motion, door, power, robot):
        if arr is None:
            continue
        for _ in range(int(np.random.default_rng(r.randrange(2**32)).poisson(1.0))):
            at, length = r.randrange(max(1, last)), r.randint(2, 30)
            arr[at:at + length] = np.nan
    return HomeHours(start, motion, door, power, robot)


def _poisson(r: random.Random, lam: float) -> float:
    if lam <= 0:
        return 0.0
    if lam > 30:
        return float(max(0, round(r.gauss(lam, math.sqrt(lam)))))
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= r.random()
        if p <= limit:
            return float(k)
        k += 1
