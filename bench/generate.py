"""A large test database, fast: households with plans, keyholders and devices, call attempts with
their answers and flags, sensor readings and their hourly aggregates — for the benches of issues 13,
18 and 19 (bench/overview.py uses it). Minutes, not quarter-hours: rows are made in Python as
tuples and written per table in big transactions (sqlite3 executemany; COPY on PostgreSQL), into a
database migrated by Anbu's own migrations.

Cached: without --db the file is <temp>/anbu-bench/generated-<households>-<attempts>-<readings>-v<N>
.sqlite3 and is reused when it exists; with --db URL the database is reused when its marker
(app_setting "bench.generated") names the same parameters, and refused when it holds anything else.

    .venv/bin/python bench/generate.py [--households 10000] [--attempts 100000] [--readings 5000000]
                                       [--db URL] [--seed 13]

What is in it (per 10,000 households): 95 % with a check-in plan (3 % of those paused); one or two
keyholders; 80 % with five sensors (motion, door, temperature, humidity, power), 20 % with a robot;
the attempts spread over the last 60 days (75 % well, 8 % flagged with the risky words heard, 3 %
needs review, the rest missed or failed); every reading on a 15-minute grid ending now; the hourly
aggregates of those readings, plus 90 days of hourly aggregates for the first `HISTORY` households
(the ones a household page bench opens); open device flags (no motion, silent sensor, low robot
battery) and 1 % of households unreachable (missed calls and a follow-up that reached nobody).

Last line: {"bench": "generate", "url", "cached", "seconds", "households", "attempts", "answers",
"readings", "hourly", "flags"}
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select

from storage.db import Database, open_database
from storage.models import AppSetting, Household

VERSION = 2
MARKER = "bench.generated"
HISTORY = 20  # households with 90 days of hourly aggregates
GRID = timedelta(minutes=15)
CHUNK = 100_000
SENSORS = (("motion", "motion", ""), ("door", "door", ""), ("temperature", "temperature", "C"),
           ("humidity", "humidity", "%"), ("power", "power", "W"))
SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = ("영희", "순자", "정숙", "영자", "옥순", "말순", "철수", "영수", "광수", "상철", "순례", "복순", "점례", "정자")
DONGS = tuple(f"{a}{n}동" for a in ("화곡", "등촌", "염창", "가양", "발산", "우장산", "공항", "방화") for n in (1, 2, 3))
WORKERS = tuple(f"{s}{g}" for s in "박정한서" for g in ("지은", "민지", "수진", "현우", "도윤", "서연", "하은"))
WELL = ("네 잘 지내요", "밥 먹었어요", "괜찮아요 고마워요", "오늘은 경로당에 다녀왔어요", "약 먹었어요")
RISKY = (("emergency", "high", "쓰러졌어요"), ("health", "high", "가슴이 아파요"), ("meals", "medium", "밥을 못 먹었어요"),
         ("emotional", "medium", "외로워요"), ("health", "medium", "어지러워요"), ("self_harm", "high", "죽고 싶어요"))
OUTCOMES = (("well", 75), ("flagged", 8), ("needs_review", 3), ("no_answer", 8), ("busy", 2), ("machine", 2),
            ("silent", 1), ("failed", 1))


def default_path(households: int, attempts: int, readings: int) -> Path:
    root = Path(tempfile.gettempdir()) / "anbu-bench"
    root.mkdir(parents=True, exist_ok=True)
    # the schema's head is in the name: a cache built before a migration is never reused half-fitting
    from alembic.script import ScriptDirectory

    from storage.migrate import alembic_config

    head = "+".join(sorted(ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()))
    return root / f"generated-{households}-{attempts}-{readings}-v{VERSION}-{head}.sqlite3"


class Writer:
    """Rows of one table into the database: sqlite3 executemany in one transaction per table, or
    COPY on PostgreSQL. Values are Python values; datetimes aware UTC."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.sqlite = db.engine.dialect.name == "sqlite"
        self.raw: Any = None
        if self.sqlite:  # a private connection without the WAL (written once: no journal, no fsync)
            db.engine.dispose()
            self.conn = sqlite3.connect(str(db.path), isolation_level=None)
            self.conn.execute("PRAGMA journal_mode=OFF")
            self.conn.execute("PRAGMA synchronous=OFF")
            self.conn.execute("PRAGMA cache_size=-262144")  # 256 MB: the indexes stay in memory
            self.conn.execute("PRAGMA foreign_keys=ON")
        else:
            self.raw = db.engine.raw_connection()
            self.conn = self.raw.driver_connection
        self._stamps: dict[datetime, str] = {}

    def _stamp(self, value: datetime) -> str:
        s = self._stamps.get(value)
        if s is None:
            s = value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
            if len(self._stamps) < 2_000_000:
                self._stamps[value] = s
        return s

    def _sqlite_row(self, row: Sequence[Any]) -> tuple:
        return tuple(self._stamp(v) if isinstance(v, datetime) else v for v in row)

    def write(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
        n = 0
        cols = ", ".join(columns)
        if self.sqlite:
            sql = f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' * len(columns))})"
            cur = self.conn.cursor()
            cur.execute("BEGIN")
            for chunk in chunks(rows, CHUNK):
                cur.executemany(sql, [self._sqlite_row(r) for r in chunk])
                n += len(chunk)
            cur.execute("COMMIT")
            return n
        with self.conn.cursor() as cur, cur.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                n += 1
        self.conn.commit()
        return n

    def finish(self, tables: Sequence[str]) -> None:
        if self.sqlite:
            self.conn.execute("ANALYZE")
            self.conn.execute("PRAGMA journal_mode=WAL")  # back to what the application expects
            self.conn.close()
            return
        with self.conn.cursor() as cur:
            for t in tables:  # explicit ids were written: the sequences continue after them
                cur.execute(f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), "
                            f"COALESCE((SELECT MAX(id) FROM {t}), 1))")
            cur.execute("ANALYZE")
        self.conn.commit()
        self.raw.close()


def chunks(rows: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for r in rows:
        batch.append(r)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def weighted(rng: random.Random, table: Sequence[tuple[str, int]]) -> str:
    return rng.choices([k for k, _ in table], [w for _, w in table])[0]


class Generator:
    def __init__(self, households: int, attempts: int, readings: int, seed: int, now: datetime) -> None:
        self.h, self.a, self.r = households, attempts, readings
        self.rng = random.Random(seed)
        self.now = now.replace(minute=0, second=0, microsecond=0)
        self.counts: dict[str, int] = {}
        self.sensor_homes = [i for i in range(1, households + 1) if i % 5 != 0]  # 80 %
        self.robot_homes = [i for i in range(1, households + 1) if i % 5 == 0 or i % 7 == 0]
        self.unreachable = {i for i in range(1, households + 1) if i % 100 == 3}  # 1 %
        self.flag_id = 0

    # ---- registry --------------------------------------------------------------------------------
    def households(self) -> Iterator[tuple]:
        rng, t = self.rng, self.now - timedelta(days=400)
        for i in range(1, self.h + 1):
            name = rng.choice(SURNAMES) + rng.choice(GIVEN)
            yield (i, f"H{i:06d}", name, rng.randint(1930, 1955), f"+8210{50_000_000 + i:08d}", "", DONGS[i % len(DONGS)],
                   WORKERS[(i * 7) % len(WORKERS)], "ko", True, None, "", True, False, t, t)

    def plans(self) -> Iterator[tuple]:
        for i in range(1, self.h + 1):
            if i % 20 == 7:  # 5 % have no plan
                continue
            paused = i % 33 == 0
            yield (i, i, "tue,fri", "18:30", "20:30", "Asia/Seoul", "twice_weekly", "ko_default", paused,
                   "입원 중" if paused else "", None, self.now, self.now)

    def contacts(self) -> Iterator[tuple]:
        cid = 0
        for i in range(1, self.h + 1):
            for p in range(1, 2 + (i % 2)):
                cid += 1
                yield (cid, i, f"보호자{p}", "자녀", f"+8210{20_000_000 + cid:08d}", p, p == 1)

    def devices(self) -> list[tuple]:
        rows, did = [], 0
        self.sensor_devices: list[tuple[int, int, str, str]] = []  # (device id, household, kind, metric)
        for i in self.sensor_homes:
            for kind, metric, _unit in SENSORS:
                did += 1
                rows.append([did, i, f"{kind}-1", kind, "", "", None, self.now, 0.0, None, True, "", False, self.now])
                self.sensor_devices.append((did, i, kind, metric))
        self.robots: list[tuple[int, int]] = []
        for i in self.robot_homes:
            did += 1
            battery = 8.0 if i % 70 == 0 else 80.0
            rows.append([did, i, "robot-1", "robot", "", "", None, self.now - timedelta(minutes=5), None, battery, True,
                         "", False, self.now])
            self.robots.append((did, i))
        self.device_rows = rows
        return rows

    # ---- calls -----------------------------------------------------------------------------------
    def calls(self, w: Writer) -> None:
        rng, per = self.rng, max(1, self.a // self.h)
        attempts, answers, flags, matches = [], [], [], []
        aid = ans_id = match_id = 0
        for n in range(self.a):
            hid = n % self.h + 1
            k = n // self.h  # the household's k-th call, oldest first
            at = self.now - timedelta(days=60 * (per - 1 - k) / per, hours=1 + rng.random() * 20)
            outcome = weighted(rng, OUTCOMES)
            if hid in self.unreachable and k >= per - 3:
                outcome = "no_answer"
            human = outcome in ("well", "flagged", "needs_review", "silent")
            aid += 1
            slot = f"{at:%Y-%m-%d}T18:30+09:00"
            attempts.append((aid, hid, None, slot, 1, f"{hid}:{slot}:1", "done", "simulated", "completed",
                             "human" if human else ("machine" if outcome == "machine" else None), at, at,
                             at + timedelta(seconds=62), 62.0 if human else None, None, True, None, outcome, None,
                             False, None, None, at, at))
            if outcome not in ("well", "flagged", "needs_review"):
                continue
            risky = rng.choice(RISKY) if outcome == "flagged" else None
            for q in range(4):
                ans_id += 1
                said = risky[2] if risky and q == 1 else rng.choice(WELL)
                answers.append((ans_id, aid, q, f"q{q}", said, said, None, q * 12.0, q * 12.0 + 8, 0.82, 0.1, "",
                                True, ""))
                if risky and q == 1:
                    status = "open" if at > self.now - timedelta(days=7) else "resolved"
                    flags.append(self._flag(hid, "call", risky[0], risky[1], status, at, {"slot": slot}, aid, None,
                                            f"call:{aid}:{risky[0]}"))
                    match_id += 1
                    matches.append((match_id, self.flag_id, ans_id, risky[2][:3], risky[0], 0, len(risky[2]),
                                    q * 12.0 + 1, q * 12.0 + 3))
            if outcome == "needs_review":
                status = "open" if at > self.now - timedelta(days=7) else "resolved"
                flags.append(self._flag(hid, "call", "needs_review", "low", status, at, {"slot": slot}, aid, None,
                                        f"call:{aid}:needs_review"))
        self.counts["attempts"] = w.write("call_attempt", ATTEMPT_COLS, attempts)
        del attempts
        self.counts["answers"] = w.write("call_answer", ANSWER_COLS, answers)
        del answers
        flags += self.device_flags()
        flags += [self._flag(hid, "missed_calls", "missed_checkin", "medium", "open", self.now - timedelta(days=1),
                             {"slot": "missed", "attempts": 3}, None, None, f"missed:{hid}") for hid in self.unreachable]
        self.counts["flags"] = w.write("risk_flag", FLAG_COLS, flags)
        w.write("flag_match", MATCH_COLS, matches)
        w.write("follow_up", FOLLOW_COLS, [(n + 1, hid, "박지은", self.now - timedelta(hours=6), "phone_resident",
                                             "not_reached", "", None, False, self.now)
                                            for n, hid in enumerate(sorted(self.unreachable))])

    def _flag(self, hid, source, category, severity, status, at, evidence, attempt_id, device_id, key) -> tuple:
        resolved = status == "resolved"
        self.flag_id += 1
        return (self.flag_id, hid, source, category, severity, status, "벤치 데이터", json.dumps(evidence, ensure_ascii=False),
                attempt_id, device_id, key, None, None, None, at + timedelta(days=1) if resolved else None,
                "bench" if resolved else None, "called" if resolved else None, "", False, at)

    def device_flags(self) -> list[tuple]:
        out = []
        for did, hid, kind, _metric in self.sensor_devices:
            if kind == "motion" and hid % 50 == 1:
                since = self.now - timedelta(hours=26)
                out.append(self._flag(hid, "sensor", "inactivity", "medium", "open", self.now - timedelta(hours=2),
                                      {"rule": "no_motion", "device": "motion-1", "since": since.isoformat()},
                                      None, did, f"sensor:no_motion:{did}"))
            if kind == "door" and hid % 40 == 9:
                out.append(self._flag(hid, "sensor", "device_health", "low", "open", self.now - timedelta(hours=1),
                                      {"rule": "device_silent", "device": "door-1",
                                       "since": (self.now - timedelta(hours=9)).isoformat()}, None, did,
                                      f"sensor:device_silent:{did}"))
        for did, hid in self.robots:
            if hid % 70 == 0:
                out.append(self._flag(hid, "robot", "device_health", "low", "open", self.now,
                                      {"rule": "battery_low", "device": "robot-1"}, None, did, f"robot:battery_low:{did}"))
        return out

    # ---- sensors ---------------------------------------------------------------------------------
    def readings(self) -> Iterator[tuple]:
        """Every sensor on one 15-minute grid ending now (few distinct timestamps: cheap to write)."""
        per = max(1, self.r // max(1, len(self.sensor_devices)))
        extra = self.r - per * len(self.sensor_devices)
        rid = 0
        self.hourly_rows: list[tuple] = []
        grid = [self.now - GRID * k for k in range(per + 1, 0, -1)]
        for idx, (did, hid, kind, metric) in enumerate(self.sensor_devices):
            n = per + (1 if idx < extra else 0)
            values = self._values(kind, hid, n)
            stamps = grid[-n:] if n <= len(grid) else [self.now - GRID * k for k in range(n, 0, -1)]
            buckets: dict[datetime, list[float]] = {}
            for ts, v in zip(stamps, values, strict=True):
                rid += 1
                yield (rid, did, metric, ts, v, "")
                buckets.setdefault(ts.replace(minute=0), []).append(v)
            for hour, vs in buckets.items():
                self.hourly_rows.append((did, metric, hour, len(vs), min(vs), max(vs), sum(vs) / len(vs)))
            self.device_rows[did - 1][8] = values[-1] if values else None

    def _values(self, kind: str, hid: int, n: int) -> list[float]:
        rng = self.rng
        if kind == "motion":
            if hid % 50 == 1:  # the homes with a no-motion flag: nothing moved
                return [0.0] * n
            return [1.0 if rng.random() < 0.3 else 0.0 for _ in range(n)]
        if kind == "door":
            return [1.0 if rng.random() < 0.05 else 0.0 for _ in range(n)]
        if kind == "temperature":
            return [round(21 + rng.gauss(0, 1.5), 1) for _ in range(n)]
        if kind == "humidity":
            return [round(45 + rng.gauss(0, 5), 1) for _ in range(n)]
        return [round(max(0.0, 60 + rng.gauss(0, 25)), 1) for _ in range(n)]

    def history(self) -> Iterator[tuple]:
        """90 days of hourly aggregates before the readings began, for the first HISTORY homes."""
        rng = self.rng
        first_raw = min((r[2] for r in self.hourly_rows), default=self.now)
        for did, hid, kind, metric in self.sensor_devices:
            if hid > HISTORY:
                break
            hour = first_raw - timedelta(days=90)
            while hour < first_raw:
                v = rng.random() * (5 if kind == "motion" else 60)
                yield (did, metric, hour, 4, v * 0.5, v * 1.5, v)
                hour += timedelta(hours=1)

    def hourly(self) -> Iterator[tuple]:
        hid = 0
        for row in (*self.history(), *self.hourly_rows):
            hid += 1
            yield (hid, *row)


ATTEMPT_COLS = ("id", "household_id", "slot_id", "slot_key", "attempt_no", "idempotency_key", "status", "provider",
                "call_status", "answered_by", "scheduled_at", "dialed_at", "ended_at", "duration_s", "recording_path",
                "recording_deleted_remote", "recording_purged_at", "outcome", "error", "is_demo", "claimed_by",
                "claimed_until", "created_at", "updated_at")
ANSWER_COLS = ("id", "attempt_id", "question_index", "question_key", "text_raw", "text", "words", "start_s", "end_s",
               "confidence", "silence_ratio", "keypad", "intelligible", "reason")
FLAG_COLS = ("id", "household_id", "source", "category", "severity", "status", "reason", "evidence", "attempt_id",
             "device_id", "dedupe_key", "assignee", "acknowledged_at", "acknowledged_by", "resolved_at", "resolved_by",
             "resolution", "resolution_note", "is_demo", "created_at")
MATCH_COLS = ("id", "flag_id", "call_answer_id", "term", "category", "span_start", "span_end", "audio_start",
              "audio_end")
FOLLOW_COLS = ("id", "household_id", "actor", "at", "channel", "outcome", "note", "resolves", "is_demo", "created_at")
HOUSEHOLD_COLS = ("id", "ref", "name", "birth_year", "phone", "address", "dong", "worker", "language",
                  "consent_recording", "consent_date", "notes", "active", "is_demo", "created_at", "updated_at")
PLAN_COLS = ("id", "household_id", "weekdays", "window_start", "window_end", "timezone", "cadence", "script", "paused",
             "pause_reason", "paused_until", "created_at", "updated_at")
CONTACT_COLS = ("id", "household_id", "name", "relation", "phone", "priority", "has_key")
DEVICE_COLS = ("id", "household_id", "ref", "kind", "vendor", "external_id", "installed_on", "last_seen_at",
               "last_value", "battery", "active", "note", "is_demo", "created_at")
TABLES = ("household", "check_in_plan", "contact", "device", "call_attempt", "call_answer", "risk_flag", "flag_match",
          "follow_up", "sensor_reading", "sensor_hourly")


def marker(households: int, attempts: int, readings: int) -> dict:
    return {"version": VERSION, "households": households, "attempts": attempts, "readings": readings}


def build(db: Database, households: int, attempts: int, readings: int, seed: int = 13) -> dict[str, int]:
    g = Generator(households, attempts, readings, seed, datetime.now(UTC))
    w = Writer(db)
    counts = g.counts
    counts["households"] = w.write("household", HOUSEHOLD_COLS, g.households())
    w.write("check_in_plan", PLAN_COLS, g.plans())
    w.write("contact", CONTACT_COLS, g.contacts())
    devices = g.devices()
    # the devices before their readings (foreign keys); each device's last value is set after them
    w.write("device", DEVICE_COLS, devices)
    counts["readings"] = w.write("sensor_reading", ("id", "device_id", "metric", "ts", "value", "unit"), g.readings())
    _fix_last_values(w, devices)
    counts["hourly"] = w.write("sensor_hourly", ("id", "device_id", "metric", "hour", "n", "min_value", "max_value",
                                                 "mean_value"), g.hourly())
    g.calls(w)
    w.finish(TABLES)
    with db.session() as s:
        s.merge(AppSetting(key=MARKER, value=marker(households, attempts, readings)))
    return counts


def _fix_last_values(w: Writer, devices: list[list]) -> None:
    rows = [(d[8], d[0]) for d in devices if d[3] != "robot"]
    if w.sqlite:
        cur = w.conn.cursor()
        cur.execute("BEGIN")
        cur.executemany("UPDATE device SET last_value = ? WHERE id = ?", rows)
        cur.execute("COMMIT")
    else:
        with w.conn.cursor() as cur:
            cur.executemany("UPDATE device SET last_value = %s WHERE id = %s", rows)
        w.conn.commit()


class NotEmpty(Exception):
    """The target database holds data this script did not make with these parameters."""


def ensure(url: str | None, households: int, attempts: int, readings: int, seed: int = 13) -> tuple[str, bool, dict]:
    """The URL of a generated database with these parameters, building it unless cached."""
    if url is None:
        path = default_path(households, attempts, readings)
        url = f"sqlite:///{path}"
        if not path.exists() or path.stat().st_size == 0:
            for stale in path.parent.glob(path.name + "*"):
                stale.unlink()
    db = open_database(url)
    try:
        with db.session() as s:
            found = s.get(AppSetting, MARKER)
            existing = s.execute(select(func.count(Household.id))).scalar_one()
        if found is not None and found.value == marker(households, attempts, readings):
            return url, True, {"households": existing}
        if existing or found is not None:
            raise NotEmpty(f"{db.display} already holds {existing} households that bench/generate.py did not make "
                             "with these parameters; give an empty database (nothing is overwritten)")
        return url, False, build(db, households, attempts, readings, seed)
    finally:
        db.dispose()


def positive(text_: str) -> int:
    try:
        n = int(text_)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text_!r} is not a whole number") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"{n} must be at least 1")
    return n


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--households", type=positive, default=10_000)
    p.add_argument("--attempts", type=positive, default=100_000)
    p.add_argument("--readings", type=positive, default=5_000_000)
    p.add_argument("--db", help="a database URL (empty, or made before by this script with the same sizes)")
    p.add_argument("--seed", type=int, default=13)
    args = p.parse_args(argv)
    t0 = time.perf_counter()
    try:
        url, cached, counts = ensure(args.db, args.households, args.attempts, args.readings, args.seed)
    except NotEmpty as exc:
        print(f"generate: {exc}", file=sys.stderr)
        return 2
    print(json.dumps({"bench": "generate", "url": url.split("@")[-1], "cached": cached,
                      "seconds": round(time.perf_counter() - t0, 1), **counts}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())

