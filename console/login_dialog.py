"""Signing in at start: the login dialog (username + password; wrong-password and lock-out
messages; Korean first, an English switch), and the first-run dialog that creates the admin of a
database with no users. Both only gather input; care.accounts.users does the work, off the GUI
thread (argon2 is deliberately slow)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from care.accounts import users
from care.accounts.identity import os_account
from console.common.context import DISPLAY_TZ
from console.common.tasks import error_text, run_in_background
from storage.db import Database

LanguageSwitch = Callable[[str], None]


def _language_box(parent: QWidget, lang: str, switch: LanguageSwitch | None) -> QComboBox:
    box = QComboBox(parent)
    box.addItem("한국어", "ko")
    box.addItem("English", "en")
    box.setCurrentIndex(max(0, box.findData(lang)))
    box.setVisible(switch is not None)
    if switch is not None:
        box.currentIndexChanged.connect(lambda _i: switch(str(box.currentData())))
    return box


class LoginDialog(QDialog):
    """Accepted once a user signed in; `user` is then the signed-in UserView."""

    signedIn = Signal(object)  # UserView
    failed = Signal(str)  # the message shown

    def __init__(self, db: Database, parent: QWidget | None = None, *, lang: str = "ko",
                 switch_language: LanguageSwitch | None = None, username: str = "") -> None:
        super().__init__(parent)
        self.db = db
        self.user: users.UserView | None = None
        self.username = QLineEdit(username, self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b02a37;")
        # room for a two- or three-line message, so the dialog does not jump when one appears
        self.message.setMinimumHeight(self.message.fontMetrics().lineSpacing() * 3)
        self.language = _language_box(self, lang, switch_language)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.sign_in)
        self.buttons.rejected.connect(self.reject)
        self.form = QFormLayout()
        self.labels = {field: QLabel(self) for field in (self.username, self.password)}
        for field, text in self.labels.items():
            self.form.addRow(text, field)
        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        layout.addWidget(self.heading)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.language)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)
        self._retranslate()
        (self.password if username else self.username).setFocus()

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("안부 — 로그인"))
        self.heading.setText(self.tr("안부 콘솔에 로그인하세요."))
        self.labels[self.username].setText(self.tr("사용자 이름"))
        self.labels[self.password].setText(self.tr("비밀번호"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("로그인"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("취소"))

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    @Slot()
    def sign_in(self) -> None:
        name, password = self.username.text().strip(), self.password.text()
        if not name or not password:
            self._fail(self.tr("사용자 이름과 비밀번호를 입력하세요."))
            return
        self.buttons.setEnabled(False)
        self.message.setText(self.tr("확인하는 중…"))
        run_in_background(self, users.authenticate, self.db, name, password,
                          on_success=self._signed_in, on_error=self._refused)

    def _signed_in(self, user: users.UserView) -> None:
        self.user = user
        self.buttons.setEnabled(True)
        self.signedIn.emit(user)
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.password.clear()
        self.password.setFocus()
        if isinstance(exc, users.SignInError):
            if exc.reason == "locked" and exc.locked_until is not None:
                until = exc.locked_until.astimezone(DISPLAY_TZ).strftime("%H:%M")
                text = self.tr("비밀번호를 %1번 틀려 계정이 잠겼습니다. %2 이후에 다시 시도하거나 관리자에게 "
                               "비밀번호 초기화를 요청하세요.").replace("%1", str(users.MAX_FAILURES)).replace("%2", until)
            elif exc.reason == "disabled":
                text = self.tr("사용 중지된 계정입니다. 관리자에게 문의하세요.")
            elif exc.attempts_left is not None:
                text = self.tr("사용자 이름 또는 비밀번호가 틀렸습니다. %1번 더 틀리면 %2분 동안 잠깁니다.") \
                    .replace("%1", str(exc.attempts_left)).replace("%2", str(users.LOCK_MINUTES))
            else:
                text = self.tr("사용자 이름 또는 비밀번호가 틀렸습니다.")
        else:
            text = error_text(exc)
        self._fail(text)

    def _fail(self, text: str) -> None:
        self.message.setText(text)
        self.failed.emit(text)


class FirstRunDialog(QDialog):
    """The first run on a database with no users: create the admin (then sign in as her)."""

    created = Signal(object)  # UserView
    failed = Signal(str)

    def __init__(self, db: Database, parent: QWidget | None = None, *, lang: str = "ko",
                 switch_language: LanguageSwitch | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.user: users.UserView | None = None
        self.username = QLineEdit("admin", self)
        self.display = QLineEdit(self)
        self.password = QLineEdit(self)
        self.again = QLineEdit(self)
        for field in (self.password, self.again):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b02a37;")
        # room for a two- or three-line message, so the dialog does not jump when one appears
        self.message.setMinimumHeight(self.message.fontMetrics().lineSpacing() * 3)
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.language = _language_box(self, lang, switch_language)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.create)
        self.buttons.rejected.connect(self.reject)
        self.form = QFormLayout()
        self.labels = {field: QLabel(self) for field in (self.username, self.display, self.password, self.again)}
        for field, text in self.labels.items():
            self.form.addRow(text, field)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.language)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self._retranslate()
        self.display.setFocus()

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("안부 — 처음 실행"))
        self.heading.setText(self.tr("이 데이터베이스에는 아직 사용자가 없습니다. 관리자 계정을 만드세요. "
                                     "관리자는 다른 사용자를 추가하고 설정을 바꿀 수 있습니다."))
        for field, text in ((self.username, self.tr("사용자 이름(영문)")), (self.display, self.tr("이름")),
                            (self.password, self.tr("비밀번호")), (self.again, self.tr("비밀번호 확인"))):
            self.labels[field].setText(text)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("관리자 만들기"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("취소"))

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    @Slot()
    def create(self) -> None:
        if self.password.text() != self.again.text():
            self._fail(self.tr("두 비밀번호가 다릅니다."))
            return
        self.buttons.setEnabled(False)
        run_in_background(self, _create_admin, self.db, self.username.text(), self.display.text(),
                          self.password.text(), on_success=self._created, on_error=self._refused)

    def _created(self, user: users.UserView) -> None:
        self.user = user
        self.buttons.setEnabled(True)
        self.created.emit(user)
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self._fail(error_text(exc))

    def _fail(self, text: str) -> None:
        self.message.setText(text)
        self.failed.emit(text)


def _create_admin(db: Database, username: str, display: str, password: str) -> users.UserView:
    """Create the first admin and sign her in (one call for the background task)."""
    users.add_user(db, os_account(), username, display, "admin", password)
    return users.authenticate(db, username, password)
