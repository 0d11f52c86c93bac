"""The Access-log page: filters by user, household, action and period (in SQL, paged), the monthly
review and its logged sign-off; both item models pass qtmodeltester."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDate
from sqlalchemy import select

from care import audit
from console.pages.access_log.view import AccessLogWidget, previous_month
from storage.models import AuditEvent

KST = ZoneInfo("Asia/Seoul")


@pytest.fixture
def seeded(db, monkeypatch):
    rows = [(datetime(2026, 11, d, h, tzinfo=KST), actor, action, ref) for d, h, actor, action, ref in (
        (2, 10, "kim", "view", "H000001"), (2, 23, "kim", "view", "H000002"), (3, 11, "lee", "export", None),
        (4, 9, "lee", "view", "H000001"), (20, 15, "kim", "update", "H000001"))]
    for at, actor, action, ref in rows:
        monkeypatch.setattr(audit, "utcnow", lambda at=at: at)
        with db.session() as s:
            audit.record(s, actor, action, "household", None, {"rows": 30} if action == "export" else None,
                         household_ref=ref, reason="보고" if action == "export" else None)
    monkeypatch.undo()


@pytest.fixture
def page(qtbot, ctx, seeded):
    widget = AccessLogWidget(ctx)
    qtbot.addWidget(widget)
    widget.since.setDate(QDate(2026, 11, 1))
    widget.until.setDate(QDate(2026, 11, 30))
    return widget


def _search(qtbot, page) -> list:
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.search_button.click()
    return [page.model.row_at(r) for r in range(page.model.rowCount())]


def test_filters_by_user_household_action_and_period(qtbot, qtmodeltester, page):
    rows = _search(qtbot, page)
    assert len(rows) == 5 and rows[0].at > rows[-1].at  # newest first
    qtmodeltester.check(page.model)
    page.user.setText("kim")
    assert {r.user for r in _search(qtbot, page)} == {"kim"} and page.total == 3
    page.household.setText("h000001")  # typed in lower case
    assert [(r.user, r.action) for r in _search(qtbot, page)] == [("kim", "update"), ("kim", "view")]
    page.user.clear()
    page.household.clear()
    page.action.setCurrentText("export")
    [row] = _search(qtbot, page)
    assert row.reason == "보고" and page.model.data(page.model.index(0, 6)) == "보고"
    page.action.setCurrentText("")
    page.until.setDate(QDate(2026, 11, 3))  # the last day is included
    assert len(_search(qtbot, page)) == 3
    assert "3" in page.count_label.text()


def test_each_search_is_itself_logged(qtbot, db, page):
    page.user.setText("kim")
    _search(qtbot, page)
    with db.session() as s:
        row = s.scalars(select(AuditEvent).where(AuditEvent.entity == "audit_event")
                        .order_by(AuditEvent.id.desc()).limit(1)).one()
    assert row.actor == "tester" and row.action == "view" and row.detail["filter"]["user"] == "kim"
    assert row.detail["rows"] == 3


def test_paging(qtbot, page, monkeypatch):
    page.PAGE = 2
    _search(qtbot, page)
    assert page.model.rowCount() == 2 and page.next_button.isEnabled() and not page.prev_button.isEnabled()
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.next_button.click()
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.next_button.click()
    assert page.model.rowCount() == 1 and not page.next_button.isEnabled() and page.prev_button.isEnabled()


def test_monthly_review_and_sign_off(qtbot, qtmodeltester, db, page):
    page.month.setText("2026-11")
    with qtbot.waitSignal(page.reviewLoaded, timeout=10_000):
        page.review_button.click()
    qtmodeltester.check(page.users)
    qtmodeltester.check(page.notable)
    kinds = [page.notable.data(page.notable.index(r, 0)) for r in range(page.notable.rowCount())]
    assert kinds.count("야간 접속") == 1 and kinds.count("대량 내려받기") == 1
    users = {page.users.row_at(r).user: page.users.row_at(r) for r in range(page.users.rowCount())}
    assert users["kim"].views == 2 and users["kim"].night == 1 and users["lee"].records == 31
    assert "2026-11" in page.review_summary.text() and page.sign_button.isEnabled()
    with qtbot.waitSignal(page.signedOff, timeout=10_000) as signed:
        page.sign_button.click()
    assert signed.args == ["2026-11"] and "tester" in page.sign_label.text()
    with db.session() as s:
        row = s.scalars(select(AuditEvent).where(AuditEvent.action == "sign_off")).one()
    assert row.actor == "tester" and row.detail["month"] == "2026-11"


def test_a_bad_month_is_a_dialog_in_korean(qtbot, page, monkeypatch):
    shown = []
    monkeypatch.setattr("console.pages.access_log.view.show_message",
                        lambda parent, title, text, warning=False: shown.append((title, text)))
    page.month.setText("2026-13")
    page.review_button.click()
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert shown[0][0] == "접속기록" and "YYYY-MM" in shown[0][1]


def test_saving_the_review_asks_a_reason_and_logs_it(qtbot, db, page, tmp_path, monkeypatch):
    target = tmp_path / "review.csv"
    monkeypatch.setattr("console.pages.access_log.view.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(target), ""))
    monkeypatch.setattr("console.pages.access_log.view.ask_reason", lambda *a, **k: "11월 점검")
    monkeypatch.setattr("console.pages.access_log.view.show_message", lambda *a, **k: None)
    page.month.setText("2026-11")
    with qtbot.waitSignal(page.reviewLoaded, timeout=10_000):
        page.review_button.click()
    with qtbot.waitSignal(page.saved, timeout=10_000):
        page.csv_button.click()
    assert target.read_text(encoding="utf-8-sig").startswith("접속기록 월간 점검")
    with db.session() as s:
        row = s.scalars(select(AuditEvent).where(AuditEvent.entity == "audit_review",
                                                 AuditEvent.action == "export")).one()
    assert row.reason == "11월 점검"


def test_previous_month():
    assert previous_month(date(2026, 1, 15)) == "2025-12"
    assert previous_month(date(2026, 12, 2)) == "2026-11"
