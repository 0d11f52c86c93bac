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


@pytest.mark.postgresql_smoke
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


def _hourly(db, device_id, rows):
    with db.session() as s:
        s.execute(insert(SensorHourly), [{"device_id": device_id, "metric": "temperature", "hour": h, "n": n,
                                          "min_value": lo, "max_value": hi, "mean_value": mean}
                                         for h, n, lo, hi, mean in rows])


@pytest.mark.postgresql_smoke
def test_old_hours_roll_up_into_their_local_day_in_small_transactions(db, monkeypatch):
    """Hourly rows older than hourly_days become one daily row per local day (n summed, min/max
    kept, mean weighted by n) — split over several transactions of DELETE_CHUNK rows, merged right —
    and daily rows older than daily_days go."""
    from care.devices import retention
    from storage.models import SensorDaily

    (hid, _), = make_household(db, 1, kinds=("temperature",))
    day = (NOW - timedelta(days=400)).astimezone(retention.LOCAL_TZ).replace(hour=1, minute=0)
    _hourly(db, 1, [(day + timedelta(hours=i), 4, 10.0 + i, 20.0 + i, 15.0 + i) for i in range(5)]
            + [(day + timedelta(hours=2 + i), 2, 0.0, 1.0, 0.5) for i in range(24, 26)]  # the next local day
            + [(NOW - timedelta(days=2000), 1, 5.0, 5.0, 5.0),  # past daily_days: rolled up, then pruned
               (NOW - timedelta(days=10), 4, 1.0, 2.0, 1.5)])  # young: stays hourly
    monkeypatch.setattr(retention, "DELETE_CHUNK", 2)
    seen: list[tuple[str, int]] = []
    result = run_maintenance(db, NOW, on_chunk=lambda step, n: seen.append((step, n)))
    assert result.finished and result.hourly_pruned == 8 and result.daily_pruned == 1
    assert [n for step, n in seen if step == "hourly"] == [2, 2, 2, 2, 0]  # four transactions of two rows
    with db.session() as s:
        days = {d.day: (d.n, d.min_value, d.max_value, d.mean_value) for d in s.scalars(select(SensorDaily))}
        assert s.scalar(select(func.count()).select_from(SensorHourly)) == 1
    first = day.date()
    assert days[first] == (20, 10.0, 24.0, 17.0)  # five hours of four readings: the mean of 15..19
    assert days[first + timedelta(days=1)] == (4, 0.0, 1.0, 0.5)
    assert len(days) == 2
    assert run_maintenance(db, NOW).hourly_pruned == 0  # nothing is rolled up twice


def test_retention_periods_must_nest(db):
    with db.session() as s:
        with pytest.raises(ConfigurationError, match="hourly_days"):
            settings.update(s, RetentionSettings, actor="test", hourly_days=60)
        with pytest.raises(ConfigurationError, match="daily_days"):
            settings.update(s, RetentionSettings, actor="test", daily_days=300)


def test_the_first_run_on_a_large_backlog_folds_it_chunk_by_chunk_and_can_stop_at_a_budget(db, monkeypatch):
    from care.devices import retention

    (hid, _), = make_household(db, 1, kinds=("temperature",))
    base = (NOW - timedelta(days=3)).replace(minute=0)
    _write(db, 1, hid, [(base + timedelta(minutes=15 * i), float(i % 7)) for i in range(40)])
    monkeypatch.setattr(retention, "AGG_CHUNK", 8)
    stopped = run_maintenance(db, NOW, budget_s=0.0)
    assert not stopped.finished and stopped.transactions == 0
    done = run_maintenance(db, NOW)
    assert done.finished and done.transactions >= 40 // 8
    with db.session() as s:
        assert s.scalar(select(func.sum(SensorHourly.n))) == 40
        assert s.scalar(select(func.count()).select_from(SensorHourly)) == 10
