"""The Reports page on a known week: figures, models (qtmodeltester), export and print each ask a
reason and land in the access log; the households page exports what its filter shows."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from PySide6.QtCore import QDate
from PySide6.QtPrintSupport import QPrinter
from sqlalchemy import select

from console.pages.households.view import HouseholdsWidget
from console.pages.reports.printing import paint_pdf
from console.pages.reports.view import ReportsWidget
from storage.models import AuditEvent
from tests.fixtures.reports import HYPERLINK


@pytest.fixture
def page(qtbot, ctx, report_db):
    view = ReportsWidget(ctx)
    qtbot.addWidget(view)
    assert view.report is None  # nothing is built until the page is shown (start-up stays cheap)
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        view.kind.setCurrentIndex(view.kind.findData("week"))
        view.first.setDate(QDate(2026, 11, 25))
        view.generate()
    return view


def _give_reason(qtbot, dialog, reason: str) -> None:
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)
    dialog.reason.setText(reason)
    dialog.buttons.accepted.emit()


def test_page_shows_the_week(page, qtmodeltester):
    r = page.report
    assert r.period.label == "2026-W48" and page.period_label.text().startswith("2026-W48")
    assert "6가구 중 3가구" in page.summary.text()
    first = [page.figures.index(0, c).data() for c in range(3)]
    assert first == ["등록 가구", "6", "6"]
    assert page.missing.rowCount() == 3 and page.progress.value() == 100
    names = {page.missing.index(i, 2).data() for i in range(3)}
    assert names == {"박민수", "정말순", "한철수"}
    assert any(page.breakdown.index(i, 1).data() == "방문 확인" for i in range(page.breakdown.rowCount()))
    assert [v for _, v in page.calls_chart.days][1] == (1, 0)
    escalation = {(page.breakdown.index(i, 0).data(), page.breakdown.index(i, 1).data()): page.breakdown.index(i, 2).data()
                  for i in range(page.breakdown.rowCount())}
    assert escalation[("비상 연락 · 보낸 알림", "문자")] == "1" and escalation[("비상 연락 · 확인 경로", "문자")] == "1"
    for model in (page.figures, page.breakdown, page.missing):
        qtmodeltester.check(model)


def test_a_household_not_contacted_opens_its_page(qtbot, page):
    """Enter (or a double-click) on a not-contacted row asks for that household's page, as every
    other page's household rows do."""
    page.tabs.setCurrentIndex(1)
    row = next(i for i in range(page.missing.rowCount()) if page.missing.index(i, 2).data() == "박민수")
    line = page.missing.row_at(row)
    with qtbot.waitSignal(page.householdRequested, timeout=5_000) as got:
        page.missing_view.activated.emit(page.missing.index(row, 0))
    assert got.args == [line.id]


def test_scope_picker_narrows_the_report(qtbot, page):
    qtbot.waitUntil(lambda: page.dong.count() == 3, timeout=10_000)  # 모든 동 + 화곡1동 + 염창동
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        page.dong.setCurrentIndex(page.dong.findData("염창동"))
        page.generate()
    assert page.report.households == 2 and page.report.scope.dong == "염창동"


def test_export_asks_a_reason_and_is_logged(qtbot, page, report_db, tmp_path):
    path = tmp_path / "week.xlsx"
    dialog = page.export_to("xlsx", str(path))
    with qtbot.waitSignal(page.exported, timeout=20_000):
        _give_reason(qtbot, dialog, "구청 주간 보고")
    wb = openpyxl.load_workbook(path)
    assert wb["요약"]["A1"].value == "항목"
    with report_db.session() as s:
        row = s.scalars(select(AuditEvent).where(AuditEvent.entity == "report", AuditEvent.action != "view")).one()
    assert (row.action, row.reason, row.actor) == ("export", "구청 주간 보고", "tester")
    with report_db.session() as s:  # building the report on the page was itself a logged view
        assert s.scalars(select(AuditEvent.actor).where(AuditEvent.entity == "report",
                                                         AuditEvent.action == "view")).first() == "tester"


def test_cancelled_reason_exports_nothing(qtbot, page, report_db, tmp_path):
    dialog = page.export_to("pdf", str(tmp_path / "x.pdf"))
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()  # empty reason
    dialog.reject()
    assert not (tmp_path / "x.pdf").exists()
    with report_db.session() as s:
        assert s.scalars(select(AuditEvent).where(AuditEvent.entity == "report", AuditEvent.action != "view")).first() is None


def test_print_previews_the_pdf_and_is_logged(qtbot, page, report_db, tmp_path):
    dialog = page.print_report()
    with qtbot.waitSignal(page.printReady, timeout=20_000) as ready:
        _give_reason(qtbot, dialog, "회의 자료")
    preview = ready.args[0]
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    from care.reports.service import render

    assert paint_pdf(printer, render(page.report, "pdf")) in (1, 2, 3)
    assert (tmp_path / "printed.pdf").stat().st_size > 1000
    preview.close()
    with report_db.session() as s:
        row = s.scalars(select(AuditEvent).where(AuditEvent.entity == "report", AuditEvent.action != "view")).one()
    assert (row.action, row.reason) == ("print", "회의 자료")


def test_household_export_follows_the_filter(qtbot, ctx, report_db, tmp_path):
    view = HouseholdsWidget(ctx)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.apply_filter("화곡1동")
    shown = [view.model.index(i, 0).data() for i in range(view.model.rowCount())]
    assert len(shown) == 5  # four active and one inactive household in 화곡1동
    path = tmp_path / "households.csv"
    dialog = view.export_to(str(path))
    with qtbot.waitSignal(view.exported, timeout=10_000) as done:
        _give_reason(qtbot, dialog, "동 주민센터 요청")
    assert done.args == [5]
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert rows[0][:3] == ["번호", "이름", "전화번호"]  # Korean headers in the Korean console
    from care.households.text_checks import unescape_cell

    assert [unescape_cell(r[1]) for r in rows[1:]] == shown  # same households, same order
    assert "'" + HYPERLINK in [r[1] for r in rows[1:]]  # a formula name is written as text
    assert all(r[2].startswith("010-1111-") for r in rows[1:])
    with report_db.session() as s:
        row = s.scalars(select(AuditEvent).where(AuditEvent.action == "export")).one()
    assert row.reason == "동 주민센터 요청" and row.detail == {"rows": 5, "filter": "화곡1동"}
