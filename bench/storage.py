"""Storage benchmark: what the test suite saves by copying a migrated template instead of
migrating each test's database, and what the start-up quick_check costs on a big file.

1. fresh_migrate_ms vs template_copy_ms: median of 20 interleaved rounds of open_database() on a new
   file (every migration from empty) and of copying one migrated template then open_database() on
   the copy (quick_check + "nothing pending").
2. quick_check_s: SQLite's quick_check on a file of --rows sensor-like rows (about 100 bytes each).

    .venv/bin/python bench/storage.py [--rows 1500000]

Last line: {"bench": "storage", "fresh_migrate_ms": ..., "template_copy_ms": ..., "quick_check_mb": ...,
"quick_check_s": ...}
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from storage.db import open_database
from storage.maintenance import quick_check


def _template_vs_fresh(work: Path, rounds: int = 20) -> tuple[float, float]:
    template = work / "template.sqlite3"
    open_database(str(template)).dispose()
    with sqlite3.connect(template) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    fresh, copied = [], []
    for i in range(rounds):
        start = time.perf_counter()
        open_database(str(work / f"fresh{i}.sqlite3")).dispose()
        fresh.append(time.perf_counter() - start)
        start = time.perf_counter()
        shutil.copyfile(template, work / f"copy{i}.sqlite3")
        open_database(str(work / f"copy{i}.sqlite3")).dispose()
        copied.append(time.perf_counter() - start)
    return statistics.median(fresh) * 1000, statistics.median(copied) * 1000


def _quick_check(work: Path, rows: int) -> tuple[float, float]:
    path = work / "big.sqlite3"
    con = sqlite3.connect(path)
    con.execute("create table r (id integer primary key, device int, ts real, v real, note text)")
    con.execute("create index ix on r(device, ts)")
    con.executemany("insert into r(device, ts, v, note) values (?,?,?,?)",
                    ((i % 500, float(i), i * 0.5, "x" * 60) for i in range(rows)))
    con.commit()
    con.close()
    start = time.perf_counter()
    assert quick_check(path) == []
    return path.stat().st_size / 1e6, time.perf_counter() - start


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--rows", type=int, default=1_500_000)
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        fresh_ms, copy_ms = _template_vs_fresh(Path(tmp))
        size_mb, check_s = _quick_check(Path(tmp), args.rows)
    print(json.dumps({"bench": "storage", "fresh_migrate_ms": round(fresh_ms), "template_copy_ms": round(copy_ms),
                      "quick_check_mb": round(size_mb), "quick_check_s": round(check_s, 2)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
