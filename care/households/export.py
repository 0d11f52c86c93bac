"""CSV export of the household registry, safe to open in Excel and honest about what it holds.

- Phones are written in the national form people read and type ("010-1234-5678"; foreign numbers
  in the international form). Excel keeps that as text; the stored E.164 "+8210…" would become the
  number 821012345678. The import reads the national form back, so "export, fix in Excel, import"
  round-trips. (The ="…" trick was rejected: it is itself a formula, which the injection guard
  below exists to keep out, and every other tool reading the file would see the wrapper.)
- Cells a spreadsheet would run as a formula (= + - @, tab, CR at the start) get OWASP's leading
  single quote; import removes it again, so the round trip is exact.
- An unknown consent date is written empty ("unknown"), never invented.
- Headers in Korean (the console in Korean) or English (`--headers en`, the CLI's default).
- `text`/`sort` export exactly what the households page's search shows, in its order (the console
  passes them); without them, every household by id (the CLI unless it is given --filter).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from sqlalchemy import select

from care import audit
from care.accounts import access
from care.errors import AnbuError
from care.households.phones import display_phone
from care.households.registry import search_query
from care.households.text_checks import escape_cell
from storage.db import Database
from storage.models import Household

EXPORT_COLUMNS = ("id", "name", "phone", "address", "dong", "worker", "birth_year", "consent", "notes", "consent_date")
KOREAN_HEADERS = {"id": "번호", "name": "이름", "phone": "전화번호", "address": "주소", "dong": "동",
                  "worker": "담당자", "birth_year": "출생연도", "consent": "녹음동의", "notes": "비고",
                  "consent_date": "동의일"}
HEADERS = ("en", "ko")


def export_households(db: Database, actor: str, headers: str = "en", *, text: str = "", sort: str | None = None,
                      descending: bool = False, reason: str | None = None) -> str:
    """CSV text; the caller writes it with a BOM (utf-8-sig) so Excel opens it cleanly. `reason`
    (why the download is made) is stored in the access-log row; the CLI and console require one."""
    return _export(db, actor, headers, text, sort, descending, reason)[0]


def _export(db: Database, actor: str, headers: str, text: str = "", sort: str | None = None, descending: bool = False,
            reason: str | None = None) -> tuple[str, int]:
    if headers not in HEADERS:
        raise AnbuError(f"알 수 없는 머리글 언어 {headers!r} (--headers must be en or ko)")
    out = io.StringIO(newline="")
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow([KOREAN_HEADERS[c] if headers == "ko" else c for c in EXPORT_COLUMNS])
    yes, no = ("예", "아니오") if headers == "ko" else ("yes", "no")
    # the page's own query (filter and order), selecting whole rows; the CLI's default is every household by id
    filtered = bool(text.strip()) or sort is not None
    q = (search_query(text, sort or "name", descending).with_only_columns(Household) if filtered
         else select(Household).order_by(Household.id))
    with db.session() as s:
        access.require(s, actor, access.Permission.EXPORT_HOUSEHOLDS, entity="household")
        rows = list(s.execute(q).scalars())
        for h in rows:
            consent_date = h.consent_date.isoformat() if h.consent_date else ""
            w.writerow([h.id, *(escape_cell(v or "") for v in (h.name, display_phone(h.phone), h.address, h.dong,
                                                               h.worker)),
                        "" if h.birth_year is None else h.birth_year, yes if h.consent_recording else no,
                        escape_cell(h.notes or ""), consent_date])
        detail = {"rows": len(rows), **({"filter": text.strip()} if text.strip() else {})}
        audit.record(s, actor, "export", "household", None, detail, reason=(reason or "").strip() or None)
    return out.getvalue(), len(rows)


def export_households_to_file(db: Database, actor: str, path: str | Path, headers: str = "en", *, text: str = "",
                              sort: str | None = None, descending: bool = False, reason: str | None = None) -> int:
    """Writes the export with a BOM (Excel opens it as UTF-8). Returns the number of households."""
    csv_text, n = _export(db, actor, headers, text, sort, descending, reason)
    try:
        Path(path).write_text("\ufeff" + csv_text, encoding="utf-8", newline="")
    except OSError as exc:
        raise AnbuError(f"파일을 저장할 수 없습니다: {path} — 폴더가 있는지, 파일이 다른 프로그램(Excel 등)에 "
                        f"열려 있지 않은지 확인하세요 (cannot write {path}: {exc.strerror})") from exc
    return n
