"""Several consoles on one PostgreSQL server (issue 18): each "console" has its own engine (its own
connection pool), as on its own PC. Two resolutions of the same flag: one wins, the other is told
who did. Twenty review actions at once while an ingest burst lands: nothing lost, every action in
the access log once."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from care.review.queue import FlagTransitionError, acknowledge, assign, resolve
from storage.db import open_database
from storage.models import AuditEvent, RiskFlag, SensorReading
from storage.types import utcnow
from tests.devices.helpers import feed, make_household

pytestmark = [pytest.mark.postgresql_only(reason="several consoles on one server"), pytest.mark.timeout(300)]

ACTIONS = 20
BURST = 3_000


def _flags(db, hid: int, n: int) -> list[int]:
    with db.session() as s:
        rows = [RiskFlag(household_id=hid, source="sensor", category="health", severity="medium",
                         reason=f"test {i}", dedupe_key=f"race:{i}") for i in range(n)]
        s.add_all(rows)
        s.flush()
        return [r.id for r in rows]


def _consoles(db, n: int):
    return [open_database(db.url) for _ in range(n)]


def _at_once(calls) -> list:
    """Run the calls on their own threads, released together; returns results or exceptions."""
    barrier = threading.Barrier(len(calls))
    out: list = [None] * len(calls)

    def run(i: int) -> None:
        barrier.wait()
        try:
            out[i] = calls[i]()
        except Exception as exc:  # the refusals are the point
            out[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


def test_two_consoles_resolve_the_same_flag_one_wins_the_other_is_told_who(db):
    (hid, _ref), = make_household(db, 1, kinds=("motion",))
    (flag,) = _flags(db, hid, 1)
    consoles = _consoles(db, 2)
    try:
        for _round in range(5):  # several rounds: the race is real, not one lucky ordering
            with db.session() as s:
                f = s.get(RiskFlag, flag)
                f.status, f.resolved_by, f.resolved_at, f.resolution = "open", None, None, None
            got = _at_once([lambda c=c, who=who: resolve(c, flag, who, "visited")
                            for c, who in zip(consoles, ("김복지", "이주임"), strict=True)])
            won = [g for g in got if not isinstance(g, Exception)]
            lost = [g for g in got if isinstance(g, Exception)]
            assert len(won) == 1 and len(lost) == 1, got
            assert isinstance(lost[0], FlagTransitionError)
            winner = won[0].resolved_by if hasattr(won[0], "resolved_by") else None
            with db.session() as s:
                winner = winner or s.get(RiskFlag, flag).resolved_by
            assert winner in str(lost[0]) and "이미 처리된 플래그입니다" in str(lost[0])
        with db.session() as s:
            resolutions = s.scalar(select(func.count()).select_from(AuditEvent).where(
                AuditEvent.action == "resolve", AuditEvent.entity_id == flag))
        assert resolutions == 5  # one per round: the loser wrote nothing
    finally:
        for c in consoles:
            c.dispose()


def test_twenty_review_actions_and_an_ingest_burst_at_once_lose_nothing(db):
    (hid, ref), = make_household(db, 1, kinds=("temperature",))
    flags = _flags(db, hid, ACTIONS)
    consoles = _consoles(db, 4)
    start = utcnow() - timedelta(hours=2)
    points = [(start + timedelta(seconds=i), 20.0 + (i % 7)) for i in range(BURST)]
    try:
        def action(i: int):
            c, flag = consoles[i % len(consoles)], flags[i]
            if i % 3 == 0:
                return acknowledge(c, flag, f"직원{i}")
            if i % 3 == 1:
                return assign(c, flag, f"담당{i}", f"직원{i}")
            return resolve(c, flag, f"직원{i}", "called")

        calls = [lambda i=i: action(i) for i in range(ACTIONS)]
        calls.append(lambda: feed(db, ref, "temperature1", "temperature", points, unit="C"))
        got = _at_once(calls)
        assert not [g for g in got if isinstance(g, Exception)], got
        with db.session() as s:
            by_id = {f.id: f for f in s.scalars(select(RiskFlag).where(RiskFlag.id.in_(flags)))}
            logged = s.scalars(select(AuditEvent.entity_id).where(
                AuditEvent.entity == "risk_flag", AuditEvent.action.in_(("acknowledge", "assign", "resolve")))).all()
            readings = s.scalar(select(func.count()).select_from(SensorReading))
        for i, flag in enumerate(flags):
            expected = ("acknowledged", "acknowledged", "resolved")[i % 3]
            assert by_id[flag].status == expected, (i, by_id[flag].status)
        assert sorted(logged) == sorted(flags)  # every action logged, once
        assert readings == BURST
    finally:
        for c in consoles:
            c.dispose()
