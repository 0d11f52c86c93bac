"""Retention: hourly aggregates first, then raw readings past the retention period are pruned."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, insert, select

from care import settings
from care.devices.ingest import BatchResult, write_batch
from care.devices.retention import run_maintenance
from care.devices.schema import Reading
from care.errors import ConfigurationError
from care.settings import RetentionSettings
from storage.models import DeviceDeadLetter, SensorHourly, SensorReading
from storage.types import utcnow

from .helpers import make_household

NOW = utcnow().replace(minute=30, second=0, microsecond=0)


def _write(db, device_id, hid, points):
    with db.session() as s:
        write_batch(s, [Reading(device_id, hid, "temperature", "temperature", ts, v, "C") for ts, v in points], [],
                    BatchResult(), check_existing=False)


def test_aggregate_then_prune(db):
    (hid, _), = make_household(db, 1, kinds=("temperature",))
    old = (NOW - timedelta(days=100)).replace(minute=0)
    _write(db, 1, hid, [(old + timedelta(minutes=10 * i), 20.0 + i) for i in range(6)])  # one old hour
    _write(db, 1, hid, [(NOW - timedelta(hours=1, minutes=m), 18.0) for m in (5, 15)])
    with db.session() as s:
        s.execute(insert(DeviceDeadLetter), [{"received_at": NOW - timedelta(days=40), "source": "mqtt", "topic": "x",
                                             "payload": "", "reason": "bad_json", "detail": ""}])
    result = run_maintenance(db, NOW)
    assert result.hours_aggregated >= 2 and result.readings_pruned == 6 and result.dead_letters_pruned == 1
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(SensorReading)) == 2
        hour = s.scalars(select(SensorHourly).order_by(SensorHourly.hour)).first()
        assert hour.hour == old and hour.n == 6
        assert (hour.min_value, hour.max_value, hour.mean_value) == (20.0, 25.0, 22.5)


def test_a_late_reading_recomputes_its_hour_and_nothing_is_pruned_before_it_is_aggregated(db):
    (hid, _), = make_household(db, 1, kinds=("temperature",))
    base = (NOW - timedelta(days=40)).replace(minute=0)
    _write(db, 1, hid, [(base + timedelta(minutes=5), 10.0)])
    run_maintenance(db, NOW)
    _write(db, 1, hid, [(base + timedelta(minutes=45), 20.0)])  # a vendor import, late
    run_maintenance(db, NOW)
    with db.session() as s:
        hour = s.scalars(select(SensorHourly)).one()
        assert hour.n == 2 and hour.mean_value == 15.0
        settings.update(s, RetentionSettings, actor="test", raw_days=31)
    # a new raw reading older than retention but not yet aggregated survives this prune
    _write(db, 1, hid, [(base + timedelta(minutes=50), 30.0)])
    with db.session() as s:
        from care.devices.retention import prune
        pruned = prune(s, NOW)
    assert pruned.readings_pruned == 2
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(SensorReading)) == 1


def test_raw_retention_cannot_undercut_the_oldest_accepted_reading(db):
    with db.session() as s:
        with pytest.raises(ConfigurationError):
            settings.update(s, RetentionSettings, actor="test", raw_days=30)
