"""Notice other writers (the runner, the ingest, another PC) cheaply: ask a tiny version query
off the GUI thread every few seconds while the page is visible, and say when the answer changed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QWidget

from console.common.tasks import run_in_background

_UNSET = object()


class VersionPoller(QObject):
    """A page that knows the version its data was loaded at reports it with `seen()`; answers are
    compared with that, so a reload that failed is tried again at the next poll. A page that does
    not report is compared with the previous answer (the first answer is the baseline)."""

    changed = Signal()  # the data on screen is older than the database: reload
    failed = Signal(object)

    def __init__(self, owner: QWidget, version_fn: Callable[..., Any], *args: Any, interval_ms: int = 5000,
                 only_when_visible: bool = True) -> None:
        super().__init__(owner)
        self.owner, self.version_fn, self.args = owner, version_fn, args
        self.only_when_visible = only_when_visible
        self._version: Any = _UNSET
        self._reported = False
        self._busy = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poll)

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def seen(self, version: Any) -> None:
        """The page now shows data at this version."""
        self._version, self._reported = version, True

    @Slot()
    def poll(self) -> None:
        if self._busy or (self.only_when_visible and not self.owner.isVisible()):
            return
        self._busy = True
        run_in_background(self.owner, self.version_fn, *self.args, on_success=self._answer, on_error=self._error)

    def _answer(self, version: Any) -> None:
        self._busy = False
        if self._version is _UNSET:
            self._version = version  # the baseline
            return
        if version != self._version:
            if not self._reported:
                self._version = version
            self.changed.emit()

    def _error(self, exc: BaseException) -> None:
        self._busy = False
        self.failed.emit(exc)
