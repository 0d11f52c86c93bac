"""The period's outcomes shaped for entry into 행복이음 (the social security information system):
one row per household — 동, name, birth year, date, contact result, need, action. UTF-8 with a BOM
(Excel opens it as UTF-8) or CP949 on request (older office PCs). Cells a spreadsheet would run as
a formula get a leading quote (care.households.text_checks.escape_cell)."""

from __future__ import annotations

import csv
import io

from care.errors import AnbuError
from care.households.text_checks import escape_cell
from care.reports import words
from care.reports.model import HouseholdLine, Report
from care.reports.period import LOCAL

COLUMNS = ("dong", "name", "birth_year", "date", "contact_result", "need", "action")


def outcome_row(x: HouseholdLine, lang: str) -> list[str]:
    when = x.contact_at.astimezone(LOCAL).date().isoformat() if x.contact_at else ""
    return [escape_cell(x.dong), escape_cell(x.name), "" if x.birth_year is None else str(x.birth_year), when,
            words.value(x.contact_kind, lang), ", ".join(words.value(n, lang) for n in x.needs),
            ", ".join(words.value(a, lang) for a in x.actions)]


def outcomes_csv(report: Report, lang: str = "ko", encoding: str = "utf-8") -> bytes:
    out = io.StringIO(newline="")
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow([words.text(c, lang) for c in COLUMNS])
    for x in report.lines:
        w.writerow(outcome_row(x, lang))
    text = out.getvalue()
    if encoding == "cp949":
        try:
            return text.encode("cp949")
        except UnicodeEncodeError as exc:
            line = text.count("\n", 0, exc.start) + 1
            raise AnbuError(f"{line}번째 줄의 문자 {text[exc.start]!r}은(는) CP949로 쓸 수 없습니다 — UTF-8로 "
                            f"내보내세요 (line {line} has a character CP949 cannot hold; use --encoding utf-8)") from None
    return ("\ufeff" + text).encode("utf-8")
