"""`python main.py transcribe ...`: plain and --json output, order, errors after the others."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import main
from tests.speech.phone import pooled_cer

ROOT = Path(__file__).resolve().parents[2]


def test_json_lines_in_order_and_a_bad_file_fails_after_the_others(shared_speech_ko, vosk_model_path, tmp_path, capsys):
    bad = tmp_path / "broken.wav"
    bad.write_bytes(b"RIFF\x00\x00")
    files = [shared_speech_ko / "pml00003.wav", bad, shared_speech_ko / "lmy02242.wav"]
    code = main.main(["transcribe", *map(str, files), "--json", "--workers", "1"])
    out, err = capsys.readouterr()
    assert code == 5
    lines = [json.loads(line) for line in out.splitlines()]
    assert [d["file"] for d in lines] == [str(files[0]), str(files[2])]
    assert lines[0]["text"] and lines[0]["answers"][0]["words"]
    assert f"anbu: {bad}:" in err and "not a WAV file" in err


def test_plain_mode_prints_the_text(shared_speech_ko, vosk_model_path, speech_manifest, capsys):
    code = main.main(["transcribe", str(shared_speech_ko / "nek00204.wav"), "--workers", "1"])
    out, _ = capsys.readouterr()
    assert code == 0
    text = out.strip()
    ref = next(r["transcript"] for r in speech_manifest if r["file"] == "nek00204.wav")
    # compared by CER, not word for word (Vosk differs slightly between machines); measured 0.13
    assert text and "\n" not in text and pooled_cer([(ref, text)]) < 0.4
    assert " 가 " not in f"{text} " and " 에 " not in f"{text} "  # the readable form glues particles


def test_a_missing_model_is_a_configuration_error(shared_speech_ko, tmp_path, capsys):
    code = main.main(["transcribe", str(shared_speech_ko / "nek00204.wav"), "--model", str(tmp_path / "nope")])
    _, err = capsys.readouterr()
    assert code == 3 and "Vosk model directory not found" in err
    (tmp_path / "empty_model").mkdir()
    code = main.main(["transcribe", str(shared_speech_ko / "nek00204.wav"), "--model", str(tmp_path / "empty_model")])
    _, err = capsys.readouterr()
    assert code == 3 and "not a Vosk model directory" in err


def test_channel_that_does_not_exist_is_reported_per_file(shared_speech_ko, vosk_model_path, capsys):
    code = main.main(["transcribe", str(shared_speech_ko / "nek00204.wav"), "--channel", "1", "--workers", "1"])
    _, err = capsys.readouterr()
    assert code == 5 and "channel 1 does not exist" in err


def test_the_command_as_typed(shared_speech_ko):
    """The exact command line from the issue, in its own process (loads its own model once)."""
    clip = shared_speech_ko / "pml00003.wav"
    proc = subprocess.run(
        [sys.executable, "main.py", "transcribe", str(clip), "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["file"] == str(clip) and data["duration_s"] == 3.36
