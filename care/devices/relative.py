"""Inactivity relative to the home's own pattern (issue 17): "no motion for longer than this home's
usual longest quiet spell at this time of day, plus a margin", in place of the fixed 24 h where a
baseline exists (care/devices/baselines.py). Qt-free, DB-free: the rule pass
(care/devices/relative_rules.py) and bench/trends.py call the same functions.

- While a home is learning (< 14 days of data) the fixed thresholds decide, unchanged.
- The fixed no-motion threshold stays a hard ceiling: a learnt limit is never longer.
- A spell that began with the resident going out (a door opening as motion stopped) is judged on
  the ceiling alone: the home's usual spells are spells at home.
- When another device showed the resident active during the spell (door opened, plug changed,
  robot conversation) the relative limit does not fire; the ceiling still does (as today).
- With a working motion sensor, "door not opened" and "power flat" are evidence for that one
  inactivity judgement (they raise its severity), not flags of their own; without one, they are
  judged against the home's own longest door-closed / flat spell, never below the fixed
  threshold and never past SECONDARY_CEILING_H.
"""

from __future__ import annotations

import math

from care.devices.baselines import Baseline

MARGIN_FACTOR = 1.25  # x the usual longest spell ...
MARGIN_H = 3.0  # ... plus this many hours
FLOOR_H = 6.0  # a learnt limit is never shorter than this
SECONDARY_CEILING_H = 72.0  # door/power without a motion sensor: the longest a learnt limit may be


def quiet_threshold_h(baseline: Baseline | None, local_hour: int, *, away: bool, ceiling_h: float) -> float:
    """Hours of no motion that make an inactivity flag at this local hour."""
    if baseline is None or baseline.learning or away or not baseline.quiet_limit_h:
        return ceiling_h
    usual = baseline.quiet_limit_h[local_hour % 24]
    if math.isnan(usual):
        return ceiling_h
    return min(ceiling_h, max(FLOOR_H, usual * MARGIN_FACTOR + MARGIN_H))


def quiet_alarm(elapsed_h: float, local_hour: int, baseline: Baseline | None, *, away: bool,
                others_active: bool, ceiling_h: float) -> float | None:
    """The threshold crossed (hours) when `elapsed_h` of no motion is an inactivity alarm, else
    None. Another device's activity during the spell leaves only the ceiling."""
    if elapsed_h >= ceiling_h:
        return ceiling_h
    limit = quiet_threshold_h(baseline, local_hour, away=away, ceiling_h=ceiling_h)
    if others_active or elapsed_h < limit:
        return None
    return limit


def secondary_threshold_h(usual_max_h: float, fixed_h: float, baseline: Baseline | None) -> float:
    """Door closed / power flat without a working motion sensor: the home's longest such spell
    plus margin, at least the fixed threshold, at most SECONDARY_CEILING_H."""
    if baseline is None or baseline.learning or math.isnan(usual_max_h):
        return fixed_h
    return min(SECONDARY_CEILING_H, max(fixed_h, usual_max_h * MARGIN_FACTOR + MARGIN_H))


def severity(*, others_active: bool, door_quiet: bool, power_flat: bool, missed_call: bool) -> tuple[str, list[str]]:
    """Independent signals that agree raise the severity: no motion alone is medium; with the door
    unopened and the plug flat (or a missed check-in call) over the same spell it is high; another
    device showing activity keeps it at medium. Returns the severity and the agreeing signals."""
    agreeing = [name for name, on in (("door", door_quiet), ("power", power_flat), ("missed_call", missed_call)) if on]
    if others_active:
        return "medium", agreeing
    return ("high" if len(agreeing) >= 1 or missed_call else "medium"), agreeing
