"""Per-household plan editor: weekdays, local window, pause with a reason and an end date."""

from __future__ import annotations

from PySide6.QtCore import QDate, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTimeEdit,
    QWidget,
)

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class PlanEditDialog(QDialog):
    """Gathers input only; the page hands it to care.checkins.plans.set_plans in the background and closes
    the dialog when it is saved. A refusal is shown inline and the edits stay (show_error)."""

    save_requested = Signal()

    def __init__(self, plan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("안부전화 계획 — {0} {1}").format(plan.household_ref, plan.name))
        labels = (self.tr("월"), self.tr("화"), self.tr("수"), self.tr("목"), self.tr("금"), self.tr("토"), self.tr("일"))
        self.day_boxes = {}
        days = QHBoxLayout()
        for key, label in zip(WEEKDAYS, labels, strict=True):
            box = QCheckBox(label, self)
            box.setChecked(key in plan.weekdays)
            self.day_boxes[key] = box
            days.addWidget(box)
        self.start = QTimeEdit(QTime.fromString(plan.window_start, "HH:mm"), self)
        self.end = QTimeEdit(QTime.fromString(plan.window_end, "HH:mm"), self)
        for edit in (self.start, self.end):
            edit.setDisplayFormat("HH:mm")
        window = QHBoxLayout()
        window.addWidget(self.start)
        window.addWidget(QLabel("–", self))
        window.addWidget(self.end)
        self.paused = QCheckBox(self.tr("일시중지 (입원, 외출 등)"), self)
        self.paused.setChecked(plan.paused)
        self.reason = QLineEdit(plan.pause_reason, self)
        self.reason.setPlaceholderText(self.tr("사유 (예: 입원)"))
        self.until = QDateEdit(self)
        self.until.setCalendarPopup(True)
        self.until.setSpecialValueText(self.tr("해제할 때까지"))
        self.until.setMinimumDate(QDate(2000, 1, 1))
        self.until.setDate(QDate(plan.paused_until) if plan.paused_until else self.until.minimumDate())
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #b3261e")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("요일"), days)
        form.addRow(self.tr("통화 시간대"), window)
        form.addRow(self.paused)
        form.addRow(self.tr("사유"), self.reason)
        form.addRow(self.tr("재개 날짜"), self.until)
        form.addRow(self.error)
        form.addRow(buttons)

    def _save(self) -> None:
        self.error.clear()
        self.save_requested.emit()

    def set_busy(self, busy: bool) -> None:
        self.save_button.setEnabled(not busy)

    def show_error(self, text: str) -> None:
        self.set_busy(False)
        self.error.setText(text)

    def values(self) -> dict:
        """Keyword arguments for care.checkins.plans.set_plans."""
        days = ",".join(k for k, box in self.day_boxes.items() if box.isChecked())
        out = {"days": days, "window": f"{self.start.time().toString('HH:mm')}-{self.end.time().toString('HH:mm')}"}
        if self.paused.isChecked():
            out["pause_reason"] = self.reason.text()
            if self.until.date() != self.until.minimumDate():
                out["paused_until"] = self.until.date().toPython()
        else:
            out["resume"] = True
        return out
