"""The review queue a page at a time (issue 19): the count and the first page in SQL, the rest as
the table scrolls, in the queue's own order."""

from __future__ import annotations

from care.review import queue as review
from care.review.queue_window import review_window
from console.common.context import ConsoleContext
from console.pages.review.view import ReviewWidget
from tests.care.test_reasons import home, raise_flag

PAGE = 4


def test_the_queue_pages_as_it_scrolls_in_the_queues_order(qtbot, qtmodeltester, db):
    for n in range(11):
        raise_flag(db, home(db, n), "meals" if n % 3 else "emergency", "low" if n % 3 else "high", key=f"q{n}")
    expected = [r.id for r in review.review_queue(db)]
    assert [r.id for o in range(0, 12, PAGE) for r in review_window(db, offset=o, limit=PAGE).rows] == expected
    page = ReviewWidget(ConsoleContext(db=db, actor="supervisor"))
    page.page_rows = PAGE
    page.poller.stop()
    qtbot.addWidget(page)
    page.resize(1100, 300)
    with qtbot.waitSignal(page.loaded, timeout=10_000) as blocker:
        page.show()
    assert blocker.args == [len(expected)] == [page.model.total_rows] and "11" in page.count_label.text()
    qtmodeltester.check(page.model)
    while page.model.rowCount() < page.model.total_rows:
        with qtbot.waitSignal(page.model.pageFetched, timeout=10_000):
            page.table.scrollToBottom()
            if not page.model.fetching:
                page.model.fetchMore()
    assert [page.model.row_at(r).id for r in range(page.model.rowCount())] == expected
    qtmodeltester.check(page.model)
