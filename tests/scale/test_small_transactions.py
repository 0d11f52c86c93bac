"""Issue 19's proof: while the device rule pass and the retention step run over a district-like
database, another process's small writes are never held back for long. The old pass held SQLite's
write lock from its first raised flag to its end (72–98 s at 10,000 households) and other
processes' writes failed after the 10 s busy timeout.

The writer is a real second process writing back to back; it reports every transaction's duration
(the wait for the write lock is inside it). Nothing sleeps: the pass starts when the writer says it
is writing, and the writer stops when told the pass has ended."""

from __future__ import annotations

import multiprocessing as mp
import time

import pytest
from sqlalchemy import delete

from bench import generate
from care.devices import retention, rules
from storage.models import RiskFlag
from storage.types import utcnow

HOUSEHOLDS = 300
MAX_WAIT_S = 1.0
READINGS = 250  # per household: 75,000 readings, folded in 8 transactions


def _writer(url: str, started, stop, out) -> None:
    """Small transactions (one app_setting row each), back to back, until `stop`."""
    from storage.db import open_database
    from storage.models import AppSetting

    db = open_database(url, migrate=False)
    waits: list[float] = []
    failures = 0
    while not stop.is_set():
        t0 = time.perf_counter()
        try:
            with db.session() as s:
                s.merge(AppSetting(key="scale.test.heartbeat", value=len(waits)))
            waits.append(time.perf_counter() - t0)
        except Exception:
            failures += 1
        if len(waits) == 1:
            started.set()
    db.dispose()
    out.put({"writes": len(waits), "max_wait_s": max(waits, default=0.0), "failures": failures})


@pytest.mark.sqlite_only("about SQLite's one write lock")
def test_another_process_waits_at_most_a_second_during_the_rule_pass_and_retention(db):
    db.dispose()  # the generator writes the file through a connection of its own
    url, cached, _ = generate.ensure(db.url, HOUSEHOLDS, HOUSEHOLDS * 10, HOUSEHOLDS * READINGS)
    assert not cached
    with db.session() as s:  # the generator's open device flags go: the pass raises them again (it writes)
        s.execute(delete(RiskFlag).where(RiskFlag.source.in_(("sensor", "robot"))))
    ctx = mp.get_context("spawn")
    started, stop, out = ctx.Event(), ctx.Event(), ctx.Queue()
    proc = ctx.Process(target=_writer, args=(url, started, stop, out))
    proc.start()
    try:
        assert started.wait(60), "the writer process did not start writing"
        now = utcnow()
        passed = rules.evaluate_pass(db, now)
        kept = retention.run_maintenance(db, now)
    finally:
        stop.set()
    report = out.get(timeout=60)
    proc.join(60)
    assert passed.households == HOUSEHOLDS  # every household has devices (80 % sensors, 20 % a robot)
    assert passed.raised  # the device flags of the generated data (low robot batteries...), raised again
    assert kept.finished and kept.hours_aggregated > 0 and kept.transactions >= HOUSEHOLDS * READINGS // retention.AGG_CHUNK
    assert rules.evaluate_pass(db, now).raised == []  # a second pass raises nothing
    assert report["failures"] == 0 and report["writes"] > 50
    assert report["max_wait_s"] < MAX_WAIT_S, report
    print(f"\nwriter: {report['writes']} writes, longest {report['max_wait_s']:.3f} s; pass raised "
          f"{len(passed.raised)}; retention {kept.transactions} transactions")
