"""Text a person typed or a file carried, checked before it is stored or shown.

- `bad_character` finds what must not be stored in a name, address or note: NUL and other control
  characters (ANSI escape sequences start with one), format characters (zero-width space, BOM,
  bidirectional overrides) and the Hangul fillers that render as nothing (U+115F, U+1160, U+3164,
  U+FFA0) — a name made only of those looks empty on screen and on a call list.
- `escape_cell`/`unescape_cell`: OWASP's advice against CSV formula injection (a cell that starts
  with = + - @ tab or CR gets a leading single quote), written so that import restores exactly the
  text that was exported.
- `printable` makes any text safe for a terminal or a one-line message (control characters become
  visible escapes, long values are cut).
"""

from __future__ import annotations

import re
import sys
import unicodedata

FILLERS = "\u115f\u1160\u3164\uffa0\u2800"  # Hangul fillers and the blank braille pattern


def _ranges(codepoints: list[int]) -> str:
    """A compact regex class body ('\x00-\x1f...'): a class of ranges matches far faster than
    one listing hundreds of single characters."""
    out: list[tuple[int, int]] = []  # (first, last) of each run
    for cp in sorted(codepoints):
        if out and cp == out[-1][1] + 1:
            out[-1] = (out[-1][0], cp)
        else:
            out.append((cp, cp))
    return "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in out)


def _unprintable(skip: str = "") -> list[int]:
    cps = [cp for cp in range(0x10000)
           if not 0xD800 <= cp <= 0xDFFF and unicodedata.category(chr(cp)) in ("Cc", "Cf") and chr(cp) not in skip]
    cps += [cp for cp in range(0xE0000, 0xE0080) if unicodedata.category(chr(cp)) == "Cf"]
    cps += [ord(c) for c in FILLERS]
    cps += range(0xD800, 0xE000)  # lone surrogates (cannot be stored as UTF-8)
    return cps


_BAD = re.compile(f"[{_ranges(_unprintable())}]")
_BAD_MULTILINE = re.compile(f"[{_ranges(_unprintable(skip=chr(9) + chr(10) + chr(13)))}]")
_UNPRINTABLE = _BAD


def bad_character(value: str, *, multiline: bool = False) -> str | None:
    """'U+200B' for the first character that must not be stored, or None. Line breaks and tabs are
    allowed where `multiline` (notes)."""
    m = (_BAD_MULTILINE if multiline else _BAD).search(value)
    return None if m is None else f"U+{ord(m.group()):04X}"


def character_message(field_ko: str, field_en: str, code: str) -> str:
    return (f"{field_ko}에 보이지 않거나 제어용인 문자({code})가 있습니다 "
            f"(invisible or control character {code} in {field_en})")


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value: str) -> str:
    """Prefixes one single quote to a cell a spreadsheet would run as a formula. A value that
    already starts with quotes before such a character gets one more, so unescape is exact."""
    if value and value.lstrip("'").startswith(FORMULA_START):
        return "'" + value
    return value


def unescape_cell(value: str) -> str:
    """The inverse of `escape_cell`."""
    if value.startswith("'") and value.lstrip("'").startswith(FORMULA_START):
        return value[1:]
    return value


def printable(value: object, limit: int = 60) -> str:
    """Text safe for a terminal and a one-line message: control and invisible characters become
    escapes (\\x1b, \\u200b), and long values are cut with '…'."""
    text = str(value)
    cut = len(text) > limit
    text = text[:limit]
    text = _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape", "backslashreplace").decode("ascii"), text)
    return text + ("…" if cut else "")


def terminal_safe(text: str) -> str:
    """Whole documents (an export on stdout): like `printable` but keeps line breaks and tabs."""
    return _BAD_MULTILINE.sub(lambda m: m.group().encode("unicode_escape", "backslashreplace").decode("ascii"), text)


def stdout_is_terminal() -> bool:
    return bool(getattr(sys.stdout, "isatty", lambda: False)())
