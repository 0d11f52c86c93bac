"""The overview page (issue 13): a "why" column in words for each coloured row, unreachable
households shown, every column sorts (in SQL: the model asks for a reload), and each household
counter is a link whose count equals the rows it shows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from care.households import followups
from care.households.reasons import row_severity
from care.review.overview import load_overview
from console.common.context import ConsoleContext
from console.common.labels import severity_row_colour
from console.pages.overview import OverviewWidget
from storage.models import CallAttempt
from tests.care.test_reasons import NOW, home, raise_flag


@pytest.fixture
def homes(db):
    urgent, gone, quiet, paused = home(db, 1), home(db, 2), home(db, 3), home(db, 4, paused=True)
    raise_flag(db, urgent, "emergency", "high", key="u1", heard="쓰러졌어요")
    raise_flag(db, quiet, "meals", "low", key="m1", heard="굶었어요")
    with db.session() as s:
        for n in range(3):
            at = NOW - timedelta(days=2, hours=-n)
            s.add(CallAttempt(household_id=gone, slot_key=f"m-{n}", attempt_no=1, idempotency_key=f"g-{n}",
                              status="done", outcome="no_answer", dialed_at=at, ended_at=at))
    followups.add_follow_up(db, gone, "박지은", "phone", "not_reached", at=NOW - timedelta(hours=5))
    return db, {"urgent": urgent, "gone": gone, "quiet": quiet, "paused": paused}


@pytest.fixture
def page(qtbot, homes):
    db, _ = homes
    widget = OverviewWidget(ConsoleContext(db=db, actor="tester"))
    widget.poller.stop()
    qtbot.addWidget(widget)
    widget.resize(1280, 600)
    widget.show()
    with qtbot.waitSignal(widget.loaded, timeout=10_000):
        widget.reload()
    return widget


def rows_by_id(page: OverviewWidget) -> dict[int, int]:
    return {page.model.row_at(r).id: r for r in range(page.model.rowCount())}


def cell(page: OverviewWidget, row: int, key: str, role=Qt.ItemDataRole.DisplayRole):
    return page.model.data(page.model.index(row, page.model.COLUMNS.index(key)), role)


def test_why_column_and_colours(page, homes, qtmodeltester):
    _, ids = homes
    qtmodeltester.check(page.model)
    at = rows_by_id(page)
    assert page.model.row_at(0).id in (ids["urgent"], ids["gone"])  # the most urgent first
    assert cell(page, at[ids["urgent"]], "why").startswith("긴급 플래그 1: 쓰러졌어요 (")
    assert cell(page, at[ids["gone"]], "why").startswith("연락두절: 안부전화 3회 미응답")
    assert "굶었어요" in cell(page, at[ids["quiet"]], "why")
    assert cell(page, at[ids["paused"]], "why") == "안부전화 중지: 입원 중"
    for key in ("urgent", "gone"):
        assert cell(page, at[ids[key]], "name", Qt.ItemDataRole.BackgroundRole) == severity_row_colour("high")
    assert cell(page, at[ids["paused"]], "name", Qt.ItemDataRole.BackgroundRole) is None
    assert "\n" not in cell(page, at[ids["urgent"]], "why") and cell(page, at[ids["urgent"]], "why",
                                                                     Qt.ItemDataRole.ToolTipRole)
    # the colour always agrees with the first reason
    for r in range(page.model.rowCount()):
        row = page.model.row_at(r)
        assert row.severity == row_severity(row.reasons)


@pytest.mark.parametrize("column", ["name", "why", "dong", "worker", "last_call", "flags", "sensors", "robot"])
def test_every_column_sorts_in_sql(page, qtbot, qtmodeltester, column):
    index = page.model.COLUMNS.index(column)
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        if page.table.horizontalHeader().sortIndicatorSection() == index and \
                page.table.horizontalHeader().sortIndicatorOrder() == order:
            continue
        with qtbot.waitSignal(page.loaded, timeout=10_000):
            page.table.sortByColumn(index, order)
        assert page.model.rowCount() == 4
        qtmodeltester.check(page.model)
    names = [page.model.row_at(r).name for r in range(page.model.rowCount())]
    if column == "name":
        assert names == sorted(names, reverse=True)


def test_counters_filter_and_equal_the_rows_shown(page, homes, qtbot):
    db, ids = homes
    summary, _rows = load_overview(db)
    assert (summary.households, summary.flagged, summary.urgent, summary.unreachable) == (4, 2, 2, 1)
    text = page.summary.text()
    for only in ("flagged", "urgent", "unreachable"):
        assert f"href='only:{only}'" in text
    for only, expected in (("urgent", {ids["urgent"], ids["gone"]}), ("unreachable", {ids["gone"]}),
                           ("flagged", {ids["urgent"], ids["quiet"]}), ("all", set(ids.values()))):
        with qtbot.waitSignal(page.loaded, timeout=10_000) as blocker:
            page.summary.linkActivated.emit(f"only:{only}")
        assert set(rows_by_id(page)) == expected
        assert blocker.args == [len(expected)] == [summary.count(only)]
        assert "<u>" in page.summary.text()


def test_search_narrows_rows_and_counters(page, homes, qtbot):
    _, ids = homes
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.search.setText("주민1")
    assert set(rows_by_id(page)) == {ids["urgent"]}
    assert "가구 <b>1</b>" in page.summary.text()
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.search.setText("%_")  # literal, not wildcards
    assert page.model.rowCount() == 0
