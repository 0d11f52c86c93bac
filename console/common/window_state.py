"""The console's per-user state (language, window geometry): a QSettings INI file in the Anbu
data dir (storage.db.data_dir(), so ANBU_DATA_DIR moves it and tests never touch a real user's
settings), and a main window that fits the screen it opens on.

A fixed 1280×800 window does not fit a 1280×720 or 1366×768 laptop (the status bar ends up off
the screen): the window opens at most the screen's available size, and comes back where the user
left it, clamped to the screen it lands on (a monitor may have gone)."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSettings, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from storage.db import data_dir

GEOMETRY_KEY = "window/geometry"
PREFERRED = QSize(1280, 800)
FRAME_ALLOWANCE = QSize(16, 40)  # title bar and borders the window manager adds outside geometry()


def user_settings() -> QSettings:
    return QSettings(str(data_dir() / "console.ini"), QSettings.Format.IniFormat)


def available_geometry(window: QWidget) -> QRect:
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_to_screen(window: QWidget, *, restore: bool = True) -> None:
    """Restore the saved geometry (if any), then make sure the whole window is on the screen."""
    if restore:
        saved = user_settings().value(GEOMETRY_KEY)
        if saved is not None:
            window.restoreGeometry(saved)
        else:
            window.resize(PREFERRED)
    else:
        window.resize(PREFERRED)
    clamp_to(window, available_geometry(window))


def clamp_to(window: QWidget, area: QRect) -> None:
    """Shrink and move the window so its frame (title bar included) is inside `area`. Before the
    first show the frame is not known yet: FRAME_ALLOWANCE stands in for it."""
    frame = window.frameGeometry().size() - window.geometry().size() if window.isVisible() else FRAME_ALLOWANCE
    frame = frame.expandedTo(QSize(0, 0))
    room = area.size() - frame
    size = window.size().boundedTo(room).expandedTo(window.minimumSize())
    window.resize(size)
    outer = size + frame
    x = min(max(window.frameGeometry().x(), area.left()), area.right() - outer.width() + 1)
    y = min(max(window.frameGeometry().y(), area.top()), area.bottom() - outer.height() + 1)
    window.move(x, y)


def save_geometry(window: QWidget) -> None:
    settings = user_settings()
    settings.setValue(GEOMETRY_KEY, window.saveGeometry())
    settings.sync()
