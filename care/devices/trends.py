"""Slow declines seen before anyone calls (issue 17): a one-sided CUSUM over each watched daily
total (care/devices/hours.py METRICS), standardised against the same home's weekday/weekend
reference (care/devices/baselines.py), and a drift detector (`ramp`) for a change that deepens day
by day — the shape of a decline, which a step detector sees late. Qt-free, DB-free; trends_db.py runs it over the database
and raises `trend` flags, bench/trends.py over simulated homes.

For the day `last` (the newest complete local day), the reference is the REFERENCE_DAYS days
before the MONITOR_DAYS days that end on `last`. Over the monitored days
    S = max(0, S + clip(±z, -Z_CLIP, Z_CLIP) - K)   (z: robust z-score; sign: the bad direction)
and a trend stands when S >= H and the mean of the last RECENT_DAYS days differs from the
reference by at least MIN_CHANGE. "since" is that day — the estimated start of the change.
Days without a count (dropout, away from home) are skipped, never read as zero, and so are the days
mostly spent out (AWAY_DAY_H: leaving for a trip, coming back), which read like a sudden decline.

The drift detector fits a line that starts at some day of the monitored window and grows since,
    R = max over t0 of  sum((t - t0) z_t) / sqrt(sum((t - t0)^2))   (t > t0, days with a count)
over night-time activity (RAMP_H_NIGHT) and over the overall activity (RAMP_H): the parts in
RAMP_PARTS, weighted by their usual level over sigma (the events per awake hour at home, the
steadiest, weigh most) and scaled to unit spread on the reference days. `detect` is the one
implementation: the rule pass (trends_db.py), the `trends` command, bench/trends.py and the tests.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import numpy as np

from care.devices.baselines import reference
from care.devices.hours import DayTable, is_weekend

# metric -> the direction that is a concern
WATCHED = {"activity": "down", "outings": "down", "night_activity": "up", "robot_interaction": "down",
           "meal_power": "down"}
# also read (for the overall activity) but never flagged on their own
SUPPORTING: dict[str, str] = {}
MONITOR_DAYS = 28
REFERENCE_DAYS = 35
OVERALL = ("activity", "outings", "robot_interaction", "meal_power")  # the parts of "overall"
K = 0.5
K_OVERALL = 0.5
H = 6.0  # the overall activity
H_SINGLE = 12.0  # one metric on its own (bench/trends.py: lower raises false trends past 1 per 20 home-months)
Z_CLIP = 3.0
MIN_CHANGE = 0.15  # the last RECENT_DAYS days differ from the usual level by this fraction, at least
RECENT_DAYS = 7
MIN_UP = 2.0  # and a rising count must rise by this much a day (night-time motion from ~0)
NO_SINGLE = ("meal_power",)  # too lumpy (two meals cooked or one) to flag alone: only inside "overall"
# the drift detector (ramp): a change that grows day by day, as a decline does
RAMP_PARTS = ("intensity", "meal_power", "power", "robot_interaction", "outings")  # "overall", weighted
RAMP_WEIGHT_MAX = 8.0  # a part's weight: its usual level / sigma (the z-shift of a 10 % fall x 10), at most this
RAMP_H = 4.0  # the overall drift statistic (a standard normal while nothing changes); 4.5 before days away were masked
RAMP_H_NIGHT = 4.0  # night-time activity rising
RAMP_MIN_DAYS = 5  # days with a count since the onset, at least
RAMP_MIN_CHANGE = 0.08  # a drift is young when found: the last days differ by this fraction, at least
RAMP_SD_FLOOR = 0.3
AWAY_DAY_H = 8  # a day with this many daytime hours out (leaving for a trip, coming back) says nothing of a trend

WORDS = {"overall": "전반적 활동(동작·외출·대화·식사)", "activity": "활동량(동작 감지)", "outings": "외출 시간", "night_activity": "야간 활동",
         "robot_interaction": "로봇과의 대화", "meal_power": "식사 시간 전력 사용"}


@dataclass(frozen=True)
class Trend:
    metric: str
    direction: str  # down | up
    change: float  # fraction of the usual level: -0.35 = 35 % less
    since: date
    score: float  # the CUSUM statistic (>= H)
    usual: float  # the reference daily level
    recent: float  # the mean daily level over the last RECENT_DAYS days with a count


def _zscores(table: DayTable, metric: str, direction: str, lo: int, last: int) -> np.ndarray | None:
    """Clipped robust z-scores of the metric over days lo..last in its bad direction (NaN: no count)."""
    totals = table.totals.get(metric)
    if totals is None or lo - REFERENCE_DAYS < 0:
        return None
    ref = reference(table, metric, lo - REFERENCE_DAYS, lo)
    if len(ref) < 2:
        return None
    sign = -1.0 if direction == "down" else 1.0
    z = np.full(last + 1 - lo, np.nan)
    for k, i in enumerate(range(lo, last + 1)):
        if not np.isnan(totals[i]):
            r = ref[is_weekend(table.days[i])]
            z[k] = np.clip(sign * (totals[i] - r.level) / r.sigma, -Z_CLIP, Z_CLIP)
    return z


def _combined(table: DayTable, metrics: tuple[str, ...], sign: float, lo: int, last: int) -> np.ndarray | None:
    """The metrics' z-scores over the reference and monitored days, each weighted by its usual level
    over sigma (a fall of the same fraction moves a steady metric further), summed over the metrics
    with a count, and scaled so the reference days have unit spread (the parts are not independent:
    a day out means less motion at home). Returns the monitored days lo..last."""
    ref_lo = lo - REFERENCE_DAYS
    rows, weights = [], []
    for m in metrics:
        totals = table.totals.get(m)
        if totals is None or ref_lo < 0:
            continue
        ref = reference(table, m, ref_lo, lo)
        if len(ref) < 2:
            continue
        w = float(np.mean([min(RAMP_WEIGHT_MAX, r.level / r.sigma) if r.level > 0 else 0.0 for r in ref.values()]))
        if w <= 0:
            continue
        z = np.full(last + 1 - ref_lo, np.nan)
        for k, i in enumerate(range(ref_lo, last + 1)):
            if not np.isnan(totals[i]):
                r = ref[is_weekend(table.days[i])]
                z[k] = np.clip(sign * (totals[i] - r.level) / r.sigma, -Z_CLIP, Z_CLIP)
        rows.append(z)
        weights.append(w)
    if not rows:
        return None
    stack, wcol = np.vstack(rows), np.array(weights)[:, None]
    den = np.sqrt(np.sum(np.where(~np.isnan(stack), wcol ** 2, 0.0), axis=0))
    c = np.where(den > 0, np.nansum(stack * wcol, axis=0) / np.maximum(den, 1e-9), np.nan)
    usual = c[:REFERENCE_DAYS][~np.isnan(c[:REFERENCE_DAYS])]
    if len(usual) >= 10:
        c = c / max(float(np.std(usual)), RAMP_SD_FLOOR)
    return c[REFERENCE_DAYS:]


def without_days_away(table: DayTable) -> DayTable:
    """The table with the days mostly spent out of the home (AWAY_DAY_H daytime hours or more: the
    day one leaves for a trip or comes back) read as no count, like the days away themselves."""
    out = table.totals.get("outings")
    if out is None:
        return table
    away = np.nan_to_num(out) >= AWAY_DAY_H
    if not away.any():
        return table
    return replace(table, totals={m: np.where(away, np.nan, v) for m, v in table.totals.items()})


def cusum(z: np.ndarray, k: float = K) -> tuple[float, int | None]:
    """The one-sided CUSUM at the end of z and the index where its current rise began."""
    s, start = 0.0, None
    for i, v in enumerate(z):
        if np.isnan(v):
            continue
        s = max(0.0, s + float(v) - k)
        if s == 0.0:
            start = None
        elif start is None:
            start = i
    return s, start


def ramp(z: np.ndarray, min_days: int = 0) -> tuple[float, int | None]:
    """The slope statistic of a drift that began at some day of z and grew linearly since: for each
    onset t0, sum((t - t0) z_t) / sqrt(sum((t - t0)^2)) over the days t > t0 with a count — a
    standard normal while nothing changes — maximised over t0. Returns it and its onset index."""
    idx = np.flatnonzero(~np.isnan(z))
    if len(idx) < max(min_days, 3):
        return 0.0, None
    vals = z[idx]
    best, onset = 0.0, None
    for t0 in range(int(idx[0]) - 1, int(idx[-1]) - max(min_days, 3) + 1):
        w = idx - t0
        keep = w > 0
        if np.count_nonzero(keep) < max(min_days, 3):
            continue
        w = w[keep]
        stat = float(np.dot(w, vals[keep]) / np.sqrt(np.dot(w, w)))
        if stat > best:
            best, onset = stat, t0 + 1
    return best, onset


def _trend(table: DayTable, metric: str, direction: str, components: list[str], lo: int, last: int,
           start: int, score: float, min_change: float = MIN_CHANGE) -> Trend | None:
    changes, usual_sum, recent_sum = [], 0.0, 0.0
    for m in components:
        totals = table.totals[m]
        ref = reference(table, m, lo - REFERENCE_DAYS, lo)
        idx = [i for i in range(lo + start, last + 1) if not np.isnan(totals[i])][-RECENT_DAYS:]
        if not idx:
            continue
        usual = float(np.mean([ref[is_weekend(table.days[i])].level for i in idx]))
        recent = float(np.mean([totals[i] for i in idx]))
        usual_sum, recent_sum = usual_sum + usual, recent_sum + recent
        changes.append((recent - usual) / usual if usual > 0 else float("inf"))
    if not changes:
        return None
    change = float(np.mean(changes))
    if direction == "down" and change <= -min_change or \
            direction == "up" and change >= min_change and recent_sum - usual_sum >= MIN_UP:
        return Trend(metric, direction, round(change, 3), table.days[lo + start], round(score, 2),
                     round(usual_sum, 1), round(recent_sum, 1))
    return None


def detect(table: DayTable, last: int) -> list[Trend]:
    """The trends standing at the end of day index `last`: each watched metric on its own (H_SINGLE),
    and the home's overall activity — the watched "down" metrics it has, their z-scores summed and
    scaled by 1/sqrt(n) — whose independent noises partly cancel while a decline adds up (H)."""
    out: list[Trend] = []
    table = without_days_away(table)
    lo = last + 1 - MONITOR_DAYS
    zs = {m: _zscores(table, m, d, lo, last) for m, d in {**WATCHED, **SUPPORTING}.items()}
    for metric, direction in WATCHED.items():
        z = zs[metric]
        if z is None or metric in NO_SINGLE:
            continue
        score, start = cusum(z)
        if score >= H_SINGLE and start is not None:
            t = _trend(table, metric, direction, [metric], lo, last, start, score)
            if t is not None:
                out.append(t)
    parts = [m for m in OVERALL if zs.get(m) is not None]
    if len(parts) >= 2:
        stack = np.vstack([z for m in parts if (z := zs[m]) is not None])
        count = np.sum(~np.isnan(stack), axis=0)
        combined = np.where(count > 0, np.nansum(stack, axis=0) / np.sqrt(np.maximum(count, 1)), np.nan)
        score, start = cusum(combined, K_OVERALL)
        if score >= H and start is not None and not any(t.metric == "activity" for t in out):
            t = _trend(table, "overall", "down", parts, lo, last, start, score)
            if t is not None:
                out.append(t)
    return out + _drifts(table, lo, last, {t.metric for t in out})


def _drifts(table: DayTable, lo: int, last: int, found: set[str]) -> list[Trend]:
    """The drift detector (ramp) over the overall activity and night-time activity, where the
    step detector found nothing yet: a decline that deepens day by day adds up here first."""
    out = []
    if not found & {"overall", "activity"} and sum(1 for m in OVERALL if m in table.totals) >= 2:
        c = _combined(table, tuple(m for m in RAMP_PARTS if m in table.totals), -1.0, lo, last)
        if c is not None:
            score, start = ramp(c, RAMP_MIN_DAYS)
            if score >= RAMP_H and start is not None:
                t = _trend(table, "overall", "down", [m for m in OVERALL if m in table.totals], lo, last, start,
                           score, RAMP_MIN_CHANGE)
                if t is not None:
                    out.append(t)
    if "night_activity" not in found and "night_activity" in table.totals:
        c = _combined(table, ("night_activity",), 1.0, lo, last)
        if c is not None:
            score, start = ramp(c, RAMP_MIN_DAYS)
            if score >= RAMP_H_NIGHT and start is not None:
                t = _trend(table, "night_activity", "up", ["night_activity"], lo, last, start, score)
                if t is not None:
                    out.append(t)
    return out


def describe(t: Trend) -> str:
    """The flag's reason, in Korean: which metric, how much, since when."""
    word = WORDS.get(t.metric, t.metric)
    if t.change == float("inf"):
        size = f"평소 거의 없던 것이 하루 {t.recent:.0f}회로"
    else:
        size = f"평소보다 {abs(t.change) * 100:.0f}% {'줄었습니다' if t.direction == 'down' else '늘었습니다'}"
    return (f"{word}이(가) {t.since:%m월 %d일}부터 {size} (평소 하루 {t.usual:g}, 최근 {t.recent:g}). "
            "서서히 나타나는 변화입니다 — 다음 안부전화나 방문 때 살펴보십시오.")
