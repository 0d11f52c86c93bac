"""Bytes per stored sensor row (issue 19's storage plan), measured on a generated database with
SQLite's dbstat: every page of the table and of its indexes, divided by its rows. Daily rows are
made by rolling a copy's hourly history up (care.devices.retention.roll_up_hours). The figures
feed care/devices/storage_plan.py (BYTES_PER_ROW) and the README.

    .venv/bin/python bench/storage_plan.py [--households 300] [--attempts 3000] [--readings 150000]

Last line: {"bench": "storage_plan", "raw", "hourly", "daily", "household_year_mb"} (bytes per row;
MB per household-year at the defaults)
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TABLES = {"raw": "sensor_reading", "hourly": "sensor_hourly", "daily": "sensor_daily"}


def bytes_per_row(path: Path) -> dict[str, float]:
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        sizes = dict(con.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name").fetchall())
        owner = dict(con.execute("SELECT name, tbl_name FROM sqlite_master WHERE type IN ('table', 'index')"))
        out = {}
        for key, table in TABLES.items():
            rows = con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            total = sum(size for name, size in sizes.items() if owner.get(name) == table)
            out[key] = round(total / rows, 1) if rows else float("nan")
        return out
    finally:
        con.close()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--households", type=int, default=300)
    p.add_argument("--attempts", type=int, default=3000)
    p.add_argument("--readings", type=int, default=150_000)
    args = p.parse_args(argv)
    from bench import generate
    from care.devices import retention, storage_plan
    from care.settings import RetentionSettings
    from storage.db import open_database
    from storage.types import utcnow

    url, _, _ = generate.ensure(None, args.households, args.attempts, args.readings)
    source = Path(url.removeprefix("sqlite:///"))
    work = source.with_name("storage-plan-work.sqlite3")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, work)
    db = open_database(str(work))
    try:
        retention.run_maintenance(db, utcnow())  # every reading folded into the hourly table
        # the history's older half rolled up into days (the settings' check would refuse 31 < 90)
        short = RetentionSettings(raw_days=31, hourly_days=45, daily_days=1825)
        while True:
            with db.session() as s:
                removed, _ = retention.roll_up_hours(s, utcnow() - timedelta(hours=1), short, 2000)
            if not removed:
                break
    finally:
        db.dispose()
    per_row = bytes_per_row(work)
    print(json.dumps({"info": "rows", "path": str(work)}))
    plan = storage_plan.estimate(RetentionSettings(), 1, bytes_per_row=per_row)
    print(json.dumps({"bench": "storage_plan", **per_row,
                      "household_year_mb": {k: round(v / 1e6, 2) for k, v in plan.per_household_year.items()},
                      "household_at_defaults_mb": round(plan.per_household / 1e6, 2)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
