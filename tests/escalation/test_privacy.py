"""No escalation message carries a transcript, a risk category, a health word or a recording:
every message an escalation really sent (SMS bodies and call TwiML) is checked against the
forbidden words — every lexicon term and category, category labels, and the flag's own
transcript words."""

from __future__ import annotations

from sqlalchemy import select

from care.checkins.runner.service import Runner
from care.checkins.runner.settings import RunnerClock, RunnerSettings
from care.escalation import messages
from storage.db import data_dir
from storage.models import EscalationStep
from telephony.simulated import SimulatedGateway
from tests.escalation.helpers import district, kst, raise_flag

NIGHT = kst("2026-11-24 19:30")
TRANSCRIPT = "허리가 아파서 쓰러졌어요 119 불러 주세요"


def test_forbidden_words_cover_lexicon_and_categories():
    words = messages.forbidden_words(transcripts=[TRANSCRIPT])
    for expected in ("emergency", "self_harm", "응급", "자해", "쓰러졌어요", "아파서", "119", "recording"):
        assert expected in words
    assert len(words) > 100
    assert "쓰러졌어요" in messages.offending_words("쓰러졌어요 확인 바랍니다", words)
    assert messages.offending_words("[안부] 긴급 알림 BCDF: H000001 역삼1동", words) == []


def test_every_message_sent_in_a_full_chain_is_clean(db, tmp_path):
    hid = district(db)
    gw = SimulatedGateway(ledger=tmp_path / "ledger.jsonl", ring_s=0.0, talk_s=0.0, replies={
        "+821000001111": "no_answer", "+821000002222": "no_answer", "+821077770001": "no_answer",
        "+821077770002": "no_answer"})
    runner = Runner(db, gw, clock=RunnerClock(NIGHT), settings=RunnerSettings(), recordings_dir=data_dir() / "rec")
    runner.start()
    try:
        flag = raise_flag(db, hid, source="call", category="emergency", at=NIGHT, reason=f"'{TRANSCRIPT}' 응급 표현")
        for minutes in (0, 5, 10, 5, 5):
            runner.clock.advance(minutes=minutes)
            runner.tick()
    finally:
        runner.shutdown()
    forbidden = messages.forbidden_words(transcripts=[TRANSCRIPT])
    with db.session() as s:
        bodies = s.execute(select(EscalationStep.role, EscalationStep.kind, EscalationStep.body)
                           .where(EscalationStep.flag_id == flag)).all()
    assert {(r, k) for r, k, _ in bodies} == {("duty", "sms"), ("duty", "notify_call"), ("next_duty", "sms"),
                                               ("next_duty", "notify_call"), ("keyholder", "sms"),
                                               ("keyholder", "notify_call")}
    for role, kind, body in bodies:
        assert messages.offending_words(body, forbidden) == [], (role, kind, body)
        assert ".wav" not in body and "http" not in body
        if kind == "notify_call":
            assert "김순자" not in body and "H000001" not in body  # an answering machine may hear it
        elif role == "keyholder":
            assert "김순자" in body and "연락이 닿지 않았습니다" in body
        else:
            assert "H000001" in body and "역삼1동" in body and "콘솔" in body
