"""Run blocking work off the GUI thread and hand the result back to a slot on it.

    run_in_background(self, households.search, db, query,
                      on_success=self._show_rows, on_error=self._show_error)

The callable runs on QThreadPool.globalInstance(); `on_success(result)` / `on_error(exc)` run on
the GUI thread (queued signal), so they may touch widgets. Exceptions that carry an `exit_code`
are the ones a person can act on; `error_text(exc)` words any exception for a dialog without a
traceback. `progress` lets core code report progress through a plain callback.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

log = logging.getLogger(__name__)

_live: set[_Relay] = set()  # keeps relays alive until their task reports back


class _Relay(QObject):
    succeeded = Signal(object)
    failed = Signal(object)
    progressed = Signal(float)


class _Task(QRunnable):
    def __init__(self, relay: _Relay, fn: Callable[..., Any], args: tuple, kwargs: dict) -> None:
        super().__init__()
        self.relay, self.fn, self.args, self.kwargs = relay, fn, args, kwargs

    def run(self) -> None:  # worker thread
        try:
            result = self.fn(*self.args, **self.kwargs)
        except BaseException as exc:  # noqa: BLE001 - reported to the GUI thread
            if not hasattr(exc, "exit_code"):
                log.error("background task failed:\n%s", traceback.format_exc())
            self.relay.failed.emit(exc)
        else:
            self.relay.succeeded.emit(result)


def run_in_background(
    parent: QObject,
    fn: Callable[..., Any],
    *args: Any,
    on_success: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    on_progress: Callable[[float], None] | None = None,
    **kwargs: Any,
) -> None:
    """If `on_progress` is given, `fn` receives `progress=` (a thread-safe callable taking 0..1).

    The relay that carries the result back has no Qt parent: it lives (in `_live`) until its task
    reports, whatever happens to `parent` meanwhile. Callbacks are skipped once `parent` has been
    destroyed, so a lambda that touches a closed widget is never called into freed memory."""
    relay = _Relay()  # created on the GUI thread, so its signals are delivered there

    def guarded(callback: Callable[..., None]) -> Callable[..., None]:
        def call(*a: Any) -> None:
            if shiboken6.isValid(parent):
                callback(*a)

        return call

    def _finish(_result: object = None) -> None:
        # drop the relay after this emission has returned, never while it is emitting
        QTimer.singleShot(0, lambda: _live.discard(relay))

    if on_success:
        relay.succeeded.connect(guarded(on_success))
    if on_error:
        relay.failed.connect(guarded(on_error))
    relay.succeeded.connect(_finish)
    relay.failed.connect(_finish)
    if on_progress is not None:
        relay.progressed.connect(guarded(on_progress))
        kwargs["progress"] = relay.progressed.emit
    _live.add(relay)
    QThreadPool.globalInstance().start(_Task(relay, fn, args, kwargs))


def error_text(exc: BaseException) -> str:
    """What a dialog shows: the message of an error a person can act on, else a short summary."""
    if hasattr(exc, "exit_code"):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def wait_for_tasks(msecs: int = 30_000) -> bool:
    """Tests and shutdown: wait until every background task has finished."""
    return QThreadPool.globalInstance().waitForDone(msecs)
