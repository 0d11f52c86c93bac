"""Pages load when first shown, not all at start (issue 19: at 10,000 households the review queue
and the devices list are seconds of work the first screen does not need)."""

from __future__ import annotations

from sqlalchemy import func, select

from care.review.queue import ENTITY
from console.common.context import ConsoleContext
from console.main_window import MainWindow
from storage.models import AuditEvent


def review_views(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.entity == ENTITY))


def test_review_and_devices_wait_until_brought_up(qtbot, db):
    window = MainWindow(ConsoleContext(db=db, actor="tester"), restore_geometry=False)
    qtbot.addWidget(window)
    review_page, devices_page = window.pages["review"], window.pages["devices"]
    with qtbot.waitSignal(window.firstLoadDone, timeout=10_000):
        window.show()
        window.reload()  # what the console does at start
        # asked synchronously or not at all: neither hidden page has a load out
        assert not review_page.queue_loader.pending and not devices_page.households_loader.pending
    assert review_views(db) == 0  # nobody has looked at the queue yet, and the access log says so
    with qtbot.waitSignal(devices_page.loaded, timeout=10_000):
        window.show_page("devices")
    with qtbot.waitSignal(review_page.loaded, timeout=10_000):
        window.show_page("review")
    assert review_views(db) == 1
