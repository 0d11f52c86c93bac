"""The households table's model. It holds frozen rows that a background query produced; sorting
is done in SQL (the view asks for it, the widget re-queries), so a 10,000-row registry never meets
a Python lessThan."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from care.households import HouseholdRow

Index = QModelIndex | QPersistentModelIndex


class HouseholdsTableModel(QAbstractTableModel):
    sortRequested = Signal(str, bool)  # sort key, descending

    # (sort key, header) — headers are translated by the widget via headerTitles
    COLUMNS = ("name", "phone", "dong", "address", "worker", "birth_year", "consent", "active")

    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._rows: list[HouseholdRow] = []
        self._titles = list(self.COLUMNS)

    def set_titles(self, titles: list[str]) -> None:
        self._titles = titles
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(titles) - 1)

    def set_rows(self, rows: list[HouseholdRow]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row_at(self, row: int) -> HouseholdRow:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        key = self.COLUMNS[index.column()]
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

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201, N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._titles[section]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sortRequested.emit(self.COLUMNS[column], order == Qt.SortOrder.DescendingOrder)
