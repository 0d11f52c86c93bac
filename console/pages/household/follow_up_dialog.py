"""Record a follow-up contact: how (channel), what it came to (outcome), a note, and which of the
household's open flags it resolves. Gathers input only; the page hands it to
care.households.followups.add_follow_up in the background; a refusal is shown here, edits kept."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from care.households.page import OpenFlag
from care.vocabulary import ContactChannel, ContactOutcome, FlagCategory, Severity
from console.common.context import DISPLAY_TZ
from console.common.labels import label, reason_text


class FollowUpDialog(QDialog):
    save_requested = Signal()

    def __init__(self, household_name: str, flags: tuple[OpenFlag, ...], parent: QWidget | None = None, *,
                 channel: str = ContactChannel.PHONE_RESIDENT, note: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("후속 연락 기록 — %1").replace("%1", household_name))
        self.setMinimumWidth(520)
        self.channel = QComboBox(self)
        for c in ContactChannel:
            self.channel.addItem(label(ContactChannel, c), str(c))
        self.channel.setCurrentIndex(max(0, self.channel.findData(str(channel))))
        self.outcome = QComboBox(self)
        for o in ContactOutcome:
            self.outcome.addItem(label(ContactOutcome, o), str(o))
        self.note = QPlainTextEdit(self)
        self.note.setPlainText(note)
        self.note.setPlaceholderText(self.tr("예: 딸과 통화, 오늘 오후 방문 예정"))
        self.note.setFixedHeight(80)
        self.flags = QListWidget(self)
        for f in flags:
            text = (f"#{f.id} [{label(Severity, f.severity)}] {label(FlagCategory, f.category)}: "
                    f"{reason_text(f.reason)} ({f.created_at.astimezone(DISPLAY_TZ):%m-%d %H:%M})")
            item = QListWidgetItem(text, self.flags)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, f.id)
        self.flags.setVisible(bool(flags))
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("연락 방법"), self.channel)
        form.addRow(self.tr("결과"), self.outcome)
        form.addRow(self.tr("메모"), self.note)
        if flags:
            form.addRow(self.tr("처리할 플래그"), self.flags)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.save_requested.emit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def resolves(self) -> tuple[int, ...]:
        out = []
        for i in range(self.flags.count()):
            item = self.flags.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(int(item.data(Qt.ItemDataRole.UserRole)))
        return tuple(out)

    def values(self) -> dict:
        return {"channel": str(self.channel.currentData()), "outcome": str(self.outcome.currentData()),
                "note": self.note.toPlainText().strip(), "resolves": self.resolves()}

    def set_busy(self, busy: bool) -> None:
        self.buttons.setEnabled(not busy)

    def show_error(self, text: str) -> None:
        self.set_busy(False)
        self.error.setText(text)
