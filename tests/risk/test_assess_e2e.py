"""`python main.py assess` on real speech (the shared clips, the session Vosk model) and on
recordings with nothing to understand: risk words are flagged with their audio time, clean and
after the telephone simulation; silence and noise are needs_review, never well."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import main
from speech.audio import read_wav
from tests.speech.phone import simulate_telephone, write_wav

ROOT = Path(__file__).resolve().parents[2]


def _assess(capsys, path: Path, model: Path) -> dict:
    assert main.main(["assess", str(path), "--json", "--model", str(model)]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(("clip", "category"), [("nea00201", "emotional"), ("nea00204", "emotional")])
def test_clip_with_risk_words_is_flagged_with_audio_evidence(capsys, shared_speech_ko, vosk_model_path, clip, category):
    wav = shared_speech_ko / f"{clip}.wav"
    result = _assess(capsys, wav, vosk_model_path)
    assert result["outcome"] == "flagged"
    assert category in result["categories"]
    assert result["reasons"][0] == "risk words heard / 위험 단어 감지"
    matches = [m for a in result["answers"] for m in a["flags"]["matches"] if m["category"] == category]
    duration = read_wav(wav).duration_s
    assert matches and all(0.0 <= m["audio_start"] < m["audio_end"] <= duration + 0.5 for m in matches)


def test_risk_clip_through_the_telephone_is_not_well(capsys, shared_speech_ko, vosk_model_path, tmp_path):
    audio = read_wav(shared_speech_ko / "nea00201.wav")  # "...정말 마음이 아프다"
    phone, _ = simulate_telephone(audio.channel(0), audio.rate)
    wav = write_wav(tmp_path / "phone.wav", phone, 8000, mulaw=True)
    result = _assess(capsys, wav, vosk_model_path)
    assert result["outcome"] in ("flagged", "needs_review")


def test_noise_only_recording_needs_review(capsys, vosk_model_path, tmp_path):
    rng = np.random.default_rng(5)
    resident = rng.normal(0, 0.02, 8000 * 8)
    wav = write_wav(tmp_path / "noise.wav", np.vstack([resident, np.zeros_like(resident)]), 8000)
    result = _assess(capsys, wav, vosk_model_path)
    assert result["outcome"] == "needs_review"


def test_cli_on_a_silent_call_recording_is_needs_review(tmp_path):
    """The real command line, in its own process: a silent dual-channel 8 kHz call is never well."""
    wav = write_wav(tmp_path / "silent.wav", np.zeros((2, 8000 * 6)), 8000)
    proc = subprocess.run(
        [sys.executable, "main.py", "assess", str(wav), "--json", "--keypad"],
        capture_output=True, cwd=ROOT, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    result = json.loads(proc.stdout)
    assert set(result) == {"file", "outcome", "categories", "severity", "reasons", "answers"}
    assert result["outcome"] == "needs_review"
    assert "silent answer / 무응답" in result["reasons"] and "no keypad answer / 버튼 응답 없음" in result["reasons"]
    summary = subprocess.run(
        [sys.executable, "main.py", "assess", str(wav)], capture_output=True, cwd=ROOT, timeout=120
    ).stdout.decode()
    assert "needs_review (검토 필요)" in summary


def test_missing_file_is_an_error_not_a_traceback(tmp_path):
    proc = subprocess.run(
        [sys.executable, "main.py", "assess", str(tmp_path / "nope.wav")], capture_output=True, cwd=ROOT, timeout=60
    )
    assert proc.returncode != 0 and "Traceback" not in proc.stderr.decode()
    assert "nope.wav" in proc.stderr.decode()
