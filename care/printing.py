"""PDF documents with Korean text (reports, the access-log review): one place that finds a font.

fpdf2 is pure Python, embeds only the glyphs used (subsetting) and reads OpenType/CFF fonts inside
a .ttc collection, so Debian's `fonts-noto-cjk` (Noto Sans CJK, collection index 1 = KR) works as
is; Windows has Malgun Gothic. `ANBU_PDF_FONT` (a .ttf/.otf path) overrides both.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF

from care.errors import AnbuError

FAMILY = "anbu-korean"


@dataclass(frozen=True)
class FontFile:
    path: Path
    collection_index: int = 0


# (regular, bold) candidates, first found wins.
_CANDIDATES: tuple[tuple[FontFile, FontFile | None], ...] = (
    (FontFile(Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"), 1),
     FontFile(Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"), 1)),
    (FontFile(Path("/usr/share/fonts/truetype/nanum/NanumGothic.ttf")),
     FontFile(Path("/usr/share/fonts/truetype/nanum/NanumGothicBold.ttf"))),
    (FontFile(Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts" / "malgun.ttf"),
     FontFile(Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts" / "malgunbd.ttf")),
)


class FontMissing(AnbuError):
    """No font with Korean glyphs was found for a PDF."""


def korean_fonts() -> tuple[FontFile, FontFile | None]:
    override = os.environ.get("ANBU_PDF_FONT")
    if override:
        path = Path(override)
        if not path.is_file():
            raise FontMissing(f"ANBU_PDF_FONT names {path}, which is not a file")
        return FontFile(path), None
    for regular, bold in _CANDIDATES:
        if regular.path.is_file():
            return regular, (bold if bold is not None and bold.path.is_file() else None)
    raise FontMissing("no Korean font found for PDF output: install fonts-noto-cjk (Debian) or set "
                      "ANBU_PDF_FONT to a .ttf/.otf file with Korean glyphs")


def korean_pdf() -> FPDF:
    """An A4 portrait FPDF with the Korean font registered as FAMILY (style "" and "B") and selected."""
    regular, bold = korean_fonts()
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.add_font(FAMILY, "", str(regular.path), collection_font_number=regular.collection_index)
    b = bold or regular
    pdf.add_font(FAMILY, "B", str(b.path), collection_font_number=b.collection_index)
    pdf.set_font(FAMILY, size=10)
    return pdf
