"""CSV import and export of the household registry.

Import is all-or-nothing: every row is checked first, and one bad row means nothing is written
and the report lists every bad row (line number, column, reason). Files come from Korean Excel
(CP949) as often as from anywhere else (UTF-8 with or without BOM).

The `id` column (what export writes first) is optional: a row whose id names an existing household
updates it, so "export, correct in Excel, import" works; any other row creates a new household.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from sqlalchemy import select

from storage.db import Database
from storage.models import Household

from . import audit
from .errors import AnbuError
from .households import HouseholdInput, _apply, assign_refs, validate

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
}
EXPORT_COLUMNS = ("id", "name", "phone", "address", "dong", "worker", "birth_year", "consent", "notes")
KOREAN_HEADERS = {"id": "번호", "name": "이름", "phone": "전화번호", "address": "주소", "dong": "동",
                  "worker": "담당자", "birth_year": "출생연도", "consent": "녹음동의", "notes": "비고"}
REQUIRED = ("name", "phone")
YES = {"yes", "y", "true", "1", "예", "네", "o", "동의", "있음"}
NO = {"no", "n", "false", "0", "아니오", "아니요", "x", "미동의", "없음", ""}


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}: {self.reason}"


@dataclass
class ImportReport:
    file: str
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)

    def summary(self) -> str:
        if self.errors:
            lines = [f"{self.file}: {len(self.errors)} problem(s); nothing was imported."]
            lines += [f"  {e}" for e in self.errors]
            return "\n".join(lines)
        return f"{self.file}: {self.created} household(s) added, {self.updated} updated."


class HouseholdImportError(AnbuError):
    exit_code = 2

    def __init__(self, report: ImportReport) -> None:
        self.report = report
        super().__init__(report.summary())


def decode_csv_bytes(raw: bytes, name: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="strict")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp949")
    except UnicodeDecodeError as exc:
        raise HouseholdImportError(ImportReport(name, errors=[RowError(
            1, "-", f"the file is neither UTF-8 nor CP949 (byte {exc.start}); save it again as CSV UTF-8")])) from exc


def _header_map(header: list[str], report: ImportReport) -> dict[str, int]:
    lookup = {alias.lower().replace(" ", ""): canon for canon, aliases in HEADERS.items() for alias in aliases}
    mapping: dict[str, int] = {}
    for idx, raw in enumerate(header):
        key = raw.strip().lower().replace(" ", "")
        if not key:
            continue
        canon = lookup.get(key)
        if canon is None:
            accepted = ", ".join(f"{KOREAN_HEADERS[c]}/{c}" for c in EXPORT_COLUMNS)
            report.errors.append(RowError(1, raw.strip(), f"unknown column; accepted: {accepted}"))
        elif canon in mapping:
            report.errors.append(RowError(1, raw.strip(), "column appears twice"))
        else:
            mapping[canon] = idx
    for req in REQUIRED:
        if req not in mapping:
            report.errors.append(RowError(1, f"{KOREAN_HEADERS[req]}/{req}", "required column is missing"))
    return mapping


def _parse_consent(value: str) -> bool | None:
    v = value.strip().lower()
    if v in YES:
        return True
    if v in NO:
        return False
    return None


def parse_rows(text: str, name: str) -> tuple[list[tuple[int, int | None, HouseholdInput]], ImportReport]:
    """Every row parsed and validated; errors collected, nothing stops early."""
    report = ImportReport(name)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        report.errors.append(RowError(1, "-", "the file is empty"))
        return [], report
    except csv.Error as exc:
        report.errors.append(RowError(1, "-", f"not a readable CSV file: {exc}"))
        return [], report
    mapping = _header_map(header, report)
    if report.errors:
        return [], report
    col_name = {c: header[i].strip() for c, i in mapping.items()}  # name columns as the file does
    rows: list[tuple[int, int | None, HouseholdInput]] = []
    this_year = date.today().year
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            report.errors.append(RowError(reader.line_num, "-", f"broken CSV row: {exc}"))
            break
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue

        def get(col: str, values=values) -> str:
            i = mapping.get(col)
            return values[i].strip() if i is not None and i < len(values) else ""

        hid: int | None = None
        if get("id"):
            try:
                hid = int(get("id"))
            except ValueError:
                report.errors.append(RowError(line, col_name["id"], f"'{get('id')}' is not a whole number"))
        birth_year = None
        if get("birth_year"):
            try:
                birth_year = int(float(get("birth_year")))
            except ValueError:
                report.errors.append(RowError(line, col_name["birth_year"], f"'{get('birth_year')}' is not a year"))
        consent = _parse_consent(get("consent"))
        if consent is None:
            report.errors.append(RowError(line, col_name["consent"], f"'{get('consent')}' is not yes/no (예/아니오)"))
            consent = False
        inp = HouseholdInput(name=get("name"), phone=get("phone"), birth_year=birth_year, address=get("address"),
                             dong=get("dong"), worker=get("worker"), consent_recording=consent, notes=get("notes"))
        cleaned, errors = validate(inp, this_year=this_year)
        for fld, msg in errors.items():
            report.errors.append(RowError(line, col_name.get(fld, fld), msg))
        rows.append((line, hid, cleaned))
    if not rows and not report.errors:
        report.errors.append(RowError(2, "-", "the file has a header but no households"))
    return rows, report


def import_households(db: Database, path: str | Path, actor: str,
                      progress: Callable[[float], None] | None = None) -> ImportReport:
    """All-or-nothing import. Raises HouseholdImportError (with the full report) on any bad row."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise HouseholdImportError(ImportReport(str(path), errors=[RowError(0, "-", f"cannot read the file: {exc.strerror}")])) from exc
    text = decode_csv_bytes(raw, str(path))
    rows, report = parse_rows(text, str(path))
    if progress:
        progress(0.3)
    with db.session() as s:
        existing = dict(s.execute(select(Household.phone, Household.id)).all())
        known_ids = set(existing.values())
        seen: dict[str, int] = {}
        for line, hid, inp in rows:
            target = hid if hid in known_ids else None
            owner = existing.get(inp.phone)
            if inp.phone in seen:
                report.errors.append(RowError(line, "phone", f"{inp.phone} also on line {seen[inp.phone]} (duplicate phone number)"))
            elif owner is not None and owner != target:
                report.errors.append(RowError(line, "phone", f"{inp.phone} is already registered to household {owner}"))
            seen.setdefault(inp.phone, line)
        if report.errors:
            report.errors.sort(key=lambda e: e.line)
            raise HouseholdImportError(report)
        new: list[Household] = []
        total = max(1, len(rows))
        for n, (_line, hid, inp) in enumerate(rows, start=1):
            h = s.get(Household, hid) if hid in known_ids else None
            if h is None:
                h = Household()
                new.append(h)
                s.add(h)
                report.created += 1
            else:
                report.updated += 1
            _apply(h, replace(inp, active=h.active if h.id else True, language=h.language or "ko"))
            if progress and n % 500 == 0:
                progress(0.3 + 0.6 * n / total)
        assign_refs(s, new)
        audit.record(s, actor, "import", "household", None,
                     {"file": path.name, "created": report.created, "updated": report.updated})
    if progress:
        progress(1.0)
    return report


def export_households(db: Database, actor: str, headers: str = "en") -> str:
    """CSV text; the caller writes it with a BOM (utf-8-sig) so Excel opens it cleanly."""
    out = io.StringIO(newline="")
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow([KOREAN_HEADERS[c] if headers == "ko" else c for c in EXPORT_COLUMNS])
    yes, no = ("예", "아니오") if headers == "ko" else ("yes", "no")
    with db.session() as s:
        rows = s.execute(select(Household).order_by(Household.id)).scalars().all()
        for h in rows:
            w.writerow([h.id, h.name, h.phone, h.address, h.dong, h.worker,
                        "" if h.birth_year is None else h.birth_year, yes if h.consent_recording else no, h.notes])
        audit.record(s, actor, "export", "household", None, {"rows": len(rows)})
    return out.getvalue()


def export_households_to_file(db: Database, actor: str, path: str | Path, headers: str = "en") -> int:
    """Writes the export with a BOM (Excel opens it as UTF-8). Returns the number of households."""
    text = export_households(db, actor, headers=headers)
    try:
        Path(path).write_text("\ufeff" + text, encoding="utf-8", newline="")
    except OSError as exc:
        raise AnbuError(f"cannot write {path}: {exc.strerror}") from exc
    return max(0, text.count("\r\n") - 1)
