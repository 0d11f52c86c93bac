"""The monthly access-log review written to a file: CSV (UTF-8 with BOM, opens in Excel) or PDF
(care/printing.py, Korean font). Writing it is a download: logged with the reason given."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING

from care import audit
from care.audit.log import DISTRICT_TZ
from care.audit.review import BULK_ROWS, Access, MonthlyReview
from care.errors import AnbuError
from care.households.text_checks import escape_cell
from storage.db import Database

if TYPE_CHECKING:
    from fpdf import FPDF

FORMATS = ("csv", "pdf")
DEFAULT_REASON = "월간 접속기록 점검 (monthly access-log review)"


def _local(access: Access) -> str:
    return access.at.astimezone(DISTRICT_TZ).strftime("%Y-%m-%d %H:%M")


def _sections(r: MonthlyReview) -> list[tuple[str, list[str], list[list[str]]]]:
    users = [[u.user, str(u.views), str(u.records), str(u.households), str(u.night), str(u.unassigned)]
             for u in r.users]

    def lines(items: tuple[Access, ...]) -> list[list[str]]:
        return [[_local(a), a.user, a.action, a.entity, a.household_ref or "", str(a.rows), a.reason or ""]
                for a in items]

    access_header = ["시각 (at)", "사용자 (user)", "작업 (action)", "대상 (entity)", "가구 (household)",
                     "건수 (rows)", "사유 (reason)"]
    return [
        ("사용자별 열람 (views per user)", ["사용자 (user)", "열람 (views)", "기록 수 (records)", "가구 수 (households)",
                                      "야간 (night)", "비담당 (unassigned)"], users),
        ("야간 접속 22:00–06:00 (night-time access)", access_header, lines(r.night)),
        (f"대량 내려받기 {BULK_ROWS}건 이상 (bulk downloads)", access_header, lines(r.bulk)),
        ("담당 외 가구 열람 (views of households not assigned to the viewer)", access_header, lines(r.unassigned)),
        ("점검 확인 (sign-off)", ["확인자 (by)", "시각 (at)"],
         [[s.by, s.at.astimezone(DISTRICT_TZ).strftime("%Y-%m-%d %H:%M")] for s in r.sign_offs]),
    ]


def review_csv(r: MonthlyReview) -> str:
    out = io.StringIO(newline="")
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow([f"접속기록 월간 점검 (access-log review) {r.month}", f"rows {r.rows}"])
    for title, header, rows in _sections(r):
        w.writerow([])
        w.writerow([title])
        w.writerow(header)
        for row in rows:
            w.writerow([escape_cell(c) for c in row])
    return out.getvalue()


def review_pdf(r: MonthlyReview) -> bytes:
    from care.printing import render_korean

    return render_korean(lambda pdf: _draw_review(r, pdf))


def _draw_review(r: MonthlyReview, pdf: FPDF) -> None:
    from care.printing import FAMILY

    pdf.add_page()
    pdf.set_font(FAMILY, "B", 14)
    pdf.cell(0, 10, f"접속기록 월간 점검 {r.month}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 9)
    pdf.cell(0, 6, f"접속기록 {r.rows}건 · 야간 {len(r.night)}건 · 대량 내려받기 {len(r.bulk)}건 · "
                   f"담당 외 열람 {len(r.unassigned)}건", new_x="LMARGIN", new_y="NEXT")
    for title, header, rows in _sections(r):
        pdf.ln(3)
        pdf.set_font(FAMILY, "B", 11)
        pdf.cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FAMILY, "", 7)
        if not rows:
            pdf.cell(0, 6, "없음 (none)", new_x="LMARGIN", new_y="NEXT")
            continue
        with pdf.table(text_align="LEFT", first_row_as_headings=True) as table:
            for row in [header, *rows]:
                cells = table.row()
                for c in row:
                    cells.cell(c)


def write_review(db: Database, actor: str, r: MonthlyReview, path: str | Path, fmt: str,
                 reason: str = DEFAULT_REASON) -> Path:
    """Write the review to `path` as csv or pdf; logged as an export with the reason."""
    if fmt not in FORMATS:
        raise AnbuError(f"format {fmt!r} is not one of {', '.join(FORMATS)}")
    if not reason.strip():
        raise AnbuError("a reason is required to save the access-log review (it is recorded)")
    data = ("\ufeff" + review_csv(r)).encode("utf-8") if fmt == "csv" else review_pdf(r)
    target = Path(path)
    try:
        target.write_bytes(data)
    except OSError as exc:
        raise AnbuError(f"cannot write {target}: {exc.strerror}") from exc
    with db.session() as s:
        audit.record(s, actor, "export", "audit_review", None, {"month": r.month, "format": fmt,
                                                                "rows": r.rows, "file": target.name},
                     reason=reason.strip())
    return target
