"""The Reports page's table models: rows are frozen tuples/dataclasses a background build produced."""

from __future__ import annotations

from PySide6.QtCore import Qt

from care.reports.model import HouseholdLine
from console.common.rows_model import RowsTableModel


class FiguresTableModel(RowsTableModel):
    """(measure, this period, previous period) as display text; numbers right-aligned."""

    COLUMNS = ("measure", "now", "before")

    def cell(self, row: tuple[str, str, str], key: str, role: int):
        i = self.COLUMNS.index(key)
        if role == Qt.ItemDataRole.DisplayRole:
            return row[i]
        if role == Qt.ItemDataRole.TextAlignmentRole and i > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class BreakdownTableModel(RowsTableModel):
    """(group, item, count): flags by source/category/severity, outcomes, follow-ups, devices."""

    COLUMNS = ("group", "item", "count")

    def cell(self, row: tuple[str, str, int], key: str, role: int):
        i = self.COLUMNS.index(key)
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{row[i]:,}" if key == "count" else row[i]
        if role == Qt.ItemDataRole.TextAlignmentRole and key == "count":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class NoContactTableModel(RowsTableModel):
    """Households without a confirmed contact in the period, with the reason."""

    COLUMNS = ("ref", "dong", "name", "worker", "phone", "reason", "missed")

    def __init__(self, parent=None, reason_words=None) -> None:
        super().__init__(parent)
        self.reason_words = reason_words or (lambda key: key)

    def cell(self, r: HouseholdLine, key: str, role: int):
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "reason":
                return self.reason_words(r.contact_kind)
            return str(r.missed) if key == "missed" else getattr(r, key)
        if role == Qt.ItemDataRole.TextAlignmentRole and key == "missed":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return r.id
        return None
