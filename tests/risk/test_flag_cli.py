"""`python main.py flag`: JSON lines in input order, empty lines, --lang, invalid UTF-8 -> exit 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _flag(data: bytes, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "main.py", "flag", *args], input=data, capture_output=True, cwd=ROOT, timeout=60
    )


def test_one_object_per_line_in_order_with_exact_keys():
    lines = ["허리 가 아파 요", "", "안 아파요", "배고파 죽겠어요", "쓰 러 졌 어 요 도와 주 세요"]
    proc = _flag(("\n".join(lines) + "\n").encode("utf-8"))
    assert proc.returncode == 0, proc.stderr.decode()
    out = [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines()]
    assert [o["text"] for o in out] == lines
    assert all(set(o) == {"text", "categories", "severity", "matches"} for o in out)
    assert [o["categories"] for o in out] == [["health"], [], [], ["meals"], ["emergency"]]
    assert [o["severity"] for o in out] == ["medium", "none", "none", "medium", "high"]
    first = out[0]["matches"][0]
    assert set(first) == {"category", "term", "start", "end"}
    assert lines[0][first["start"] : first["end"]] == "아파"
    assert len(out[4]["matches"]) == 2  # the fall and the call for help, both as evidence


def test_english_crlf_and_bom():
    proc = _flag("\ufeffI fell in the bathroom\r\nI'm not in any pain\r\n".encode(), "--lang", "en")
    assert proc.returncode == 0, proc.stderr.decode()
    out = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert out[0]["text"] == "I fell in the bathroom"
    assert out[0]["categories"] == ["emergency"] and out[1]["categories"] == []


def test_invalid_utf8_exits_2_naming_the_line():
    proc = _flag("괜찮아요\n".encode() + b"\xff\xfe\xfd\n" + "아파요\n".encode())
    assert proc.returncode == 2
    assert "line 2" in proc.stderr.decode()
    assert "Traceback" not in proc.stderr.decode()
    assert len(proc.stdout.decode().splitlines()) == 1  # the good line before it was written


def test_bad_lexicon_file_is_a_configuration_error(tmp_path):
    bad = tmp_path / "ko.toml"
    bad.write_text('language = "ko"\n[meals]\n"굶다" = ["굶("]\n', encoding="utf-8")
    proc = _flag("굶었어요\n".encode(), "--lexicon", str(bad))
    assert proc.returncode == 3
    assert '[meals] "굶다" pattern 1' in proc.stderr.decode()
