"""Keyholders (비상연락처) in calling order: ▲/▼ reorders them (saved at once through
care.households.record.household_update, the same path as `household update`), "연락함" records
that a person phoned the selected one (a follow-up with channel "keyholder")."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from care.households.phones import display_phone
from care.households.record import household_update
from care.households.registry import ContactInput
from console.common.context import ConsoleContext
from console.common.rows_model import RowsTableModel
from console.common.tables import make_table
from console.common.tasks import error_text, run_in_background


class KeyholdersModel(RowsTableModel):
    COLUMNS = ("order", "name", "relation", "phone", "key", "notify")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.set_titles([self.tr("순서"), self.tr("이름"), self.tr("관계"), self.tr("전화번호"), self.tr("열쇠"),
                         self.tr("알림 동의")])

    def cell(self, c: ContactInput, key: str, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "order":
                return str(self._rows.index(c) + 1)
            if key == "phone":
                return display_phone(c.phone)
            if key == "key":
                return self.tr("있음") if c.has_key else ""
            if key == "notify":  # escalations reach only keyholders who consented
                return self.tr("동의") if c.notify_consent else self.tr("미동의")
            return getattr(c, key)
        if role == Qt.ItemDataRole.TextAlignmentRole and key == "order":
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class KeyholdersWidget(QWidget):
    changed = Signal()  # the order was saved
    calledRequested = Signal(object)  # ContactInput: record a follow-up for this keyholder

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.household_id: int | None = None
        self.model = KeyholdersModel(self)
        self.table = make_table(self.model, self)  # the last column takes the spare width
        self.up = QPushButton("▲ " + self.tr("위로"), self)
        self.down = QPushButton("▼ " + self.tr("아래로"), self)
        self.called = QPushButton(self.tr("연락함"), self)
        self.called.setToolTip(self.tr("이 비상연락처와 통화한 결과를 후속 연락으로 기록합니다"))
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        for b in (self.up, self.down, self.called):
            buttons.addWidget(b)
        buttons.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("전화할 순서대로 (1번부터)"), self))
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.up.clicked.connect(lambda: self.move(-1))
        self.down.clicked.connect(lambda: self.move(1))
        self.called.clicked.connect(self._called)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()

    def set_keyholders(self, household_id: int, contacts: tuple[ContactInput, ...], keep_row: int | None = None) -> None:
        self.household_id = household_id
        self.model.set_rows(contacts)
        if keep_row is not None and 0 <= keep_row < len(contacts):
            self.table.selectRow(keep_row)
        self._update_buttons()

    def selected_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    @Slot()
    def _update_buttons(self, *_args) -> None:
        row, n = self.selected_row(), self.model.rowCount()
        self.up.setEnabled(row is not None and row > 0)
        self.down.setEnabled(row is not None and row < n - 1)
        self.called.setEnabled(row is not None)

    def move(self, step: int) -> None:
        row = self.selected_row()
        if row is None or self.household_id is None:
            return
        contacts = [self.model.row_at(i) for i in range(self.model.rowCount())]
        target = row + step
        if not 0 <= target < len(contacts):
            return
        contacts[row], contacts[target] = contacts[target], contacts[row]
        obj = {"contacts": [{"name": c.name, "phone": c.phone, "relation": c.relation, "has_key": c.has_key,
                             "notify_consent": c.notify_consent} for c in contacts]}
        self.up.setEnabled(False)
        self.down.setEnabled(False)
        self.message.setText(self.tr("순서를 저장하는 중…"))
        run_in_background(self, household_update, self.ctx.db, self.household_id, obj, self.ctx.actor,
                          on_success=lambda rec: self._saved(rec, target), on_error=self._failed)

    def _saved(self, record, row: int) -> None:
        self.message.setText(self.tr("순서를 저장했습니다."))
        self.set_keyholders(record.id, record.data.contacts, keep_row=row)
        self.changed.emit()

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(error_text(exc))
        self._update_buttons()

    @Slot()
    def _called(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.calledRequested.emit(self.model.row_at(row))
