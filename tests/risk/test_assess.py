"""Outcome rules of care.checkins.assess on Transcript objects built here (the speech contract's types)."""

from __future__ import annotations

import pytest

from care.checkins.assess import (
    REASON_DISAGREE,
    REASON_KEYPAD_HELP,
    REASON_KEYPAD_MISSING,
    REASON_KEYPAD_UNEXPECTED,
    REASON_LOW_CONFIDENCE,
    REASON_NO_ANSWERS,
    REASON_RISK_WORDS,
    REASON_SILENCE,
    REASON_WELL,
    assess_transcript,
)
from speech.transcribe import Answer, Transcript, Word


def _answer(index, pieces, *, keypad="", intelligible=True, reason="", conf=0.9, start=0.0):
    words, t = [], start
    for piece in pieces:
        words.append(Word(piece, round(t, 2), round(t + 0.3, 2), conf))
        t += 0.4
    return Answer(
        index=index, start_s=start, end_s=t + 0.5, text_raw=" ".join(pieces), text=" ".join(pieces),
        words=tuple(words), confidence=conf if pieces else None, silence_ratio=0.3 if pieces else 1.0,
        keypad=keypad, intelligible=intelligible, reason=reason,
    )


def _transcript(*answers):
    words = tuple(w for a in answers for w in a.words)
    return Transcript("call.wav", 30.0, " ".join(a.text for a in answers), words, tuple(answers), 0)


FINE = ["네", "잘", "지내", "요"]


def test_everything_clear_and_nothing_flagged_is_well():
    a = assess_transcript(_transcript(_answer(0, FINE), _answer(1, ["밥", "잘", "먹", "었", "어요"], start=5)))
    assert (a.outcome, a.categories, a.severity, a.reasons) == ("well", (), "none", (REASON_WELL,))
    assert set(a.to_json()) == {"file", "outcome", "categories", "severity", "reasons", "answers"}


def test_risk_words_flag_with_audio_evidence():
    a = assess_transcript(_transcript(_answer(0, FINE), _answer(1, ["허리", "가", "아파", "요"], start=10.0)))
    assert a.outcome == "flagged" and a.categories == ("health",) and a.severity == "medium"
    assert a.reasons == (REASON_RISK_WORDS,)
    (match,) = a.answers[1]["flags"]["matches"]
    assert match["term"] == "아프다" and (match["audio_start"], match["audio_end"]) == (10.8, 11.1)


def test_flags_win_over_unclear_answers_but_both_reasons_are_kept():
    a = assess_transcript(_transcript(_answer(0, ["쓰러", "졌", "어요"], intelligible=False, reason="low_confidence", conf=0.4)))
    assert a.outcome == "flagged" and a.severity == "high"
    assert a.reasons == (REASON_RISK_WORDS, REASON_LOW_CONFIDENCE)


@pytest.mark.parametrize(
    ("answers", "reason"),
    [
        ([], REASON_NO_ANSWERS),
        ([_answer(0, [], intelligible=False, reason="silence")], REASON_SILENCE),
        ([_answer(0, FINE), _answer(1, ["음"], intelligible=False, reason="low_confidence", conf=0.3)], REASON_LOW_CONFIDENCE),
    ],
)
def test_unclear_recordings_are_never_well(answers, reason):
    a = assess_transcript(_transcript(*answers))
    assert a.outcome == "needs_review"
    assert reason in a.reasons


def test_keypad_rules():
    well = assess_transcript(_transcript(_answer(0, FINE), _answer(1, [], keypad="1")), keypad_expected=True)
    assert well.outcome == "well"
    help_ = assess_transcript(_transcript(_answer(0, FINE), _answer(1, [], keypad="9")), keypad_expected=True)
    assert (help_.outcome, help_.severity, help_.reasons) == ("flagged", "high", (REASON_KEYPAD_HELP,))
    missing = assess_transcript(_transcript(_answer(0, FINE), _answer(1, FINE)), keypad_expected=True)
    assert (missing.outcome, missing.reasons) == ("needs_review", (REASON_KEYPAD_MISSING,))
    other = assess_transcript(_transcript(_answer(0, FINE), _answer(1, [], keypad="5")), keypad_expected=True)
    assert (other.outcome, other.reasons) == ("needs_review", (REASON_KEYPAD_UNEXPECTED,))
    both = assess_transcript(_transcript(_answer(0, FINE), _answer(1, [], keypad="19")), keypad_expected=True)
    assert both.outcome == "flagged" and REASON_KEYPAD_UNEXPECTED in both.reasons


def test_keypad_one_but_risk_words_is_flagged_as_a_disagreement():
    a = assess_transcript(_transcript(_answer(0, ["외로", "워", "요"]), _answer(1, [], keypad="1")), keypad_expected=True)
    assert a.outcome == "flagged"
    assert a.reasons == (REASON_RISK_WORDS, REASON_DISAGREE)
    assert a.categories == ("emotional",)
