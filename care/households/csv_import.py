"""CSV import of the household registry (export is in household_export.py).

Import is all-or-nothing: every row is checked first, and one bad row means nothing is written
and the report lists the bad rows (line number, column, reason; the first 100 in full, the rest
counted per column and reason). Files come from Korean Excel (CP949) as often as from anywhere
else (UTF-8 with or without BOM); any other legacy encoding is refused rather than guessed.

The `id` column (what export writes first) is optional: a row whose id names an existing household
updates it, so "export, correct in Excel, import" works; any other row creates a new household.
The rows are written in one transaction: driver-level executemany (storage/bulk.py) and one
UPDATE for the references, not one ORM object per row.
"""

from __future__ import annotations

import csv
import gc
import io
import re
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import String, bindparam, case, cast, func, literal, select
from sqlalchemy.orm import Session

from care import audit
from care.accounts import access
from care.households.export import (
    EXPORT_COLUMNS,
    KOREAN_HEADERS,
    export_households,
    export_households_to_file,
)
from care.households.import_report import (
    MAX_LISTED,
    HouseholdImportError,
    HouseholdImportReport,
    RowError,
    refuse,
)
from care.households.registry import HouseholdInput, validate
from care.households.text_checks import printable, unescape_cell
from storage import bulk
from storage.db import Database
from storage.models import Household
from storage.types import utcnow

__all__ = ["HEADERS", "EXPORT_COLUMNS", "MAX_LISTED", "HouseholdImportError", "HouseholdImportReport", "RowError", "decode_csv_bytes",
           "export_households", "export_households_to_file", "import_households", "parse_rows"]

# canonical column -> accepted headers (compared case-insensitively, spaces removed)
HEADERS: dict[str, tuple[str, ...]] = {
    "id": ("id", "번호", "아이디"),
    "name": ("name", "이름", "성명"),
    "phone": ("phone", "전화번호", "연락처", "전화"),
    "address": ("address", "주소"),
    "dong": ("dong", "동", "행정동"),
    "worker": ("worker", "담당자", "담당"),
    "birth_year": ("birth_year", "birthyear", "출생연도", "출생년도"),
    "consent": ("consent", "녹음동의", "동의"),
    "notes": ("notes", "비고", "메모"),
    "consent_date": ("consent_date", "consentdate", "동의일", "녹음동의일"),
}
REQUIRED = ("name", "phone")
YES = {"yes", "y", "true", "1", "예", "네", "o", "동의", "있음"}
NO = {"no", "n", "false", "0", "아니오", "아니요", "x", "미동의", "없음", ""}
UNKNOWN = {"", "모름", "unknown", "?"}
YEAR = re.compile(r"[0-9]{4}(?:\.0+)?")  # Excel may write 1942.0
ID = re.compile(r"[0-9]{1,18}")
DATE = re.compile(r"([0-9]{4})[-./]([0-9]{1,2})[-./]([0-9]{1,2})\.?")
BOM = b"\xef\xbb\xbf"


def _line_of(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


def _looks_korean(text: str) -> bool:
    """CP949 decodes most byte soups; real Korean files use the 2,350 common syllables of
    KS X 1001 (what EUC-KR holds). Shift-JIS or Latin-1 read as CP949 turn into rare syllables."""
    other = Counter(c for c in text if ord(c) > 0x7F)
    if not other:
        return True
    common = 0
    for c, n in other.items():
        if "\uac00" <= c <= "\ud7a3" or not c.isalpha():
            try:
                if len(c.encode("euc_kr")) == 2:  # longer: an 8-byte make-up sequence, not KS X 1001
                    common += n
            except UnicodeEncodeError:
                pass
    return common >= 0.9 * other.total()


def decode_csv_bytes(raw: bytes, name: str) -> str:
    save_as = "save it again as 'CSV UTF-8' (Excel: 다른 이름으로 저장 → CSV UTF-8)"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise refuse(name, 1, f"the file is UTF-16 text; {save_as}", "utf16")
    if raw.startswith(BOM):
        try:
            return raw[3:].decode("utf-8")
        except UnicodeDecodeError as exc:
            at = exc.start + 3
            raise refuse(name, _line_of(raw, at), f"the file starts with a UTF-8 mark but byte {at} is not UTF-8; "
                         f"{save_as}", "utf8_mark", (at,)) from exc
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp949")
    except UnicodeDecodeError as exc:
        raise refuse(name, _line_of(raw, exc.start),
                     f"the file is neither UTF-8 nor CP949 (byte {exc.start}); {save_as}", "encoding", (exc.start,)) from exc
    if not _looks_korean(text):
        raise refuse(name, 1, "the file is neither UTF-8 nor Korean CP949 text (another legacy encoding, "
                     f"such as Shift-JIS or Latin-1?); {save_as}", "legacy_encoding")
    return text


def _header_map(header: list[str], report: HouseholdImportReport) -> dict[str, int]:
    lookup = {alias.lower().replace(" ", ""): canon for canon, aliases in HEADERS.items() for alias in aliases}
    mapping: dict[str, int] = {}
    for idx, raw in enumerate(header):
        key = raw.strip().lower().replace(" ", "")
        if not key:
            continue
        canon = lookup.get(key)
        if canon is None:
            accepted = ", ".join(f"{KOREAN_HEADERS[c]}/{c}" for c in EXPORT_COLUMNS)
            report.add(1, raw.strip(), f"unknown column; accepted: {accepted}", "unknown_column", (accepted,))
        elif canon in mapping:
            report.add(1, raw.strip(), "column appears twice", "duplicate_column")
        else:
            mapping[canon] = idx
    for req in REQUIRED:
        if req not in mapping:
            report.add(1, f"{KOREAN_HEADERS[req]}/{req}", "required column is missing", "missing_column")
    return mapping


def _parse_consent(value: str) -> bool | None:
    v = value.strip().lower()
    if v in YES:
        return True
    if v in NO:
        return False
    return None


def _parse_date(value: str) -> date | None:
    """None for an unknown date; raises ValueError for what is not a date."""
    if value.strip().lower() in UNKNOWN:
        return None
    m = DATE.fullmatch(value.strip())
    if not m:
        raise ValueError(value)
    return date(int(m[1]), int(m[2]), int(m[3]))


def _bad(report: HouseholdImportReport, line: int, col_name: dict[str, str], cells: dict[str, str], col: str, why: str,
         code: str) -> None:
    shown = printable(cells[col], 40)
    report.add(line, col_name[col], f"'{shown}' {why}", code, (shown,))


def parse_rows(text: str, name: str, report: HouseholdImportReport | None = None
               ) -> tuple[list[tuple[int, int | None, HouseholdInput]], HouseholdImportReport]:
    """Every row parsed and validated; problems collected, nothing stops early."""
    report = report or HouseholdImportReport(name)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        report.add(1, "-", "the file is empty", "empty_file")
        return [], report
    except csv.Error as exc:
        report.add(1, "-", f"not a readable CSV file: {exc}", "unreadable_csv")
        return [], report
    mapping = _header_map(header, report)
    if report.problem_count:
        return [], report
    col_name = {c: header[i].strip() for c, i in mapping.items()}  # name columns as the file does
    report.columns = frozenset(mapping)
    rows: list[tuple[int, int | None, HouseholdInput]] = []
    seen_ids: dict[int, int] = {}
    this_year = date.today().year
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            report.add(reader.line_num, "-", f"broken CSV row: {exc}", "broken_row")
            break
        line = reader.line_num
        if not "".join(values).strip():
            continue
        n = len(values)
        cells = {c: (values[i].strip() if i < n else "") for c, i in mapping.items()}
        for c, v in cells.items():
            if v[:1] == "'":  # a quote an export put before a formula character
                cells[c] = unescape_cell(v)

        hid: int | None = None
        if cells.get("id"):
            if ID.fullmatch(cells["id"]):
                hid = int(cells["id"])
                if hid in seen_ids:
                    report.add(line, col_name["id"], f"id {hid} is also on line {seen_ids[hid]} (one household, two rows)",
                               "duplicate_id", (hid, seen_ids[hid]))
                seen_ids.setdefault(hid, line)
            else:
                _bad(report, line, col_name, cells, "id", "is not a household number (whole number)", "bad_id")
        birth_year = None
        if cells.get("birth_year"):
            if YEAR.fullmatch(cells["birth_year"]):
                birth_year = int(cells["birth_year"][:4])
            else:
                _bad(report, line, col_name, cells, "birth_year", "is not a year", "bad_birth_year")
        consent = _parse_consent(cells.get("consent", ""))
        if consent is None:
            _bad(report, line, col_name, cells, "consent", "is not yes/no (예/아니오)", "bad_consent")
            consent = False
        consent_date = None
        if cells.get("consent_date"):
            try:
                consent_date = _parse_date(cells["consent_date"])
            except ValueError:
                _bad(report, line, col_name, cells, "consent_date", "is not a date (YYYY-MM-DD; empty or 모름 when unknown)",
                     "bad_consent_date")
        inp = HouseholdInput(name=cells["name"], phone=cells["phone"], birth_year=birth_year,
                             address=cells.get("address", ""), dong=cells.get("dong", ""),
                             worker=cells.get("worker", ""), consent_recording=consent,
                             consent_date=consent_date, notes=cells.get("notes", ""))
        cleaned, errors = validate(inp, this_year=this_year)
        for fld, msg in errors.items():
            report.add(line, col_name.get(fld, fld), msg)
        if "phone" not in errors:  # an invalid number is not also reported as a duplicate
            rows.append((line, hid, cleaned))
    if not rows and not report.problem_count:
        report.add(2, "-", "the file has a header but no households", "no_rows")
    return rows, report


def _ref_expression(conn, table):
    """SQL for assign_refs' f"H{id:06d}" (zero-padded to six digits, longer ids in full)."""
    if conn.dialect.name == "sqlite":
        return literal("H") + func.printf("%06d", table.c.id)
    digits = cast(table.c.id, String)
    return literal("H") + case((table.c.id < 1_000_000, func.lpad(digits, 6, "0")), else_=digits)


def _write(s: Session, updates: list[dict], inserts: list[dict], now: datetime,
           progress: Callable[[float], None] | None) -> None:
    """Bulk statements in the caller's transaction; no ORM object per row."""
    table = Household.metadata.tables[Household.__tablename__]  # typed as a Table (not a FromClause)
    conn = s.connection()
    if updates:
        keys = [k for k in updates[0] if k != "b_id"]
        bulk.executemany(conn, table, table.update().where(table.c.id == bindparam("b_id"))
                         .values({k: bindparam(k) for k in keys}), updates, columns={"b_id": "id"})
    if progress:
        progress(0.7)
    if inserts:
        bulk.executemany(conn, table, table.insert(), inserts)
        if progress:
            progress(0.85)
        # the new rows are the ones without a reference yet (ref is set on every insert): one statement
        conn.execute(table.update().where(table.c.ref.is_(None)).values(ref=_ref_expression(conn, table), updated_at=now))


FIELDS = ("name", "phone", "birth_year", "address", "dong", "worker", "consent_recording", "consent_date", "notes")


def import_households(db: Database, path: str | Path, actor: str,
                      progress: Callable[[float], None] | None = None) -> HouseholdImportReport:
    """All-or-nothing import. Raises HouseholdImportError (with the report) on any bad row."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise refuse(str(path), 0, f"cannot read the file: {exc.strerror}", "unreadable_file") from exc
    text = decode_csv_bytes(raw, str(path))
    del raw
    collecting = gc.isenabled()
    gc.disable()  # 100,000 rows of small objects: the cyclic collector would rescan them all, often
    try:
        return _import_text(db, path, text, actor, progress)
    finally:
        if collecting:
            gc.enable()


def _import_text(db: Database, path: Path, text: str, actor: str,
                 progress: Callable[[float], None] | None) -> HouseholdImportReport:
    rows, report = parse_rows(text, str(path))
    del text
    if progress:
        progress(0.5)
    with db.session() as s:
        access.require(s, actor, access.Permission.IMPORT, entity="household")
        existing = dict(s.execute(select(Household.phone, Household.id)).all())
        known_ids = set(existing.values())
        seen: dict[str, int] = {}
        for line, hid, inp in rows:
            target = hid if hid in known_ids else None
            owner = existing.get(inp.phone)
            if inp.phone in seen:
                report.add(line, "phone", f"{inp.phone} also on line {seen[inp.phone]} (duplicate phone number)",
                           "duplicate_phone", (inp.phone, seen[inp.phone]))
            elif owner is not None and owner != target:
                report.add(line, "phone", f"{inp.phone} is already registered to household {owner}",
                           "phone_registered", (inp.phone, owner))
            seen.setdefault(inp.phone, line)
        if report.problem_count:
            raise HouseholdImportError(report)
        now = utcnow()
        keep_dates = (None if "consent_date" in report.columns else
                      dict(s.execute(select(Household.id, Household.consent_date)
                                     .where(Household.consent_date.is_not(None))).all()))
        updates, inserts = [], []
        for _line, hid, inp in rows:
            values = {f: getattr(inp, f) for f in FIELDS}
            if hid in known_ids:
                if keep_dates is not None:  # a file without the column keeps a known date while consent stays
                    values["consent_date"] = keep_dates.get(hid) if inp.consent_recording else None
                updates.append({"b_id": hid, "updated_at": now, **values})
            else:
                inserts.append({**values, "language": "ko", "active": True, "is_demo": False,
                                "created_at": now, "updated_at": now})
        del rows
        _write(s, updates, inserts, now, progress)
        report.created, report.updated = len(inserts), len(updates)
        audit.record(s, actor, "import", "household", None,
                     {"file": path.name, "created": report.created, "updated": report.updated})
    if progress:
        progress(1.0)
    return report
