"""Ingest throughput: the same 200,000 readings written (a) through Anbu's ingest path — topic and
JSON payload validation, device lookup, duplicate check, batched Core inserts, device last-seen
updates, without the network — and (b) with raw sqlite3 executemany into the same schema (the
floor: no validation at all). Both into fresh, migrated SQLite files, in one run.

Targets: (a) >= 20,000 readings/s and (a)/(b) >= 0.5.

    .venv/bin/python bench/ingest.py [--readings N] [--batch N]
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


def make_db(path: Path, households: int):
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


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--readings", type=int, default=200_000)
    p.add_argument("--batch", type=int, default=5000)
    a = p.parse_args(argv)
    rng = random.Random(7)
    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory(prefix="anbu-bench-") as tmp:
        db, devices = make_db(Path(tmp) / "anbu.sqlite3", households=250)
        raw_db, _ = make_db(Path(tmp) / "raw.sqlite3", households=250)
        messages, raw_rows = make_messages(devices, a.readings, now, rng)

        ingest = Ingestor(db, source="bench", batch_size=a.batch, now=lambda: now)
        ingest.directory.reload()
        t0 = time.perf_counter()
        for topic, payload in messages:
            ingest.submit(topic, payload)
        ingest.flush()
        anbu_s = time.perf_counter() - t0
        assert ingest.stats.accepted == a.readings, ingest.stats

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

    per_s, raw_per_s = a.readings / anbu_s, a.readings / raw_s
    print(f"anbu ingest: {anbu_s:.2f} s ({ingest.stats.batches} batches of {a.batch}); "
          f"raw executemany: {raw_s:.2f} s", flush=True)
    print(json.dumps({"bench": "ingest", "readings": a.readings, "per_s": round(per_s), "raw_per_s": round(raw_per_s),
                      "ratio": round(per_s / raw_per_s, 3)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
