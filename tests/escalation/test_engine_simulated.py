"""The escalation chain on the simulated line, driven by the runner's own tick and clock."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from care.checkins.runner.service import Runner
from care.checkins.runner.settings import RunnerClock, RunnerSettings
from storage.models import AuditEvent, EscalationStep, FlagEscalation, RiskFlag
from telephony.simulated import SimulatedGateway
from tests.escalation.helpers import (
    DUTY_BACKUP,
    DUTY_NIGHT,
    KEYHOLDER_1,
    KEYHOLDER_2,
    district,
    kst,
    raise_flag,
)
from tests.runner.helpers import ledger_lines

NIGHT = kst("2026-11-24 19:30")  # a Tuesday evening


@pytest.fixture
def line(tmp_path):
    def make(**replies):
        return SimulatedGateway(ledger=tmp_path / "ledger.jsonl", ring_s=0.0, talk_s=0.0, replies=replies)
    return make


@pytest.fixture
def runner_at(db):
    """A started runner (lease taken) at a time; shut down after the test."""
    made = []

    def make(gateway, when) -> Runner:
        runner = Runner(db, gateway, clock=RunnerClock(when), settings=RunnerSettings(), recordings_dir=db_dir(db))
        runner.start()
        made.append(runner)
        return runner

    yield make
    for runner in made:
        runner.shutdown()


def db_dir(db):
    from storage.db import data_dir

    return data_dir() / "recordings"


def sent(ledger, kind=None):
    return [line for line in ledger_lines(ledger) if line.get("kind") in ((kind,) if kind else ("sms", "notify_call"))]


def steps(db, flag_id):
    with db.session() as s:
        return [(st.step_no, st.kind, st.role, st.to, st.status) for st in s.scalars(
            select(EscalationStep).where(EscalationStep.flag_id == flag_id).order_by(EscalationStep.due_at,
                                                                                  EscalationStep.step_no))]


def escalation(db, flag_id) -> FlagEscalation:
    with db.session() as s:
        esc = s.get(FlagEscalation, flag_id)
        s.expunge(esc)
        return esc


def test_sos_sends_duty_sms_and_call_within_one_tick_then_next_duty_then_keyholders(db, line, tmp_path, runner_at):
    hid = district(db)
    gw = line(**{DUTY_NIGHT: "no_answer", DUTY_BACKUP: "no_answer", KEYHOLDER_1: "no_answer",
                 KEYHOLDER_2: "no_answer"})
    runner = runner_at(gw, NIGHT)
    flag = raise_flag(db, hid, at=NIGHT)
    runner.tick()
    ledger = tmp_path / "ledger.jsonl"
    first = sent(ledger)
    assert [(x["kind"], x["to"], x["flag_id"]) for x in first] == [("sms", DUTY_NIGHT, flag), ("notify_call", DUTY_NIGHT, flag)]
    esc = escalation(db, flag)
    assert esc.level == "life_safety" and esc.state == "active" and esc.code in first[0]["body"]
    assert "H000001" in first[0]["body"] and "역삼1동" in first[0]["body"]
    runner.tick()  # the duty's call ends unanswered: nothing new before 5 minutes
    assert len(sent(ledger)) == 2
    assert steps(db, flag)[1][4] == "no_answer"
    runner.clock.advance(minutes=5)
    runner.tick()
    assert [(x["kind"], x["to"]) for x in sent(ledger)[2:]] == [("sms", DUTY_BACKUP), ("notify_call", DUTY_BACKUP)]
    runner.clock.advance(minutes=10)
    runner.tick()
    assert [(x["kind"], x["to"]) for x in sent(ledger)[4:]] == [("sms", KEYHOLDER_1), ("notify_call", KEYHOLDER_1)]
    keyholder_sms = sent(ledger)[4]["body"]
    assert "김순자" in keyholder_sms and "연락이 닿지 않았습니다" in keyholder_sms
    runner.clock.advance(minutes=5)
    runner.tick()
    runner.tick()
    to = [x["to"] for x in sent(ledger)]
    assert to[6:] == [KEYHOLDER_2, KEYHOLDER_2]  # in order; the neighbour who did not consent is never told
    assert "+821099990000" not in to
    assert escalation(db, flag).state == "exhausted"
    runner.tick()
    assert len(sent(ledger)) == 8  # nothing is ever sent twice


def test_review_ack_stops_the_chain(db, line, tmp_path, runner_at):
    from care.review import queue as review

    hid = district(db)
    runner = runner_at(line(**{DUTY_NIGHT: "no_answer"}), NIGHT)
    flag = raise_flag(db, hid, at=NIGHT)
    runner.tick()
    review.acknowledge(db, flag, "park")  # what `review --ack` does
    runner.clock.advance(minutes=30)
    runner.tick()
    runner.tick()
    assert len(sent(tmp_path / "ledger.jsonl")) == 2
    esc = escalation(db, flag)
    assert (esc.state, esc.acknowledged_by, esc.ack_channel) == ("acknowledged", "park", "review")


def test_keypad_1_on_the_notification_call_acknowledges(db, line, tmp_path, runner_at):
    hid = district(db)
    runner = runner_at(line(**{DUTY_NIGHT: "acknowledged"}), NIGHT)
    flag = raise_flag(db, hid, at=NIGHT)
    runner.tick()  # SMS (the sim answers "1 <code>" for "acknowledged" too: read the call first)
    with db.session() as s:
        assert s.get(RiskFlag, flag).status in ("open", "acknowledged")
    runner.tick()
    esc = escalation(db, flag)
    assert esc.state == "acknowledged" and esc.acknowledged_by == "kim"
    assert esc.ack_channel in ("keypad", "sms")
    runner.clock.advance(minutes=30)
    runner.tick()
    assert len(sent(tmp_path / "ledger.jsonl")) == 2
    with db.session() as s:
        f = s.get(RiskFlag, flag)
        assert (f.status, f.acknowledged_by) == ("acknowledged", "kim")
        acks = s.scalars(select(AuditEvent).where(AuditEvent.action == "acknowledge", AuditEvent.entity_id == flag)).all()
        assert [a.actor for a in acks] == ["kim"]


def test_keypad_1_read_from_the_recording(db, line, tmp_path, runner_at):
    """High flag: the call comes 15 min after the SMS; only the call's keypad 1 can acknowledge it
    (the duty does not reply to the SMS)."""
    hid = district(db)
    gw = line(**{DUTY_NIGHT: "acknowledged"})
    runner = runner_at(gw, NIGHT)
    flag = raise_flag(db, hid, category="self_harm", source="call", at=NIGHT)
    gw.replies[DUTY_NIGHT] = "no_answer"  # no SMS reply
    runner.tick()
    assert [x["kind"] for x in sent(tmp_path / "ledger.jsonl")] == ["sms"]
    gw.replies[DUTY_NIGHT] = "acknowledged"
    runner.clock.advance(minutes=15)
    runner.tick()
    runner.tick()
    esc = escalation(db, flag)
    assert (esc.level, esc.state, esc.ack_channel, esc.acknowledged_by) == ("high", "acknowledged", "keypad", "kim")
    assert steps(db, flag)[-1][4] == "acknowledged"


def test_sms_reply_acknowledges_as_the_desk(db, line, tmp_path, runner_at):
    hid = district(db)
    gw = line(**{DUTY_NIGHT: "no_answer", DUTY_BACKUP: "no_answer"})
    runner = runner_at(gw, kst("2026-11-24 12:00"))  # daytime: only the all-day desk is on duty
    flag = raise_flag(db, hid, category="self_harm", source="call", at=kst("2026-11-24 12:00"))
    runner.tick()
    code = escalation(db, flag).code
    gw.receive_sms("+821012345678", f"1 {code}")  # a stranger's reply is ignored
    runner.tick()
    assert escalation(db, flag).state == "active"
    gw.receive_sms(DUTY_BACKUP, f"1 {code.lower()}")
    runner.tick()
    esc = escalation(db, flag)
    assert (esc.state, esc.acknowledged_by, esc.ack_channel) == ("acknowledged", "desk:시 통합센터", "sms")
    runner.clock.advance(minutes=20)
    runner.tick()
    assert len(sent(tmp_path / "ledger.jsonl")) == 1


def test_machine_answered_notification_call_is_no_ack_and_hears_nothing_sensitive(db, line, tmp_path, runner_at):
    hid = district(db)
    runner = runner_at(line(**{DUTY_NIGHT: "machine"}), NIGHT)
    flag = raise_flag(db, hid, at=NIGHT, reason="쓰러졌어요 SOS")
    runner.tick()
    runner.tick()
    assert steps(db, flag)[1][1:] == ("notify_call", "duty", DUTY_NIGHT, "machine")
    assert escalation(db, flag).state == "active"
    call = sent(tmp_path / "ledger.jsonl", "notify_call")[0]
    assert "김순자" not in call["twiml"] and "쓰러" not in call["twiml"] and "H000001" not in call["twiml"]
    runner.clock.advance(minutes=5)
    runner.tick()
    assert len(sent(tmp_path / "ledger.jsonl")) == 4  # the chain goes on


def test_medium_flag_goes_to_the_morning_queue_only(db, line, tmp_path, runner_at):
    hid = district(db)
    runner = runner_at(line(), NIGHT)
    flag = raise_flag(db, hid, source="call", category="meals", severity="medium", at=NIGHT)
    runner.tick()
    runner.clock.advance(hours=3)
    runner.tick()
    assert sent(tmp_path / "ledger.jsonl") == []
    esc = escalation(db, flag)
    assert esc.state == "morning"
    assert esc.ack_deadline.astimezone(NIGHT.tzinfo).isoformat() == "2026-11-25T10:00:00+09:00"


def test_roster_gap_still_sends_life_safety_and_says_so(db, line, tmp_path, runner_at):
    from care.escalation import roster

    hid = district(db)
    roster.clear_duty(db, "test")
    roster.add_duty(db, days="sat,sun", start="09:00", end="18:00", phone="010-0000-1111", name="주말 당직",
                    user=None, actor="test")
    runner = runner_at(line(), NIGHT)
    flag = raise_flag(db, hid, at=NIGHT)
    runner.tick()
    assert "roster gap" in escalation(db, flag).note
    assert sent(tmp_path / "ledger.jsonl")[0]["to"] == DUTY_NIGHT  # never suppressed


def test_old_flags_from_before_are_not_escalated(db, line, tmp_path, runner_at):
    hid = district(db)
    raise_flag(db, hid, at=NIGHT - timedelta(days=3))
    runner = runner_at(line(), NIGHT)
    runner.tick()
    assert sent(tmp_path / "ledger.jsonl") == []


def test_a_robot_sos_reading_reaches_the_duty_phone_within_one_tick(db, line, tmp_path, runner_at):
    """The real device path: an SOS reading through the ingest, the rules (as the MQTT subscriber
    runs them) raise the flag, and the runner's next tick texts and calls the duty phone."""
    from care.devices import rules
    from care.escalation import roster
    from storage.models import Contact
    from tests.devices.helpers import feed, make_household

    (hid, ref), = make_household(db, kinds=("robot",))
    with db.session() as s:
        s.add(Contact(household_id=hid, name="보호자", phone="+821077770009", priority=1, notify_consent=True))
    roster.add_duty(db, days="mon-fri", start="18:00", end="09:00", phone="010-0000-1111", name="야간 당직",
                    user="kim", actor="test")
    feed(db, ref, "robot1", "sos", [(NIGHT - timedelta(seconds=20), True)], now=NIGHT)
    with db.session() as s:
        raised = rules.evaluate(s, NIGHT).raised
    assert [d.category for d in raised] == ["emergency"]
    runner = runner_at(line(**{DUTY_NIGHT: "no_answer"}), NIGHT)
    runner.tick()
    first = sent(tmp_path / "ledger.jsonl")
    assert [(x["kind"], x["to"]) for x in first] == [("sms", DUTY_NIGHT), ("notify_call", DUTY_NIGHT)]
