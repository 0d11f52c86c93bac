"""The households table's model. It holds frozen rows that a background query produced; sorting
is done in SQL (the view asks for it, the widget re-queries), so a 10,000-row registry never meets
a Python lessThan."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor

from care.households.registry import HouseholdRow
from console.common.rows_model import RowsTableModel


class HouseholdsTableModel(RowsTableModel):
    sortRequested = Signal(str, bool)  # sort key, descending

    COLUMNS = ("name", "phone", "dong", "address", "worker", "birth_year", "consent", "active")

    def cell(self, r: HouseholdRow, key: str, role: int):
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "consent":
                return "✔" if r.consent_recording else "—"
            if key == "active":
                return "" if r.active else "✖"
            if key == "birth_year":
                return "" if r.birth_year is None else str(r.birth_year)
            return getattr(r, key)
        if role == Qt.ItemDataRole.ForegroundRole and not r.active:
            return QColor("#888888")
        if role == Qt.ItemDataRole.TextAlignmentRole and key in ("consent", "active", "birth_year"):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.UserRole:
            return r.id
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sortRequested.emit(self.COLUMNS[column], order == Qt.SortOrder.DescendingOrder)
