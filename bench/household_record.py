"""Household record benchmark: `household show` on a household with two years of history.

The household: a check-in 3 times a week for two years (each attempt with 5 answers), a flag a
fortnight, a follow-up contact a fortnight, 8 devices reporting hourly (with a few smoke alarms),
robot events; beside it `--others` households with 30 days of hourly readings, so the readings
table is not the household's alone. Measured, each the median of 5 runs on a warm file:

- record_s: care.households.record.household_record (registry, devices, plan, reachability, one
  timeline page of 50 with answers, the access-log row) — what `household show --limit 50` does
  after opening the database. Target <= 0.2 s (the console page's budget is 0.5 s with its charts).
- page2_s: the next (older) page through the cursor.
- sql_only_s: reference, same run — the bare SQL of the first page's keys (the six sources'
  newest-50 each, united and cut to 50) through sqlite3, no ORM, no detail rows.

    .venv/bin/python bench/household_record.py [--others 50]

Last line: {"bench": "household_record", "record_s", "page2_s", "sql_only_s", "readings"}
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert

from care.households import timeline
from care.households.record import household_record
from storage.db import open_database
from storage.models import (
    AuditEvent,
    CallAnswer,
    CallAttempt,
    Device,
    FollowUp,
    Household,
    RiskFlag,
    RobotEvent,
    SensorReading,
)

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
KINDS = ("motion", "door", "temperature", "power", "smoke", "gas", "emergency_button", "robot")
METRIC = {"motion": "motion", "door": "door", "temperature": "temperature", "power": "power", "smoke": "smoke",
          "gas": "gas", "emergency_button": "button"}


def build(path: Path, others: int) -> int:
    db = open_database(str(path))
    with db.engine.begin() as c:
        c.execute(insert(Household), [{"id": i, "ref": f"H{i:06d}", "name": f"가구{i}", "phone": f"+8210{i:08d}"}
                                      for i in range(1, others + 2)])
        devices = [{"id": (h - 1) * 8 + k + 1, "household_id": h, "ref": f"{kind}-1", "kind": kind}
                   for h in range(1, others + 2) for k, kind in enumerate(KINDS)]
        c.execute(insert(Device), devices)
        readings = []
        for d in devices:
            if d["kind"] == "robot":
                continue
            hours = 2 * 365 * 24 if d["household_id"] == 1 else 30 * 24
            alarm = d["kind"] == "smoke" and d["household_id"] == 1
            readings += [{"device_id": d["id"], "metric": METRIC[d["kind"]], "ts": NOW - timedelta(hours=h),
                          "value": 1.0 if alarm and h % 2000 == 0 else float(h % 3)} for h in range(hours)]
        for i in range(0, len(readings), 50_000):
            c.execute(insert(SensorReading), readings[i:i + 50_000])
        days = range(0, 2 * 365)
        calls = [{"id": n + 1, "household_id": 1, "slot_key": f"s{n}", "attempt_no": 1, "idempotency_key": f"k{n}",
                  "status": "done", "outcome": "well" if n % 9 else "no_answer", "answered_by": "human",
                  "ended_at": NOW - timedelta(days=d, hours=2)} for n, d in enumerate(x for x in days if x % 7 in (1, 3, 5))]
        c.execute(insert(CallAttempt), calls)
        c.execute(insert(CallAnswer), [{"attempt_id": a["id"], "question_index": q, "text": "네 잘 지내요",
                                        "confidence": 0.9} for a in calls for q in range(5)])
        c.execute(insert(RiskFlag), [{"household_id": 1, "source": "call", "category": "health", "severity": "medium",
                                      "status": "resolved", "reason": "아파요", "created_at": NOW - timedelta(days=d)}
                                     for d in days if d % 14 == 0])
        c.execute(insert(FollowUp), [{"household_id": 1, "actor": "박지은", "channel": "visit", "outcome": "reached_well",
                                      "note": "", "at": NOW - timedelta(days=d, hours=5)} for d in days if d % 14 == 3])
        c.execute(insert(RobotEvent), [{"device_id": 8, "kind": "medication_missed" if d % 10 else "sos",
                                        "ts": NOW - timedelta(days=d, hours=1)} for d in days if d % 5 == 0])
        c.execute(insert(AuditEvent), [{"actor": "박지은", "action": "plan_update", "entity": "household",
                                        "entity_id": 1, "ts": NOW - timedelta(days=d)} for d in days if d % 60 == 0])
    db.dispose()
    return len(readings)


SQL_ONLY = """
SELECT at, kind, id FROM (
  SELECT * FROM (SELECT coalesce(ended_at, dialed_at, scheduled_at) AS at, 'call' AS kind, id FROM call_attempt
                 WHERE household_id = 1 AND outcome IS NOT NULL ORDER BY at DESC LIMIT 50)
  UNION ALL SELECT * FROM (SELECT created_at, 'flag', id FROM risk_flag WHERE household_id = 1
                 ORDER BY created_at DESC LIMIT 50)
  UNION ALL SELECT * FROM (SELECT ts, 'sensor', id FROM sensor_reading WHERE device_id IN
                 (SELECT id FROM device WHERE household_id = 1) AND metric IN ('smoke','gas','button') AND value > 0
                 ORDER BY ts DESC LIMIT 50)
  UNION ALL SELECT * FROM (SELECT ts, 'robot', id FROM robot_event WHERE device_id IN
                 (SELECT id FROM device WHERE household_id = 1 AND kind = 'robot')
                 AND kind IN ('sos','medication_missed') ORDER BY ts DESC LIMIT 50)
  UNION ALL SELECT * FROM (SELECT at, 'contact', id FROM follow_up WHERE household_id = 1 ORDER BY at DESC LIMIT 50)
  UNION ALL SELECT * FROM (SELECT ts, 'plan', id FROM audit_event WHERE entity = 'household' AND entity_id = 1
                 AND action IN ('plan_update','plan_pause','plan_resume','run_now') ORDER BY ts DESC LIMIT 50)
) ORDER BY at DESC, kind DESC, id DESC LIMIT 50
"""


def median_of(fn, n: int = 5) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--others", type=int, default=50)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "record.sqlite3"
        n = build(path, args.others)
        db = open_database(str(path))
        first = household_record(db, 1, "bench", limit=50)
        assert len(first.timeline) == 50
        record_s = median_of(lambda: household_record(db, 1, "bench", limit=50))
        cursor = first.timeline[-1].cursor

        def page2() -> None:
            with db.session() as s:
                assert len(timeline.page(s, 1, 50, cursor)) == 50

        page2_s = median_of(page2)
        db.dispose()
        con = sqlite3.connect(path)
        sql_s = median_of(lambda: con.execute(SQL_ONLY).fetchall())
        con.close()
    print(json.dumps({"bench": "household_record", "record_s": round(record_s, 4), "page2_s": round(page2_s, 4),
                      "sql_only_s": round(sql_s, 4), "readings": n}))


if __name__ == "__main__":
    main()
