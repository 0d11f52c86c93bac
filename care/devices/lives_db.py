"""Simulated lives into the database (issue 17): a HomeHours (care/devices/lives.py) written as
the hourly aggregates the retention step keeps (sensor_hourly) and robot conversations, so demo
data and tests hold weeks of history — a slow decline, a quiet life — without months of raw
readings. Core inserts in the caller's transaction."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
from sqlalchemy import insert
from sqlalchemy.orm import Session

from care.devices.hours import HomeHours
from storage.models import RobotEvent, SensorHourly


def store_hours(session: Session, devices: dict[str, int], hours: HomeHours, *, until=None) -> int:
    """Write the hours (before `until`, when given) for the devices {kind: device_id} the home has.
    Returns the rows written."""
    rows, events = [], []
    for kind, metric in (("motion", "motion"), ("door", "door"), ("power", "power")):
        arr, dev = getattr(hours, kind), devices.get(kind)
        if arr is None or dev is None:
            continue
        for i, v in enumerate(arr):
            at = hours.at(i)
            if np.isnan(v) or (until is not None and at >= until):
                continue
            n = 1 if kind == "power" else max(1, int(v))
            mean = float(v) if kind == "power" else float(v) / n
            rows.append({"device_id": dev, "metric": metric, "hour": at, "n": n,
                         "min_value": 0.0 if kind != "power" else float(v), "max_value": float(v), "mean_value": mean})
    if hours.robot is not None and devices.get("robot") is not None:
        for i, v in enumerate(hours.robot):
            at = hours.at(i)
            if np.isnan(v) or (until is not None and at >= until):
                continue
            for k in range(int(v)):
                events.append({"device_id": devices["robot"], "ts": at + timedelta(minutes=5 + 7 * k),
                               "kind": "interaction", "value": 60.0})
    if rows:
        session.execute(insert(SensorHourly), rows)
    if events:
        session.execute(insert(RobotEvent), events)
    return len(rows) + len(events)
