"""One table set-up for every page: a read-only QTableView over a RowsTableModel, whole rows
selected one at a time, no row numbers, rows 26 px high, columns sized to their words with one
column taking the rest of the width."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

SIZED_ROWS = 0  # QHeaderView: 0 = the visible rows only (Qt's default: 1,000 rows)


def make_table(model: QAbstractItemModel, parent: QWidget, *, stretch: int | None = None,
               alternating: bool = False) -> QTableView:
    """`stretch`: the column that takes the spare width (None: the last one)."""
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(26)
    view.setAlternatingRowColors(alternating)
    header = view.horizontalHeader()
    header.setMinimumSectionSize(40)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    # columns fit the rows in view, not every row: over 10,000 rows ResizeToContents asked each row
    # for its text on the GUI thread (issue 19: 0.5-0.9 s stalls on the Devices page)
    header.setResizeContentsPrecision(SIZED_ROWS)
    if stretch is None:
        header.setStretchLastSection(True)
    else:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view
