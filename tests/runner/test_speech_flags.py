"""The speech path's flags point at the stored answers (flag_match), and the review page reads
those rows as they are. Drives the real assess step from stored call_answer rows (the state a
transcribed attempt is in), so no Vosk decode is needed."""

from __future__ import annotations

import threading

from sqlalchemy import select

from care.checkins.runner.pipeline import PipelineContext
from care.checkins.runner.settings import RunnerClock, RunnerSettings
from care.checkins.runner.transcribing import assess_pending
from care.review import queue as review
from storage.models import CallAnswer, CallAttempt, FlagMatch, Household, RiskFlag
from telephony.simulated import SimulatedGateway
from tests.fixtures.review import FALL, answer_row

WELL = [("네", 5.0, 5.2), ("잘", 5.3, 5.5), ("지내요", 5.6, 6.0)]


def test_assessed_call_writes_matches_that_the_review_detail_reads(db, tmp_path):
    with db.session() as s:
        h = Household(name="최말순", phone="+821022223333", is_demo=True)
        s.add(h)
        s.flush()
        a = CallAttempt(household_id=h.id, slot_key="2026-11-24T18:30+09:00", attempt_no=1, idempotency_key="t:1",
                        status="transcribed", answered_by="human", duration_s=8.0)
        s.add(a)
        s.flush()
        s.add_all([answer_row(a.id, WELL, 0), answer_row(a.id, FALL, 1)])
        attempt_id = a.id
    ctx = PipelineContext(db=db, gateway=SimulatedGateway(), settings=RunnerSettings(), clock=RunnerClock(),
                          stop=threading.Event(), recordings_dir=tmp_path)

    assess_pending(ctx, attempt_id)
    assess_pending(ctx, attempt_id)  # a second pass (after a crash) changes nothing

    with db.session() as s:
        (flag,) = s.scalars(select(RiskFlag).where(RiskFlag.category == "emergency"))
        (match,) = s.scalars(select(FlagMatch).where(FlagMatch.flag_id == flag.id))
        answer = s.get(CallAnswer, match.call_answer_id)
        assert (answer.attempt_id, answer.question_index) == (attempt_id, 1)
        assert answer.text[match.span_start:match.span_end] == "넘어 졌"
        assert (match.audio_start, match.audio_end, flag.is_demo) == (2.2, 2.6, True)
        assert "answers" not in flag.evidence  # no copy of the transcript in the flag
        assert s.get(CallAttempt, attempt_id).outcome == "flagged"
        flag_id = flag.id
    (shown,) = review.flag_detail(db, flag_id, "supervisor").answers
    assert (shown.index, shown.text, shown.start_s, shown.end_s) == (1, "어제 화장실에서 넘어 졌어요", 1.0, 2.9)
    assert [(shown.text[m.start:m.end], m.audio_start) for m in shown.matches] == [("넘어 졌", 2.2)]
