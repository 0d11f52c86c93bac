"""Issue 17: each home's own normal. The seeded evaluation the benchmark runs (small), the learning
state, relative inactivity against the fixed fallback and ceiling, the sign-of-life close of a
relative flag, the trend flag through the one writer, and the `trends` command's JSON lines."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import select

from care.devices import baselines, relative, rules, trends
from care.devices.evaluation import run_population
from care.devices.hours import LOCAL_TZ, day_table, local_midnight
from care.devices.hours_db import baseline_band, baseline_for
from care.devices.lives import LifePlan, simulate
from care.devices.lives_db import store_hours
from care.devices.registry import add_device
from care.devices.sign_of_life import RESOLUTION
from care.households.registry import assign_refs
from storage.models import CallAttempt, Device, Household, RiskFlag
from storage.types import utcnow

from .helpers import feed

ROOT = Path(__file__).resolve().parents[2]
H = timedelta(hours=1)


def test_a_small_seeded_population_meets_the_targets_it_can():
    s, outcomes = run_population(36, 9, 6, 120, 5)
    assert s.acute == 6 and s.changes == 9
    assert s.acute_recall == 1.0 and s.fixed_acute_recall == 1.0
    assert s.alarms_per_home_month <= 0.5 * s.fixed_alarms_per_home_month
    assert s.false_trends_per_20_home_months <= 1.0
    # the target is <= 10 days, not met (bench/trends.py: 10.5 days at seed 17, 11.5 at 5 and 23).
    # This small population measures 12 (15 before days mostly spent out were skipped and the drift
    # threshold lowered to 4.0; 16 with the step detector alone)
    assert s.median_lead_days is not None and s.median_lead_days <= 14
    assert s.missed_changes <= 1
    again, _ = run_population(36, 9, 6, 120, 5)
    assert again == s  # seeded, deterministic


def test_a_day_mostly_spent_out_is_no_count_for_the_trends():
    # a home that goes to family for the holidays: the day it leaves and the day it comes back (most
    # daytime hours out, little power) read like a sudden decline; the trends skip them
    plan = LifePlan(robot=True)
    tables = (day_table(simulate(plan, 40, datetime(2026, 1, 5, tzinfo=LOCAL_TZ), k)) for k in range(50))
    table = next(t for t in tables if (np.nan_to_num(t.totals["outings"]) >= trends.AWAY_DAY_H).any())
    edge = np.nan_to_num(table.totals["outings"]) >= trends.AWAY_DAY_H
    assert (table.totals["power"][edge] > 0).all()
    masked = trends.without_days_away(table)
    for metric in ("activity", "intensity", "power", "meal_power", "robot_interaction", "night_activity"):
        assert np.isnan(masked.totals[metric][edge]).all()
        assert np.array_equal(masked.totals[metric][~edge], table.totals[metric][~edge], equal_nan=True)


_PHONES = itertools.count(100)


def _household(db, kinds, created_at) -> tuple[int, str]:
    with db.session() as s:
        h = Household(name="추세테스트", phone=f"+82105559{next(_PHONES):04d}")
        s.add(h)
        s.flush()
        assign_refs(s, [h])
        for kind in kinds:
            add_device(s, h.id, f"{kind}1", kind).created_at = created_at
        return h.id, h.ref


def _with_history(db, days: int, plan: LifePlan, *, now: datetime, kinds=("motion", "door", "power")):
    hid, ref = _household(db, kinds, now - timedelta(days=days + 1))
    start = local_midnight(now) - timedelta(days=days)
    hours = simulate(plan, days + 1, start, 3)
    with db.session() as s:
        devs = {d.kind: d.id for d in s.scalars(select(Device).where(Device.household_id == hid))}
        store_hours(s, devs, hours, until=local_midnight(now))
    return hid, ref


def _now_at(local_hour: int) -> datetime:
    today = (utcnow() - timedelta(days=1)).astimezone(LOCAL_TZ)
    return today.replace(hour=local_hour, minute=0, second=0, microsecond=0)


def test_learning_for_the_first_14_days_then_a_baseline(db):
    now = _now_at(16)
    young, _ = _with_history(db, 10, LifePlan(), now=now)
    grown, _ = _with_history(db, 30, LifePlan(), now=now)
    with db.session() as s:
        assert baseline_for(s, young, now).learning
        b = baseline_for(s, grown, now)
        assert not b.learning and b.days_with_data >= 28
        assert len(b.quiet_limit_h) == 24 and b.quiet_limit_h[3] > b.quiet_limit_h[16]  # asleep at 3
        band = baseline_band(s, grown, "activity", 7, now)
    assert len(band) == 7 and all(not d.learning and d.low <= d.usual <= d.high for d in band)


def _quiet_since(db, ref, last_motion: datetime, until: datetime):
    feed(db, ref, "motion1", "motion", [(last_motion, 3)])
    feed(db, ref, "motion1", "motion", [(last_motion + H * i, 0) for i in range(1, int((until - last_motion) / H) + 1)])


def _inactivity(db, hid):
    with db.session() as s:
        return list(s.scalars(select(RiskFlag).where(RiskFlag.household_id == hid, RiskFlag.category == "inactivity")))


def test_relative_inactivity_fires_before_the_fixed_24h_and_the_learning_home_waits(db):
    now = _now_at(17)
    hid, ref = _with_history(db, 35, LifePlan(), now=now)
    young, young_ref = _with_history(db, 5, LifePlan(), now=now)
    with db.session() as s:
        b = baseline_for(s, hid, now)
    last = now.replace(hour=6)
    limit = relative.quiet_threshold_h(b, 17, away=False, ceiling_h=24.0)
    assert relative.FLOOR_H <= limit < 24.0
    fire_at = last + timedelta(hours=limit) + H
    for r in (ref, young_ref):
        _quiet_since(db, r, last, fire_at)
    with db.session() as s:
        rules.evaluate(s, fire_at - 2 * H - timedelta(hours=max(0.0, fire_at.hour - 17)), [hid, young])
    with db.session() as s:
        rules.evaluate(s, fire_at, [hid, young])
    flags = _inactivity(db, hid)
    assert len(flags) == 1 and flags[0].evidence["basis"] == "baseline"
    assert flags[0].evidence["threshold_h"] < 24 and "평소" in flags[0].reason
    assert _inactivity(db, young) == []  # learning: the fixed 24 h decides
    feed(db, young_ref, "motion1", "motion", [(last + H * i, 0) for i in range(int((fire_at - last) / H) + 1, 26)])
    with db.session() as s:
        rules.evaluate(s, last + 24 * H, [young])
    fixed = _inactivity(db, young)
    assert len(fixed) == 1 and "basis" not in fixed[0].evidence  # the fixed rule's own flag


def test_the_fixed_threshold_is_a_hard_ceiling():
    b = baselines.Baseline(datetime(2026, 1, 1).date(), 40, False, tuple([30.0] * 24), 10.0, 10.0, {})
    assert relative.quiet_threshold_h(b, 10, away=False, ceiling_h=24.0) == 24.0
    assert relative.quiet_alarm(24.0, 10, b, away=False, others_active=True, ceiling_h=24.0) == 24.0
    assert relative.quiet_alarm(23.0, 10, b, away=False, others_active=False, ceiling_h=24.0) is None
    learning = baselines.Baseline(datetime(2026, 1, 1).date(), 3, True)
    assert relative.quiet_threshold_h(learning, 10, away=False, ceiling_h=24.0) == 24.0
    assert relative.severity(others_active=False, door_quiet=True, power_flat=True, missed_call=True) == \
        ("high", ["door", "power", "missed_call"])
    assert relative.severity(others_active=True, door_quiet=False, power_flat=False, missed_call=False)[0] == "medium"


def test_an_answered_check_in_closes_a_relative_inactivity_flag_with_the_reason(db):
    now = _now_at(17)
    hid, ref = _with_history(db, 35, LifePlan(), now=now)
    _quiet_since(db, ref, now.replace(hour=3), now + 2 * H)
    with db.session() as s:
        rules.evaluate(s, now, [hid])
    [flag] = _inactivity(db, hid)
    assert flag.status == "open" and flag.evidence["basis"] == "baseline"
    with db.session() as s:
        s.add(CallAttempt(household_id=hid, slot_key="s1", attempt_no=1, idempotency_key="k1", status="done",
                          call_status="completed", answered_by="human", outcome="well",
                          dialed_at=now + 0.5 * H, ended_at=now + 0.6 * H))
    with db.session() as s:
        rules.evaluate(s, now + H, [hid])
    [flag] = _inactivity(db, hid)
    assert flag.status == "resolved" and flag.resolution == RESOLUTION and "안부전화에 응답" in flag.resolution_note


def _cli(db_url: str, *args: str) -> list[dict]:
    out = subprocess.run([sys.executable, "main.py", "trends", "--db", db_url, *args, "--json"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120, check=True)
    return [json.loads(line) for line in out.stdout.splitlines()]


def test_a_planted_decline_raises_one_low_trend_flag_and_the_cli_says_so(db, tmp_path):
    now = _now_at(10)
    hid, ref = _with_history(db, 90, LifePlan("decline", change_day=55, ramp_days=14, depth=0.5), now=now)
    young, young_ref = _with_history(db, 6, LifePlan(), now=now)
    _, bare = _household(db, (), now)
    with db.session() as s:
        rules.evaluate(s, now, [hid])
    with db.session() as s:
        flags = list(s.scalars(select(RiskFlag).where(RiskFlag.household_id == hid, RiskFlag.category == "trend")))
    assert flags and all(f.severity == "low" and f.evidence["rule"].startswith("trend_") for f in flags)
    with db.session() as s:
        rules.evaluate(s, now + H, [hid])
        assert len(list(s.scalars(select(RiskFlag).where(RiskFlag.category == "trend")))) == len(flags)  # once
    url = str(db.engine.url) if hasattr(db, "engine") else f"sqlite:///{tmp_path / 'anbu.sqlite3'}"
    as_of = (now.astimezone(LOCAL_TZ).date() - timedelta(days=1)).isoformat()
    lines = _cli(url, "--as-of", as_of)
    mine = [x for x in lines if x["household_ref"] == ref]
    assert mine and all(set(x) >= {"household_ref", "metric", "direction", "change", "since", "severity"} for x in mine)
    assert any(x["direction"] == "down" and x["change"] < -0.15 and x["severity"] == "low" for x in mine)
    assert {"household_ref": young_ref, "state": "learning"} in lines
    assert {"household_ref": bare, "state": "no_devices"} in lines
    assert _cli(url, "--as-of", as_of, "--household", young_ref) == [{"household_ref": young_ref, "state": "learning"}]
    bad = subprocess.run([sys.executable, "main.py", "trends", "--db", url, "--as-of", "yesterday", "--json"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "--as-of" in bad.stderr and "Traceback" not in bad.stderr


@pytest.mark.parametrize("kind", ["quiet", "ordinary"])
def test_ordinary_and_quiet_lives_raise_no_trend(db, kind):
    now = _now_at(10)
    hid, _ = _with_history(db, 90, LifePlan(kind), now=now)
    with db.session() as s:
        rules.evaluate(s, now, [hid])
        assert not list(s.scalars(select(RiskFlag).where(RiskFlag.category == "trend")))


def test_the_household_chart_shades_the_learnt_baseline_band(db):
    """The household page's usual range is the home's learnt band once it has left learning (issue 17)."""
    from care.households.charts import household_charts

    now = _now_at(16)
    hid, _ = _with_history(db, 30, LifePlan(), now=now)
    charts = household_charts(db, hid, "worker", 7, now=now)
    with db.session() as s:
        band = {b.day: b for b in baseline_band(s, hid, "activity", 7, now)}
        power = {b.day: b for b in baseline_band(s, hid, "power", 7, now)}
    shaded = [v for v in charts.series["motion"] if v.day in band]
    assert len(shaded) >= 6
    for v in shaded:
        assert v.usual == (band[v.day].low, band[v.day].high)
    for v in charts.series["power"]:  # the chart's mean watts: the daily Wh band / 24
        if v.day in power:
            assert v.usual == pytest.approx((power[v.day].low / 24, power[v.day].high / 24))
