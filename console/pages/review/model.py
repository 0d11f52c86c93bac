"""The review queue as a Qt table: frozen care.review.queue.FlagRow rows, already ordered by the query
(urgent first, oldest first), so the model never sorts. The words for severities, categories,
sources, statuses and outcomes come from console.common.labels (the page reuses the same helpers)."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from care.review.queue import FlagRow
from care.vocabulary import FlagCategory, FlagSource, FlagStatus, Resolution, Severity
from console.common.context import DISPLAY_TZ
from console.common.labels import (
    RESOLVED_TEXT,
    label,
    reason_text,
    severity_icon,
    severity_row_colour,
    severity_text_colour,
)
from console.common.windowed_model import PageFetch, WindowedRowsModel


class ReviewTableModel(WindowedRowsModel):
    """The queue a page at a time as the table scrolls (care.review.queue_window)."""

    COLUMNS = ("severity", "category", "household", "source", "status", "assignee", "age")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._now = datetime.now(UTC)
        self.set_titles([self.tr("긴급도"), self.tr("분류"), self.tr("가구"), self.tr("출처"), self.tr("상태"),
                         self.tr("담당"), self.tr("경과")])
        self._bold = QFont()
        self._bold.setBold(True)

    # ---- names shared with the page (all from console.common.labels) ----------------------------------
    @staticmethod
    def severity_name(severity: str) -> str:
        return label(Severity, severity)

    @staticmethod
    def category_name(category: str) -> str:
        return label(FlagCategory, category)

    @staticmethod
    def source_name(source: str) -> str:
        return label(FlagSource, source)

    @staticmethod
    def status_name(status: str) -> str:
        return label(FlagStatus, status)

    @staticmethod
    def outcome_name(outcome: str | None) -> str:
        return label(Resolution, outcome) if outcome else ""

    def age_text(self, ts: datetime) -> str:
        seconds = max(0, int((self._now - ts).total_seconds()))
        if seconds < 60:
            return self.tr("방금")
        if seconds < 3600:
            return self.tr("%1분 전").replace("%1", str(seconds // 60))
        if seconds < 86400:
            return self.tr("%1시간 전").replace("%1", str(seconds // 3600))
        return self.tr("%1일 전").replace("%1", str(seconds // 86400))

    # ---- rows -------------------------------------------------------------------------------------
    def set_rows(self, rows: list[FlagRow], now: datetime | None = None) -> None:
        self._now = now or datetime.now(UTC)
        super().set_rows(rows)

    def reset_window(self, rows, total: int, fetch: PageFetch | None, now: datetime | None = None) -> None:
        self._now = now or datetime.now(UTC)
        super().reset_window(rows, total, fetch)

    def tick(self, now: datetime | None = None) -> None:
        """Move "now" on: the age column says how long ago, measured from now."""
        self._now = now or datetime.now(UTC)
        if self._rows:
            column = self.COLUMNS.index("age")
            self.dataChanged.emit(self.index(0, column), self.index(len(self._rows) - 1, column))

    def find(self, flag_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == flag_id), -1)

    def _display(self, r: FlagRow, key: str) -> str:
        if key == "severity":
            return self.severity_name(r.severity)
        if key == "category":
            return self.category_name(r.category)
        if key == "household":
            demo = " " + self.tr("(데모)") if r.is_demo else ""
            return f"{r.household_ref} {r.household_name}{demo}"
        if key == "source":
            return self.source_name(r.source)
        if key == "status":
            if r.status == FlagStatus.RESOLVED and r.resolution:
                return f"{self.status_name(r.status)} · {self.outcome_name(r.resolution)}"
            return self.status_name(r.status)
        if key == "assignee":
            return r.assignee or ""
        return self.age_text(r.created_at)

    def cell(self, r: FlagRow, key: str, role: int):
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, key)
        if role == Qt.ItemDataRole.BackgroundRole and r.status != FlagStatus.RESOLVED and r.severity != Severity.LOW:
            colour = severity_row_colour(r.severity)
            return QBrush(colour) if colour else None
        if role == Qt.ItemDataRole.ForegroundRole:
            if r.status == FlagStatus.RESOLVED:
                return QBrush(QColor(RESOLVED_TEXT))
            if key == "severity":
                return QBrush(severity_text_colour(r.severity))
        if role == Qt.ItemDataRole.DecorationRole and key == "severity":
            return severity_icon(r.severity)
        if role == Qt.ItemDataRole.FontRole and key == "severity" and r.severity == Severity.HIGH:
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == "age":
                return r.created_at.astimezone(DISPLAY_TZ).strftime("%Y-%m-%d %H:%M")
            return reason_text(r.reason)
        if role == Qt.ItemDataRole.UserRole:
            return r.id
        return None
