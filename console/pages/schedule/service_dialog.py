"""How to keep the runner running without the console: a systemd unit (Linux) or a Windows
scheduled task, filled in for this PC (care.checkins.runner.service_files), with the steps to install it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from care.checkins.runner.service_files import service_definition
from console.common.tasks import error_text, run_in_background


class RunnerServiceDialog(QDialog):
    KINDS = ("windows", "systemd")

    def __init__(self, db_url: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db_url = db_url
        self.setWindowTitle(self.tr("러너를 서비스로 실행"))
        self.resize(760, 560)
        intro = QLabel(self.tr(
            "러너는 콘솔과 따로 돌아가는 프로그램입니다. 콘솔을 닫거나 PC를 다시 켜도 저녁 안부전화가 걸리도록 "
            "운영체제의 서비스로 등록하세요. 러너는 한 데이터베이스에 하나만 돌고, 두 번째 PC의 러너는 대기하다가 "
            "첫 번째가 멈추면 이어받습니다."), self)
        intro.setWordWrap(True)
        self.kind = QComboBox(self)
        self.kind.addItem(self.tr("Windows 작업 스케줄러"), "windows")
        self.kind.addItem(self.tr("Linux systemd (사용자 서비스)"), "systemd")
        self.steps = QLabel(self)
        self.steps.setWordWrap(True)
        self.steps.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.copy_button = QPushButton(self.tr("복사"), self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.copy_button.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.text.toPlainText()))
        layout = QVBoxLayout(self)
        for w in (intro, self.kind, self.steps, self.text, buttons):
            layout.addWidget(w)
        self.kind.currentIndexChanged.connect(self._load)
        self._load()

    def _load(self) -> None:
        kind = self.kind.currentData()
        if kind == "windows":
            self.steps.setText(self.tr(
                "1) 아래 내용을 anbu-runner.xml 파일로 저장하거나, 명령 프롬프트에서 "
                "python main.py runner --print-service windows > anbu-runner.xml 을 실행합니다. "
                "2) schtasks /Create /TN \"Anbu runner\" /XML anbu-runner.xml 로 등록합니다. "
                "3) schtasks /Run /TN \"Anbu runner\" 로 바로 시작합니다. PC가 켜지면 자동으로 시작됩니다."))
        else:
            self.steps.setText(self.tr(
                "1) python main.py runner --print-service systemd > ~/.config/systemd/user/anbu-runner.service "
                "2) systemctl --user daemon-reload && systemctl --user enable --now anbu-runner "
                "3) 로그인하지 않아도 돌도록 loginctl enable-linger 를 한 번 실행합니다. "
                "상태: systemctl --user status anbu-runner"))
        self.text.setPlainText("")
        run_in_background(self, service_definition, kind, self.db_url,
                          on_success=self.text.setPlainText,
                          on_error=lambda exc: self.text.setPlainText(error_text(exc)))
