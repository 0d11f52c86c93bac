"""Every household row opens that household's page: Enter or double-click on a row of any page's
table (QAbstractItemView.activated: Return/Enter, and a double-click unless the style activates on
one click). The page says which household; the main window opens it (and keeps the history)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, SignalInstance
from PySide6.QtWidgets import QAbstractItemView


def household_of(row: Any) -> int | None:
    """A row's household: `household_id` (flags, slots, device statuses) or the household row's `id`."""
    hid = getattr(row, "household_id", None)
    if hid is None:
        hid = getattr(row, "id", None)
    return int(hid) if hid is not None else None


def link_household_rows(view: QAbstractItemView, row_at: Callable[[int], Any], signal: SignalInstance) -> None:
    """Activating a row of `view` emits `signal(household_id)`."""

    def activated(index: QModelIndex) -> None:
        if index.isValid():
            hid = household_of(row_at(index.row()))
            if hid is not None:
                signal.emit(hid)

    view.activated.connect(activated)
