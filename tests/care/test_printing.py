"""The PDF helper embeds a Korean font: the text comes back out of the file (pdftotext)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from care.printing import FontMissing, korean_pdf


def test_korean_text_survives_a_round_trip(tmp_path):
    pdf = korean_pdf()
    pdf.add_page()
    pdf.cell(text="주간 보고서 · 화곡1동 안부 확인 12건")
    pdf.set_font(style="B")
    pdf.cell(text="긴급")
    out = tmp_path / "t.pdf"
    pdf.output(str(out))
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext (Debian poppler-utils) is needed; .ci/run installs it"
    text = subprocess.run([tool, str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "화곡1동 안부 확인 12건" in text and "긴급" in text


def test_a_missing_override_font_is_named(monkeypatch, tmp_path):
    monkeypatch.setenv("ANBU_PDF_FONT", str(tmp_path / "nope.ttf"))
    with pytest.raises(FontMissing, match="nope.ttf"):
        korean_pdf()
