"""Hostile and damaged audio (issue 11 item 10): a length cap read from the header, special files
refused, headers checked against the data, and no traceback from `assess`/`transcribe`."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import main
from speech.audio import DEFAULT_MAX_AUDIO_S, MAX_AUDIO_ENV, max_wav_bytes, read_wav
from speech.errors import AudioFileError
from tests.speech.phone import write_wav

ROOT = Path(__file__).resolve().parents[2]


def _noise(seconds: float, rate: int = 8000) -> np.ndarray:
    return np.random.default_rng(1).normal(0, 0.05, int(seconds * rate)).astype(np.float32)


def test_a_recording_longer_than_the_cap_is_refused_from_its_header(tmp_path, monkeypatch):
    path = write_wav(tmp_path / "long.wav", _noise(3.0), 8000)
    assert read_wav(path).duration_s == pytest.approx(3.0)
    monkeypatch.setenv(MAX_AUDIO_ENV, "2")
    with pytest.raises(AudioFileError, match=r"3 s of audio, longer than .*\(2 s; ANBU_MAX_AUDIO_S") as info:
        read_wav(path)
    assert str(info.value).startswith(str(path))
    monkeypatch.setenv(MAX_AUDIO_ENV, "inf")
    with pytest.raises(AudioFileError, match="positive number of seconds"):
        read_wav(path)
    monkeypatch.delenv(MAX_AUDIO_ENV)
    assert DEFAULT_MAX_AUDIO_S == 1800.0
    assert read_wav(path, max_seconds=10).rate == 8000


def test_the_download_cap_follows_the_call_length():
    assert max_wav_bytes(42) < 10 * 1024 * 1024  # a 42 s call: a 400 MB "recording" is refused
    assert max_wav_bytes(42, rate=8000) < max_wav_bytes(42)
    assert max_wav_bytes(0) > 64 * 1024


def _patched(path: Path, offset: int, fmt: str, value: int) -> Path:
    data = bytearray(path.read_bytes())
    struct.pack_into(fmt, data, offset, value)
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize(
    ("offset", "fmt", "value", "problem"),
    [
        (28, "<I", 16000, "bytes/s does not match"),  # byte rate of 16-bit mono at 8 kHz is 16000... x2
        (32, "<H", 4, "byte frames for 1 channel"),  # block align of a stereo file on mono data
        (22, "<H", 2, "byte frames for 2 channel"),  # 2 channels declared over mono frames
        (4, "<I", 10_000_000, "truncated WAV: header declares"),  # RIFF size beyond the file
        (40, "<I", 8001, "not a whole number of 2-byte frames"),  # odd data size
    ],
)
def test_a_header_that_disagrees_with_the_data_is_an_error(tmp_path, offset, fmt, value, problem):
    path = write_wav(tmp_path / "h.wav", _noise(1.0), 8000)
    if offset == 28:
        value = 8000  # should be 16000 (8000 Hz x 2 bytes)
    if offset == 40:
        path.write_bytes(path.read_bytes() + b"\x00")  # room for the odd byte, so it is not "truncated"
        _patched(path, 4, "<I", len(path.read_bytes()) - 8)
    with pytest.raises(AudioFileError, match=problem) as info:
        read_wav(_patched(path, offset, fmt, value))
    assert str(info.value).startswith(str(path))


def test_trailing_bytes_after_the_declared_end_are_an_error(tmp_path):
    path = write_wav(tmp_path / "t.wav", _noise(1.0), 8000)
    path.write_bytes(path.read_bytes() + bytes(5000))
    with pytest.raises(AudioFileError, match="5000 bytes after the end the header declares"):
        read_wav(path)


def test_assess_and_transcribe_refuse_a_fifo_without_hanging(tmp_path, capsys):
    fifo = tmp_path / "call.wav"
    os.mkfifo(fifo)
    assert main.main(["assess", str(fifo)]) == 5
    assert f"anbu: {fifo}: is a FIFO (named pipe), not a regular file" in capsys.readouterr().err
    assert main.main(["transcribe", str(fifo), "--workers", "1"]) == 5
    assert "FIFO" in capsys.readouterr().err


def test_assess_reports_running_out_of_memory_as_a_problem_with_the_file(tmp_path, capsys, monkeypatch):
    import speech.transcribe as transcribe

    def no_memory(*_a, **_k):  # fault injection: the machine has no memory left for this file
        raise MemoryError

    monkeypatch.setattr(transcribe, "transcribe_audio", no_memory)
    path = write_wav(tmp_path / "big.wav", _noise(1.0), 8000)
    assert main.main(["assess", str(path)]) == 5
    assert f"anbu: {path}: too large to transcribe in the memory available" in capsys.readouterr().err


def _peak_mb_reading(path: Path) -> float:
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec, so a child of this (model-holding)
    # test process would report the parent's size
    code = (
        "import sys; from speech.audio import read_wav; read_wav(sys.argv[1], max_seconds=1e9);"
        "print(next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM')) / 1024)"
    )
    out = subprocess.run([sys.executable, "-c", code, str(path)], cwd=ROOT, capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="peak memory read from /proc (Linux)")
def test_reading_a_large_file_costs_about_its_float_samples_not_many_copies(tmp_path):
    big = tmp_path / "big.wav"
    frames = 25 * 1024 * 1024  # 50 MB of 16-bit mono
    with big.open("wb") as fh:
        fh.write(b"RIFF" + struct.pack("<I", 36 + 2 * frames) + b"WAVEfmt " + struct.pack("<IHHIIHH", 16, 1, 1, 16000, 32000, 2, 16))
        fh.write(b"data" + struct.pack("<I", 2 * frames))
        block = np.random.default_rng(0).integers(-3000, 3000, 1 << 20, dtype="<i2").tobytes()
        for _ in range(frames // (1 << 20)):
            fh.write(block)
    baseline = _peak_mb_reading(write_wav(tmp_path / "small.wav", _noise(1.0), 8000))
    peak = _peak_mb_reading(big)
    size_mb = big.stat().st_size / 1e6
    print(f"read_wav of a {size_mb:.0f} MB WAV: peak RSS {peak:.0f} MB (interpreter + numpy alone {baseline:.0f} MB)")
    assert peak - baseline < 2.6 * size_mb  # float32 samples = 2x the file; the old reader held ~4-5x
