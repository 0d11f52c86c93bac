"""The runner closes an open inactivity flag in the same transaction that assesses a human
check-in as a sign of life — not only at the next device-rule pass (issue 10 item 7 follow-up)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from care.checkins.runner.pipeline import PipelineContext
from care.checkins.runner.settings import RunnerClock, RunnerSettings
from care.checkins.runner.transcribing import assess_pending
from care.devices.sign_of_life import RESOLUTION, SYSTEM_ACTOR
from storage.models import AuditEvent, CallAnswer, CallAttempt, RiskFlag
from storage.types import utcnow
from telephony.script import load_script
from telephony.simulated import SimulatedGateway

from .helpers import make_household

WELL = "네 괜찮아요 잘 지내고 있어요"


def _context(db, tmp_path) -> PipelineContext:
    return PipelineContext(db=db, gateway=SimulatedGateway(), settings=RunnerSettings(), clock=RunnerClock(),
                           stop=threading.Event(), recordings_dir=tmp_path)


def _transcribed_call(db, hid: int, *, answered_by: str, text: str = WELL) -> int:
    """An answered call whose transcript is stored and not yet assessed (status "transcribed")."""
    now = utcnow()
    questions = load_script(RunnerSettings().script).questions
    with db.session() as s:
        a = CallAttempt(household_id=hid, slot_key="s-1", attempt_no=1, idempotency_key="k-1", status="transcribed",
                        call_status="completed", answered_by=answered_by, dialed_at=now - timedelta(minutes=3),
                        ended_at=now - timedelta(minutes=1), duration_s=40.0)
        s.add(a)
        s.flush()
        for i, q in enumerate(questions):
            s.add(CallAnswer(attempt_id=a.id, question_index=i, question_key=q.key, text_raw=text, text=text,
                             words=[{"word": w, "start": 1.0 + j, "end": 1.5 + j, "conf": 0.95}
                                    for j, w in enumerate(text.split())],
                             start_s=1.0, end_s=5.0, confidence=0.95, silence_ratio=0.2,
                             keypad="1" if q.keypad else None, intelligible=True, reason=None))
        return a.id


def _open_inactivity_flag(db, hid: int) -> int:
    with db.session() as s:
        f = RiskFlag(household_id=hid, source="sensor", category="inactivity", severity="high", status="open",
                     reason="35시간 동안 움직임이 없습니다", evidence={"rule": "no_motion"},
                     created_at=utcnow() - timedelta(hours=2))
        s.add(f)
        s.flush()
        return f.id


@pytest.mark.parametrize("answered_by,closed", [("human", True), ("machine", False)])
def test_assessing_a_human_check_in_closes_the_open_inactivity_flag_at_once(db, tmp_path, answered_by, closed):
    hid, _ = make_household(db, 1)[0]
    flag_id = _open_inactivity_flag(db, hid)
    attempt_id = _transcribed_call(db, hid, answered_by=answered_by)
    assess_pending(_context(db, tmp_path), attempt_id)  # no device-rule pass in between
    with db.session() as s:
        attempt = s.get(CallAttempt, attempt_id)
        flag = s.get(RiskFlag, flag_id)
        audit_rows = s.scalars(select(AuditEvent).where(AuditEvent.entity == "risk_flag",
                                                        AuditEvent.entity_id == flag_id)).all()
        assert attempt.status == "assessed"
        if closed:
            assert attempt.outcome == "well"
            assert (flag.status, flag.resolved_by, flag.resolution) == ("resolved", SYSTEM_ACTOR, RESOLUTION)
            assert "안부전화에 응답했습니다" in flag.resolution_note
            assert [r.detail["attempt_id"] for r in audit_rows] == [attempt_id]
        else:  # a machine is no sign of life: the flag stays for a person
            assert attempt.outcome != "well"
            assert flag.status == "open" and audit_rows == []
