"""A completed human check-in is a sign of life (issue 10 item 7): no new inactivity flag while it
is recent, an OPEN inactivity flag raised before it is closed by the system with an audited,
explained outcome; never a life-safety or speech flag, never an unclear or machine call."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from care.checkins.activity import activity_since
from care.devices import rules
from care.devices.sign_of_life import RESOLUTION, SYSTEM_ACTOR
from storage.models import AuditEvent, CallAttempt, RiskFlag
from storage.types import utcnow

from .helpers import feed, make_household

H = timedelta(hours=1)
T0 = (utcnow() - timedelta(days=5)).replace(minute=0, second=0, microsecond=0)


@pytest.fixture
def home(db):
    hid, ref = make_household(db, 1, created_at=T0 - timedelta(days=1))[0]
    feed(db, ref, "motion1", "motion", [(T0, 3)])  # the last movement
    for dev, metric, value, unit in (("motion1", "motion", 0, ""), ("door1", "door", 0, ""),
                                     ("power1", "power", 40.0, "W"), ("temperature1", "temperature", 21, "C"),
                                     ("smoke1", "smoke", 0, ""), ("gas1", "gas", 0, ""),
                                     ("emergency_button1", "button", 0, ""), ("robot1", "heartbeat", 80, "%")):
        feed(db, ref, dev, metric, [(T0 + H * i, value) for i in range(1, 60)], unit=unit)
    return db, hid, ref


def call(db, hid, at, *, answered_by="human", outcome="well", n=1) -> int:
    with db.session() as s:
        a = CallAttempt(household_id=hid, slot_key=f"slot-{n}", attempt_no=1, idempotency_key=f"k-{n}",
                        status="done", call_status="completed", answered_by=answered_by, outcome=outcome,
                        dialed_at=at - timedelta(minutes=2), ended_at=at)
        s.add(a)
        s.flush()
        return a.id


def evaluate(db, now):
    return rules.evaluate_pass(db, now)  # the batched pass the subscriber runs


def inactivity(db):
    with db.session() as s:
        return list(s.scalars(select(RiskFlag).where(RiskFlag.category == "inactivity").order_by(RiskFlag.id)))


def test_an_answered_check_in_closes_the_open_inactivity_flag_with_a_reason_and_an_audit_row(home):
    db, hid, ref = home
    assert [d.category for d in evaluate(db, T0 + 35 * H).raised if d.category == "inactivity"] == ["inactivity"]
    with db.session() as s:  # a life-safety flag and a speech flag stay as they are
        s.add_all([RiskFlag(household_id=hid, source="sensor", category="emergency", severity="high", status="open",
                            reason="smoke", evidence={"rule": "emergency"}, created_at=T0 + 35 * H),
                   RiskFlag(household_id=hid, source="call", category="health", severity="medium", status="open",
                            reason="아파요", created_at=T0 + 35 * H)])
    attempt = call(db, hid, T0 + 36 * H)  # "양호" at 18:24
    result = evaluate(db, T0 + 36 * H + timedelta(minutes=5))
    flag, = inactivity(db)
    assert result.closed == [flag.id] and not [d for d in result.raised if d.category == "inactivity"]
    assert (flag.status, flag.resolved_by, flag.resolution) == ("resolved", SYSTEM_ACTOR, RESOLUTION)
    assert "안부전화에 응답했습니다" in flag.resolution_note and "answered the check-in" in flag.resolution_note
    with db.session() as s:
        others = s.scalars(select(RiskFlag.status).where(RiskFlag.category != "inactivity")).all()
        row = s.scalars(select(AuditEvent).where(AuditEvent.entity == "risk_flag", AuditEvent.entity_id == flag.id)).one()
    assert len(others) >= 2 and set(others) == {"open"}  # door, power, robot rules: facts the call does not change
    assert row.actor == SYSTEM_ACTOR and row.detail["attempt_id"] == attempt and row.detail["resolution"] == RESOLUTION


def test_no_new_inactivity_flag_while_the_check_in_is_recent_then_a_new_episode(home):
    db, hid, ref = home
    call(db, hid, T0 + 20 * H)  # answered before the 24 h threshold was reached
    assert not [d for d in evaluate(db, T0 + 30 * H).raised if d.category == "inactivity"]
    # 24 h after the call, still no movement: a new episode, counted from the call
    raised = [d for d in evaluate(db, T0 + 44 * H).raised if d.category == "inactivity"]
    assert len(raised) == 1 and raised[0].evidence["last_check_in_at"] == (T0 + 20 * H).isoformat()


@pytest.mark.parametrize(("answered_by", "outcome"), [("machine", "machine"), ("human", "needs_review"),
                                                      ("unknown", "well"), ("human", "silent")])
def test_an_unclear_or_machine_call_is_no_sign_of_life(home, answered_by, outcome):
    db, hid, ref = home
    evaluate(db, T0 + 25 * H)
    call(db, hid, T0 + 26 * H, answered_by=answered_by, outcome=outcome)
    assert evaluate(db, T0 + 27 * H).closed == []
    assert [f.status for f in inactivity(db)] == ["open"]


def test_an_acknowledged_flag_is_left_to_the_person_handling_it(home):
    db, hid, ref = home
    evaluate(db, T0 + 25 * H)
    with db.session() as s:
        s.scalars(select(RiskFlag).where(RiskFlag.category == "inactivity")).one().status = "acknowledged"
    call(db, hid, T0 + 26 * H)
    assert evaluate(db, T0 + 27 * H).closed == []


def test_activity_since_counts_an_answered_check_in(home):
    db, hid, ref = home
    with db.session() as s:
        assert activity_since(s, hid, T0 + H).resident_active is False
    call(db, hid, T0 + 30 * H)
    with db.session() as s:
        a = activity_since(s, hid, T0 + H)
    assert a.resident_active is True and a.last_activity_at == T0 + 30 * H


def test_an_answered_check_in_is_activity_even_when_the_devices_went_silent(db):
    (hid, ref), = make_household(db, 1, kinds=("motion",))
    feed(db, ref, "motion1", "motion", [(T0, 3)])
    call(db, hid, T0 + 10 * H)
    with db.session() as s:
        a = activity_since(s, hid, T0 + H)
    assert a.resident_active is True and not a.devices_silent and a.last_activity_at == T0 + 10 * H
