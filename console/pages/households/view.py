"""Households page: search box, SQL-sorted table, add/edit, CSV import/export."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from care.households import csv_import as household_csv
from care.households import registry as households
from console.common.context import ConsoleContext
from console.common.household_link import link_household_rows
from console.common.messages import show_message
from console.common.tasks import error_text, run_in_background
from console.pages.households.csv_import import HouseholdImportRunner
from console.pages.households.dialog import HouseholdDialog
from console.pages.households.model import HouseholdsTableModel
from console.pages.reports.reason_dialog import ReasonDialog
from storage.vocabulary import Role


class HouseholdsWidget(QWidget):
    loaded = Signal(int)  # rows shown after a (re)load
    exported = Signal(int)  # households written by an export
    householdRequested = Signal(int)  # a row activated (Enter / double-click): open its household page

    FILTER_DELAY_MS = 200

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._generation = 0
        self._sort = ("name", False)
        self.last_dialog: ReasonDialog | None = None

        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("이름, 전화번호, 동, 주소로 검색"))
        self.search.setClearButtonEnabled(True)
        self.count_label = QLabel(self)
        self.add_button = QPushButton(self.tr("가구 추가"), self)
        self.edit_button = QPushButton(self.tr("가구 정보 수정"), self)
        self.import_button = QPushButton(self.tr("CSV 가져오기"), self)
        self.export_button = QPushButton(self.tr("CSV 내보내기"), self)
        # importing and exporting every household is for supervisors (the services refuse others)
        for button in (self.import_button, self.export_button):
            button.setVisible(ctx.at_least(Role.SUPERVISOR))

        self.model = HouseholdsTableModel(self)
        self.model.set_titles([self.tr("이름"), self.tr("전화번호"), self.tr("동"), self.tr("주소"), self.tr("담당자"),
                               self.tr("출생연도"), self.tr("녹음 동의"), self.tr("중지")])
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for col, width in enumerate((110, 130, 90, 330, 120, 80, 80, 50)):
            header.resizeSection(col, width)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        top.addWidget(self.add_button)
        top.addWidget(self.edit_button)
        top.addWidget(self.import_button)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)

        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(self.FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.reload)
        self.search.textChanged.connect(self._filter_timer.start)
        self.model.sortRequested.connect(self._on_sort_requested)
        link_household_rows(self.table, self.model.row_at, self.householdRequested)
        self.add_button.clicked.connect(self.add_household)
        self.edit_button.clicked.connect(self.edit_selected)
        self.import_button.clicked.connect(self.import_csv)
        self.export_button.clicked.connect(self.export_csv)
        self._importer = HouseholdImportRunner(ctx, self)
        self._importer.finished.connect(self.reload)

    # --- loading -----------------------------------------------------------------------------
    @Slot()
    def reload(self) -> None:
        """Re-run the table's query off the GUI thread; stale answers are dropped."""
        self._generation += 1
        generation = self._generation
        sort, descending = self._sort
        if len(self.search.text().strip()) > households.MAX_SEARCH:
            self.count_label.setText(self.tr("검색어가 너무 깁니다 (%1자 이내)").replace("%1", str(households.MAX_SEARCH)))
            self.count_label.setStyleSheet("color: #b00020;")
            return
        self.count_label.setStyleSheet("")
        run_in_background(
            self, households.search_households, self.ctx.db, self.search.text(), sort, descending, self.ctx.actor,
            on_success=lambda rows: self._show_rows(generation, rows),
            on_error=self._show_error,
        )

    def apply_filter(self, text: str) -> None:
        """Set the search text and load at once (no typing delay)."""
        self.search.blockSignals(True)
        self.search.setText(text)
        self.search.blockSignals(False)
        self.reload()

    def _show_rows(self, generation: int, rows: list[households.HouseholdRow]) -> None:
        if generation != self._generation:
            return
        self.model.set_rows(rows)
        self.count_label.setText(self.tr("%n 가구", "", len(rows)))
        self.loaded.emit(len(rows))

    @Slot(str, bool)
    def _on_sort_requested(self, key: str, descending: bool) -> None:
        self._sort = (key, descending)
        self.reload()

    def _show_error(self, exc: BaseException) -> None:
        show_message(self, self.tr("가구 목록"), error_text(exc), warning=True)

    # --- actions -----------------------------------------------------------------------------
    @Slot()
    def add_household(self) -> None:
        dialog = HouseholdDialog(self.ctx, None, self)
        dialog.saved.connect(self.reload)
        dialog.open()

    @Slot()
    def edit_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        dialog = HouseholdDialog(self.ctx, self.model.row_at(rows[0].row()).id, self)
        dialog.saved.connect(self.reload)
        dialog.open()

    @Slot()
    def import_csv(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("가구 CSV 가져오기"), "", self.tr("CSV 파일 (*.csv)"))
        if path:
            self._importer.start(path)

    @Slot()
    def export_csv(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("가구 CSV 내보내기"), "households.csv",
                                              self.tr("CSV 파일 (*.csv)"))
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> ReasonDialog:
        """Export what the table shows (its search text and order), after asking why (access log);
        headers in the console's language."""
        text, (sort, descending) = self.search.text(), self._sort
        headers = "ko" if self.ctx.lang == "ko" else "en"

        def go(reason: str) -> None:
            run_in_background(self, household_csv.export_households_to_file, self.ctx.db, self.ctx.actor, path,
                              headers, text=text, sort=sort, descending=descending, reason=reason,
                              on_success=self._exported, on_error=self._show_error)

        dialog = ReasonDialog(self.tr("가구 목록 내보내기"), self)
        dialog.reasonGiven.connect(go)
        self.last_dialog = dialog
        dialog.open()
        return dialog

    def _exported(self, n: int) -> None:
        self.exported.emit(n)
        show_message(self, self.tr("CSV 내보내기"), self.tr("%n 가구를 저장했습니다.", "", n))
