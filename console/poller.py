"""Notice other writers (the runner, the ingest, another PC) cheaply: ask a tiny version query
off the GUI thread every few seconds while the page is visible, and say when the answer changed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QWidget

from .tasks import run_in_background


class VersionPoller(QObject):
    changed = Signal()  # the version moved since the last answer: reload
    failed = Signal(object)

    def __init__(self, owner: QWidget, version_fn: Callable[..., Any], *args: Any, interval_ms: int = 5000) -> None:
        super().__init__(owner)
        self.owner, self.version_fn, self.args = owner, version_fn, args
        self._version: Any = None
        self._busy = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poll)

    def start(self) -> None:
        self.timer.start()

    @Slot()
    def poll(self) -> None:
        if self._busy or not self.owner.isVisible():
            return
        self._busy = True
        run_in_background(self.owner, self.version_fn, *self.args, on_success=self._answer, on_error=self._error)

    def _answer(self, version: Any) -> None:
        self._busy = False
        first, moved = self._version is None, version != self._version
        self._version = version
        if moved and not first:
            self.changed.emit()

    def _error(self, exc: BaseException) -> None:
        self._busy = False
        self.failed.emit(exc)
