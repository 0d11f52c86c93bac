"""The PDF helper embeds a Korean font: the text comes back out of the file (pdftotext)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

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


def _text_of(data: bytes, tmp_path) -> str:
    out = tmp_path / "doc.pdf"
    out.write_bytes(data)
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext (Debian poppler-utils) is needed; .ci/run installs it"
    return subprocess.run([tool, str(out), "-"], capture_output=True, text=True, check=True).stdout


def test_documents_use_the_small_cached_font_and_fall_back_for_a_rare_character(tmp_path):
    """Everyday Korean is drawn with the small font derived once into the user cache; a syllable
    outside KS X 1001 (똠) or a hanja makes the document again with the full font, so nothing is
    ever printed as an empty box."""
    from care.printing import cache_dir, missing_glyphs, render_korean

    pdf = korean_pdf()
    if not os.environ.get("ANBU_PDF_FONT"):
        assert {Path(str(f.ttffile)).parent for f in pdf.fonts.values()} == {cache_dir()}
    pdf.add_page()
    pdf.cell(text="김똠방 漢")
    assert missing_glyphs(pdf) == sorted("똠漢")

    def draw(doc):
        doc.add_page()
        doc.cell(text="김똠방 漢 · 화곡1동")

    assert "김똠방 漢 · 화곡1동" in _text_of(render_korean(draw), tmp_path)

    def everyday(doc):
        doc.add_page()
        doc.cell(text="안부 확인 12건")

    assert "안부 확인 12건" in _text_of(render_korean(everyday), tmp_path)
