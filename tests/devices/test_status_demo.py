"""Demo devices, `device-status --json` and the status service the console uses."""

from __future__ import annotations

import json
import random
from datetime import timedelta

from sqlalchemy import func, select

import main
from care.demo.seed import make_households
from care.devices import demo
from care.devices.patterns import anomaly_for
from care.devices.status import device_series, household_statuses
from care.households.registry import assign_refs
from storage.models import Device, RiskFlag, RobotEvent, SensorReading
from storage.types import utcnow


def seed(db, n=20):
    rng = random.Random(7)
    now = utcnow()
    with db.session() as s:
        hs = make_households(n, rng)
        for h in hs:
            h.active = True
        s.add_all(hs)
        s.flush()
        assign_refs(s, hs)
        demo.seed_demo(s, hs, rng, now)
        return [(h.id, h.ref) for h in hs], now


def test_demo_households_get_devices_history_and_the_planted_flags(db):
    homes, now = seed(db)
    with db.session() as s:
        assert s.scalar(select(func.count(func.distinct(Device.household_id)))) == len(homes)
        assert s.scalar(select(func.count()).select_from(SensorReading)) > 20 * 24 * 14 * 3
        assert s.scalar(select(func.count()).select_from(RobotEvent)) > 0
        assert not s.scalar(select(func.count()).select_from(Device).where(Device.is_demo.is_(False)))
        flags = {(f.household_id, f.category) for f in s.scalars(select(RiskFlag))}
        assert all(f.is_demo for f in s.scalars(select(RiskFlag)))
    by_anomaly = {anomaly_for(i): hid for i, (hid, _) in enumerate(homes) if anomaly_for(i)}
    assert (by_anomaly["inactive"], "inactivity") in flags
    assert (by_anomaly["cold"], "temperature") in flags
    gateway = by_anomaly["gateway_down"]
    assert (gateway, "device_health") in flags and (gateway, "inactivity") not in flags


def test_device_status_json_one_line_per_household(db, capsys):
    homes, _ = seed(db, 12)
    assert main.main(["device-status", "--db", db.url, "--json"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(o["household_id"], o["household_ref"]) for o in lines] == homes
    for o in lines:
        assert set(o) == {"household_id", "household_ref", "devices", "flags"}
        assert o["devices"], o
        for d in o["devices"]:
            assert set(d) == {"device_ref", "kind", "last_value", "last_seen", "battery"}
        for f in o["flags"]:
            assert set(f) == {"category", "severity", "reason"} and f["reason"]
    inactive = lines[0]  # index 0 carries the "inactive" anomaly
    assert inactive["flags"][0]["severity"] == "high" and inactive["flags"][0]["category"] == "inactivity"
    robot = next(d for o in lines for d in o["devices"] if d["kind"] == "robot")
    assert robot["battery"] is not None and robot["last_seen"]


def test_series_for_the_chart(db):
    seed(db, 3)
    now = utcnow()
    with db.session() as s:
        st = household_statuses(s)[1]
        temp = next(d for d in st.devices if d.kind == "temperature")
        series = device_series(s, temp.device_id, now - timedelta(hours=48), now)
    assert series.metric == "temperature" and series.unit == "C" and not series.hourly
    assert 40 <= len(series.points) <= 49 and all(5 < v < 35 for _, v in series.points)


def test_the_planted_inactivity_is_high_whatever_the_hour_the_demo_is_seeded(db):
    """The fall is planted after an hour up and about at home, so the rules' spell starts at the fall:
    seeded at 20:20 KST it used to start at a lunchtime outing and came out medium (other activity)."""
    from datetime import UTC, datetime

    from sqlalchemy import delete

    from storage.models import Contact, Household

    for hour_utc in (11, 3, 19):  # 20:20, 12:20 and 04:20 in Seoul
        now = datetime(2026, 12, 2, hour_utc, 20, tzinfo=UTC)
        rng = random.Random(7)
        with db.session() as s:
            for model in (RiskFlag, RobotEvent, SensorReading, Device, Contact, Household):
                s.execute(delete(model))
        with db.session() as s:
            hs = make_households(12, rng)  # the same homes as seed(db, 12)
            for h in hs:
                h.active = True
            s.add_all(hs)
            s.flush()
            assign_refs(s, hs)
            demo.seed_demo(s, hs, rng, now)
            severities = [f.severity for f in s.scalars(select(RiskFlag).where(
                RiskFlag.household_id == hs[0].id, RiskFlag.category == "inactivity"))]
        assert severities == ["high"], (hour_utc, severities)
