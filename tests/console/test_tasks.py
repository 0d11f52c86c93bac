"""The background-task helper: results arrive on the GUI thread, errors too, and a widget closed
before its task finishes is never called back."""

from __future__ import annotations

import threading
import time

import shiboken6
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QWidget

from console.common.tasks import error_text, run_in_background, wait_for_tasks


def test_result_and_error_arrive_on_the_gui_thread(qtbot):
    owner = QWidget()
    qtbot.addWidget(owner)
    seen = {}

    def work() -> str:
        seen["worker"] = threading.get_ident()
        return "done"

    run_in_background(owner, work, on_success=lambda r: seen.update(result=r, gui=QThread.currentThread()))
    qtbot.waitUntil(lambda: "result" in seen, timeout=5000)
    assert seen["result"] == "done"
    assert seen["gui"] is QApplication.instance().thread()
    assert seen["worker"] != threading.get_ident()

    class Actionable(Exception):
        exit_code = 2

    def fail() -> None:
        raise Actionable("파일을 읽을 수 없습니다")

    run_in_background(owner, fail, on_error=lambda e: seen.update(error=error_text(e)))
    qtbot.waitUntil(lambda: "error" in seen, timeout=5000)
    assert seen["error"] == "파일을 읽을 수 없습니다"


def test_widget_closed_before_the_result_is_not_called_back(qtbot):
    calls = []
    for _ in range(20):
        owner = QWidget()
        label_holder = {"w": owner}
        run_in_background(owner, lambda: time.sleep(0.01) or 1,
                          on_success=lambda r, h=label_holder: calls.append(h["w"].objectName()))
        shiboken6.delete(owner)  # the C++ widget is gone now, as after a closed dialog
    assert wait_for_tasks(5000)
    for _ in range(5):
        QApplication.processEvents()
        time.sleep(0.01)
    assert calls == []


def test_latest_request_wins(qtbot):
    from console.common.tasks import LatestLoader

    owner = QWidget()
    qtbot.addWidget(owner)
    shown, failed = [], []
    loader = LatestLoader(owner, shown.append, failed.append)
    release = threading.Event()

    def slow() -> str:
        release.wait(10)
        return "stale"

    def broken() -> None:
        release.wait(10)
        raise RuntimeError("stale failure")

    # one blocked worker at a time: the pool may have only two threads on a 2-core machine
    for stale, newest in ((slow, "newest"), (broken, "newest again")):
        release.clear()
        loader.load(stale)
        loader.load(lambda n=newest: n)
        qtbot.waitUntil(lambda n=newest: shown[-1:] == [n], timeout=5000)
        assert loader.pending is False
        release.set()
        assert wait_for_tasks(5000)
        QApplication.processEvents()
        QApplication.processEvents()
    assert shown == ["newest", "newest again"] and failed == []  # the late answers were dropped

    class Actionable(Exception):
        exit_code = 2

    def fails() -> None:
        raise Actionable("파일을 읽을 수 없습니다")

    loader.load(fails)
    qtbot.waitUntil(lambda: len(failed) == 1, timeout=5000)
    assert str(failed[0]) == "파일을 읽을 수 없습니다"
    loader.load(lambda: "cancelled")
    loader.cancel()
    assert wait_for_tasks(5000)
    QApplication.processEvents()
    QApplication.processEvents()
    assert shown == ["newest", "newest again"]
