"""Validated readings into the database in batches: one transaction per batch, never one per
reading. Rejected messages go to device_dead_letter in the same transaction, with the reason.

    ingest = Ingestor(db, source="mqtt")
    ingest.submit(topic, payload)      # validates, buffers; flushes itself every `batch_size`
    ingest.flush()                     # writes what is buffered; returns the BatchResult

One thread owns an Ingestor (the subscriber's writer thread, the import command, the bench): it
keeps no locks on the per-message path.

Duplicates inside a batch are caught in memory. Duplicates of rows already stored are caught by
the unique constraints: the batch is then rolled back and written again after one query for the
keys that already exist (the slow path runs only when a duplicate actually arrives).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import Float, and_, bindparam, case, insert, or_, select, text, update
from sqlalchemy.exc import DBAPIError, DisconnectionError, IntegrityError, InterfaceError, OperationalError

from care.devices.directory import DeviceDirectory
from care.devices.schema import Reading, Rejection, Validator, storable
from care.devices.settings import MAX_READING_AGE_DAYS
from storage.db import Database
from storage.errors import DatabaseCorruptError, DatabaseLockedError, StorageError
from storage.models import Device, DeviceDeadLetter, RobotEvent, SensorReading
from storage.types import UTCDateTime, utcnow

DEAD_PAYLOAD_CHARS = 2000
# Readings that need a rule evaluated at once rather than at the next periodic pass.
URGENT = {("smoke", "smoke"), ("gas", "gas"), ("emergency_button", "button"), ("robot", "sos")}

_READINGS = SensorReading.__table__
_EVENTS = RobotEvent.__table__
_DEVICES = Device.__table__
_DEAD = DeviceDeadLetter.metadata.tables[DeviceDeadLetter.__tablename__]  # a Table, for insert()
# SQLite fast path. The insert is still built from the model's Core table (no hand-written SQL),
# compiled once; rows go to the driver's executemany as tuples with `ts` already formatted the way
# UTCDateTime stores it on SQLite ("YYYY-MM-DD HH:MM:SS.ffffff", UTC). Measured: SQLAlchemy's
# per-row parameter processing otherwise costs as much as the insert itself (bench/ingest.py).
# test_ingest proves the rows read back through the ORM identical to what was sent.
_SQLITE_COLUMNS = ("device_id", "metric", "ts", "value", "unit")
_SQLITE_INSERT: str | None = None


def _sqlite_insert_sql(session) -> str:
    global _SQLITE_INSERT
    if _SQLITE_INSERT is None:
        stmt = insert(_READINGS).values({c: bindparam(c) for c in _SQLITE_COLUMNS})
        _SQLITE_INSERT = str(stmt.compile(dialect=session.get_bind().dialect))
    return _SQLITE_INSERT


def sqlite_ts(ts: datetime) -> str:
    """How UTCDateTime stores `ts` on SQLite: UTC, "YYYY-MM-DD HH:MM:SS.ffffff"."""
    return ts.astimezone(UTC).isoformat(sep=" ", timespec="microseconds")[:26]


@dataclass
class BatchResult:
    accepted: int = 0
    rejected: Counter = field(default_factory=Counter)
    households: set[int] = field(default_factory=set)
    urgent_households: set[int] = field(default_factory=set)


@dataclass
class IngestStats:
    """Running totals since the ingest started (what `ingest` logs and the tests assert)."""

    accepted: int = 0
    rejected: Counter = field(default_factory=Counter)
    batches: int = 0

    @property
    def rejected_total(self) -> int:
        return sum(self.rejected.values())


class Ingestor:
    def __init__(self, db: Database, *, source: str = "mqtt", batch_size: int = 2000,
                 now: Callable[[], datetime] = utcnow, max_past: timedelta = timedelta(days=MAX_READING_AGE_DAYS),
                 directory: DeviceDirectory | None = None,
                 on_batch: Callable[[BatchResult], None] | None = None) -> None:
        self.db, self.source, self.batch_size, self.on_batch = db, source, batch_size, on_batch
        self.directory = directory or DeviceDirectory(db)
        self.validator = Validator(self.directory, now=now, max_past=max_past)
        self.stats = IngestStats()
        self._readings: dict[tuple, Reading] = {}
        self._dead: list[dict] = []
        self._pending_rejects: Counter = Counter()
        self._quiet: set[tuple] = set()  # keys of re-sent messages: a duplicate of those is no news

    def submit(self, topic: str, payload: bytes | str, *, received_at: datetime | None = None,
               now: datetime | None = None, label: str | None = None,
               quiet_duplicate: bool = False) -> Reading | Rejection:
        """Never raises for bad input: a bad message becomes a Rejection and a dead letter (whose
        topic column gets `label` when given, e.g. "line 12: anbu/v1/..." for a file import).
        `quiet_duplicate`: the broker sent this message again (DUP) or it is retained; when it
        turns out stored already it is counted as a duplicate without a dead letter, and when it
        is invalid its dead letter is written once, not at every reconnect."""
        try:
            result = self.validator.check(topic, payload, now)
        except Exception as exc:
            result = Rejection("bad_json", f"unreadable message: {type(exc).__name__}")
        if isinstance(result, Rejection):
            self._reject(label or topic, payload, result, received_at, once=quiet_duplicate)
        else:
            key = (result.device_id, result.metric, result.ts, result.robot_event)
            if key in self._readings:
                result = Rejection("duplicate", f"{result.metric} at {result.ts.isoformat()} twice in one batch")
                if quiet_duplicate:
                    self._pending_rejects["duplicate"] += 1
                else:
                    self._reject(label or topic, payload, result, received_at)
            else:
                self._readings[key] = result
                if quiet_duplicate:
                    self._quiet.add(key)
        if len(self._readings) + len(self._dead) >= self.batch_size:
            self.flush()
        return result

    def reject(self, label: str, payload: bytes | str, rejection: Rejection) -> Rejection:
        """Record a message refused before validation (an unreadable file row)."""
        self._reject(label, payload, rejection, None)
        return rejection

    def has_buffered(self) -> bool:
        return bool(self._readings or self._dead or self._pending_rejects)

    def _reject(self, topic, payload, rejection: Rejection, received_at, *, once: bool = False) -> None:
        text = payload.decode("utf-8", "replace") if isinstance(payload, bytes | bytearray) else str(payload)
        self._dead.append({"_once": once,
            "received_at": received_at or utcnow(), "source": self.source[:100],
            "topic": storable(str(topic)[:300]), "payload": storable(text[:DEAD_PAYLOAD_CHARS]),
            "reason": rejection.reason, "detail": storable(rejection.detail[:300]),
        })
        self._pending_rejects[rejection.reason] += 1

    def flush(self) -> BatchResult:
        """Write what is buffered. Life-safety readings (smoke, gas, button, SOS) go first in their
        own transaction, so nothing else in the batch can hold them back. A batch the database
        refuses for a reason other than a transient one (locked, connection lost) is split until
        the refused message stands alone; that one message becomes a `storage_refused` dead letter
        and every other row is stored. A transient failure keeps the whole batch for the next
        flush and raises."""
        readings, dead, rejects = list(self._readings.values()), self._dead, self._pending_rejects
        self._readings, self._dead, self._pending_rejects = {}, [], Counter()
        quiet, self._quiet = self._quiet, set()
        result = BatchResult()
        if not readings and not dead:  # only quiet duplicates (nothing to write): count them
            self.stats.rejected.update(rejects)
            return BatchResult(rejected=rejects)
        is_urgent = [(r.kind, r.metric) in URGENT and bool(r.value) for r in readings]
        urgent = [r for r, u in zip(readings, is_urgent, strict=True) if u]
        parts = [(urgent, []), ([r for r, u in zip(readings, is_urgent, strict=True) if not u], dead)] \
            if urgent and len(urgent) < len(readings) + len(dead) else [(readings, dead)]
        done = 0
        try:
            for part_readings, part_dead in parts:
                self._write_part(part_readings, part_dead, result, quiet)
                done += 1
                if done < len(parts) and self.on_batch is not None and result.urgent_households:
                    self.on_batch(BatchResult(urgent_households=set(result.urgent_households)))
                    result.urgent_households.clear()  # evaluated already
        except Exception:
            self._quiet |= quiet
            for part_readings, part_dead in parts[done:]:
                for r in part_readings:
                    self._readings.setdefault((r.device_id, r.metric, r.ts, r.robot_event), r)
                self._dead[:0] = part_dead
            self._pending_rejects.update(rejects)
            self._count(result)  # what was committed (the alarms) counts; the rest comes again
            raise
        result.rejected.update(rejects)
        self._count(result)
        if self.on_batch is not None:
            self.on_batch(result)
        return result

    def _count(self, result: BatchResult) -> None:
        self.stats.accepted += result.accepted
        self.stats.rejected.update(result.rejected)
        self.stats.batches += 1

    def _write_part(self, readings: list[Reading], dead: list[dict], result: BatchResult,
                    quiet: AbstractSet[tuple] = frozenset()) -> None:
        if not readings and not dead:
            return
        try:
            part = BatchResult()
            with self.db.session() as s:
                write_batch(s, readings, dead, part, check_existing=False)
            return _merge(result, part)
        except Exception as exc:
            if is_transient(exc):
                raise
            failure = exc
        if _is_integrity(failure):  # a row already stored: one query for the keys that exist
            try:
                part = BatchResult()
                with self.db.session() as s:
                    write_batch(s, readings, dead, part, check_existing=True, source=self.source, quiet=quiet)
                return _merge(result, part)
            except Exception as exc:
                if is_transient(exc):
                    raise
                failure = exc
        if len(readings) + len(dead) > 1:
            half_r, half_d = len(readings) // 2, len(dead) // 2
            self._write_part(readings[:half_r], dead[:half_d], result, quiet)
            self._write_part(readings[half_r:], dead[half_d:], result, quiet)
            return None
        self._refused(readings, dead, failure, result)
        return None

    def _refused(self, readings: list[Reading], dead: list[dict], failure: Exception, result: BatchResult) -> None:
        """One message the database refused on its own: keep it as an escaped dead letter."""
        why = f"{type(failure).__name__}: {failure}"[:300]
        if readings:
            r = readings[0]
            letter = {"received_at": utcnow(), "source": self.source[:100],
                      "topic": f"device {r.device_id}/{r.metric}", "payload": repr(
                          {"ts": r.ts.isoformat(), "value": r.value, "unit": r.unit, "detail": r.detail})[:DEAD_PAYLOAD_CHARS],
                      "reason": "storage_refused", "detail": why}
            result.rejected["storage_refused"] += 1
        else:
            letter = {k: v for k, v in dead[0].items() if k != "_once"}
            letter["detail"] = f"{letter.get('detail', '')} / stored escaped: {why}"[:300]
        letter = {k: storable(v) if isinstance(v, str) else v for k, v in letter.items()}
        letter["payload"] = str(letter["payload"]).encode("ascii", "backslashreplace").decode("ascii")
        with self.db.session() as s:
            s.execute(insert(_DEAD), [letter])


def is_transient(exc: BaseException) -> bool:
    """Failures of the database as a whole (retry the whole batch later), as against a failure
    caused by what one message holds (split the batch)."""
    if isinstance(exc, DatabaseLockedError | DatabaseCorruptError):
        return True
    cause = exc.__cause__ if isinstance(exc, StorageError) else exc
    return isinstance(cause, OperationalError | InterfaceError | DisconnectionError | TimeoutError)


def _is_integrity(exc: BaseException) -> bool:
    return isinstance(exc, IntegrityError) or isinstance(exc.__cause__, IntegrityError)


def _merge(into: BatchResult, part: BatchResult) -> None:
    into.accepted += part.accepted
    into.rejected.update(part.rejected)
    into.households |= part.households
    into.urgent_households |= part.urgent_households


def _existing_keys(session, readings: list[Reading]) -> set[tuple]:
    """Keys of this batch already in the database: one query per table over the batch's span."""
    found: set[tuple] = set()
    for robot, table, metric_col in ((False, _READINGS, _READINGS.c.metric), (True, _EVENTS, _EVENTS.c.kind)):
        part = [r for r in readings if r.robot_event is robot]
        if not part:
            continue
        lo, hi = min(r.ts for r in part), max(r.ts for r in part)
        devices = {r.device_id for r in part}
        rows = session.execute(
            select(table.c.device_id, metric_col, table.c.ts)
            .where(table.c.device_id.in_(devices), table.c.ts >= lo, table.c.ts <= hi)
        )
        found.update((d, m, t, robot) for d, m, t in rows)
    return found


def _new_letters(session, dead: list[dict]) -> list[dict]:
    """The dead letters to insert: those marked `_once` (a retained or re-sent message) only when
    the same topic, payload and reason is not stored already."""
    once = [d for d in dead if d.get("_once")]
    seen: set[tuple] = set()
    if once:
        seen = set(session.execute(select(_DEAD.c.topic, _DEAD.c.payload, _DEAD.c.reason).where(
            _DEAD.c.topic.in_({d["topic"] for d in once}))).all())
    out = []
    for d in dead:
        key = (d["topic"], d["payload"], d["reason"])
        if d.get("_once"):
            if key in seen:
                continue
            seen.add(key)
        out.append({k: v for k, v in d.items() if k != "_once"})
    return out


def write_batch(session, readings: list[Reading], dead: list[dict], result: BatchResult, *,
                check_existing: bool, source: str = "", quiet: AbstractSet[tuple] = frozenset()) -> None:
    """One batch in the caller's transaction: readings, robot events, device last-seen/value/
    battery, dead letters."""
    dead = list(dead)
    if check_existing:
        existing = _existing_keys(session, readings)
        devices = set(session.scalars(select(_DEVICES.c.id).where(
            _DEVICES.c.id.in_({r.device_id for r in readings}))))
        kept = []
        for r in readings:
            key = (r.device_id, r.metric, r.ts, r.robot_event)
            if key in existing and key in quiet:
                result.rejected["duplicate"] += 1  # the broker sent it again: stored already, no news
            elif key in existing or r.device_id not in devices:
                reason = "duplicate" if r.device_id in devices else "unknown_device"
                dead.append({"received_at": utcnow(), "source": source[:100], "topic": f"device {r.device_id}/{r.metric}",
                             "payload": f'{{"ts": "{r.ts.isoformat()}", "value": {r.value}, "unit": "{r.unit}"}}',
                             "reason": reason, "detail": "already stored" if reason == "duplicate" else "device removed"})
                result.rejected[reason] += 1
            else:
                kept.append(r)
        readings = kept
    sqlite = session.get_bind().dialect.name == "sqlite"
    if sqlite:
        rows = [(r.device_id, r.metric, sqlite_ts(r.ts), r.value, r.unit) for r in readings if not r.robot_event]
        if rows:
            session.connection().exec_driver_sql(_sqlite_insert_sql(session), rows)
    elif session.get_bind().dialect.name == "postgresql":
        copied: list[tuple] = [(r.device_id, r.metric, r.ts, r.value, r.unit) for r in readings if not r.robot_event]
        if copied:
            copy_readings(session, copied)
    else:
        sensor = [{"device_id": r.device_id, "metric": r.metric, "ts": r.ts, "value": r.value, "unit": r.unit}
                  for r in readings if not r.robot_event]
        if sensor:
            session.execute(insert(_READINGS), sensor)
    events = [{"device_id": r.device_id, "kind": r.metric, "ts": r.ts, "value": r.value, "detail": r.detail}
              for r in readings if r.robot_event]
    if events:
        session.execute(insert(_EVENTS), events)
    dead = _new_letters(session, dead)
    if dead:
        session.execute(insert(_DEAD), dead)
    _update_devices(session, readings, sqlite)
    result.accepted += len(readings)
    for r in readings:
        result.households.add(r.household_id)
        if (r.kind, r.metric) in URGENT and r.value:
            result.urgent_households.add(r.household_id)


COPY_READINGS = "COPY sensor_reading (device_id, metric, ts, value, unit) FROM STDIN"


def copy_readings(session, rows: list[tuple]) -> None:
    """PostgreSQL only: the batch's readings by COPY on the session's own connection (so inside its
    transaction: a failed batch leaves nothing), the server's fastest way in; rows are
    (device_id, metric, aware ts, value, unit)."""
    conn = session.connection()
    driver_error = conn.dialect.loaded_dbapi.Error
    try:
        with conn.connection.dbapi_connection.cursor() as cur, cur.copy(COPY_READINGS) as copy:
            for row in rows:
                copy.write_row(row)
    except driver_error as exc:  # the driver's error as SQLAlchemy's (IntegrityError, OperationalError, ...),
        raise DBAPIError.instance(COPY_READINGS, None, exc, driver_error) from exc  # as an INSERT would raise


def _update_devices(session, readings: list[Reading], sqlite: bool) -> None:
    """last_seen_at = the newest reading; last_value / battery from the newest of their kind, unless
    the device already holds something newer (an old vendor export must not roll it back). One
    UPDATE per device per batch; SET expressions all see the row as it was before the UPDATE."""
    seen: dict[int, datetime] = {}
    value: dict[int, tuple[datetime, float]] = {}
    battery: dict[int, tuple[datetime, float]] = {}
    for r in readings:
        d = r.device_id
        if d not in seen or r.ts > seen[d]:
            seen[d] = r.ts
        if r.metric == "battery" or (r.robot_event and r.metric == "heartbeat"):
            if d not in battery or r.ts >= battery[d][0]:
                battery[d] = (r.ts, r.value)
        elif not r.robot_event and (d not in value or r.ts >= value[d][0]):
            value[d] = (r.ts, r.value)
    if not seen:
        return
    fmt = sqlite_ts if sqlite else (lambda ts: ts)
    rows = []
    for d, ts in seen.items():
        v_ts, v = value.get(d, (None, None))
        b_ts, b = battery.get(d, (None, None))
        rows.append({"b_id": d, "b_seen": fmt(ts), "b_vts": v_ts and fmt(v_ts), "b_v": v,
                     "b_bts": b_ts and fmt(b_ts), "b_b": b})
    if sqlite:
        _driver_executemany(session, "device_update", _DEVICE_UPDATE, rows)
    elif session.get_bind().dialect.name == "postgresql":  # one statement, six array parameters
        session.execute(_PG_DEVICE_UPDATE, {k: [r[f"b_{k}"] for r in rows] for k in ("id", "seen", "vts", "v", "bts", "b")})
    else:
        session.execute(_DEVICE_UPDATE, rows)


def _newer_than_last_seen(param):
    last = _DEVICES.c.last_seen_at
    return and_(param.is_not(None), or_(last.is_(None), last <= param))


_B_VTS, _B_BTS = bindparam("b_vts", type_=UTCDateTime()), bindparam("b_bts", type_=UTCDateTime())
_B_SEEN = bindparam("b_seen", type_=UTCDateTime())
_DEVICE_UPDATE = (
    update(_DEVICES).where(_DEVICES.c.id == bindparam("b_id")).values(
        last_value=case((_newer_than_last_seen(_B_VTS), bindparam("b_v", type_=Float())), else_=_DEVICES.c.last_value),
        battery=case((_newer_than_last_seen(_B_BTS), bindparam("b_b", type_=Float())), else_=_DEVICES.c.battery),
        last_seen_at=case((_newer_than_last_seen(_B_SEEN), _B_SEEN), else_=_DEVICES.c.last_seen_at),
    )
)
# The same UPDATE for PostgreSQL as one statement over arrays (unnest): the per-row executemany of
# _DEVICE_UPDATE cost as much as the COPY of the readings (bench/ingest.py --db).
_PG_DEVICE_UPDATE = text("""
UPDATE device AS d SET
  last_value = CASE WHEN u.vts IS NOT NULL AND (d.last_seen_at IS NULL OR d.last_seen_at <= u.vts) THEN u.v
                    ELSE d.last_value END,
  battery = CASE WHEN u.bts IS NOT NULL AND (d.last_seen_at IS NULL OR d.last_seen_at <= u.bts) THEN u.b
                 ELSE d.battery END,
  last_seen_at = CASE WHEN u.seen IS NOT NULL AND (d.last_seen_at IS NULL OR d.last_seen_at <= u.seen) THEN u.seen
                      ELSE d.last_seen_at END
FROM unnest(CAST(:id AS integer[]), CAST(:seen AS timestamptz[]), CAST(:vts AS timestamptz[]),
            CAST(:v AS double precision[]), CAST(:bts AS timestamptz[]), CAST(:b AS double precision[]))
     AS u(id, seen, vts, v, bts, b)
WHERE d.id = u.id""")
_COMPILED: dict[tuple[str, str], tuple[str, tuple[str, ...]]] = {}


def _driver_executemany(session, key: str, stmt, rows: list[dict]) -> None:
    """SQLite only: a Core statement compiled once, executed by the driver with driver-ready values
    (timestamps already formatted by sqlite_ts), skipping SQLAlchemy's per-row processing."""
    dialect = session.get_bind().dialect
    compiled = _COMPILED.get((key, dialect.name))
    if compiled is None:
        c = stmt.compile(dialect=dialect)
        compiled = _COMPILED[(key, dialect.name)] = (str(c), tuple(c.positiontup))
    sql, order = compiled
    session.connection().exec_driver_sql(sql, [tuple(r[n] for n in order) for r in rows])
