"""Each home's own normal, learnt from its hourly aggregates (issue 17). Qt-free and DB-free: it
reads a DayTable (care/devices/hours.py); care/devices/hours_db.py loads one from the database.

For a day `upto` (exclusive: the baseline never looks at the day it judges) and the WINDOW_DAYS
before it:

- learning: fewer than LEARNING_DAYS days with data -> the fixed rules stay in charge;
- quiet_limit_h[h]: the longest motion-free spell this home has had *in progress* at local hour h
  (spells the resident spent out of the home excluded) — "this home is usually quiet this long at
  this time of day";
- door_closed_max_h / flat_max_h: the longest door-closed spell and flat-power spell seen;
- reference[metric][weekend]: trimmed mean and robust sigma (1.4826 x MAD) of the daily totals, per
  weekday/weekend.

Nothing is stored: a baseline over 8 weeks of one home is a few numpy reductions over 56 x 24
cells (about 0.2 ms, bench/trends.py), recomputed per day from the aggregates the devices area
already keeps. The database path caches one per household per local day (hours_db.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from care.devices.hours import METRICS, DayTable, is_weekend

WINDOW_DAYS = 56  # 8 weeks
LEARNING_DAYS = 14
MAD_SIGMA = 1.4826


@dataclass(frozen=True)
class Reference:
    level: float  # the usual daily total: the 10 %-trimmed mean (the median of a lumpy count is biased)
    sigma: float
    n: int


@dataclass(frozen=True)
class Baseline:
    as_of: date  # the first day NOT in the window (the day being judged)
    days_with_data: int
    learning: bool
    quiet_limit_h: tuple[float, ...] = ()  # 24 values, NaN where unknown
    door_closed_max_h: float = float("nan")
    flat_max_h: float = float("nan")
    reference: dict[str, dict[bool, Reference]] = field(default_factory=dict)  # metric -> weekend? -> ref


def robust_sigma(values: np.ndarray, median: float) -> float:
    """1.4826 x MAD, floored so a count that rarely varies (or is near zero) is not judged on a hair:
    at least the Poisson spread sqrt(median), 10 % of the median, and 1 — and at least the plain
    standard deviation, for lumpy totals (two meals cooked or one) whose MAD is zero."""
    if not len(values):
        return max(float(np.sqrt(max(median, 0.0))), 0.1 * abs(median), 1.0)
    mad = float(np.median(np.abs(values - median)))
    return max(MAD_SIGMA * mad, float(np.std(values)), float(np.sqrt(max(median, 0.0))), 0.1 * abs(median), 1.0)


def trimmed_mean(values: np.ndarray, cut: float = 0.1) -> float:
    v = np.sort(values)
    k = int(len(v) * cut)
    return float(np.mean(v[k:len(v) - k] if len(v) > 2 * k else v))


def reference(table: DayTable, metric: str, lo: int, hi: int) -> dict[bool, Reference]:
    """Usual level and robust sigma of the metric's daily totals in days [lo, hi), per weekday/weekend."""
    totals = table.totals.get(metric)
    if totals is None:
        return {}
    out = {}
    lo = max(lo, 0)
    for weekend in (False, True):
        vals = np.array([totals[i] for i in range(lo, min(hi, len(totals)))
                         if is_weekend(table.days[i]) == weekend and not np.isnan(totals[i])])
        if len(vals) >= (3 if weekend else 6):
            out[weekend] = Reference(trimmed_mean(vals), robust_sigma(vals, float(np.median(vals))), len(vals))
    return out


def _nanmax(grid: np.ndarray | None, lo: int, hi: int, axis: int | None = None):
    if grid is None:
        return float("nan") if axis is None else tuple([float("nan")] * 24)
    part = grid[lo:hi]
    ok = ~np.isnan(part)
    if axis is None:
        return float(part[ok].max()) if ok.any() else float("nan")
    with np.errstate(all="ignore"):
        cols = np.where(ok.any(axis=0), np.nanmax(np.where(ok, part, -np.inf), axis=0), np.nan)
    return tuple(float(v) for v in cols)


def days_with_data(table: DayTable, lo: int, hi: int) -> int:
    grids = [g for g in (table.motion, table.door, table.power, table.robot) if g is not None]
    if not grids:
        return 0
    main = table.motion if table.motion is not None else grids[0]
    return int(np.sum(np.sum(~np.isnan(main[max(lo, 0):hi]), axis=1) >= 12))


def compute(table: DayTable, upto: int, *, with_reference: bool = True) -> Baseline:
    """The baseline that judges day index `upto`, from the WINDOW_DAYS days before it."""
    lo, hi = max(0, upto - WINDOW_DAYS), min(upto, len(table.days))
    as_of = table.days[0] + timedelta(days=upto)
    n = days_with_data(table, lo, hi)
    if n < LEARNING_DAYS:
        return Baseline(as_of, n, True)
    refs = {m: reference(table, m, lo, hi) for m in METRICS} if with_reference else {}
    return Baseline(as_of, n, False, _nanmax(table.quiet, lo, hi, axis=0), _nanmax(table.door_closed, lo, hi),
                    _nanmax(table.flat, lo, hi), {m: r for m, r in refs.items() if r})


@dataclass(frozen=True)
class BandDay:
    """One day of a metric on the household page's chart: the value and the home's usual band."""

    day: date
    value: float | None  # None: no data that day (dropout, away)
    low: float | None  # None while learning
    usual: float | None
    high: float | None
    learning: bool


def band(table: DayTable, metric: str, first: int, last: int) -> list[BandDay]:
    """The usual band (usual level +- 1 robust sigma of the same weekday/weekend over the 8 weeks
    before each day) and the actual daily total, for day indexes first..last."""
    totals = table.totals.get(metric)
    out = []
    for i in range(max(first, 0), min(last, len(table.days) - 1) + 1):
        value = None if totals is None or np.isnan(totals[i]) else float(totals[i])
        ref = reference(table, metric, i - WINDOW_DAYS, i).get(is_weekend(table.days[i])) \
            if days_with_data(table, i - WINDOW_DAYS, i) >= LEARNING_DAYS else None
        if ref is None:
            out.append(BandDay(table.days[i], value, None, None, None, True))
        else:
            out.append(BandDay(table.days[i], value, max(0.0, ref.level - ref.sigma), ref.level,
                               ref.level + ref.sigma, False))
    return out
