"""Asks why a report is exported or printed (the privacy law's access log keeps the reason)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

MAX_REASON = 500  # care.reports.service.MAX_REASON


class ReasonDialog(QDialog):
    reasonGiven = Signal(str)

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("사유 입력"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        text = QLabel(self.tr("%1 사유를 적어 주세요. 접근 기록에 남습니다.").replace("%1", what), self)
        text.setWordWrap(True)
        self.reason = QLineEdit(self)
        self.reason.setMaxLength(MAX_REASON)
        self.reason.setPlaceholderText(self.tr("예: 구청 주간 보고"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        self.reason.textChanged.connect(
            lambda t: self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(t.strip())))
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.reason)
        layout.addWidget(self.buttons)
        self.resize(420, self.sizeHint().height())

    @Slot()
    def _accept(self) -> None:
        reason = self.reason.text().strip()
        if reason:
            self.accept()
            self.reasonGiven.emit(reason)
