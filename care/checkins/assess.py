"""Fail-safe assessment of one check-in recording: flagged, needs_review or well.

Twilio gives 8 kHz telephone audio and the small Korean model misses many words there, so a
transcript alone never proves a resident is fine. The outcome is decided in this order:

1. flagged      — any answer's words hit a risk category, or the resident pressed 9 (help).
2. needs_review — a person must listen: no answers at all, an answer that is silent, too short or
                  unclear (speech.transcribe's `intelligible`/`reason`), the keypad answer that
                  was asked for is missing or is not 1, or keypad and speech disagree.
3. well         — only when every answer is intelligible, nothing is flagged and, if the keypad
                  was asked for, 1 was pressed.

Reasons are fixed short phrases ("English / 한국어") so the console, reports and tests can rely
on them; per-answer detail (text, words, flags with audio times) is in `answers`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, is_dataclass
from pathlib import Path
from typing import Any

from speech.matching import CATEGORIES, FlagResult, flag_text, flag_words, severity_of

FLAGGED, NEEDS_REVIEW, WELL = "flagged", "needs_review", "well"

REASON_RISK_WORDS = "risk words heard / 위험 단어 감지"
REASON_KEYPAD_HELP = "keypad 9: asked for help / 9번: 도움 요청"
REASON_NO_ANSWERS = "no answers in the recording / 녹음에 답변 없음"
REASON_SILENCE = "silent answer / 무응답"
REASON_TOO_SHORT = "answer too short to understand / 답변이 너무 짧음"
REASON_LOW_CONFIDENCE = "speech unclear / 음성 불명확"
REASON_UNINTELLIGIBLE = "answer not understood / 답변을 알아듣지 못함"
REASON_KEYPAD_MISSING = "no keypad answer / 버튼 응답 없음"
REASON_KEYPAD_UNEXPECTED = "unexpected keypad answer / 예상 밖 버튼 응답"
REASON_DISAGREE = "keypad and speech disagree / 버튼 응답과 말이 다름"
REASON_WELL = "all answers clear, nothing flagged / 모든 답변 명확, 위험 없음"

_SPEECH_REASONS = {
    "silence": REASON_SILENCE,
    "too_short": REASON_TOO_SHORT,
    "low_confidence": REASON_LOW_CONFIDENCE,
}
KEY_WELL, KEY_HELP = "1", "9"


@dataclass(frozen=True)
class Assessment:
    file: str
    outcome: str  # "flagged" | "needs_review" | "well"
    categories: tuple[str, ...]
    severity: str  # "none" | "medium" | "high"
    reasons: tuple[str, ...]
    answers: tuple[dict, ...]  # each answer's transcript fields + its "flags"

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "outcome": self.outcome,
            "categories": list(self.categories),
            "severity": self.severity,
            "reasons": list(self.reasons),
            "answers": [dict(a) for a in self.answers],
        }


def _flags_for(answer: Any, lang: str) -> FlagResult:
    if answer.words:
        return flag_words(answer.words, lang)
    return flag_text(answer.text_raw or answer.text or "", lang)


def _answer_json(answer: Any, flags: FlagResult) -> dict:
    if hasattr(answer, "to_json"):
        data = answer.to_json()
    elif is_dataclass(answer):
        data = asdict(answer)
    else:
        data = dict(vars(answer))
    data["flags"] = flags.to_json()
    return data


def _add(reasons: list[str], reason: str) -> None:
    if reason not in reasons:
        reasons.append(reason)


def assess_transcript(transcript: Any, *, lang: str = "ko", keypad_expected: bool = False) -> Assessment:
    """Decide the outcome of a transcribed recording (speech.transcribe.Transcript)."""
    flagged: list[str] = []
    review: list[str] = []
    found: set[str] = set()
    answers = []
    for answer in transcript.answers:
        flags = _flags_for(answer, lang)
        answers.append(_answer_json(answer, flags))
        found.update(flags.categories)
        if not answer.intelligible:
            _add(review, _SPEECH_REASONS.get(answer.reason, REASON_UNINTELLIGIBLE))
    if not transcript.answers:
        _add(review, REASON_NO_ANSWERS)
    if found:
        _add(flagged, REASON_RISK_WORDS)

    keys = "".join(a.keypad or "" for a in transcript.answers)
    if KEY_HELP in keys:
        _add(flagged, REASON_KEYPAD_HELP)
    if KEY_WELL in keys and found:
        _add(flagged, REASON_DISAGREE)  # pressed "I am well" but said risk words: the words win
    unexpected = set(keys) - {KEY_WELL, KEY_HELP}
    if unexpected or (KEY_WELL in keys and KEY_HELP in keys):
        _add(review, REASON_KEYPAD_UNEXPECTED)
    if keypad_expected and not keys:
        _add(review, REASON_KEYPAD_MISSING)

    categories = tuple(c for c in CATEGORIES if c in found)
    severity = severity_of(categories)
    if KEY_HELP in keys:
        severity = "high"
    if flagged:
        outcome, reasons = FLAGGED, flagged + review
    elif review:
        outcome, reasons = NEEDS_REVIEW, review
    else:
        outcome, reasons = WELL, [REASON_WELL]
    return Assessment(str(transcript.file), outcome, categories, severity, tuple(reasons), tuple(answers))


def assess_file(
    path: str | Path,
    *,
    lang: str = "ko",
    model_path: Path | None = None,
    channel: int | None = None,
    keypad_expected: bool = False,
    expected_answers: int | None = None,
) -> Assessment:
    """Transcribe one recording (speech.transcribe) and assess it; SpeechError on a bad file."""
    from speech.transcribe import transcribe_file

    transcript = transcribe_file(path, model_path=model_path, channel=channel, expected_answers=expected_answers)
    return assess_transcript(transcript, lang=lang, keypad_expected=keypad_expected)
