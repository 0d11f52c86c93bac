"""Keypad tones synthesised here are read back by the Goertzel detector, also after the telephone
simulation; real speech and noise give no digits."""

from __future__ import annotations

import numpy as np
import pytest

from speech.audio import read_wav
from speech.dtmf import HIGH, KEYS, LOW, detect_dtmf, keypad_digits
from tests.speech.phone import simulate_telephone


def dtmf_tone(key: str, rate: int, seconds: float = 0.08, level: float = 0.2) -> np.ndarray:
    row = next(r for r, keys in enumerate(KEYS) if key in keys)
    col = KEYS[row].index(key)
    t = np.arange(int(rate * seconds)) / rate
    return (level * (np.sin(2 * np.pi * LOW[row] * t) + np.sin(2 * np.pi * HIGH[col] * t))).astype(np.float32)


def key_sequence(keys: str, rate: int, *, tone_s: float = 0.08, gap_s: float = 0.06, level: float = 0.2) -> np.ndarray:
    parts = [np.zeros(int(rate * 0.2), dtype=np.float32)]
    for key in keys:
        parts += [dtmf_tone(key, rate, tone_s, level), np.zeros(int(rate * gap_s), dtype=np.float32)]
    return np.concatenate(parts)


@pytest.mark.parametrize("rate", [8000, 16000])
def test_every_key_is_read_back(rate):
    keys = "1234567890*#ABCD"
    rng = np.random.default_rng(4)
    signal = key_sequence(keys, rate)
    signal = signal + rng.normal(0, 0.005, signal.size).astype(np.float32)
    presses = detect_dtmf(signal, rate)
    assert "".join(d for d, _ in presses) == keys
    starts = [t for _, t in presses]
    assert starts == sorted(starts) and starts[0] == pytest.approx(0.2, abs=0.03)


def test_keys_survive_the_telephone_channel_and_quiet_presses():
    rate = 16000
    signal = key_sequence("1290", rate, tone_s=0.05, gap_s=0.05, level=0.05)
    narrow, _ = simulate_telephone(signal, rate)
    assert keypad_digits(narrow.astype(np.float32), 8000) == "1290"


def test_a_held_key_is_one_press_and_repeated_keys_are_several():
    rate = 8000
    held = key_sequence("5", rate, tone_s=0.8)
    assert keypad_digits(held, rate) == "5"
    assert keypad_digits(key_sequence("11", rate), rate) == "11"


def test_too_short_a_blip_is_not_a_press():
    assert keypad_digits(key_sequence("7", 8000, tone_s=0.02), 8000) == ""


def test_speech_and_noise_give_no_digits(shared_speech_ko):
    rng = np.random.default_rng(9)
    assert keypad_digits(rng.normal(0, 0.1, 16000).astype(np.float32), 8000) == ""
    for name in ("nea00201.wav", "pml00003.wav", "pfb00019.wav", "kih00002.wav", "lmy02120.wav"):
        audio = read_wav(shared_speech_ko / name)
        assert keypad_digits(audio.channel(0), audio.rate) == "", name
        narrow, _ = simulate_telephone(audio.channel(0), audio.rate)
        assert keypad_digits(narrow.astype(np.float32), 8000) == "", name


def test_a_key_pressed_right_after_speaking_is_read(shared_speech_ko):
    audio = read_wav(shared_speech_ko / "nek00201.wav")
    speech = audio.channel(0)
    tones = key_sequence("3", audio.rate, tone_s=0.1)
    joined = np.concatenate([speech, tones])
    presses = detect_dtmf(joined, audio.rate)
    assert [d for d, _ in presses] == ["3"]
    assert presses[0][1] == pytest.approx(audio.duration_s + 0.2, abs=0.03)
