"""CSV export of the household registry. Cells a spreadsheet would run as a formula (= + - @, tab,
CR at the start) get OWASP's leading single quote; import removes it again, so the round trip is
exact. An unknown consent date is written empty ("unknown"), never invented."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from sqlalchemy import select

from care import audit
from care.accounts import access
from care.errors import AnbuError
from care.households.text_checks import escape_cell
from storage.db import Database
from storage.models import Household

EXPORT_COLUMNS = ("id", "name", "phone", "address", "dong", "worker", "birth_year", "consent", "notes", "consent_date")
KOREAN_HEADERS = {"id": "번호", "name": "이름", "phone": "전화번호", "address": "주소", "dong": "동",
                  "worker": "담당자", "birth_year": "출생연도", "consent": "녹음동의", "notes": "비고",
                  "consent_date": "동의일"}


def export_households(db: Database, actor: str, headers: str = "en", *, reason: str | None = None) -> str:
    """CSV text; the caller writes it with a BOM (utf-8-sig) so Excel opens it cleanly. `reason`
    (why the download is made) is stored in the access-log row; the CLI and console require one."""
    return _export(db, actor, headers, reason)[0]


def _export(db: Database, actor: str, headers: str, reason: str | None) -> tuple[str, int]:
    out = io.StringIO(newline="")
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow([KOREAN_HEADERS[c] if headers == "ko" else c for c in EXPORT_COLUMNS])
    yes, no = ("예", "아니오") if headers == "ko" else ("yes", "no")
    reason = reason.strip() if reason else None
    with db.session() as s:
        access.require(s, actor, access.Permission.EXPORT_HOUSEHOLDS, entity="household")
        n = 0
        for h in s.execute(select(Household).order_by(Household.id)).scalars():
            consent_date = h.consent_date.isoformat() if h.consent_date else ""
            w.writerow([h.id, *(escape_cell(v or "") for v in (h.name, h.phone, h.address, h.dong, h.worker)),
                        "" if h.birth_year is None else h.birth_year, yes if h.consent_recording else no,
                        escape_cell(h.notes or ""), consent_date])
            n += 1
        audit.record(s, actor, "export", "household", None, {"rows": n}, reason=reason)
    return out.getvalue(), n


def export_households_to_file(db: Database, actor: str, path: str | Path, headers: str = "en", *,
                              reason: str | None = None) -> int:
    """Writes the export with a BOM (Excel opens it as UTF-8). Returns the number of households."""
    text, n = _export(db, actor, headers, reason)
    try:
        Path(path).write_text("\ufeff" + text, encoding="utf-8", newline="")
    except OSError as exc:
        raise AnbuError(f"파일을 저장할 수 없습니다: {path} — 폴더가 있는지, 파일이 다른 프로그램(Excel 등)에 "
                        f"열려 있지 않은지 확인하세요 (cannot write {path}: {exc.strerror})") from exc
    return n
