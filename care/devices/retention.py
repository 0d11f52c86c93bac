"""Retention: raw readings and robot events are kept `raw_days` (default 90), hourly aggregates
`hourly_days` (default 5 years), dead letters `dead_letter_days` (30).

The maintenance step first folds new raw readings into sensor_hourly, then prunes. New readings
are found by id (sensor_reading.id only grows), so each run aggregates only what arrived since the
last run: the (device, metric) spans touched are recomputed whole from raw, so late readings (a
vendor import) correct their hour instead of being lost. The ingest refuses readings older than
30 days (schema.Validator.max_past), well inside the raw retention, so an hour is never
recomputed from a partly pruned raw set. Pruning deletes per device through the (device_id, ts)
index, never by a table scan.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from care import settings as store
from care.devices.settings import RetentionSettings
from storage.db import Database
from storage.models import AppSetting, Device, DeviceDeadLetter, RobotEvent, SensorHourly, SensorReading

WATERMARK_KEY = "devices.aggregated_through_id"
R = SensorReading


@dataclass(frozen=True)
class MaintenanceResult:
    hours_aggregated: int
    readings_pruned: int
    events_pruned: int
    hourly_pruned: int
    dead_letters_pruned: int


def _hour_expr(session: Session):
    if session.get_bind().dialect.name == "sqlite":
        return func.strftime("%Y-%m-%d %H:00:00", R.ts)
    return func.date_trunc("hour", R.ts)


def _as_hour(value) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def aggregate_hours(session: Session) -> int:
    """Fold readings that arrived since the last run into sensor_hourly. Returns hours written."""
    row = session.get(AppSetting, WATERMARK_KEY)
    mark = int(row.value) if row is not None else 0
    top = session.scalar(select(func.max(R.id)))
    if top is None or top <= mark:
        return 0
    spans = session.execute(
        select(R.device_id, R.metric, func.min(R.ts), func.max(R.ts))
        .where(R.id > mark, R.id <= top).group_by(R.device_id, R.metric)).all()
    hour = _hour_expr(session)
    rows = []
    for device_id, metric, lo, hi in spans:
        start = lo.replace(minute=0, second=0, microsecond=0)
        end = hi.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
        for h, n, mn, mx, mean in session.execute(
                select(hour, func.count(), func.min(R.value), func.max(R.value), func.avg(R.value))
                .where(R.device_id == device_id, R.metric == metric, R.ts >= start, R.ts < end)
                .group_by(hour)):
            rows.append({"device_id": device_id, "metric": metric, "hour": _as_hour(h), "n": n,
                         "min_value": mn, "max_value": mx, "mean_value": mean})
    if rows:
        dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
        stmt = dialect.insert(SensorHourly.__table__)
        stmt = stmt.on_conflict_do_update(
            index_elements=["device_id", "metric", "hour"],
            set_={c: stmt.excluded[c] for c in ("n", "min_value", "max_value", "mean_value")})
        session.execute(stmt, rows)
    if row is None:
        session.add(AppSetting(key=WATERMARK_KEY, value=top))
    else:
        row.value = top
    return len(rows)


def prune(session: Session, now: datetime) -> MaintenanceResult:
    ret = store.load(session, RetentionSettings)
    raw_cut = now - timedelta(days=ret.raw_days)
    hourly_cut = now - timedelta(days=ret.hourly_days)
    mark_row = session.get(AppSetting, WATERMARK_KEY)
    mark = int(mark_row.value) if mark_row is not None else 0
    readings = events = hourly = 0
    for device_id in session.scalars(select(Device.id)).all():
        # only rows already folded into the hourly table (id <= watermark) are removed
        readings += session.execute(delete(R).where(R.device_id == device_id, R.ts < raw_cut, R.id <= mark)).rowcount
        events += session.execute(delete(RobotEvent).where(RobotEvent.device_id == device_id,
                                                           RobotEvent.ts < raw_cut)).rowcount
        hourly += session.execute(delete(SensorHourly).where(SensorHourly.device_id == device_id,
                                                             SensorHourly.hour < hourly_cut)).rowcount
    dead = session.execute(delete(DeviceDeadLetter).where(
        DeviceDeadLetter.received_at < now - timedelta(days=ret.dead_letter_days))).rowcount
    return MaintenanceResult(0, readings, events, hourly, dead)


def run_maintenance(db: Database, now: datetime) -> MaintenanceResult:
    """Aggregate, then prune: two transactions, so a long prune never holds the aggregate back."""
    with db.session() as s:
        hours = aggregate_hours(s)
    with db.session() as s:
        pruned = prune(s, now)
    return MaintenanceResult(hours, pruned.readings_pruned, pruned.events_pruned, pruned.hourly_pruned,
                             pruned.dead_letters_pruned)
