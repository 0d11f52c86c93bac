"""Ingest throughput: the same 200,000 readings written (a) through Anbu's ingest path — topic and
JSON payload validation, device lookup, duplicate check, batched Core inserts, device last-seen
updates, without the network — and (b) with raw sqlite3 executemany into the same schema (the
floor: no validation at all). Both into fresh, migrated SQLite files, in one run.

With `--db postgresql+psycopg://...` (a scratch database: it must hold no households) the same
readings go through Anbu's ingest path into that server (its PostgreSQL fast path: COPY inside the
batch's transaction, plus validation and device updates), then the table is emptied and the
reference is raw COPY of the same rows by psycopg into the same table. The JSON gains "backend".

Targets: (a) >= 20,000 readings/s and (a)/(b) >= 0.5; exit 1 when either is missed.

    .venv/bin/python bench/ingest.py [--readings N] [--batch N] [--db URL]
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from care.devices.ingest import Ingestor
from care.devices.registry import add_device
from care.devices.schema import payload_for, topic_for
from care.households.registry import assign_refs
from storage.db import open_database
from storage.models import Household

KINDS = (("temperature", "temperature", "C"), ("humidity", "humidity", "%"), ("power", "power", "W"),
         ("motion", "motion", ""))


def make_db(path: Path | str, households: int):
    db = open_database(str(path))
    devices = []
    with db.session() as s:
        rows = [Household(name=f"벤치{i}", phone=f"+8210777{i:05d}") for i in range(households)]
        s.add_all(rows)
        s.flush()
        assign_refs(s, rows)
        for h in rows:
            for kind, metric, unit in KINDS:
                d = add_device(s, h.id, f"{kind}1", kind)
                devices.append((h.ref, d.ref, d.id, metric, unit))
    return db, devices


def make_messages(devices, n: int, now: datetime, rng: random.Random):
    """n readings spread over the last 10 days, every (device, ts) distinct."""
    per = n // len(devices) + 1
    step = timedelta(days=10) / per
    out, raw = [], []
    for i in range(per):
        ts = (now - timedelta(days=10) + step * i).astimezone(UTC)
        for h_ref, d_ref, d_id, metric, unit in devices:
            if len(out) == n:
                break
            value = round(rng.uniform(0, 60), 2)
            out.append((topic_for(h_ref, d_ref, metric), payload_for(ts, value, unit)))
            raw.append((d_id, metric, ts.replace(tzinfo=None).isoformat(sep=" "), value, unit))
    return out, raw


def run_anbu(db, messages, batch: int, now: datetime, expected: int) -> tuple[float, Ingestor]:
    ingest = Ingestor(db, source="bench", batch_size=batch, now=lambda: now)
    ingest.directory.reload()
    t0 = time.perf_counter()
    for topic, payload in messages:
        ingest.submit(topic, payload)
    ingest.flush()
    seconds = time.perf_counter() - t0
    assert ingest.stats.accepted == expected, ingest.stats
    return seconds, ingest


def sqlite_bench(a, messages_for, now) -> tuple[float, float, Ingestor]:
    with tempfile.TemporaryDirectory(prefix="anbu-bench-") as tmp:
        db, devices = make_db(Path(tmp) / "anbu.sqlite3", households=250)
        raw_db, _ = make_db(Path(tmp) / "raw.sqlite3", households=250)
        messages, raw_rows = messages_for(devices)
        anbu_s, ingest = run_anbu(db, messages, a.batch, now, a.readings)

        raw_path = raw_db.path
        raw_db.dispose()
        conn = sqlite3.connect(raw_path)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        sql = "INSERT INTO sensor_reading (device_id, metric, ts, value, unit) VALUES (?, ?, ?, ?, ?)"
        t0 = time.perf_counter()
        for i in range(0, len(raw_rows), a.batch):
            with conn:
                conn.executemany(sql, raw_rows[i:i + a.batch])
        raw_s = time.perf_counter() - t0
        count = conn.execute("SELECT count(*) FROM sensor_reading").fetchone()[0]
        conn.close()
        assert count == a.readings, count
        with db.engine.connect() as c:
            stored = c.exec_driver_sql("SELECT count(*) FROM sensor_reading").scalar_one()
        assert stored == a.readings, stored
        db.dispose()
    return anbu_s, raw_s, ingest


def postgres_bench(a, messages_for, now) -> tuple[float, float, Ingestor]:
    from care.devices.ingest import COPY_READINGS

    db = open_database(a.db)
    try:
        with db.engine.connect() as c:
            if c.exec_driver_sql("SELECT count(*) FROM household").scalar_one():
                raise SystemExit("bench/ingest.py: --db must name a scratch database with no households")
        db.dispose()
        db, devices = make_db(a.db, households=250)
        messages, raw_rows = messages_for(devices)
        anbu_s, ingest = run_anbu(db, messages, a.batch, now, a.readings)
        with db.engine.begin() as c:
            assert c.exec_driver_sql("SELECT count(*) FROM sensor_reading").scalar_one() == a.readings
            c.exec_driver_sql("TRUNCATE sensor_reading")
        rows = [(d, m, datetime.fromisoformat(ts).replace(tzinfo=UTC), v, u) for d, m, ts, v, u in raw_rows]
        raw = db.engine.raw_connection()
        try:
            t0 = time.perf_counter()
            for i in range(0, len(rows), a.batch):
                with raw.cursor() as cur, cur.copy(COPY_READINGS) as copy:
                    for row in rows[i:i + a.batch]:
                        copy.write_row(row)
                raw.commit()
            raw_s = time.perf_counter() - t0
            with raw.cursor() as cur:
                cur.execute("SELECT count(*) FROM sensor_reading")
                assert cur.fetchone()[0] == a.readings
                cur.execute("TRUNCATE sensor_reading, robot_event, device_dead_letter, device, household CASCADE")
            raw.commit()
        finally:
            raw.close()
    finally:
        db.dispose()
    return anbu_s, raw_s, ingest


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--readings", type=int, default=200_000)
    p.add_argument("--batch", type=int, default=5000)
    p.add_argument("--db", default=None, help="a scratch PostgreSQL database URL (default: SQLite files in a temp dir)")
    a = p.parse_args(argv)
    rng = random.Random(7)
    now = datetime.now(UTC)
    backend = "postgresql" if a.db and a.db.startswith("postgresql") else "sqlite"

    def messages_for(devices):
        return make_messages(devices, a.readings, now, rng)

    if backend == "postgresql":
        anbu_s, raw_s, ingest = postgres_bench(a, messages_for, now)
        reference = "raw COPY"
    else:
        anbu_s, raw_s, ingest = sqlite_bench(a, messages_for, now)
        reference = "raw executemany"
    per_s, raw_per_s = a.readings / anbu_s, a.readings / raw_s
    print(f"anbu ingest: {anbu_s:.2f} s ({ingest.stats.batches} batches of {a.batch}); "
          f"{reference}: {raw_s:.2f} s", flush=True)
    ratio = per_s / raw_per_s
    print(json.dumps({"bench": "ingest", "readings": a.readings, "per_s": round(per_s), "raw_per_s": round(raw_per_s),
                      "ratio": round(ratio, 3), "backend": backend}))
    return 0 if per_s >= 20_000 and ratio >= 0.5 else 1


if __name__ == "__main__":
    sys.exit(main())
