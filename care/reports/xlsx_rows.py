"""Fast rows for the workbook's long sheets (one row per household: 10,000 rows).

openpyxl spends ~30 µs of Python per cell; a 10,000-household month is 120,000 cells. The long
sheets therefore get their header and first data row from openpyxl (which decides every column's
cell style: text, date, number) and the remaining rows are written here as plain SpreadsheetML
with the same styles, spliced into the saved package before </sheetData>. Strings are inline
strings (type "inlineStr": text, never a formula), numbers are numbers, dates are Excel serials.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

from care.reports.period import LOCAL

EXCEL_EPOCH = datetime(1899, 12, 30)
_CELL = re.compile(r'<c r="([A-Z]+)2"([^>]*?)(?:/>|>)')
_STYLE = re.compile(r'\bs="(\d+)"')
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _cell(ref: str, style: str, value: Any) -> str:
    s = f' s="{style}"' if style else ""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        local = value.astimezone(LOCAL).replace(tzinfo=None)
        return f'<c r="{ref}"{s}><v>{(local - EXCEL_EPOCH).total_seconds() / 86400:.8f}</v></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"{s}><v>{value}</v></c>'
    text = escape(_ILLEGAL.sub("", str(value)))
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{ref}"{s} t="inlineStr"><is><t{space}>{text}</t></is></c>'


def rows_xml(rows: Iterable[Sequence[Any]], styles: Sequence[str], first_row: int) -> str:
    letters = [get_column_letter(i + 1) for i in range(len(styles))]
    out = []
    for n, row in enumerate(rows, start=first_row):
        cells = "".join(_cell(f"{letters[i]}{n}", styles[i], v) for i, v in enumerate(row))
        out.append(f'<row r="{n}">{cells}</row>')
    return "".join(out)


def splice(package: bytes, tails: dict[int, list[Sequence[Any]]]) -> bytes:
    """Append `tails[k]` (rows 3...) to worksheet k (1-based, in creation order) of the package."""
    if not tails:
        return package
    src = zipfile.ZipFile(io.BytesIO(package))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            m = re.fullmatch(r"xl/worksheets/sheet(\d+)\.xml", item.filename)
            if m and int(m[1]) in tails and tails[int(m[1])]:
                xml = data.decode("utf-8")
                rows = tails[int(m[1])]
                found = {col: _STYLE.search(attrs) for col, attrs in _CELL.findall(xml)}
                width = len(rows[0])
                styles = []
                for i in range(width):
                    style = found.get(get_column_letter(i + 1))
                    styles.append(style[1] if style else "")
                xml = xml.replace("</sheetData>", rows_xml(rows, styles, 3) + "</sheetData>", 1)
                xml = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:{get_column_letter(width)}'
                             f'{len(rows) + 2}"/>', xml, count=1)
                data = xml.encode("utf-8")
            dst.writestr(item, data)
    return buf.getvalue()
