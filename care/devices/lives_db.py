"""Simulated lives into the database (issue 17): a HomeHours (care/devices/lives.py) written as
the hourly aggregates the retention step keeps (sensor_hourly) and robot conversations, so demo
data and tests hold weeks of history — a slow decline, a quiet life — without months of raw
readings. Core inserts in the caller's transaction."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
from sqlalchemy import insert
from sqlalchemy.orm import Session

from care.devices.hours import HomeHours, local_midnight
from care.devices.lives import LifePlan, simulate
from storage.models import RobotEvent, SensorHourly


def store_hours(session: Session, devices: dict[str, int], hours: HomeHours, *, until: datetime | None = None,
                robot_until: datetime | None = None) -> int:
    """Write the hours (before `until`, when given) for the devices {kind: device_id} the home has.
    Robot conversations only before `robot_until` when given (raw events may exist after it).
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
            stop = robot_until or until
            if np.isnan(v) or (stop is not None and at >= stop):
                continue
            for k in range(int(v)):
                events.append({"device_id": devices["robot"], "ts": at + timedelta(minutes=5 + 7 * k),
                               "kind": "interaction", "value": 60.0})
    if rows:
        session.execute(insert(SensorHourly), rows)
    if events:
        session.execute(insert(RobotEvent), events)
    return len(rows) + len(events)


DEMO_HISTORY_DAYS = 70
DEMO_HISTORY_HOMES = 60


def demo_plan(index: int, days: int) -> LifePlan:
    """The index-th demo home's life: every 7th declines (from about three weeks ago), every 11th is
    up more at night, every 5th lives quietly, the rest ordinarily."""
    if index % 7 == 1:
        return LifePlan("decline", change_day=days - 21, ramp_days=14, depth=0.45)
    if index % 11 == 2:
        return LifePlan("night", change_day=days - 18, ramp_days=14)
    return LifePlan("quiet" if index % 5 == 4 else "ordinary")


def seed_history(session: Session, homes: list[tuple[int, dict[str, int]]], now: datetime) -> int:
    """Demo data: DEMO_HISTORY_DAYS of hourly history for the first DEMO_HISTORY_HOMES homes, up to
    today's local midnight, so baselines are learnt and the planted declines show as trends."""
    today = local_midnight(now)
    start = today - timedelta(days=DEMO_HISTORY_DAYS)
    written = 0
    for index, (_, devices) in enumerate(homes[:DEMO_HISTORY_HOMES]):
        plan = demo_plan(index, DEMO_HISTORY_DAYS)
        hours = simulate(LifePlan(plan.kind, plan.change_day, plan.ramp_days, plan.depth, robot="robot" in devices),
                         DEMO_HISTORY_DAYS, start, 1000 + index)
        written += store_hours(session, devices, hours, until=today, robot_until=start)  # the demo's raw robot events are its only ones
    return written
