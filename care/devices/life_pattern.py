"""A simulated life over MQTT (issue 17): the hourly lives of care/devices/lives.py — an ordinary
home, a quiet one, a slow decline, nights getting busier — published by `simulate-devices` as the
messages a home's motion sensor, front door, smart plug and robot send. Readings of the other
devices (temperature, smoke, the robot's heartbeat and reminders) come from the usual daily
pattern (care/devices/patterns.py). One generator of lives: the demo data writes the same
HomeHours straight into sensor_hourly (care/devices/lives_db.py).

`LifePattern.readings(t, step)` has HomePattern's shape: the messages one home sends in [t, t+step).
An hour's motion count is split over the hour's steps, each door opening is an open/close pair,
the plug reports the hour's mean watts, and an hour the life marks as a dropout stays silent.
"""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta

import numpy as np

from care.devices.hours import local_midnight
from care.devices.lives import LifePlan, simulate
from care.devices.patterns import HomePattern, Message

LIVES = ("decline", "quiet")  # what `simulate-devices --decline N / --quiet-lives N` plant
DECLINE_DEPTH = 0.45  # activity lost at the end of the ramp
_OWN = ("motion", "door", "power", "interaction")  # metrics the life decides


def life_plan(kind: str, days: int, robot: bool) -> LifePlan:
    """The plan for a window of `days` days: a decline starts a third of the way in and deepens to
    DECLINE_DEPTH less activity by the day before the window ends; a quiet life stays quiet."""
    if kind == "decline":
        start = max(1, days // 3)
        return LifePlan("decline", change_day=start, ramp_days=max(2, min(21, days - start - 1)),
                        depth=DECLINE_DEPTH, robot=robot)
    if kind == "quiet":
        return LifePlan("quiet", robot=robot)
    raise ValueError(f"unknown life {kind!r} (one of {', '.join(LIVES)})")


class LifePattern:
    def __init__(self, devices: dict[str, str], rng: random.Random, start: datetime, end: datetime,
                 kind: str, seed: int) -> None:
        self.devices = devices
        self.base = HomePattern(devices, rng, end, None)
        self.t0 = local_midnight(start)
        days = math.ceil((end - self.t0).total_seconds() / 86400) + 1
        self.plan = life_plan(kind, days, "robot" in devices.values())
        self.hours = simulate(self.plan, days, self.t0, seed)

    def readings(self, t: datetime, step: timedelta) -> list[Message]:
        out = [m for m in self.base.readings(t, step) if m[1] not in _OWN]
        since = (t - self.t0).total_seconds()
        i = int(since // 3600)
        if not 0 <= i < self.hours.n:
            return out
        per_hour = max(1, int(3600 // step.total_seconds()))
        k = int((since % 3600) // step.total_seconds())
        h = self.hours
        for ref, kind in self.devices.items():
            arr = {"motion": h.motion, "door": h.door, "power": h.power, "robot": h.robot}.get(kind)
            if arr is None or np.isnan(arr[i]):
                continue
            v = float(arr[i])
            if kind == "motion":
                n = int(v)
                out.append((ref, "motion", t, float(n // per_hour + (1 if k < n % per_hour else 0)), ""))
            elif kind == "door":
                if k < int(v):
                    at = t + timedelta(seconds=60)
                    out += [(ref, "door", at, 1.0, ""), (ref, "door", at + timedelta(seconds=40), 0.0, "")]
                else:
                    out.append((ref, "door", t, 0.0, ""))
            elif kind == "power":
                out.append((ref, "power", t, round(v, 1), "W"))
            elif kind == "robot":
                out += [(ref, "interaction", t + timedelta(seconds=60 + 30 * j), 60.0, "s")
                        for j in range(int(v)) if j % per_hour == k]
        return out
