"""The activity cross-check behind a missed check-in, with readings inserted directly."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from care.checkins.activity import activity_since
from storage.models import Device, RiskFlag, RobotEvent, SensorReading
from telephony.simulated import SimulatedGateway
from tests.runner.helpers import NO_ANSWER_SEED, add_households, kst, run_at

SINCE = kst("2026-11-23 19:00")


def _devices(db, hid, *kinds):
    with db.session() as s:
        devices = [Device(household_id=hid, ref=f"{k}-1", kind=k) for k in kinds]
        s.add_all(devices)
        s.flush()
        return {d.kind: d.id for d in devices}


def _readings(db, devices, kind, values, start=SINCE, step_h=1.0):
    """Readings on the device's own activity metric (motion/door/power/temperature...)."""
    device_id, metric = devices[kind], kind
    with db.session() as s:
        s.add_all(SensorReading(device_id=device_id, metric=metric, ts=start + timedelta(hours=i * step_h), value=v)
                  for i, v in enumerate(values))


def test_no_devices_is_said_plainly(db):
    (hid,) = add_households(db, 1)
    with db.session() as s:
        a = activity_since(s, hid, SINCE)
    assert (a.has_devices, a.resident_active, a.devices_silent) == (False, None, False)
    assert "no devices" in a.detail


def test_motion_power_changes_and_robot_talk_count_as_activity(db):
    hid, hid2 = add_households(db, 2)
    dev = _devices(db, hid, "motion", "power")
    _readings(db, dev, "motion", [0, 0, 1, 0])
    with db.session() as s:
        a = activity_since(s, hid, SINCE)
    assert a.resident_active is True and a.last_activity_at == SINCE + timedelta(hours=2)
    robot = _devices(db, hid2, "robot", "power")
    _readings(db, robot, "power", [3.0, 3.5, 120.0, 4.0])  # TV on, then off
    with db.session() as s:
        s.add(RobotEvent(device_id=robot["robot"], ts=SINCE + timedelta(hours=5), kind="interaction"))
    with db.session() as s:
        b = activity_since(s, hid2, SINCE)
    assert b.resident_active is True and b.last_activity_at == SINCE + timedelta(hours=5)


def test_flat_power_and_no_motion_while_devices_report_is_inactivity(db):
    (hid,) = add_households(db, 1)
    dev = _devices(db, hid, "motion", "power", "temperature")
    _readings(db, dev, "power", [40.0, 41.5, 39.8, 40.6])  # a fridge: noise only
    _readings(db, dev, "temperature", [21.0, 20.5, 20.0])
    _readings(db, dev, "motion", [0, 0, 0])
    with db.session() as s:
        a = activity_since(s, hid, SINCE)
    assert (a.resident_active, a.devices_silent) == (False, False) and "flat power" in a.detail


def test_a_silent_gateway_is_not_an_inactive_resident(db):
    (hid,) = add_households(db, 1)
    dev = _devices(db, hid, "motion")
    _readings(db, dev, "motion", [1, 1], start=SINCE - timedelta(days=3))  # before `since` only
    with db.session() as s:
        a = activity_since(s, hid, SINCE)
    assert (a.resident_active, a.devices_silent) == (None, True) and "dead gateway" in a.detail


@pytest.mark.parametrize(("motion", "category", "severity"), [
    ([0, 0, 0, 0], "emergency", "high"),  # missed + nothing moved since the last contact: silent danger
    ([0, 1, 0, 1], "missed_checkin", "medium"),  # missed + normal life at home: stays medium
])
def test_missed_checkin_is_cross_checked_with_home_activity(db, tmp_path, motion, category, severity):
    (hid,) = add_households(db, 1)
    dev = _devices(db, hid, "motion", "temperature")
    start = kst("2026-11-24 19:00") - timedelta(days=6)
    _readings(db, dev, "motion", motion, start=start, step_h=30)
    _readings(db, dev, "temperature", [20, 20, 20, 20, 20], start=start, step_h=30)
    run_at(db, kst("2026-11-24 19:00"), SimulatedGateway(seed=NO_ANSWER_SEED, ledger=tmp_path / "l.jsonl"),
           retry_spacing_min=0)
    with db.session() as s:
        flag = s.scalars(select(RiskFlag)).one()
    assert (flag.source, flag.category, flag.severity) == ("missed_calls", category, severity)
    assert flag.evidence["activity"]["has_devices"] is True
