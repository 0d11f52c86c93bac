"""Channel choice and answer windows, without the model: calls assembled from real clips."""

from __future__ import annotations

import numpy as np
import pytest

from speech.audio import Audio
from speech.errors import AudioFileError
from speech.segmentation import answer_windows
from tests.speech.calls import assemble_call, load_clip

RATE = 8000


@pytest.fixture(scope="module")
def clips():
    from tests.conftest import require_shared

    folder = require_shared("speech", "ko")
    names = ["pfb00016.wav", "lmy02271.wav", "kih00002.wav", "nek00204.wav", "nek00202.wav", "pml00003.wav"]
    return {n.split(".")[0]: load_clip(folder, n, RATE) for n in names}


def _call(clips, **kw):
    prompts = [clips["pfb00016"], clips["lmy02271"], clips["kih00002"]]
    answers = kw.pop("answers", [clips["nek00204"], clips["nek00202"]])
    return assemble_call(prompts, answers, RATE, **kw)


def _audio(call) -> Audio:
    return Audio("call.wav", call.rate, call.samples)


def _inside(span, window, slack=0.35):
    return window.start - slack <= span[0] and span[1] <= window.end + slack


def test_documented_layout_is_verified_from_the_greeting(clips):
    call = _call(clips)
    choice, windows, _ = answer_windows(_audio(call))
    assert (choice.resident, choice.prompt, choice.reason) == (0, 1, "greeting")
    assert len(windows) == 2
    for span, window in zip(call.answer_spans, windows, strict=True):
        assert _inside(span, window)
    # each window opens when a prompt ends and closes by the next prompt's start
    assert call.prompt_spans[0][0] + 2 < windows[0].start <= call.prompt_spans[0][1] + 0.3
    assert windows[0].end < call.prompt_spans[1][0] + 0.6  # clips carry ~0.4 s of lead-in silence


def test_swapped_channels_are_detected(clips):
    choice, windows, _ = answer_windows(_audio(_call(clips, swap=True)))
    assert (choice.resident, choice.prompt, choice.reason) == (1, 0, "greeting")
    assert len(windows) == 2


def test_a_short_hello_before_the_greeting_does_not_make_the_resident_the_prompt(clips):
    hello = clips["pml00003"][: int(0.6 * RATE)]
    call = _call(clips, hello=hello, swap=True)
    choice, windows, _ = answer_windows(_audio(call))
    assert (choice.resident, choice.reason) == (1, "greeting")
    assert len(windows) == 2


def test_a_silent_resident_leaves_the_prompts_to_decide(clips):
    call = _call(clips, answers=[None, None])
    choice, windows, speech = answer_windows(_audio(call))
    assert (choice.resident, choice.prompt, choice.reason) == (0, 1, "only_prompt_speaks")
    assert len(windows) == 2 and speech[0] == []


def test_no_speech_at_all_falls_back_to_the_layout():
    silent = Audio("s.wav", RATE, np.zeros((2, RATE * 3), np.float32))
    choice, windows, _ = answer_windows(silent, expected_answers=2)
    assert (choice.resident, choice.prompt, choice.reason) == (0, 1, "layout_default")
    assert len(windows) == 2


def test_channel_override_and_a_missing_channel(clips):
    audio = _audio(_call(clips))
    choice, _, _ = answer_windows(audio, channel=1)
    assert (choice.resident, choice.prompt, choice.reason) == (1, 0, "override")
    with pytest.raises(AudioFileError, match="channel 2 does not exist"):
        answer_windows(audio, channel=2)


def test_expected_answers_pads_missing_windows_and_drops_short_extras(clips):
    call = _call(clips)
    _, windows, _ = answer_windows(_audio(call), expected_answers=3)
    assert len(windows) == 3 and windows[2].duration == 0
    # a greeting with a 1.8 s pause before the first question: an extra (short) window that the
    # expected count drops
    greeting = [clips["pml00003"], clips["pfb00016"], clips["lmy02271"], clips["kih00002"]]
    call = assemble_call(greeting, [None, clips["nek00204"], clips["nek00202"]], RATE, window_s=[1.8, 6.0, 6.0])
    _, windows, _ = answer_windows(_audio(call))
    assert len(windows) == 3
    _, windows, _ = answer_windows(_audio(call), expected_answers=2)
    assert len(windows) == 2
    assert all(_inside(span, w) for span, w in zip(call.answer_spans[1:], windows, strict=True))


def test_mono_recording_is_split_at_the_residents_long_pauses(clips):
    pause = np.zeros(int(2.5 * RATE), np.float32)
    mono = np.concatenate([pause[:RATE], clips["nek00204"], pause, clips["nek00202"], pause[:RATE]])
    audio = Audio("mono.wav", RATE, mono[None, :])
    choice, windows, _ = answer_windows(audio)
    assert (choice.resident, choice.prompt, choice.reason) == (0, None, "mono")
    assert len(windows) == 2
    second_start = (RATE + clips["nek00204"].size + pause.size) / RATE
    assert windows[0].start < 1.6 and 4.5 < windows[0].end < second_start < windows[1].start + 0.6
    _, windows, _ = answer_windows(audio, expected_answers=1)
    assert len(windows) == 1
