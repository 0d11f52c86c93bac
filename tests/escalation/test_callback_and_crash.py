"""The call-back flow for medium sensor flags, and a crash between "step committed" and "sent"."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from care.checkins.runner.service import Runner
from care.checkins.runner.settings import RunnerClock, RunnerSettings
from storage.db import data_dir
from storage.models import AuditEvent, EscalationStep, FlagEscalation, RiskFlag
from telephony.simulated import SimulatedGateway
from tests.escalation.helpers import DUTY_NIGHT, RESIDENT, district, kst, raise_flag
from tests.runner.helpers import ledger_lines

NIGHT = kst("2026-11-24 19:30")


class Crash(BaseException):
    """The process dying at that line (not an error anything may catch)."""


@pytest.fixture
def runners(db):
    made = []

    def make(gateway, when) -> Runner:
        runner = Runner(db, gateway, clock=RunnerClock(when), settings=RunnerSettings(),
                        recordings_dir=data_dir() / "recordings")
        runner.start()
        made.append(runner)
        return runner

    yield make
    for runner in made:
        runner.shutdown()


def sim(tmp_path, cls=SimulatedGateway, **replies):
    return cls(ledger=tmp_path / "ledger.jsonl", ring_s=0.0, talk_s=0.0, replies=replies)


def notices(tmp_path):
    """The ledger's SMS and notification calls (check-in calls of the evening are left out)."""
    return [x for x in ledger_lines(tmp_path / "ledger.jsonl") if x.get("kind") in ("sms", "notify_call")]


def escalation(db, flag_id):
    with db.session() as s:
        esc = s.get(FlagEscalation, flag_id)
        s.expunge(esc)
        return esc


def inactivity(db, hid, at):
    return raise_flag(db, hid, source="sensor", category="inactivity", severity="medium", at=at, key="sensor:x",
                      reason="24시간 동안 움직임이 없습니다")


def test_callback_well_confirms_the_flag_without_escalating(db, tmp_path, runners):
    hid = district(db)
    runner = runners(sim(tmp_path, **{RESIDENT: "acknowledged"}), NIGHT)
    flag = inactivity(db, hid, NIGHT)
    runner.tick()
    lines = notices(tmp_path)
    assert [(x["kind"], x["to"]) for x in lines] == [("notify_call", RESIDENT)]
    runner.tick()
    esc = escalation(db, flag)
    assert (esc.level, esc.state) == ("callback", "confirmed_well")
    assert "confirmed well by call-back" in esc.note
    with db.session() as s:
        assert s.get(RiskFlag, flag).status == "open"  # still visible in the queue
        assert s.scalar(select(AuditEvent.id).where(AuditEvent.action == "confirmed_well_by_callback"))
    runner.clock.advance(hours=1)
    runner.tick()
    assert len(notices(tmp_path)) == 1


def test_callback_no_answer_escalates_as_high(db, tmp_path, runners):
    hid = district(db)
    runner = runners(sim(tmp_path, **{RESIDENT: "no_answer", DUTY_NIGHT: "no_answer"}), NIGHT)
    flag = inactivity(db, hid, NIGHT)
    runner.tick()
    runner.tick()
    esc = escalation(db, flag)
    assert (esc.level, esc.state) == ("high", "active")
    assert "no answer" in esc.note
    kinds = [(x["kind"], x["to"]) for x in notices(tmp_path)]
    assert kinds == [("notify_call", RESIDENT), ("sms", DUTY_NIGHT)]
    runner.clock.advance(minutes=15)
    runner.tick()
    kinds = [(x["kind"], x["to"]) for x in notices(tmp_path)]
    assert kinds[-1] == ("notify_call", DUTY_NIGHT)


def test_callback_outside_allowed_hours_waits_for_the_morning(db, tmp_path, runners):
    hid = district(db, window=("09:00", "18:00"))
    runner = runners(sim(tmp_path), NIGHT)
    flag = inactivity(db, hid, NIGHT)
    runner.tick()
    assert escalation(db, flag).state == "morning"
    assert notices(tmp_path) == []


class DiesBeforeSending(SimulatedGateway):
    def send_sms(self, req):
        raise Crash()


class DiesAfterSending(SimulatedGateway):
    def send_sms(self, req):
        super().send_sms(req)
        raise Crash()


@pytest.mark.parametrize("dies", [DiesBeforeSending, DiesAfterSending])
def test_crash_between_commit_and_sent_is_reconciled_never_sent_twice(db, tmp_path, runners, dies):
    hid = district(db)
    crashed = runners(sim(tmp_path, dies, **{DUTY_NIGHT: "no_answer"}), NIGHT)
    flag = raise_flag(db, hid, at=NIGHT)
    with pytest.raises(Crash):
        crashed.tick()
    with db.session() as s:
        assert s.scalars(select(EscalationStep.status).where(EscalationStep.flag_id == flag)).all() == ["committed"] * 2
    crashed.shutdown()  # the lease goes with the process; the rows stay as they were
    restarted = runners(sim(tmp_path, **{DUTY_NIGHT: "no_answer"}), NIGHT)  # a new process: only the ledger remembers
    restarted.tick()
    restarted.tick()
    sms = [x for x in notices(tmp_path) if x["kind"] == "sms"]
    assert len(sms) == 1 and sms[0]["step"] == 1
    assert [x["step"] for x in notices(tmp_path) if x["kind"] == "notify_call"] == [101]
    with db.session() as s:
        first = s.scalar(select(EscalationStep).where(EscalationStep.flag_id == flag, EscalationStep.step_no == 1))
        assert first.status == "sent" and first.provider_sid == sms[0]["sid"]
        assert ("reconciled" in (first.error or "")) == (dies is DiesAfterSending)
