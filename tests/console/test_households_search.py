"""A too-long search says so in the page instead of querying (issue 11 item 13)."""

from __future__ import annotations

from PySide6.QtCore import QThreadPool

from care.households.registry import MAX_SEARCH
from console.pages.households.view import HouseholdsWidget


def test_too_long_search_is_refused_inline(qtbot, ctx, two_households):
    view = HouseholdsWidget(ctx)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.reload()
    # the worker thread may still be returning after it delivered `loaded`: wait for it, so the
    # count below sees only what the refused search started (nothing)
    assert QThreadPool.globalInstance().waitForDone(10_000)
    with qtbot.assertNotEmitted(view.loaded):
        view.apply_filter("x" * 50_000)
    assert QThreadPool.globalInstance().activeThreadCount() == 0  # no query was started
    assert "너무 깁니다" in view.count_label.text() and str(MAX_SEARCH) in view.count_label.text()
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.apply_filter("%")
    assert view.model.rowCount() == 0


def test_import_report_dialog_is_capped(qtbot, tmp_path, db):
    from care.households.csv_import import MAX_LISTED, HouseholdImportError, import_households
    from console.pages.households.csv_import import ImportReportDialog

    path = tmp_path / "bad.csv"
    path.write_text("name,phone\n" + "".join(f"Kim{i},010-12\n" for i in range(3000)), encoding="utf-8")
    try:
        import_households(db, path, "tester")
    except HouseholdImportError as exc:
        dialog = ImportReportDialog(exc.report)
    qtbot.addWidget(dialog)
    text = dialog.text.toPlainText()
    assert text.count("행, 전화번호 열: ") == MAX_LISTED and "3,000건 × 전화번호 열" in text
