"""An honest empty page for a part of the console that has not been built yet."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class NotYetAvailableWidget(QWidget):
    def __init__(self, title: str, explanation: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        head = QLabel(f"<h2>{title}</h2>", self)
        body = QLabel(explanation, self)
        body.setWordWrap(True)
        note = QLabel(self.tr("아직 사용할 수 없습니다. 이 화면에는 임의의 데이터를 보여주지 않습니다."), self)
        note.setStyleSheet("color: #666;")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for w in (head, body, note):
            w.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(w)
        layout.addStretch(2)
