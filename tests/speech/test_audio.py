"""Reading WAVs: PCM 16-bit at any rate, mono and dual, mu-law (ours and sox's); every bad file
gives AudioFileError naming the file, with the speech exit code."""

from __future__ import annotations

import shutil
import struct
import subprocess

import numpy as np
import pytest

from speech.audio import read_wav, to_pcm16
from speech.errors import AudioFileError, SpeechError
from tests.speech.phone import write_wav


def _tone(rate: int, seconds: float = 0.5, freq: float = 440.0) -> np.ndarray:
    t = np.arange(int(rate * seconds)) / rate
    return (0.3 * np.sin(2 * np.pi * freq * t)).astype(np.float32)


@pytest.mark.parametrize("rate", [8000, 11025, 16000, 44100])
def test_pcm16_mono_any_rate_round_trips(tmp_path, rate):
    x = _tone(rate)
    audio = read_wav(write_wav(tmp_path / "a.wav", x, rate))
    assert audio.rate == rate and audio.channels == 1
    assert audio.samples.shape == (1, x.size)
    assert np.max(np.abs(audio.samples[0] - x)) < 1e-4
    assert audio.duration_s == pytest.approx(0.5, abs=1e-3)


def test_dual_channel_keeps_channels_apart(tmp_path):
    left, right = _tone(8000, freq=300), np.zeros(4000, dtype=np.float32)
    audio = read_wav(write_wav(tmp_path / "dual.wav", np.stack([left, right]), 8000))
    assert audio.channels == 2
    assert np.max(np.abs(audio.channel(0) - left)) < 1e-4
    assert np.max(np.abs(audio.channel(1))) == 0.0


def test_mulaw_written_by_sox_matches_the_pcm_source(tmp_path):
    assert shutil.which("sox"), "sox is a declared system package (.ci/run)"
    src = write_wav(tmp_path / "pcm.wav", _tone(8000), 8000)
    dst = tmp_path / "ulaw.wav"
    subprocess.run(["sox", str(src), "-e", "u-law", str(dst)], check=True)
    assert struct.unpack_from("<H", dst.read_bytes(), 20)[0] == 7  # really WAVE_FORMAT_MULAW
    pcm, ulaw = read_wav(src), read_wav(dst)
    assert ulaw.rate == 8000 and ulaw.samples.shape == pcm.samples.shape
    # G.711 keeps about 2% relative error at this level
    assert np.max(np.abs(ulaw.samples - pcm.samples)) < 0.02


def test_our_mulaw_writer_and_reader_agree(tmp_path):
    x = _tone(8000)
    audio = read_wav(write_wav(tmp_path / "u.wav", x, 8000, mulaw=True))
    assert np.max(np.abs(audio.samples[0] - x)) < 0.02


def test_to_pcm16_clips_instead_of_wrapping():
    pcm = np.frombuffer(to_pcm16(np.array([0.0, 2.0, -2.0, 0.5], dtype=np.float32)), dtype="<i2")
    assert list(pcm) == [0, 32767, -32767, 16383]


def _bad_files(tmp_path):
    good = write_wav(tmp_path / "good.wav", _tone(8000), 8000).read_bytes()
    (tmp_path / "empty.wav").write_bytes(b"")
    (tmp_path / "text.wav").write_text("이건 오디오가 아닙니다\n", encoding="utf-8")
    (tmp_path / "truncated.wav").write_bytes(good[: len(good) // 2])
    (tmp_path / "header_only.wav").write_bytes(good[:44])
    (tmp_path / "cut_header.wav").write_bytes(good[:30])
    header_only = bytearray(good[:44])
    struct.pack_into("<I", header_only, 40, 0)
    (tmp_path / "no_samples.wav").write_bytes(bytes(header_only))
    float64 = bytearray(good)
    struct.pack_into("<HH", float64, 20, 3, 1)
    struct.pack_into("<H", float64, 34, 64)
    (tmp_path / "float64.wav").write_bytes(bytes(float64))
    return {
        "missing.wav": "file not found",
        "empty.wav": "empty file",
        "text.wav": "not a WAV file",
        "truncated.wav": "truncated WAV",
        "header_only.wav": "truncated WAV",
        "cut_header.wav": "truncated WAV header",
        "no_samples.wav": "no audio",
        "float64.wav": "unsupported WAV encoding",
    }


def test_bad_files_raise_audio_file_error_naming_the_file(tmp_path):
    for name, problem in _bad_files(tmp_path).items():
        path = tmp_path / name
        with pytest.raises(AudioFileError) as info:
            read_wav(path)
        assert str(info.value).startswith(str(path)), name
        assert problem in str(info.value), (name, str(info.value))
        assert isinstance(info.value, SpeechError) and info.value.exit_code == 5


def test_adpcm_from_sox_is_refused_with_a_clear_message(tmp_path):
    src = write_wav(tmp_path / "pcm.wav", _tone(8000), 8000)
    dst = tmp_path / "adpcm.wav"
    subprocess.run(["sox", str(src), "-e", "ima-adpcm", str(dst)], check=True)
    with pytest.raises(AudioFileError, match="unsupported WAV encoding"):
        read_wav(dst)


def test_directory_is_not_a_wav(tmp_path):
    with pytest.raises(AudioFileError, match="directory"):
        read_wav(tmp_path)
