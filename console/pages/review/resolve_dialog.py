"""Resolving a flag: the outcome (visited, called, 119, false alarm) and a note. Gathers input
only; the review page hands it to care.review.queue.resolve in the background."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from care.review.queue import MAX_NOTE, OUTCOMES, FlagRow


class ResolveDialog(QDialog):
    def __init__(self, flag: FlagRow, outcome_names: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("플래그 처리 — %1 %2").replace("%1", flag.household_ref)
                            .replace("%2", flag.household_name))
        self.group = QButtonGroup(self)
        self.radios: dict[str, QRadioButton] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("어떻게 처리했습니까?"), self))
        for outcome in OUTCOMES:
            radio = QRadioButton(outcome_names.get(outcome, outcome), self)
            self.radios[outcome] = radio
            self.group.addButton(radio)
            layout.addWidget(radio)
        layout.addWidget(QLabel(self.tr("메모 (선택)"), self))
        self.note = QPlainTextEdit(self)
        self.note.setPlaceholderText(self.tr("예: 딸과 통화, 내일 방문 예정"))
        self.note.setFixedHeight(80)
        layout.addWidget(self.note)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #b3261e;")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("처리 완료"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def outcome(self) -> str | None:
        return next((k for k, r in self.radios.items() if r.isChecked()), None)

    def note_text(self) -> str:
        return self.note.toPlainText().strip()

    def _accept(self) -> None:
        if self.outcome() is None:
            self.error.setText(self.tr("처리 결과를 고르세요."))
            return
        if len(self.note_text()) > MAX_NOTE:
            self.error.setText(self.tr("메모가 너무 깁니다."))
            return
        self.accept()
