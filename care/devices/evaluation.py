"""The trend benchmark's evaluation (bench/trends.py, tests/care/devices/test_trends_eval.py): run
the product's own detectors — baselines.compute, relative.quiet_alarm / secondary_threshold_h,
trends.detect — hour by hour and day by day over a home's series, next to the fixed 24 h rules
(no motion, door closed, power flat) measured on the same series, and tally what a welfare team
would have seen. Qt-free and DB-free.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np

from care.devices import baselines, relative, trends
from care.devices.hours import AWAY_DOOR_SLACK, HomeHours, day_table, power_flat, quiet_elapsed, run_since
from care.devices.lives import LifePlan, plant_population, simulate
from care.devices.relative_rules import OFF_SLACK_H
from care.devices.settings import RuleThresholds


@dataclass
class HomeOutcome:
    plan: LifePlan
    ordinary_days: float = 0.0  # days of ordinary life (before a planted change or fall)
    fixed_alarms: int = 0  # fixed-rule inactivity alarms (no motion, door, power flat) in those days
    alarms: int = 0  # the relative rules' alarms in those days
    acute_fixed_h: float | None = None  # hours from the fall to the first alarm (None: missed)
    acute_h: float | None = None
    first_trend_day: int | None = None  # change homes: first trend flag on or after the change
    false_trends: int = 0  # trend flags raised during ordinary days
    trend_metrics: list[str] = field(default_factory=list)


def _silent(a: np.ndarray, i: int, hours: int) -> bool:
    return bool(np.isnan(a[max(0, i - hours + 1):i + 1]).all())


def evaluate_home(h: HomeHours, plan: LifePlan, th: RuleThresholds | None = None) -> HomeOutcome:
    th = th or RuleThresholds()
    assert h.motion is not None and h.door is not None and h.power is not None
    out = HomeOutcome(plan)
    table = day_table(h, th.power_noise_w)
    n = h.n
    ordinary_end = n
    if plan.change_day is not None:
        ordinary_end = plan.change_day * 24
    if plan.acute_hour is not None:
        ordinary_end = plan.acute_hour
    out.ordinary_days = ordinary_end / 24
    opened = np.nan_to_num(h.door) > 0
    fixed_runs = {"motion": run_since(np.nan_to_num(h.motion) > 0), "door": run_since(opened),
                  "power": power_flat(h.power, th.power_noise_w)}
    limits = {"motion": th.no_motion_h, "door": th.door_closed_h, "power": th.power_flat_h}
    quiet, away = quiet_elapsed(h.motion, h.door)
    flat = fixed_runs["power"]
    fired_fixed: set[tuple[str, int]] = set()
    fired: set[tuple[str, int]] = set()
    base: baselines.Baseline | None = None
    robot = h.robot
    others_since_start = False
    for i in range(n):
        d = i // 24
        if i % 24 == 0:
            base = baselines.compute(table, d, with_reference=False)
        # --- the fixed rules -----------------------------------------------------------------
        for name, arr in (("motion", h.motion), ("door", h.door), ("power", h.power)):
            run = fixed_runs[name][i]
            if not np.isnan(run) and run >= limits[name] and not _silent(arr, i, int(th.device_silent_h)):
                key = (name, i - int(run))
                if key not in fired_fixed:
                    fired_fixed.add(key)
                    _count(out, i, ordinary_end, plan, fixed=True)
        # --- the relative rules (fixed while learning) ---------------------------------------
        q = quiet[i]
        if q == 0 or np.isnan(q):
            others_since_start = False
        else:
            start = i - int(q)
            if (opened[i] and q > AWAY_DOOR_SLACK + 1) or (not np.isnan(flat[i]) and flat[i] < q - OFF_SLACK_H) or \
                    (robot is not None and not np.isnan(robot[i]) and robot[i] > 0):
                others_since_start = True
        motion_silent = _silent(h.motion, i, int(th.device_silent_h))
        if not np.isnan(q) and q > 0 and not motion_silent:
            assert base is not None
            hit = relative.quiet_alarm(q, (i % 24), base, away=bool(away[i]), others_active=others_since_start,
                                       ceiling_h=th.no_motion_h)
            if hit is not None and ("motion", start) not in fired:
                fired.add(("motion", start))
                _count(out, i, ordinary_end, plan, fixed=False)
        if motion_silent or base is None or base.learning:  # door/power judged on their own
            for name, arr, usual in (("door", h.door, base.door_closed_max_h if base else float("nan")),
                                     ("power", h.power, base.flat_max_h if base else float("nan"))):
                run = fixed_runs[name][i]
                limit = relative.secondary_threshold_h(usual, limits[name], base) if motion_silent else limits[name]
                if not np.isnan(run) and run >= limit and not _silent(arr, i, int(th.device_silent_h)):
                    key = (name, i - int(run))
                    if key not in fired:
                        fired.add(key)
                        _count(out, i, ordinary_end, plan, fixed=False)
    _trend_days(out, table, plan, ordinary_end)
    return out


def _count(out: HomeOutcome, i: int, ordinary_end: int, plan: LifePlan, *, fixed: bool) -> None:
    if i < ordinary_end:
        if fixed:
            out.fixed_alarms += 1
        else:
            out.alarms += 1
    elif plan.acute_hour is not None and i >= plan.acute_hour:
        delay = float(i - plan.acute_hour + 1)
        if fixed and out.acute_fixed_h is None:
            out.acute_fixed_h = delay
        if not fixed and out.acute_h is None:
            out.acute_h = delay


def _trend_days(out: HomeOutcome, table, plan: LifePlan, ordinary_end: int) -> None:
    active: set[str] = set()
    for d in range(len(table.days)):
        if (d + 1) * 24 > len(table.motion.ravel()) or np.isnan(table.motion[d]).all():
            continue
        found = {t.metric for t in trends.detect(table, d)}
        new = found - active
        active = found
        if not new:
            continue
        if (d + 1) * 24 <= ordinary_end:
            out.false_trends += len(new)
        elif plan.change_day is not None and out.first_trend_day is None:
            out.first_trend_day = d
            out.trend_metrics = sorted(new)


@dataclass(frozen=True)
class Summary:
    homes: int
    changes: int
    acute: int
    alarms_per_home_month: float
    fixed_alarms_per_home_month: float
    acute_recall: float
    fixed_acute_recall: float
    acute_median_hours: float | None
    fixed_acute_median_hours: float | None
    median_lead_days: float | None
    missed_changes: int
    false_trends_per_20_home_months: float

    def meets_targets(self) -> list[str]:
        """The issue's targets that this run misses (empty: all met)."""
        miss = []
        if not self.alarms_per_home_month <= 0.5 * self.fixed_alarms_per_home_month:
            miss.append("alarms: not >= 50% fewer than the fixed rules")
        if self.acute_recall < 1.0:
            miss.append("acute recall below 100%")
        if self.median_lead_days is None or self.median_lead_days > 10:
            miss.append("median lead > 10 days")
        if self.false_trends_per_20_home_months > 1.0:
            miss.append("false trend flags > 1 per 20 home-months")
        return miss


def summarise(outcomes: list[HomeOutcome], ceiling_h: float = 24.0) -> Summary:
    months = sum(o.ordinary_days for o in outcomes) / 30
    acute = [o for o in outcomes if o.plan.acute_hour is not None]
    changes = [o for o in outcomes if o.plan.change_day is not None]
    leads = [(o.first_trend_day + 1 - o.plan.change_day) if o.first_trend_day is not None else float("inf")
             for o in changes if o.plan.change_day is not None]

    def recall(vals: list[float | None]) -> float:
        return sum(1 for v in vals if v is not None and v <= ceiling_h + 1) / len(vals) if vals else 1.0

    def med(vals: list[float | None]) -> float | None:
        got = [v for v in vals if v is not None]
        return statistics.median(got) if got else None

    lead = statistics.median(leads) if leads else None
    return Summary(
        len(outcomes), len(changes), len(acute),
        round(sum(o.alarms for o in outcomes) / months, 4), round(sum(o.fixed_alarms for o in outcomes) / months, 4),
        recall([o.acute_h for o in acute]), recall([o.acute_fixed_h for o in acute]),
        med([o.acute_h for o in acute]), med([o.acute_fixed_h for o in acute]),
        None if lead is None or lead == float("inf") else float(lead), sum(1 for v in leads if v == float("inf")),
        round(20 * sum(o.false_trends for o in outcomes) / months, 4))


def run_population(homes: int, changes: int, acute: int, days: int, seed: int,
                   start: datetime | None = None) -> tuple[Summary, list[HomeOutcome]]:
    """Simulate and evaluate a seeded population (the benchmark and its test)."""
    from care.devices.hours import LOCAL_TZ
    start = start or datetime(2026, 1, 5, tzinfo=LOCAL_TZ)
    plans = plant_population(homes, changes, acute, days, seed)
    outcomes = []
    for k, plan in enumerate(plans):
        h = simulate(plan, days, start + timedelta(0), seed * 100_003 + k)
        outcomes.append(evaluate_home(h, plan))
    return summarise(outcomes), outcomes
