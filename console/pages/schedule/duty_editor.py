"""The duty roster editor (opened from the Schedule page): the slots in order, remove the selected
one, add one (days, band, name, phone, and the user on duty or none for a desk). Changes go through
care.escalation.roster (DUTY_ROSTER permission: supervisors and up, audited), off the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import QTime, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from care.escalation import roster
from care.escalation.console_feed import duty_editor_state
from care.escalation.roster import DutyView
from care.households.phones import PhoneError, display_phone, normalize_phone
from console.common.context import ConsoleContext
from console.common.tasks import error_text, run_in_background

ERROR_STYLE = "color: #b00020;"
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun", "hol")


class DutyRosterDialog(QDialog):
    changed = Signal()  # a slot was added or removed
    loaded = Signal(int)  # slots shown

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.slots: list[DutyView] = []
        self.setWindowTitle(self.tr("당직표 편집"))
        self.resize(760, 520)
        self.table = QTableWidget(0, 6, self)
        self.table.setHorizontalHeaderLabels([self.tr("순서"), self.tr("이름"), self.tr("요일"), self.tr("시간"),
                                              self.tr("전화번호"), self.tr("근무자")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.remove_button = QPushButton(self.tr("선택한 당직 삭제"), self)
        self.remove_button.clicked.connect(self.remove_selected)

        self.day_boxes = {d: QCheckBox(self._day_word(d), self) for d in DAYS}
        days_row = QHBoxLayout()
        for box in self.day_boxes.values():
            days_row.addWidget(box)
        days_row.addStretch(1)
        self.start = QTimeEdit(QTime(18, 0), self)
        self.end = QTimeEdit(QTime(9, 0), self)
        for t in (self.start, self.end):
            t.setDisplayFormat("HH:mm")
        band = QHBoxLayout()
        band.addWidget(self.start)
        band.addWidget(QLabel("–", self))
        band.addWidget(self.end)
        band.addWidget(QLabel(self.tr("(끝이 시작보다 이르면 다음 날까지, 같으면 24시간)"), self))
        band.addStretch(1)
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(self.tr("예: 야간 당직"))
        self.phone = QLineEdit(self)
        self.phone.setPlaceholderText("010-0000-1111")
        self.user = QLineEdit(self)
        self.user.setPlaceholderText(self.tr("비우면 데스크 (예: 시 통합센터)"))
        self.add_button = QPushButton(self.tr("당직 추가"), self)
        self.add_button.clicked.connect(self.add_slot)
        form = QFormLayout()
        form.addRow(self.tr("요일"), days_row)
        form.addRow(self.tr("시간"), band)
        form.addRow(self.tr("이름"), self.name)
        form.addRow(self.tr("전화번호"), self.phone)
        form.addRow(self.tr("근무자 (사용자)"), self.user)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        close = QPushButton(self.tr("닫기"), self)
        close.clicked.connect(self.accept)

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("긴급 알림은 위에서부터 이 순서로 근무 중인 당직에게 갑니다."), self))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.remove_button)
        layout.addWidget(QLabel("<b>" + self.tr("새 당직") + "</b>", self))
        layout.addLayout(form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self._set_editable(False)
        self.reload()

    def _day_word(self, day: str) -> str:
        return {"mon": self.tr("월"), "tue": self.tr("화"), "wed": self.tr("수"), "thu": self.tr("목"),
                "fri": self.tr("금"), "sat": self.tr("토"), "sun": self.tr("일"), "hol": self.tr("공휴일")}[day]

    def _set_editable(self, on: bool) -> None:
        for w in (self.remove_button, self.add_button, self.name, self.phone, self.user, self.start, self.end,
                  *self.day_boxes.values()):
            w.setEnabled(on)

    @Slot()
    def reload(self) -> None:
        run_in_background(self, duty_editor_state, self.ctx.db, self.ctx.actor, on_success=self._show,
                          on_error=self._failed)

    def _show(self, state: tuple[list[DutyView], bool]) -> None:
        self.slots, editable = state
        self.table.setRowCount(len(self.slots))
        for r, v in enumerate(self.slots):
            cells = (str(v.position), v.name, ",".join(self._day_word(d) for d in v.days), f"{v.start}–{v.end}",
                     display_phone(v.phone), v.user or self.tr("데스크"))
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self._set_editable(editable)
        if not editable:
            self.message.setText(self.tr("당직표는 팀장 이상만 바꿀 수 있습니다."))
        self.loaded.emit(len(self.slots))

    def _failed(self, exc: BaseException) -> None:
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setText(error_text(exc))

    def check(self) -> str:
        """What is wrong with the new slot, as a sentence ("" when it can be saved)."""
        if not any(b.isChecked() for b in self.day_boxes.values()):
            return self.tr("요일을 하나 이상 고르세요.")
        name = self.name.text().strip()
        if not name or len(name) > 100:
            return self.tr("이름을 1–100자로 적으세요 (예: 야간 당직).")
        try:
            normalize_phone(self.phone.text())
        except PhoneError:
            return self.tr("전화번호가 올바르지 않습니다: 예) 010-0000-1111")
        return ""

    @Slot()
    def add_slot(self) -> None:
        problem = self.check()
        self.message.setStyleSheet(ERROR_STYLE if problem else "")
        self.message.setText(problem)
        if problem:
            return
        days = ",".join(d for d, b in self.day_boxes.items() if b.isChecked())
        self._set_editable(False)
        run_in_background(self, roster.add_duty, self.ctx.db, days=days, start=self.start.time().toString("HH:mm"),
                          end=self.end.time().toString("HH:mm"), phone=self.phone.text(), name=self.name.text(),
                          user=self.user.text(), actor=self.ctx.actor,
                          on_success=lambda v: self._done(self.tr("추가했습니다: %1").replace("%1", v.name)),
                          on_error=self._change_failed)

    @Slot()
    def remove_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.message.setText(self.tr("지울 당직을 표에서 고르세요."))
            return
        slot = self.slots[rows[0].row()]
        self._set_editable(False)
        run_in_background(self, roster.remove_duty, self.ctx.db, slot.id, self.ctx.actor,
                          on_success=lambda v: self._done(self.tr("삭제했습니다: %1").replace("%1", v.name)),
                          on_error=self._change_failed)

    def _done(self, text: str) -> None:
        self.message.setStyleSheet("")
        self.message.setText(text)
        self.name.clear()
        self.phone.clear()
        self.user.clear()
        self.changed.emit()
        self.reload()

    def _change_failed(self, exc: BaseException) -> None:
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setText(error_text(exc))
        self.reload()
