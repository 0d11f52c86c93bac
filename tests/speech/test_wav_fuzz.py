"""Seeded fuzz of the WAV reader and the Vosk-free half of the pipeline (issue 11 item 10).

FUZZ_CASES files are generated (every encoding we read and some we do not, rates from 1 kHz to
192 kHz and beyond, 0-9 channels, silence/noise/tones/NaN floats) or mutated from valid ones
(truncated, header bytes flipped, size fields set to 0 / huge / off by one, junk chunks, trailing
garbage). Each must give an Audio or an AudioFileError naming the file — never another
exception, never a hang (pytest-timeout) — and every Audio must go through segmentation and the
keypad detector cleanly. The seed is fixed so a failure reproduces; FUZZ_SEED overrides it.
"""

from __future__ import annotations

import os
import random
import struct

import numpy as np
import pytest

from speech.audio import read_wav
from speech.dtmf import keypad_digits
from speech.errors import AudioFileError
from speech.segmentation import answer_windows

pytestmark = pytest.mark.timeout(240)

FUZZ_SEED = int(os.environ.get("FUZZ_SEED", "20261202"))
FUZZ_CASES = 400
_ENCODINGS = [(1, 8), (1, 16), (1, 24), (1, 32), (3, 32), (6, 8), (7, 8), (3, 64), (2, 4), (0x11, 4), (1, 12)]
_RATES = [0, 1, 999, 1000, 4000, 8000, 11025, 16000, 22050, 44100, 48000, 96000, 192000, 192001, 0xFFFFFFFF]


def _samples(rng: random.Random, nprng: np.random.Generator, frames: int, channels: int) -> np.ndarray:
    kind = rng.choice(["silence", "noise", "tone", "loud", "nan"])
    if kind == "silence":
        return np.zeros((frames, channels), np.float64)
    if kind == "noise":
        return nprng.normal(0, rng.choice([0.001, 0.05, 0.3]), (frames, channels))
    if kind == "tone":
        t = np.arange(frames)[:, None] / 8000.0
        return 0.4 * np.sin(2 * np.pi * rng.choice([697, 941, 1336, 440]) * t) * np.ones((1, channels))
    if kind == "loud":
        return nprng.uniform(-4, 4, (frames, channels))
    x = nprng.normal(0, 0.1, (frames, channels))
    x[nprng.random(x.shape) < 0.1] = rng.choice([np.nan, np.inf, -np.inf])
    return x


def _encode(x: np.ndarray, tag: int, bits: int) -> bytes:
    if (tag, bits) == (1, 8):
        return (np.clip(np.nan_to_num(x), -1, 1) * 127 + 128).astype(np.uint8).tobytes()
    if (tag, bits) == (1, 16):
        return (np.clip(np.nan_to_num(x), -1, 1) * 32767).astype("<i2").tobytes()
    if (tag, bits) == (1, 24):
        v = (np.clip(np.nan_to_num(x), -1, 1) * 8388607).astype("<i4").reshape(-1, 1).view(np.uint8)[:, :3]
        return v.tobytes()
    if (tag, bits) == (1, 32):
        return (np.clip(np.nan_to_num(x), -1, 1) * 2147483647).astype("<i4").tobytes()
    if (tag, bits) == (3, 32):
        return x.astype("<f4").tobytes()
    if (tag, bits) == (3, 64):
        return x.astype("<f8").tobytes()
    width = max(1, bits // 8)
    return np.random.default_rng(len(x)).integers(0, 256, x.size * width, dtype=np.uint8).tobytes()


def _wav(tag: int, channels: int, rate: int, bits: int, body: bytes, *, extensible: bool = False) -> bytes:
    block = channels * max(1, bits // 8)
    if extensible:
        fmt = struct.pack("<HHIIHHHHIH14s", 0xFFFE, channels, rate & 0xFFFFFFFF, (rate * block) & 0xFFFFFFFF, block & 0xFFFF,
                          bits, 22, bits, 0, tag, b"\x00\x00\x00\x00\x10\x00\x80\x00\x00\xaa\x00\x38\x9b\x71")
    else:
        fmt = struct.pack("<HHIIHH", tag, channels, rate & 0xFFFFFFFF, (rate * block) & 0xFFFFFFFF, block & 0xFFFF, bits)
    pad = b"\x00" if len(body) % 2 else b""
    riff = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(body)) + body + pad
    return b"RIFF" + struct.pack("<I", len(riff)) + riff


def _generated(rng: random.Random, nprng: np.random.Generator) -> bytes:
    tag, bits = rng.choice(_ENCODINGS)
    channels = rng.choice([1, 1, 2, 2, 0, 3, 9])
    rate = rng.choice(_RATES)
    frames = rng.choice([0, 1, 7, 200, 4000, 12000])
    body = _encode(_samples(rng, nprng, frames, max(channels, 1)), tag, bits)
    return _wav(tag, channels, rate, bits, body, extensible=rng.random() < 0.2)


def _mutated(rng: random.Random, nprng: np.random.Generator) -> bytes:
    data = bytearray(_wav(1, rng.choice([1, 2]), 8000, 16, _encode(_samples(rng, nprng, 4000, 2)[:, :1].repeat(1, 1), 1, 16)))
    op = rng.choice(["truncate", "flip", "size", "junk_chunk", "trailing", "swap_fmt_data", "zero_header"])
    if op == "truncate":
        del data[rng.randrange(0, len(data)) :]
    elif op == "flip":
        for _ in range(rng.randint(1, 6)):
            data[rng.randrange(0, min(64, len(data)))] = rng.randrange(256)
    elif op == "size":
        where = rng.choice([4, 16, 40])  # RIFF size, fmt size, data size
        value = rng.choice([0, 1, 3, 0xFFFFFFFF, 0x7FFFFFFF, len(data), len(data) * 100, struct.unpack_from("<I", data, where)[0] + 1])
        struct.pack_into("<I", data, where, value & 0xFFFFFFFF)
    elif op == "junk_chunk":
        size = rng.choice([0, 5, 100, 0xFFFFFFF0])
        data[12:12] = b"LIST" + struct.pack("<I", size) + bytes(min(size, 100))
    elif op == "trailing":
        data += bytes(rng.randrange(256) for _ in range(rng.choice([1, 2, 100, 5000])))
    elif op == "swap_fmt_data":
        data = bytearray(data[:12] + data[36:] + data[12:36])
    else:
        data[: rng.choice([4, 12, 44])] = bytes(rng.choice([4, 12, 44]))
    return bytes(data)


def _cases(folder):
    rng = random.Random(FUZZ_SEED)
    nprng = np.random.default_rng(FUZZ_SEED)
    for case in range(FUZZ_CASES):
        path = folder / f"case{case:03d}.wav"
        path.write_bytes(_generated(rng, nprng) if case % 2 == 0 else _mutated(rng, nprng))
        yield case, path


def test_hundreds_of_generated_and_mutated_wavs_give_a_result_or_a_clean_error(tmp_path):
    outcomes = {"audio": 0, "error": 0}
    for case, path in _cases(tmp_path):
        try:
            audio = read_wav(path)
        except AudioFileError as exc:
            assert str(exc).startswith(str(path)), (case, str(exc))
            outcomes["error"] += 1
            continue
        except Exception as exc:  # pragma: no cover - the failure this test exists to catch
            pytest.fail(f"seed {FUZZ_SEED} case {case}: {type(exc).__name__}: {exc}")
        assert audio.samples.dtype == np.float32 and np.isfinite(audio.samples).all(), case
        assert 1 <= audio.channels <= 8 and audio.samples.shape[1] > 0, case
        try:
            choice, windows, speech = answer_windows(audio)
        except AudioFileError:
            outcomes["error"] += 1
            continue
        for w in windows:
            lo, hi = int(w.start * audio.rate), int(w.end * audio.rate)
            keypad_digits(audio.channel(choice.resident)[lo:hi], audio.rate)
        outcomes["audio"] += 1
    print(f"WAV fuzz, seed {FUZZ_SEED}: {FUZZ_CASES} cases, {outcomes}")
    assert outcomes["audio"] >= 40 and outcomes["error"] >= 100  # both paths really exercised


def test_assess_never_calls_a_fuzzed_file_well(tmp_path, vosk_model_path, capsys):
    """None of the fuzz cases holds speech (silence, noise, tones, damaged headers over noise): the
    full `assess` (Vosk included) must end in needs_review or a clean error, never "well" on
    hallucinated words, and never a traceback."""
    import json

    import main

    verdicts: dict[str, int] = {}
    for _case, path in _cases(tmp_path):
        code = main.main(["assess", str(path), "--json", "--model", str(vosk_model_path)])
        out, err = capsys.readouterr()
        if code != 0:
            assert code == 5 and err.startswith(f"anbu: {path}"), err
            verdicts["error"] = verdicts.get("error", 0) + 1
            continue
        outcome = json.loads(out)["outcome"]
        verdicts[outcome] = verdicts.get(outcome, 0) + 1
        assert outcome != "well", (path.name, out)
    print(f"assess over the WAV fuzz cases, seed {FUZZ_SEED}: {verdicts}")
    assert sum(verdicts.values()) == FUZZ_CASES


def test_special_files_are_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.wav"
    os.mkfifo(fifo)  # nobody writes to it: opening it for reading would block for ever
    with pytest.raises(AudioFileError, match="FIFO"):
        read_wav(fifo)
    with pytest.raises(AudioFileError, match="device"):
        read_wav("/dev/zero")
    with pytest.raises(AudioFileError, match="directory"):
        read_wav(tmp_path)
    with pytest.raises(AudioFileError, match="not a valid file name"):
        read_wav(f"{tmp_path}/a\x00.wav")
