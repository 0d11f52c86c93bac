"""Asking why a download or print is made (the privacy law asks a reason for every download; it
is stored in the access-log row of the export)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReasonDialog", text)


def ask_reason(parent: QWidget, title: str, default: str = "") -> str | None:
    """The reason typed (stripped), or None when the person cancels. Empty text asks again."""
    prompt = _tr("내려받는 사유를 적어 주세요 (접속기록에 남습니다):")
    while True:
        text, ok = QInputDialog.getText(parent, title, prompt, QLineEdit.EchoMode.Normal, default)
        if not ok:
            return None
        if text.strip():
            return text.strip()
        prompt = _tr("사유가 비어 있습니다. 내려받는 사유를 적어 주세요:")
