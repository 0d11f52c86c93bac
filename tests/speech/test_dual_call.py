"""A dual-channel check-in call assembled from real clips (prompts on channel 1, the resident's
answers on channel 0, telephone-simulated at 8 kHz like Twilio's recording): every answer lands
in its own question, a silent question says "silence", a keypad answer is read."""

from __future__ import annotations

import numpy as np
import pytest

from speech.transcribe import transcribe_file
from tests.speech.calls import assemble_call, load_clip
from tests.speech.phone import pooled_cer, simulate_telephone, write_wav
from tests.speech.test_dtmf import key_sequence

pytestmark = pytest.mark.timeout(600)  # two decodes of a 40 s call; a loaded 2-core machine is slow

ANSWER_CLIPS = ("nek00204", "nek00202")  # "어머니가 장례식에 ...", "내가 오랫동안 좋아했던 배우 ..."


def _telephone(call) -> np.ndarray:
    return np.stack([simulate_telephone(ch, call.rate)[0] for ch in call.samples]).astype(np.float32)


@pytest.fixture(scope="module")
def calls(tmp_path_factory, speech_manifest, vosk_model_path):
    from tests.conftest import require_shared

    folder = require_shared("speech", "ko")
    rate = 16000
    clip = {n: load_clip(folder, f"{n}.wav", rate) for n in ("pfb00016", "lmy02271", "pma00017", "pma00025", "kih00002", *ANSWER_CLIPS)}
    prompts = [clip[n] for n in ("pfb00016", "lmy02271", "pma00017", "pma00025", "kih00002")]
    answers = [clip[ANSWER_CLIPS[0]], clip[ANSWER_CLIPS[1]], None, key_sequence("2", rate, tone_s=0.15)]
    call = assemble_call(prompts, answers, rate)
    out = tmp_path_factory.mktemp("calls")
    normal = write_wav(out / "call.wav", _telephone(call), 8000)
    swapped = write_wav(out / "call_swapped.wav", _telephone(call)[::-1], 8000)
    refs = {r["file"].split(".")[0]: r["transcript"] for r in speech_manifest}
    return {
        "normal": transcribe_file(normal, model_path=vosk_model_path),
        "swapped": transcribe_file(swapped, model_path=vosk_model_path),
        "refs": [refs[n] for n in ANSWER_CLIPS],
        "call": call,
    }


def test_each_answer_lands_in_its_question(calls):
    t = calls["normal"]
    assert (t.channel, t.channel_reason) == (0, "greeting")
    assert len(t.answers) == 4
    first, second = t.answers[0], t.answers[1]
    refs = calls["refs"]
    # answer 1 reads like clip 1 and not like clip 2, and the other way round
    assert pooled_cer([(refs[0], first.text)]) < pooled_cer([(refs[1], first.text)])
    assert pooled_cer([(refs[1], second.text)]) < pooled_cer([(refs[0], second.text)])
    for answer, span in zip(t.answers[:2], calls["call"].answer_spans[:2], strict=True):
        assert answer.start_s - 0.35 <= span[0] and span[1] <= answer.end_s + 0.35
        assert all(answer.start_s - 0.5 <= w.start and w.end <= answer.end_s + 0.5 for w in answer.words)


def test_an_unanswered_question_is_silence(calls):
    silent = calls["normal"].answers[2]
    assert (silent.text, silent.words, silent.keypad) == ("", (), "")
    assert silent.intelligible is False and silent.reason == "silence"
    assert silent.silence_ratio > 0.95 and silent.confidence is None


def test_a_keypad_answer_is_read_from_the_recording(calls):
    keyed = calls["normal"].answers[3]
    assert keyed.keypad == "2"
    assert keyed.intelligible is True and keyed.reason == ""


SWAP_CER_TOLERANCE = 0.2  # Vosk is not bit-for-bit the same on every machine: compare by CER, never word for word


def test_swapped_channels_give_the_same_answers(calls):
    normal, swapped = calls["normal"], calls["swapped"]
    assert (swapped.channel, swapped.channel_reason) == (1, "greeting")
    assert len(swapped.answers) == len(normal.answers) == 4
    for n, s in zip(normal.answers[:2], swapped.answers[:2], strict=True):
        assert n.text and s.text
        assert pooled_cer([(n.text, s.text)]) <= SWAP_CER_TOLERANCE, (n.text, s.text)
        assert abs(n.start_s - s.start_s) < 0.05 and abs(n.end_s - s.end_s) < 0.05
    refs = calls["refs"]
    ours = pooled_cer(zip(refs, [a.text for a in normal.answers[:2]], strict=True))
    theirs = pooled_cer(zip(refs, [a.text for a in swapped.answers[:2]], strict=True))
    assert abs(ours - theirs) <= SWAP_CER_TOLERANCE / 2
    assert [(a.text, a.reason) for a in swapped.answers[2:3]] == [("", "silence")]
    assert [a.keypad for a in swapped.answers] == ["", "", "", "2"]


def test_json_shape_for_the_cli(calls):
    data = calls["normal"].to_json()
    assert set(data) >= {"file", "duration_s", "text", "words", "answers"}
    assert set(data["words"][0]) == {"word", "start", "end", "conf"}
    assert set(data["answers"][0]) >= {
        "index", "start_s", "end_s", "duration_s", "text_raw", "text", "words", "confidence",
        "silence_ratio", "keypad", "intelligible", "reason",
    }
    assert [a["index"] for a in data["answers"]] == [0, 1, 2, 3]
