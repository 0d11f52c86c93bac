"""Rule thresholds at their edges, with a controlled clock (rules take `now`; nothing sleeps)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from care import settings
from care.devices import rules
from care.settings import RuleThresholds
from storage.models import RiskFlag
from storage.types import utcnow

from .helpers import feed, make_household

# ingest (COPY on PostgreSQL) and the rules' SQL also run on PostgreSQL
pytestmark = pytest.mark.postgresql_smoke

H = timedelta(hours=1)
T0 = (utcnow() - timedelta(days=5)).replace(minute=0, second=0, microsecond=0)


@pytest.fixture
def home(db):
    """One household, every kind of device, installed a day before T0."""
    hid, ref = make_household(db, 1, created_at=T0 - timedelta(days=1))[0]
    return db, hid, ref


def evaluate(db, now):
    """The batched pass the subscriber runs (rules.evaluate_pass), in batches of two households."""
    return rules.evaluate_pass(db, now, batch=2).raised


def flags(db, category=None):
    with db.session() as s:
        q = select(RiskFlag)
        if category:
            q = q.where(RiskFlag.category == category)
        return list(s.scalars(q))


def heartbeat(db, ref, device, metric, start, hours, value=0.0, unit=""):
    feed(db, ref, device, metric, [(start + H * i, value) for i in range(1, hours + 1)], unit=unit)


def test_no_motion_fires_at_exactly_n_hours_and_only_once(home):
    db, hid, ref = home
    feed(db, ref, "motion1", "motion", [(T0, 3)])
    heartbeat(db, ref, "motion1", "motion", T0, 30)  # the sensor keeps reporting 0 (alive)
    assert not [d for d in evaluate(db, T0 + 24 * H - timedelta(seconds=1)) if d.category == "inactivity"]
    raised = [d for d in evaluate(db, T0 + 24 * H) if d.category == "inactivity"]
    assert len(raised) == 1
    flag = flags(db, "inactivity")[0]
    assert flag.source == "sensor" and flag.severity == "high" and flag.household_id == hid
    assert flag.evidence["device"] == "motion1" and flag.evidence["since"] == T0.isoformat()
    assert "움직임이 없습니다" in flag.reason
    # still true an hour later: not raised again
    assert not [d for d in evaluate(db, T0 + 25 * H) if d.category == "inactivity"]
    assert len(flags(db, "inactivity")) == 1


def test_no_motion_with_door_activity_is_medium_and_says_so(home):
    db, _, ref = home
    feed(db, ref, "motion1", "motion", [(T0, 3)])
    heartbeat(db, ref, "motion1", "motion", T0, 25)
    feed(db, ref, "door1", "door", [(T0 + 5 * H, True), (T0 + 5 * H + timedelta(minutes=1), False)])
    heartbeat(db, ref, "door1", "door", T0 + 5 * H, 20)
    evaluate(db, T0 + 24 * H)
    flag = flags(db, "inactivity")[0]
    assert flag.severity == "medium" and flag.evidence["other_activity"] == ["door1"]


def test_threshold_is_editable_in_app_setting(home):
    db, _, ref = home
    with db.session() as s:
        settings.update(s, RuleThresholds, actor="test", no_motion_h=12)
    feed(db, ref, "motion1", "motion", [(T0, 1)])
    heartbeat(db, ref, "motion1", "motion", T0, 13)
    assert not [d for d in evaluate(db, T0 + 12 * H - timedelta(seconds=1)) if d.category == "inactivity"]
    assert [d for d in evaluate(db, T0 + 12 * H) if d.category == "inactivity"]


def test_dead_gateway_is_device_health_not_inactivity(home):
    db, hid, ref = home
    feed(db, ref, "motion1", "motion", [(T0, 1)])
    feed(db, ref, "robot1", "heartbeat", [(T0, 80)], unit="%")
    # every device silent for 30 h: the household gets one device_health flag, no inactivity flag
    raised = evaluate(db, T0 + 30 * H)
    cats = sorted(d.category for d in raised)
    assert cats == ["device_health"]
    flag = flags(db)[0]
    assert flag.device_id is None and flag.evidence["silence"] == "all_devices"
    assert "거주자의 비활동을 뜻하지 않습니다" in flag.reason


def test_one_silent_sensor_is_device_health_for_that_sensor(home):
    db, _, ref = home
    feed(db, ref, "motion1", "motion", [(T0, 1)])  # then nothing at all from the motion sensor
    for dev, metric, unit, value in (("door1", "door", "", 0), ("temperature1", "temperature", "C", 21.0),
                                     ("power1", "power", "W", 40.0)):
        heartbeat(db, ref, dev, metric, T0, 30, value=value, unit=unit)
    feed(db, ref, "power1", "power", [(T0 + 29 * H + timedelta(minutes=30), 90.0)], unit="W")
    for dev in ("smoke1", "gas1", "emergency_button1"):
        metric = {"smoke1": "smoke", "gas1": "gas", "emergency_button1": "button"}[dev]
        heartbeat(db, ref, dev, metric, T0, 30)
    feed(db, ref, "robot1", "heartbeat", [(T0 + 30 * H, 80)], unit="%")
    feed(db, ref, "robot1", "interaction", [(T0 + 29 * H, 60)], unit="s")
    evaluate(db, T0 + 30 * H)
    health = flags(db, "device_health")
    assert [f.evidence["device"] for f in health] == ["motion1"]
    assert health[0].severity == "low" and health[0].evidence["silence"] == "device"
    assert not flags(db, "inactivity")


@pytest.mark.parametrize("value,fires", [(9.9, True), (10.0, False), (32.0, False), (32.1, True)])
def test_temperature_limits_are_strict(home, value, fires):
    db, _, ref = home
    feed(db, ref, "temperature1", "temperature", [(T0, 20.0)] + [(T0 + H * i / 2, value) for i in range(1, 6)], unit="C")
    evaluate(db, T0 + 2.5 * H)
    assert bool(flags(db, "temperature")) is fires


def test_temperature_duration_edge(home):
    db, _, ref = home
    feed(db, ref, "temperature1", "temperature",
         [(T0, 18.0), (T0 + H, 8.0), (T0 + 2 * H, 7.5), (T0 + 3 * H, 7.0)], unit="C")
    assert not [d for d in evaluate(db, T0 + 3 * H - timedelta(seconds=1)) if d.category == "temperature"]
    raised = [d for d in evaluate(db, T0 + 3 * H) if d.category == "temperature"]  # cold since T0+1h
    assert [d.category for d in raised] == ["temperature"]
    assert raised[0].evidence["since"] == (T0 + H).isoformat() and raised[0].severity == "high"


def test_power_flat_within_noise_fires_after_24h_and_a_change_resets(home):
    db, _, ref = home
    feed(db, ref, "power1", "power", [(T0 + H * i, 40.0 + (i % 3)) for i in range(0, 25)], unit="W")  # 40-42 W
    assert not [d for d in evaluate(db, T0 + 24 * H - timedelta(seconds=1)) if d.category == "power_flat"]
    assert [d for d in evaluate(db, T0 + 24 * H) if d.category == "power_flat"]
    # a change of more than the 5 W noise band starts a new run
    feed(db, ref, "power1", "power", [(T0 + 25 * H, 48.0), (T0 + 26 * H, 48.0)], unit="W")
    assert not [d for d in evaluate(db, T0 + 26 * H) if d.category == "power_flat"]


def test_smoke_is_an_emergency_at_once_one_flag_per_episode(home):
    db, _, ref = home
    feed(db, ref, "smoke1", "smoke", [(T0, False), (T0 + H, True), (T0 + H + timedelta(minutes=1), True),
                                      (T0 + 2 * H, False), (T0 + 3 * H, True)])
    raised = [d for d in evaluate(db, T0 + 3 * H) if d.category == "emergency"]
    assert len(raised) == 2 and {d.severity for d in raised} == {"high"}
    assert not [d for d in evaluate(db, T0 + 3 * H + timedelta(minutes=5)) if d.category == "emergency"]


def test_robot_sos_gas_and_button_are_emergencies(home):
    db, _, ref = home
    feed(db, ref, "robot1", "sos", [(T0, True)])
    feed(db, ref, "gas1", "gas", [(T0, True)])
    feed(db, ref, "emergency_button1", "button", [(T0, True)])
    raised = [d for d in evaluate(db, T0 + timedelta(minutes=1)) if d.category == "emergency"]
    assert sorted((d.source, d.evidence["device"]) for d in raised) == [
        ("robot", "robot1"), ("sensor", "emergency_button1"), ("sensor", "gas1")]


def test_robot_offline_after_more_than_two_hours(home):
    db, _, ref = home
    feed(db, ref, "robot1", "heartbeat", [(T0, 80)], unit="%")
    feed(db, ref, "robot1", "interaction", [(T0, 30)], unit="s")
    heartbeat(db, ref, "motion1", "motion", T0, 3, value=1)
    assert not [d for d in evaluate(db, T0 + 2 * H) if d.source == "robot"]
    raised = [d for d in evaluate(db, T0 + 2 * H + timedelta(seconds=1)) if d.source == "robot"]
    assert [(d.category, d.severity, d.evidence["rule"]) for d in raised] == [("device_health", "low", "offline")]


@pytest.mark.parametrize("battery,fires", [(14.9, True), (15.0, False)])
def test_robot_battery_below_15(home, battery, fires):
    db, _, ref = home
    feed(db, ref, "robot1", "heartbeat", [(T0, 90), (T0 + H, battery)], unit="%")
    feed(db, ref, "robot1", "interaction", [(T0 + H, 10)], unit="s")
    raised = [d for d in evaluate(db, T0 + H) if d.evidence["rule"] == "battery_low"]
    assert bool(raised) is fires


def test_no_robot_interaction_for_24h(home):
    db, _, ref = home
    feed(db, ref, "robot1", "interaction", [(T0, 120)], unit="s")
    heartbeat(db, ref, "robot1", "heartbeat", T0, 25, value=80, unit="%")
    assert not [d for d in evaluate(db, T0 + 24 * H - timedelta(seconds=1)) if d.category == "robot_interaction"]
    raised = [d for d in evaluate(db, T0 + 24 * H) if d.category == "robot_interaction"]
    assert raised and raised[0].source == "robot" and raised[0].severity == "medium"


def test_medication_missed_twice_in_one_local_day(home):
    db, _, ref = home
    day = T0.astimezone(rules.LOCAL_TZ).replace(hour=8, minute=0)
    feed(db, ref, "robot1", "heartbeat", [(day + timedelta(hours=12), 80)], unit="%")
    feed(db, ref, "robot1", "interaction", [(day + timedelta(hours=12), 10)], unit="s")
    feed(db, ref, "robot1", "medication_missed", [(day, True)])
    assert not [d for d in evaluate(db, day + timedelta(hours=12)) if d.category == "health"]
    feed(db, ref, "robot1", "medication_missed", [(day + timedelta(hours=11), True)])
    raised = [d for d in evaluate(db, day + timedelta(hours=12)) if d.category == "health"]
    assert len(raised) == 1 and raised[0].evidence["last_value"] == 2.0


def test_medication_missed_on_two_different_days_does_not_fire(home):
    db, _, ref = home
    day = T0.astimezone(rules.LOCAL_TZ).replace(hour=20, minute=0)
    feed(db, ref, "robot1", "heartbeat", [(day + timedelta(hours=5), 80)], unit="%")
    feed(db, ref, "robot1", "interaction", [(day + timedelta(hours=5), 10)], unit="s")
    feed(db, ref, "robot1", "medication_missed", [(day, True), (day + timedelta(hours=5), True)])  # 20:00, 01:00
    assert not [d for d in evaluate(db, day + timedelta(hours=5)) if d.category == "health"]


def test_device_rules_command_edits_thresholds_and_refuses_nonsense(db, capsys):
    import json

    import main

    assert main.main(["device-rules", "--db", db.url, "--set", "no_motion_h=12", "--set", "temp_low_c=12"]) == 0
    assert json.loads(capsys.readouterr().out)["rules"]["no_motion_h"] == 12.0
    with db.session() as s:
        th = settings.load(s, RuleThresholds)
    assert (th.no_motion_h, th.temp_low_c, th.door_closed_h) == (12.0, 12.0, 24.0)
    assert main.main(["device-rules", "--db", db.url, "--set", "no_motion_h=soon"]) == 2
    assert main.main(["device-rules", "--db", db.url, "--set", "raw_days=7"]) == 3
