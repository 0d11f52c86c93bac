"""PDF documents with Korean text (reports, the access-log review): one place that finds a font.

fpdf2 is pure Python, embeds only the glyphs used (subsetting) and reads OpenType/CFF fonts inside
a .ttc collection, so Debian's `fonts-noto-cjk` (Noto Sans CJK, collection index 1 = KR) works as
is; Windows has Malgun Gothic. `ANBU_PDF_FONT` (a .ttf/.otf path) overrides both.

Speed: a CJK font has 65,000 glyphs; fpdf2 reads its whole character map and subsets its whole
CFF table for every document (about 0.4 s of CPU per style). So the first document on a computer
derives, once, a small font holding the 2,350 Hangul syllables of KS X 1001 (everyday Korean),
Latin and the usual symbols, cached in the user's cache folder (keyed by the source file's size
and date). A document is made with that font; if any character of it was not there (a rare
syllable, hanja), the document is made again with the full font (`render_korean`).
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import platformdirs
from fpdf import FPDF
from fpdf.fonts import TTFFont

from care.errors import AnbuError

FAMILY = "anbu-korean"
CACHE_VERSION = 1
log = logging.getLogger("anbu.printing")
# what the cached font holds besides the KS X 1001 syllables: Latin, punctuation, arrows, maths,
# circled numbers, box shapes, CJK punctuation, compatibility jamo, letter-like and full-width forms
_RANGES = ((0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x2100, 0x214F), (0x2190, 0x21FF), (0x2200, 0x22FF),
           (0x2460, 0x24FF), (0x2500, 0x257F), (0x25A0, 0x25FF), (0x3000, 0x303F), (0x3130, 0x318F),
           (0xFF00, 0xFFEF))


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


def _common_unicodes() -> list[int]:
    hangul = [u for u in range(0xAC00, 0xD7A4) if len(chr(u).encode("euc-kr", errors="ignore")) == 2]
    return [u for a, b in _RANGES for u in range(a, b + 1)] + hangul


def cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir("anbu", appauthor=False)) / "fonts"


def common_font(source: FontFile) -> FontFile | None:
    """The cached small font derived from `source` (made on first use); None when it cannot be made
    (read-only cache folder, a font fontTools cannot subset): the full font is used then."""
    try:
        st = source.path.stat()
        target = cache_dir() / f"{source.path.stem}-{source.collection_index}-{st.st_size}-{int(st.st_mtime)}" \
                               f"-v{CACHE_VERSION}.otf"
        if not target.is_file():
            _derive(source, target)
        return FontFile(target)
    except Exception:
        log.warning("could not cache a small Korean font from %s; using the full font", source.path, exc_info=True)
        return None


def _derive(source: FontFile, target: Path) -> None:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(source.path), fontNumber=source.collection_index, lazy=True)
    opts = subset.Options()
    opts.layout_features = []
    opts.name_IDs = ["*"]
    opts.notdef_outline = True
    opts.drop_tables += ["GSUB", "GPOS", "VORG", "vhea", "vmtx", "DSIG"]
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=_common_unicodes())
    sub.subset(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".font-", suffix=".otf", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            font.save(fh)
        os.replace(tmp, target)  # two processes deriving at once: either file is whole
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def korean_pdf(*, full: bool = False) -> FPDF:
    """An A4 portrait FPDF with the Korean font registered as FAMILY (style "" and "B") and selected:
    the cached common-glyph font unless `full` (or unless it cannot be had)."""
    regular, bold = korean_fonts()
    bold = bold or regular
    if not full and not os.environ.get("ANBU_PDF_FONT"):
        small_regular, small_bold = common_font(regular), common_font(bold)
        if small_regular is not None and small_bold is not None:
            regular, bold = small_regular, small_bold
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.add_font(FAMILY, "", str(regular.path), collection_font_number=regular.collection_index)
    pdf.add_font(FAMILY, "B", str(bold.path), collection_font_number=bold.collection_index)
    pdf.set_font(FAMILY, size=10)
    return pdf


def missing_glyphs(pdf: FPDF) -> list[str]:
    """Characters the document used that its fonts do not have."""
    return sorted({chr(u) for f in pdf.fonts.values() if isinstance(f, TTFFont) for u in f.missing_glyphs})


def render_korean(build: Callable[[FPDF], None]) -> bytes:
    """The PDF `build` draws on a fresh korean_pdf(): with the small cached font, or again with the
    full font when a character was missing from it."""
    pdf = korean_pdf()
    build(pdf)
    if missing_glyphs(pdf):
        pdf = korean_pdf(full=True)
        build(pdf)
    return bytes(pdf.output())
