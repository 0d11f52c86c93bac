"""The change counters (migration 0020_scale, issue 19): database triggers bump one row per watched
table on every insert, update and delete, on both backends, and the console's polled versions read
them — one small read whatever the tables hold. A later migration that recreates a watched table
(SQLite's batch mode copies it) would drop its triggers: this test then fails."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, select, update

from care.review.overview import overview_version
from care.review.queue import queue_version
from storage.models import CallAttempt, CheckInPlan, FollowUp, Household, RiskFlag
from storage.queries import CHANGE_COUNTED, change_versions
from storage.types import utcnow


def _versions(db) -> dict[str, int]:
    with db.session() as s:
        return change_versions(s)


def _bumped(db, before: dict[str, int]) -> set[str]:
    after = _versions(db)
    return {name for name in CHANGE_COUNTED if after[name] > before[name]}


def test_every_kind_of_change_to_a_watched_table_bumps_its_counter_and_only_its(db):
    assert set(_versions(db)) >= set(CHANGE_COUNTED)
    before = _versions(db)
    with db.session() as s:
        h = Household(name="김영희", phone="+821055500001", ref="H-CC-1")
        s.add(h)
        s.flush()
        hid = h.id
    assert _bumped(db, before) == {"household"}
    steps = [
        lambda s: s.add(RiskFlag(household_id=hid, source="sensor", category="health", severity="high",
                                 status="open", reason="r", created_at=utcnow())),
        lambda s: s.execute(update(RiskFlag).where(RiskFlag.household_id == hid).values(status="acknowledged")),
        lambda s: s.execute(delete(RiskFlag).where(RiskFlag.household_id == hid)),
    ]
    for step in steps:
        before = _versions(db)
        with db.session() as s:
            step(s)
        assert _bumped(db, before) == {"risk_flag"}
    for table, row in (("call_attempt", CallAttempt(household_id=hid, slot_key="k", idempotency_key="cc-1")),
                       ("follow_up", FollowUp(household_id=hid, actor="t", channel="phone", outcome="reached")),
                       ("check_in_plan", CheckInPlan(household_id=hid))):
        before = _versions(db)
        with db.session() as s:
            s.add(row)
        assert _bumped(db, before) == {table}


def test_the_polled_versions_move_with_the_counters(db):
    q0, o0 = queue_version(db), overview_version(db)
    assert isinstance(q0, int) and len(o0) == 3
    with db.session() as s:
        h = Household(name="박민수", phone="+821055500002", ref="H-CC-2")
        s.add(h)
        s.flush()
        hid = h.id
    o1 = overview_version(db)
    assert queue_version(db) == q0 and o1 != o0  # a household edit: the overview, not the queue
    with db.session() as s:
        s.add(RiskFlag(household_id=hid, source="sensor", category="health", severity="high", status="open",
                       reason="r", created_at=utcnow() - timedelta(hours=1)))
    assert queue_version(db) > q0 and overview_version(db)[0] > o1[0]
    with db.session() as s:
        s.execute(update(Household).where(Household.id == hid).values(dong="화곡1동"))
    assert overview_version(db)[2] > o1[2]
    with db.session() as s:
        assert s.scalar(select(RiskFlag.id).where(RiskFlag.household_id == hid)) is not None
