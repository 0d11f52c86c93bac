"""The matcher: Vosk spacing, negation, idioms, several categories, spans in the original text,
audio times from timed words, and the exact JSON shape."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from speech.matching import CATEGORIES, flag_text, flag_words


def _spans(result):
    return [(m.category, result.text[m.start : m.end]) for m in result.matches]


def test_categories_are_the_contract_names():
    assert CATEGORIES == ("emergency", "self_harm", "health", "meals", "emotional", "living")


@pytest.mark.parametrize("text", ["쓰러졌어요", "쓰러 졌 어요", "쓰 러 졌 어 요", "남편이 쓰러졌어요!"])
def test_a_fall_is_caught_however_it_is_spaced(text):
    result = flag_text(text)
    assert result.categories == ("emergency",)
    assert result.severity == "high"
    category, evidence = _spans(result)[0]
    assert evidence.replace(" ", "").startswith("쓰러졌")
    assert evidence[0] == "쓰" and evidence[-1] == "졌"  # span in the ORIGINAL text, spaces included


@pytest.mark.parametrize("text", ["안 아파요", "아프지 않아요", "아 프 지 않 아요", "하나도 안 아파요", "아파트에 살아요"])
def test_negated_or_unrelated_pain_is_not_flagged(text):
    assert flag_text(text).categories == ()
    assert flag_text(text).severity == "none"


def test_double_negation_is_pain():
    assert flag_text("안 아픈 데가 없어요").categories == ("health",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("배고파 죽겠어요", ("meals",)),
        ("더워 죽겠어요", ("living",)),
        ("더 워 죽 겠 어요", ("living",)),
        ("죽고 싶어요", ("self_harm",)),
        ("죽 고 싶 어요", ("self_harm",)),
        ("그냥 죽겠어요", ("self_harm",)),  # no idiom in front: a person listens
        ("죽고 싶진 않아요", ("self_harm",)),  # talk of dying is never negated away
    ],
)
def test_jukgetda_idiom_versus_self_harm(text, expected):
    assert flag_text(text).categories == expected


def test_several_categories_in_one_answer_in_fixed_order():
    result = flag_text("허리가 아프고 밥도 못 먹었어요 외롭고 죽고 싶어요")
    assert result.categories == ("self_harm", "health", "meals", "emotional")
    assert result.severity == "high"
    assert {c for c, _ in _spans(result)} == set(result.categories)


def test_english_negation_contractions_and_spans():
    text = "No pain, but I can't get up"
    result = flag_text(text, "en")
    assert result.categories == ("emergency",)
    (match,) = result.matches
    assert text[match.start : match.end] == "can't get up"
    assert flag_text("I'm not in any pain", "en").categories == ()
    assert flag_text("I'm dying of hunger", "en").categories == ("meals",)
    assert flag_text("I watched the fireworks", "en").categories == ()


def test_vosk_junk_tokens_do_not_break_a_match():
    result = flag_text("가슴 이 [2] 아파 요")
    assert "emergency" in result.categories
    assert flag_text("네 [2] 괜찮 아요").categories == ()


@dataclass(frozen=True)
class _Word:  # the shape of speech.transcribe.Word
    word: str
    start: float
    end: float
    conf: float = 0.9


def test_flag_words_carries_audio_times():
    words = [_Word("밥", 1.0, 1.2), _Word("을", 1.2, 1.3), _Word("못", 1.5, 1.7), _Word("먹", 1.7, 1.9),
             _Word("었", 1.9, 2.0), _Word("어요", 2.0, 2.3), _Word("외로", 3.0, 3.4), _Word("워", 3.4, 3.5)]
    result = flag_words(words)
    assert result.text == "밥 을 못 먹 었 어요 외로 워"
    by_category = {m.category: m for m in result.matches}
    assert set(by_category) == {"meals", "emotional"}
    assert (by_category["meals"].audio_start, by_category["meals"].audio_end) == (1.0, 1.9)  # 밥 .. 먹
    assert (by_category["emotional"].audio_start, by_category["emotional"].audio_end) == (3.0, 3.4)
    assert result.to_json()["matches"][0]["audio_start"] == 1.0


def test_to_json_has_exactly_the_cli_keys():
    data = flag_text("허리가 아파요").to_json()
    assert set(data) == {"text", "categories", "severity", "matches"}
    assert set(data["matches"][0]) == {"category", "term", "start", "end"}
    assert data["matches"][0]["term"] == "아프다"


def test_passive_ideation_is_heard_and_finishing_a_task_is_not():
    """Issue 10 item 6: indirect self-harm talk flags; "끝내고 싶다" about a task does not."""
    for text in ("다 끝내고 싶어요", "내가 없어지는 게 낫겠어요", "자다가 그냥 안 깨어났으면 좋겠어요"):
        assert flag_text(text).categories == ("self_harm",), text
    for text in ("everyone would be better off without me", "I wish I could go to sleep and not wake up"):
        assert flag_text(text, "en").categories == ("self_harm",), text
    # the object decides: a task before or after "끝내고 싶어요", or no "다"/"모든 걸" at all
    for text in ("일을 다 끝내고 싶어요", "끝내고 싶어요 일을", "빨리 다 끝내고 싶어요 이 일을", "장마가 다 끝났으면 좋겠어요"):
        assert flag_text(text).categories == (), text
    assert flag_text("모든 걸 다 끝내고 싶어요").categories == ("self_harm",)
    assert flag_text("돈이 없어서 먹을 것도 못 사요").categories == ("meals", "living")
    assert flag_text("Nobody ever comes to see me", "en").categories == ("emotional",)
