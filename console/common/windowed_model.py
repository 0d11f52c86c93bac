"""A table model that holds only the pages of rows fetched so far (issues 13 and 19).

The page hands it the first page and the total the care service counted in SQL; the view asks
for more as the person scrolls (canFetchMore/fetchMore), and the next page is read off the GUI
thread by the same query that produced the first one. Replacing the rows (a new search, counter or
sort) is a reset over at most one page: no 10,000-row list is built or copied on the GUI thread.

    model.reset_window(first.rows, first.total, lambda offset, limit: service(..., offset=offset, limit=limit))
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, Signal

from console.common.rows_model import Index, RowsTableModel
from console.common.tasks import run_in_background

# offset, limit -> the rows from `offset` (a worker thread calls it)
PageFetch = Callable[[int, int], Sequence[Any]]


class WindowedRowsModel(RowsTableModel):
    """`total_rows` is what the query counted; `rowCount()` what has been fetched of it."""

    fetchFailed = Signal(object)  # the exception of a page that could not be read
    pageFetched = Signal(int)  # rows now held, after a page arrived

    def __init__(self, parent=None, titles: list[str] | None = None, page_rows: int = 200) -> None:
        super().__init__(parent, titles)
        self.page_rows = page_rows
        self._total = 0
        self._fetch: PageFetch | None = None
        self._fetching = False
        self._generation = 0  # a reset makes every page still out stale

    @property
    def total_rows(self) -> int:
        return self._total

    @property
    def fetching(self) -> bool:
        return self._fetching

    def reset_window(self, rows: Sequence[Any], total: int, fetch: PageFetch | None) -> None:
        """Show `rows` (the first page) of `total`; `fetch` reads the later pages."""
        self.beginResetModel()
        self._generation += 1
        self._rows = list(rows)
        self._total = max(total, len(self._rows))
        self._fetch = fetch
        self._fetching = False
        self.endResetModel()

    def set_rows(self, rows) -> None:
        """All rows at once (small lists): nothing more to fetch."""
        rows = list(rows)
        self.reset_window(rows, len(rows), None)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008 - Qt's own signature
        return (not parent.isValid() and self._fetch is not None and not self._fetching
                and len(self._rows) < self._total)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008 - Qt's own signature
        if not self.canFetchMore(parent) or self._fetch is None:
            return
        self._fetching = True
        generation, offset = self._generation, len(self._rows)
        run_in_background(self, self._fetch, offset, min(self.page_rows, self._total - offset),
                          on_success=lambda rows: self._append(generation, offset, rows),
                          on_error=lambda exc: self._failed(generation, exc))

    def _append(self, generation: int, offset: int, rows: Sequence[Any]) -> None:
        if generation != self._generation:
            return  # the rows were replaced meanwhile: this page belongs to an older query
        rows = list(rows)[: self._total - offset]
        if offset != len(self._rows) or not rows:  # fewer rows than counted (they changed since): stop asking
            self._fetching = False
            self._total = len(self._rows)
            return
        # still "fetching" until the rows are in: a view or tester may ask for more from inside
        # beginInsertRows, and must not ask for this page again
        self.beginInsertRows(QModelIndex(), offset, offset + len(rows) - 1)
        self._rows.extend(rows)
        self._fetching = False
        self.endInsertRows()
        self.pageFetched.emit(len(self._rows))

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self._fetching = False
            self._fetch = None  # no retry loop: the next reload starts over
            self.fetchFailed.emit(exc)
