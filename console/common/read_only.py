"""Read-only while the database server is gone (issue 18): a watch pings the database off the GUI
thread every few seconds; when the server cannot be reached (or refuses: password, TLS, database
missing) a banner says so in a sentence, every button that writes is disabled, and the pages keep
showing what they last loaded. When the server answers again the banner goes, the buttons come
back as their pages left them, and the window reloads.

The buttons that write are named here (page class -> attribute), so the pages need no change; a
page that enables one of them while the console is read-only (a row selected) is overruled until
the server returns, and its wish is what is restored."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from console.common.tasks import error_text, run_in_background
from storage.db import Database
from storage.errors import ConnectionFailedError

# page or section class -> the attributes holding its buttons that write to the database
WRITES: dict[str, tuple[str, ...]] = {
    "ReviewWidget": ("ack_button", "assign_button", "resolve_button"),
    "HouseholdsWidget": ("add_button", "edit_button", "import_button"),
    "ScheduleWidget": ("run_now_button", "plan_button", "pause_button", "duty_button"),
    "SettingsWidget": ("save_button",),
    "EscalationSettingsWidget": ("save_button",),
    "MqttSettingsWidget": ("save_button",),
    "HouseholdPage": ("call_button", "plan_button", "pause_button", "edit_button", "follow_up_button"),
    "HouseholdDevicesWidget": ("add_button", "replace_button", "retire_button"),
    "KeyholdersWidget": ("called",),
    "EscalationBanner": ("take",),
    "AccessLogWidget": ("sign_button",),
}


def write_buttons(window: QWidget) -> list[QAbstractButton]:
    """Every button in `window` that writes (see WRITES)."""
    found: list[QAbstractButton] = []
    for widget in [window, *window.findChildren(QWidget)]:
        for name in WRITES.get(type(widget).__name__, ()):
            button = getattr(widget, name, None)
            if isinstance(button, QAbstractButton):
                found.append(button)
    return found


class ReadOnlyBanner(QLabel):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet("background: #5f2120; color: white; padding: 6px 10px; border-radius: 4px;")
        self.setVisible(False)

    def show_reason(self, reason: str) -> None:
        self.setText(self.tr("서버에 연결할 수 없습니다 — 읽기 전용") + "\n" + reason)
        self.setVisible(True)


class ConnectionWatch(QObject):
    """Pings `db` every `interval_ms` (one ping at a time) and switches the window read-only."""

    lost = Signal(str)  # the sentence shown
    restored = Signal()

    def __init__(self, window: QWidget, db: Database, banner: ReadOnlyBanner, interval_ms: int = 5000) -> None:
        super().__init__(window)
        self.window, self.db, self.banner = window, db, banner
        self.read_only = False
        self._busy = False
        self._forcing = False
        self._wanted: dict[QAbstractButton, bool] = {}  # what each page wants while we hold it disabled
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    @Slot()
    def check(self) -> None:
        if self._busy:
            return
        self._busy = True
        run_in_background(self, self.db.ping, on_success=self._answered, on_error=self._failed)

    def _answered(self, _result: object) -> None:
        self._busy = False
        if not self.read_only:
            return
        self.read_only = False
        self.banner.setVisible(False)
        wanted, self._wanted = self._wanted, {}
        for button, enabled in wanted.items():
            button.removeEventFilter(self)
            button.setEnabled(enabled)
        self.restored.emit()

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        if not isinstance(exc, ConnectionFailedError):
            return  # a locked SQLite file or a refused query is not a lost server
        text = error_text(exc)
        self.banner.show_reason(text)
        if not self.read_only:
            self.read_only = True
            self.lost.emit(text)
        self._hold_write_buttons()

    def _hold_write_buttons(self) -> None:
        """Disable the buttons that write (again at every failed ping: a page opened since has new ones)."""
        for button in write_buttons(self.window):
            if button in self._wanted:
                continue
            self._wanted[button] = button.isEnabled()
            button.installEventFilter(self)
            self._force_off(button)
            button.destroyed.connect(lambda _=None, b=button: self._wanted.pop(b, None))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (self.read_only and not self._forcing and event.type() == QEvent.Type.EnabledChange
                and isinstance(watched, QAbstractButton) and watched in self._wanted):
            self._wanted[watched] = watched.isEnabled()  # the page's wish, kept for when the server returns
            if watched.isEnabled():
                self._force_off(watched)
        return super().eventFilter(watched, event)

    def _force_off(self, button: QAbstractButton) -> None:
        self._forcing = True
        try:
            button.setEnabled(False)
        finally:
            self._forcing = False
