"""One check-in call as the household page shows it: every answer with its transcript, the risky
words (flag_match rows of the call's flags) with where they are in the recording, confidence,
keypad digit, and whether a person needs to listen (the recogniser could not make it out); and
the resident's channel of one answer, or of one flagged span, to be heard.

Both are audited: a view of the call, and a 'listen' naming exactly the clip handed over (like
care.review.queue.evidence_audio, which this shares its clip limits with)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from care import audit
from care.accounts import access
from care.checkins.recordings import playable_recording, recordings_root
from care.errors import AnbuError
from care.review.queue import RESIDENT_CHANNEL, EvidenceAudio, cut_clip
from speech.matching import Match
from storage.db import Database
from storage.models import CallAnswer, CallAttempt, FlagMatch, Household, RiskFlag

ENTITY = "call_attempt"
LOW_CONFIDENCE = 0.5  # below this the transcript is a guess: a person should listen


class CallNotFound(AnbuError):
    def __init__(self, attempt_id: int) -> None:
        super().__init__(f"안부전화 기록 {attempt_id}을(를) 찾을 수 없습니다 (no call attempt {attempt_id})")


@dataclass(frozen=True)
class HeardAnswer:
    index: int
    question_key: str
    text: str
    confidence: float | None
    keypad: str
    intelligible: bool
    reason: str
    start_s: float | None
    end_s: float | None
    matches: tuple[Match, ...]  # risky words in `text`, in text order
    flag_ids: tuple[int, ...]  # the flags raised on these words

    @property
    def needs_person(self) -> bool:
        """"사람이 들어 봐야 함": the recogniser could not make it out, or barely."""
        return (not self.intelligible and not self.keypad) or (
            self.confidence is not None and self.confidence < LOW_CONFIDENCE and bool(self.text))

    @property
    def playable(self) -> bool:
        return self.start_s is not None and self.end_s is not None and self.end_s > self.start_s


@dataclass(frozen=True)
class CallDetail:
    attempt_id: int
    household_id: int
    at: datetime | None
    outcome: str
    answered_by: str
    recording: str  # available | none | purged | missing
    answers: tuple[HeardAnswer, ...]
    flag_ids: tuple[int, ...]


def _recording_state(s: Session, a: CallAttempt) -> tuple[str, Path | None]:
    """(available | none | purged | missing, the file on this PC when available)."""
    if not a.recording_path:
        return "none", None
    if a.recording_purged_at is not None:
        return "purged", None
    on_disk = playable_recording(a.recording_path, recordings_root(s))
    return ("available", on_disk) if on_disk is not None else ("missing", None)


def call_detail(db: Database, attempt_id: int, actor: str) -> CallDetail:
    with db.session() as s:
        a = s.get(CallAttempt, attempt_id)
        if a is None:
            raise CallNotFound(attempt_id)
        access.require(s, actor, access.Permission.VIEW_HOUSEHOLD, household=s.get(Household, a.household_id),
                       entity=ENTITY, entity_id=attempt_id)
        matches: dict[int, list[tuple[Match, int]]] = {}
        for m, flag_id in s.execute(
                select(FlagMatch, RiskFlag.id).join(RiskFlag, RiskFlag.id == FlagMatch.flag_id)
                .join(CallAnswer, CallAnswer.id == FlagMatch.call_answer_id)
                .where(CallAnswer.attempt_id == attempt_id)):
            matches.setdefault(m.call_answer_id, []).append(
                (Match(m.category, m.term, m.span_start, m.span_end, m.audio_start, m.audio_end), flag_id))
        answers = []
        for x in s.scalars(select(CallAnswer).where(CallAnswer.attempt_id == attempt_id)
                           .order_by(CallAnswer.question_index)):
            found = sorted(matches.get(x.id, []), key=lambda p: (p[0].start, p[0].end))
            answers.append(HeardAnswer(
                x.question_index, x.question_key or "", x.text or "", x.confidence, x.keypad or "",
                bool(x.intelligible), x.reason or "", x.start_s, x.end_s, tuple(p[0] for p in found),
                tuple(sorted({p[1] for p in found}))))
        flags = tuple(s.scalars(select(RiskFlag.id).where(RiskFlag.attempt_id == attempt_id).order_by(RiskFlag.id)))
        at = a.ended_at or a.dialed_at or a.scheduled_at
        audit.record(s, actor, "view", ENTITY, attempt_id, {"household_id": a.household_id, "what": "answers"})
        return CallDetail(a.id, a.household_id, at.astimezone(UTC) if at and at.tzinfo else at, a.outcome or "",
                          a.answered_by or "", _recording_state(s, a)[0], tuple(answers), flags)


def call_audio(db: Database, attempt_id: int, actor: str, start_s: float, end_s: float) -> EvidenceAudio:
    """The resident's channel of the call from CONTEXT_S before `start_s` to CONTEXT_S after
    `end_s` (at most MAX_CLIP_S): one whole answer, or one flagged word. Logged as a 'listen'."""

    if not (math.isfinite(start_s) and math.isfinite(end_s) and 0.0 <= start_s <= end_s):
        raise AnbuError(f"들을 구간이 올바르지 않습니다: {start_s}–{end_s}초 (not a span of the call)")
    with db.session() as s:
        a = s.get(CallAttempt, attempt_id)
        if a is None:
            raise CallNotFound(attempt_id)
        access.require(s, actor, access.Permission.VIEW_HOUSEHOLD, household=s.get(Household, a.household_id),
                       entity=ENTITY, entity_id=attempt_id)
        (state, path), household_id = _recording_state(s, a), a.household_id
    if state != "available" or not path:
        raise AnbuError(f"이 통화에는 들을 수 있는 녹음이 없습니다 (no playable recording: {state})")
    wav, rate, played = cut_clip(str(path), RESIDENT_CHANNEL, start_s, end_s)
    with db.session() as s:
        audit.record(s, actor, "listen", ENTITY, attempt_id,
                     {"household_id": household_id, "start_s": round(start_s, 3), "end_s": round(end_s, 3),
                      "channel": "resident", "played_from_s": played[0], "played_to_s": played[1]})
    return EvidenceAudio(wav, rate, round(start_s, 3), round(end_s, 3), *played)
