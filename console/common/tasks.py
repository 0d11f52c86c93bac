"""Run blocking work off the GUI thread and hand the result back to a slot on it.

    run_in_background(self, households.search, db, query,
                      on_success=self._show_rows, on_error=self._show_error)

The callable runs on QThreadPool.globalInstance(); `on_success(result)` / `on_error(exc)` run on
the GUI thread (queued signal), so they may touch widgets. Exceptions that carry an `exit_code`
are the ones a person can act on; `error_text(exc)` words any exception for a dialog without a
traceback. `progress` lets core code report progress through a plain callback.
"""

from __future__ import annotations

import gc
import logging
import sys
import traceback
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, QTimer, Signal

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
        except BaseException as exc:
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


class LatestLoader(QObject):
    """One kind of load for a page where only the newest request matters ("latest request
    wins"): every `load()` supersedes the earlier ones, whose answers are dropped when they come
    back late. Replaces the pages' generation counters and `_tagged` helpers.

        self.queue = LatestLoader(self, self._show_queue, self._load_failed)
        self.queue.load(review.review_queue, db, status="open")

    Callbacks are bound methods of a live widget (run_in_background skips them once the owner
    is gone); `pending` says whether a load is still out."""

    def __init__(self, owner: QObject, on_success: Callable[[Any], None],
                 on_error: Callable[[BaseException], None] | None = None) -> None:
        super().__init__(owner)
        self.on_success, self.on_error = on_success, on_error
        self._latest = 0
        self._answered = 0

    @property
    def pending(self) -> bool:
        return self._answered < self._latest

    def load(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        self._latest += 1
        run_in_background(self, _numbered, self._latest, fn, args, kwargs, on_success=self._answer)

    def cancel(self) -> None:
        """Drop whatever is out: nothing is delivered until the next load()."""
        self._latest += 1
        self._answered = self._latest

    def _answer(self, numbered: tuple[int, bool, Any]) -> None:
        number, ok, value = numbered
        if number != self._latest:
            return  # a newer request is out (or the load was cancelled): this answer is stale
        self._answered = number
        if ok:
            self.on_success(value)
        elif self.on_error is not None:
            self.on_error(value)


def _numbered(number: int, fn: Callable[..., Any], args: tuple, kwargs: dict) -> tuple[int, bool, Any]:
    """Worker thread: the answer carries its request's number; a failure comes back as a value
    (logged here as _Task would), so a stale failure is dropped like a stale result."""
    try:
        return number, True, fn(*args, **kwargs)
    except Exception as exc:
        if not hasattr(exc, "exit_code"):
            log.error("background load failed:\n%s", traceback.format_exc())
        return number, False, exc


def freeze_startup_heap() -> None:
    """Once the window is built: every object alive now (modules, Qt wrappers, SQLAlchemy's
    compiled statements) leaves the collector's reach (gc.freeze). A full collection then walks only
    what was made since; one that a loader thread triggered while holding the GIL took ~130 ms and
    froze the GUI with it (bench/overview.py at 10,000 households)."""
    gc.collect()
    gc.freeze()


GUI_SWITCH_INTERVAL_S = 0.001


def favour_gui_thread() -> None:
    """Loader threads hand the interpreter lock back every 1 ms instead of Python's default 5 ms.

    A loader thread building rows holds the lock between its database reads; each time the GUI
    thread calls back into Python (a model's data(), a timer, a slot) it waits for the next hand-over,
    and on a busy 2-core PC the waits add up (the convoy effect; a test loop ticking every 2 ms beside
    a pure-Python thread got 56 ticks a second with 5 ms, 113 with 1 ms). bench/overview.py's
    longest stall: 201 ms with 5 ms (load 9), 72 ms with 1 ms (load 7); at load 17-20 it is still
    over 100 ms, most of it the operating system not running the GUI thread. Loads take the same
    CPU; only the hand-overs are more frequent."""
    sys.setswitchinterval(GUI_SWITCH_INTERVAL_S)


def _tr(text: str) -> str:
    return QCoreApplication.translate("ErrorText", text)


def error_text(exc: BaseException) -> str:
    """The one message helper: what a dialog or status line says about a failure, in words and
    in the console's language. Database errors never show the driver's text (raw SQL, constraint
    names); that goes to the log. Other errors a person can act on (`exit_code`) keep their own
    message; anything else is named without a traceback."""
    from storage.errors import ConnectionFailedError, DatabaseCorruptError, DatabaseLockedError, StorageError

    if isinstance(exc, ConnectionFailedError):  # the CLI's four sentences (storage.db), in the console's language
        log.warning("database server problem shown to the user: %s", exc)
        return connection_text(exc.kind)
    if isinstance(exc, StorageError):
        log.warning("database error shown to the user: %s", exc)
        if isinstance(exc, DatabaseLockedError):
            return _tr("다른 프로그램(다른 안부 창, 백업 프로그램 등)이 데이터베이스를 쓰고 있습니다. "
                       "잠시 뒤 다시 해 보세요.")
        if isinstance(exc, DatabaseCorruptError):
            return _tr("데이터베이스 파일이 손상되었거나 안부 데이터베이스가 아닙니다. "
                       "옆에 있는 최근 백업(anbu.sqlite3.bak-*)으로 복원하세요.")
        return _tr("데이터베이스에 기록하지 못했습니다. 아무것도 바뀌지 않았습니다. "
                   "다시 해 보고, 계속되면 관리자에게 알려 주세요 (자세한 내용은 로그에 있습니다).")
    if hasattr(exc, "exit_code"):
        return str(exc)
    return _tr("예상하지 못한 오류가 났습니다 (%1). 자세한 내용은 로그에 있습니다.").replace("%1", type(exc).__name__)


def connection_text(kind: str) -> str:
    """What the console says when the database server is down or refuses this PC."""
    from storage.errors import ConnectionFailedError as Failed

    if kind == Failed.WRONG_PASSWORD:
        return _tr("서버가 이 PC의 데이터베이스 비밀번호를 거부했습니다. 운영체제 키링에 저장된 비밀번호를 "
                   "확인하거나 구청 전산 담당자에게 문의하세요.")
    if kind == Failed.DATABASE_MISSING:
        return _tr("서버에 안부 데이터베이스가 없습니다. 주소(URL)의 데이터베이스 이름을 확인하거나 "
                   "구청 전산 담당자에게 만들어 달라고 요청하세요.")
    if kind == Failed.TLS:
        return _tr("서버와 이 PC의 암호화(TLS) 연결 설정이 맞지 않습니다. 구청 전산 담당자가 알려 준 "
                   "sslmode를 주소(URL)에 넣으세요.")
    return _tr("데이터베이스 서버에 연결할 수 없습니다 (서버가 꺼졌거나 네트워크·방화벽 문제). 서버가 돌아오면 "
               "자동으로 다시 연결합니다. 바뀐 데이터는 없습니다.")


def wait_for_tasks(msecs: int = 30_000) -> bool:
    """Tests and shutdown: wait until every background task has finished."""
    return QThreadPool.globalInstance().waitForDone(msecs)
