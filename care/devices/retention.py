"""Retention in small transactions (issue 19): raw readings and robot events are kept `raw_days`
(default 90), hourly aggregates `hourly_days` (365) and then rolled up into one row per local day
(sensor_daily, kept `daily_days`, 1825), dead letters `dead_letter_days` (30).

The maintenance step first folds new raw readings into sensor_hourly, then prunes — never in one
long transaction: at 10,000 households the old step held SQLite's write lock for 39–128 s and the
runner's small writes hit the busy timeout.
- Aggregation is incremental and streamed: at most AGG_CHUNK new readings (by id: sensor_reading.id
  only grows) per transaction. Their (device, metric) spans are recomputed whole from raw, so late
  readings (a vendor import) correct their hour instead of being lost; the rows are read first and
  the upsert and the watermark move together in one short transaction. The ingest refuses readings
  older than 30 days (schema.Validator.max_past), well inside raw_days, so an hour is never
  recomputed from a partly pruned raw set.
- Pruning is set-based and bounded: the ids of at most DELETE_CHUNK old rows are read (through the
  (device_id, ts) indexes, device by device inside one statement; the hour/day indexes for the
  aggregates), then deleted by id in a short transaction. Only readings already folded into the
  hourly table (id <= watermark) are removed.
- Roll-up: hourly rows older than hourly_days are merged into their day (n summed, min/max kept,
  the mean weighted by n) and deleted in the same transaction, so nothing is counted twice.
- On SQLite a passive WAL checkpoint follows every chunk, so the -wal file stays small.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import CursorResult, bindparam, case, delete, func, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from care import settings as store
from care.devices.settings import RetentionSettings
from storage.db import Database
from storage.models import AppSetting, DeviceDeadLetter, RobotEvent, SensorDaily, SensorHourly, SensorReading
from storage.types import UTCDateTime

WATERMARK_KEY = "devices.aggregated_through_id"
AGG_CHUNK = 10_000  # new raw readings folded per transaction
DELETE_CHUNK = 2_000  # rows deleted (or rolled up) per transaction
LOCAL_TZ = ZoneInfo("Asia/Seoul")
R = SensorReading


@dataclass(frozen=True)
class MaintenanceResult:
    hours_aggregated: int
    readings_pruned: int
    events_pruned: int
    hourly_pruned: int  # hourly rows rolled up into sensor_daily (and removed)
    dead_letters_pruned: int
    days_written: int = 0  # sensor_daily rows written or merged into
    daily_pruned: int = 0
    transactions: int = 0
    finished: bool = True  # False: stopped at the time budget; the next run carries on


def _hour_expr(session: Session):
    if session.get_bind().dialect.name == "sqlite":
        return func.strftime("%Y-%m-%d %H:00:00", R.ts)
    return func.date_trunc("hour", R.ts)


def _as_hour(value) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _deleted(session: Session, stmt) -> int:
    return cast(CursorResult, session.execute(stmt)).rowcount


def _dialect(session: Session):
    return postgresql if session.get_bind().dialect.name == "postgresql" else sqlite


def _watermark(session: Session) -> int:
    row = session.get(AppSetting, WATERMARK_KEY)
    return int(row.value) if row is not None else 0


def aggregate_hours(session: Session, chunk: int | None = AGG_CHUNK) -> int:
    """Fold up to `chunk` readings that arrived since the last run into sensor_hourly (reads
    first; then the upsert and the watermark, in the caller's transaction). Returns hours written."""
    mark = _watermark(session)
    ids = select(R.id).where(R.id > mark).order_by(R.id)
    top = session.scalar(select(func.max(ids.limit(chunk).subquery().c.id))) if chunk else \
        session.scalar(select(func.max(R.id)))
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
    # the writes: one upsert and the watermark, nothing read in between
    if rows:
        stmt = _dialect(session).insert(SensorHourly.__table__)
        stmt = stmt.on_conflict_do_update(
            index_elements=["device_id", "metric", "hour"],
            set_={c: stmt.excluded[c] for c in ("n", "min_value", "max_value", "mean_value")})
        session.execute(stmt, rows)
    row = session.get(AppSetting, WATERMARK_KEY)
    if row is None:
        session.add(AppSetting(key=WATERMARK_KEY, value=top))
    else:
        row.value = top
    return len(rows)


def _old_ids(session: Session, table: str, cut: datetime, limit: int | None, *, mark: int | None = None) -> list[int]:
    """Ids of rows of a raw table (sensor_reading, robot_event) older than `cut`: one statement
    that walks the (device_id, ts) index device by device (CROSS JOIN fixes that order on SQLite),
    so finding nothing costs index probes, not a table scan."""
    where = "r.ts < :cut" + (" AND r.id <= :mark" if mark is not None else "")
    sql = f"SELECT r.id FROM device d CROSS JOIN {table} r WHERE r.device_id = d.id AND {where}"
    if limit:
        sql += f" LIMIT {int(limit)}"
    params: dict[str, Any] = {"cut": cut} | ({"mark": mark} if mark is not None else {})
    return list(session.scalars(text(sql).bindparams(bindparam("cut", type_=UTCDateTime)), params))


def prune_readings(session: Session, now: datetime, ret: RetentionSettings, limit: int | None) -> int:
    cut = now - timedelta(days=ret.raw_days)
    ids = _old_ids(session, "sensor_reading", cut, limit, mark=_watermark(session))
    return _deleted(session, delete(R).where(R.id.in_(ids))) if ids else 0


def prune_events(session: Session, now: datetime, ret: RetentionSettings, limit: int | None) -> int:
    ids = _old_ids(session, "robot_event", now - timedelta(days=ret.raw_days), limit)
    return _deleted(session, delete(RobotEvent).where(RobotEvent.id.in_(ids))) if ids else 0


def _local_day(hour: datetime) -> date:
    return hour.astimezone(LOCAL_TZ).date()


def roll_up_hours(session: Session, now: datetime, ret: RetentionSettings, limit: int | None) -> tuple[int, int]:
    """Merge up to `limit` hourly rows older than hourly_days into their local day and delete them,
    in the caller's transaction. Returns (hourly rows removed, daily rows written)."""
    H = SensorHourly
    q = select(H.id, H.device_id, H.metric, H.hour, H.n, H.min_value, H.max_value, H.mean_value) \
        .where(H.hour < now - timedelta(days=ret.hourly_days)).order_by(H.hour)
    rows = session.execute(q.limit(limit) if limit else q).all()
    if not rows:
        return 0, 0
    days: dict[tuple[int, str, date], list[float]] = {}
    for _id, device_id, metric, hour, n, mn, mx, mean in rows:
        acc = days.setdefault((device_id, metric, _local_day(hour)), [0, mn, mx, 0.0])
        acc[0] += n
        acc[1], acc[2] = min(acc[1], mn), max(acc[2], mx)
        acc[3] += mean * n
    D = SensorDaily.__table__.c
    stmt = _dialect(session).insert(SensorDaily.__table__)
    ex = stmt.excluded
    stmt = stmt.on_conflict_do_update(index_elements=["device_id", "metric", "day"], set_={
        "n": D.n + ex.n,
        "min_value": case((ex.min_value < D.min_value, ex.min_value), else_=D.min_value),
        "max_value": case((ex.max_value > D.max_value, ex.max_value), else_=D.max_value),
        "mean_value": (D.mean_value * D.n + ex.mean_value * ex.n) / (D.n + ex.n)})
    removed = _deleted(session, delete(H).where(H.id.in_([r[0] for r in rows])))
    session.execute(stmt, [{"device_id": d, "metric": m, "day": day, "n": n, "min_value": lo, "max_value": hi,
                            "mean_value": total / n if n else 0.0}
                           for (d, m, day), (n, lo, hi, total) in days.items()])
    return removed, len(days)


def prune_daily(session: Session, now: datetime, ret: RetentionSettings, limit: int | None) -> int:
    cut = _local_day(now - timedelta(days=ret.daily_days))
    q = select(SensorDaily.id).where(SensorDaily.day < cut)
    ids = list(session.scalars(q.limit(limit) if limit else q))
    return _deleted(session, delete(SensorDaily).where(SensorDaily.id.in_(ids))) if ids else 0


def prune_dead_letters(session: Session, now: datetime, ret: RetentionSettings, limit: int | None) -> int:
    q = select(DeviceDeadLetter.id).where(DeviceDeadLetter.received_at < now - timedelta(days=ret.dead_letter_days))
    ids = list(session.scalars(q.limit(limit) if limit else q))
    return _deleted(session, delete(DeviceDeadLetter).where(DeviceDeadLetter.id.in_(ids))) if ids else 0


def prune(session: Session, now: datetime) -> MaintenanceResult:
    """Every prune and the roll-up at once, in the caller's transaction (small databases, tests);
    run_maintenance does the same in bounded transactions."""
    ret = store.load(session, RetentionSettings)
    readings = prune_readings(session, now, ret, None)
    events = prune_events(session, now, ret, None)
    hourly, days = roll_up_hours(session, now, ret, None)
    daily = prune_daily(session, now, ret, None)
    dead = prune_dead_letters(session, now, ret, None)
    return MaintenanceResult(0, readings, events, hourly, dead, days, daily, 1)


def checkpoint(db: Database) -> None:
    """A passive WAL checkpoint on SQLite (copies what no reader still needs; never waits)."""
    if db.path is None:
        return
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")


def run_maintenance(db: Database, now: datetime, *, budget_s: float | None = None,
                    on_chunk: Callable[[str, int], None] | None = None) -> MaintenanceResult:
    """Aggregate, then prune, then roll up — each in transactions of at most AGG_CHUNK readings or
    DELETE_CHUNK rows. `budget_s`: stop between chunks after that long (finished=False; the
    watermark and what was deleted are kept, the next run carries on). `on_chunk(step, n)` is told
    after every committed chunk (benches and tests watch the pace)."""
    deadline = None if budget_s is None else time.monotonic() + budget_s
    counts = dict.fromkeys(("hours", "readings", "events", "hourly", "days", "daily", "dead", "tx"), 0)
    with db.session() as s:
        ret = store.load(s, RetentionSettings)

    def over() -> bool:
        return deadline is not None and time.monotonic() >= deadline

    def chunks(step: str, work: Callable[[Session], int], size: int) -> bool:
        while not over():
            with db.session() as s:
                n = work(s)
            counts["tx"] += 1
            counts[step] += n
            if n:
                checkpoint(db)
            if on_chunk is not None:
                on_chunk(step, n)
            if n < size:
                return True
        return False

    def roll(s: Session) -> int:
        removed, written = roll_up_hours(s, now, ret, DELETE_CHUNK)
        counts["days"] += written
        return removed

    # aggregation: new readings always make at least one hour row, so 0 hours means caught up
    done = chunks("hours", lambda s: aggregate_hours(s, AGG_CHUNK), 1)
    done = done and chunks("readings", lambda s: prune_readings(s, now, ret, DELETE_CHUNK), DELETE_CHUNK)
    done = done and chunks("events", lambda s: prune_events(s, now, ret, DELETE_CHUNK), DELETE_CHUNK)
    done = done and chunks("hourly", roll, DELETE_CHUNK)
    done = done and chunks("daily", lambda s: prune_daily(s, now, ret, DELETE_CHUNK), DELETE_CHUNK)
    done = done and chunks("dead", lambda s: prune_dead_letters(s, now, ret, DELETE_CHUNK), DELETE_CHUNK)
    return MaintenanceResult(counts["hours"], counts["readings"], counts["events"], counts["hourly"], counts["dead"],
                             counts["days"], counts["daily"], counts["tx"], done)
