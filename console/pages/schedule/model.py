"""Qt table model for the Schedule page: one row per slot of today's and tonight's queue."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush

from care.vocabulary import AttemptStatus, CallOutcome, SlotStatus
from console.common.context import DISPLAY_TZ
from console.common.labels import label, outcome_row_colour
from console.common.rows_model import RowsTableModel


def _tr(text: str) -> str:
    return QCoreApplication.translate("ScheduleTableModel", text)


def status_text(status: str | None) -> str:
    return label(SlotStatus, status) if status else ""


def attempt_text(status: str | None) -> str:
    return label(AttemptStatus, status) if status else "-"


def outcome_text(outcome: str | None) -> str:
    return label(CallOutcome, outcome) if outcome else ""


class ScheduleTableModel(RowsTableModel):
    COLUMNS = ("household", "name", "window", "status", "attempts", "step", "outcome", "next")

    def row_at(self, row: int):
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def cell(self, r, key: str, role: int):
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, self.COLUMNS.index(key))
        if role == Qt.ItemDataRole.BackgroundRole:
            colour = outcome_row_colour(r.outcome, r.status)
            return QBrush(colour) if colour else None
        if role == Qt.ItemDataRole.ToolTipRole and r.provider == "simulated":
            return _tr("모의 회선 (simulated line)")
        return None

    @staticmethod
    def _display(r, column: int) -> str:
        if column == 0:
            return r.household_ref
        if column == 1:
            return r.name
        if column == 2:
            start, end = r.window_start.astimezone(DISPLAY_TZ), r.window_end.astimezone(DISPLAY_TZ)
            manual = _tr(" (수동)") if r.slot.startswith("manual-") else ""
            return f"{start:%m-%d %H:%M}–{end:%H:%M}{manual}"
        if column == 3:  # a slot a pause or a plan change took out of the queue says so
            if r.status == "skipped" and r.outcome in ("paused", "cancelled"):
                return _tr("일시중지") if r.outcome == "paused" else _tr("취소됨")
            return status_text(r.status)
        if column == 4:
            return str(r.attempts_made)
        if column == 5:
            return attempt_text(r.attempt_status) + (_tr(" [모의]") if r.provider == "simulated" else "")
        if column == 6:
            return outcome_text(r.outcome)
        if column == 7:
            return f"{r.next_attempt_at.astimezone(DISPLAY_TZ):%H:%M}" if r.next_attempt_at and r.status in (
                "due", "retry_wait") else ""
        return ""
