"""The batched rule pass (issue 19): the same flags as one whole-pass transaction, batches of at
most `batch` households, and a second pass raises nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from care.devices import rules
from storage.models import RiskFlag
from storage.types import utcnow

from .helpers import feed, make_household

H = timedelta(hours=1)
T0 = (utcnow() - timedelta(days=3)).replace(minute=0, second=0, microsecond=0)


def _seed(db) -> None:
    homes = make_household(db, 7, created_at=T0 - timedelta(days=1))
    for i, (_hid, ref) in enumerate(homes):
        if i % 3 != 2:  # motion stops at T0: an inactivity flag at T0 + 24 h
            feed(db, ref, "motion1", "motion", [(T0, 3)] + [(T0 + H * k, 0) for k in range(1, 30)])
        if i % 2 == 0:  # the door is opened until the end
            feed(db, ref, "door1", "door", [(T0 + H * k, 1) for k in range(0, 30)])
        if i == 4:
            feed(db, ref, "smoke1", "smoke", [(T0 + 29 * H, 1)])


def _keys(db) -> set[tuple[int, str]]:
    with db.session() as s:
        return set(s.execute(select(RiskFlag.household_id, RiskFlag.dedupe_key)).all())


@pytest.mark.postgresql_smoke
def test_the_batched_pass_raises_what_one_transaction_raises_and_only_once(db):
    _seed(db)
    now = T0 + 30 * H
    result = rules.evaluate_pass(db, now, batch=2)
    assert result.households == 7 and result.raised
    batched = _keys(db)
    assert {d.category for d in result.raised} >= {"inactivity", "emergency", "device_health"}
    assert rules.evaluate_pass(db, now, batch=2).raised == []  # a second pass raises nothing
    # the single transaction `evaluate` finds nothing more to raise: the flags are the same
    with db.session() as s:
        assert rules.evaluate(s, now).raised == []
    assert _keys(db) == batched


def test_a_batch_stops_early_when_reading_takes_its_time_budget(db):
    _seed(db)
    result = rules.evaluate_pass(db, T0 + 30 * H, batch=50, batch_s=0.0)  # one household per batch
    assert result.households == 7
    assert rules.evaluate_pass(db, T0 + 30 * H, batch_s=0.0).raised == []
