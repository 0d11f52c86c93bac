"""Settings page section: the MQTT broker for home sensors and robots (host, port, user, password,
TLS CA file, client certificate and key).

Slots stay thin: they gather the form and hand it to care.devices.mqtt_config on a worker thread.
The password field is write-only: what is typed goes to the OS keyring and the field is cleared;
the page only learns *whether* a password is stored.
"""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from care.devices import mqtt_config
from care.devices.settings import MqttSettings
from console.common.context import ConsoleContext
from console.common.tasks import error_text, run_in_background


class MqttSettingsWidget(QGroupBox):
    loaded = Signal()
    saved = Signal()
    tested = Signal(bool)

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("센서·로봇 MQTT 브로커"))
        self.ctx = ctx
        self._settings = MqttSettings()
        self.host = QLineEdit(self)
        self.port = QSpinBox(self)
        self.port.setRange(1, 65535)
        self.username = QLineEdit(self)
        self.username.setPlaceholderText(self.tr("비워 두면 익명 연결"))
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.keyring_label = QLabel(self)
        self.keyring_label.setWordWrap(True)
        self.keyring_label.setStyleSheet("color: #666;")
        self.tls = QCheckBox(self.tr("TLS로 연결 (브로커 인증서 확인)"), self)
        self.tls_ca = self._file_row(self.tr("비워 두면 시스템 CA"))
        self.tls_cert = self._file_row(self.tr("브로커가 요구할 때만"))
        self.tls_key = self._file_row(self.tr("인증서 파일에 키가 없을 때만"))
        self.save_button = QPushButton(self.tr("저장"), self)
        self.test_button = QPushButton(self.tr("연결 테스트"), self)
        self.result_label = QLabel(self)
        self.result_label.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.tr("호스트"), self.host)
        form.addRow(self.tr("포트"), self.port)
        form.addRow(self.tr("사용자 이름"), self.username)
        form.addRow(self.tr("비밀번호"), self.password)
        form.addRow("", self.keyring_label)
        form.addRow(self.tr("TLS"), self.tls)
        form.addRow(self.tr("CA 인증서"), self.tls_ca[0])
        form.addRow(self.tr("클라이언트 인증서"), self.tls_cert[0])
        form.addRow(self.tr("클라이언트 키"), self.tls_key[0])
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.save_button)
        inner = QVBoxLayout(self)
        inner.addLayout(form)
        inner.addLayout(buttons)
        inner.addWidget(self.result_label)

        self.save_button.clicked.connect(self._save)
        self.test_button.clicked.connect(self._test)
        self._set_busy(True)
        run_in_background(self, mqtt_config.load_page, ctx.db, on_success=self._show, on_error=self._failed)

    def _file_row(self, placeholder: str) -> tuple[QWidget, QLineEdit]:
        row = QWidget(self)
        edit = QLineEdit(row)
        edit.setPlaceholderText(placeholder)
        pick = QPushButton(self.tr("찾아보기…"), row)
        pick.clicked.connect(lambda: self._pick(edit))
        lay = QHBoxLayout(row)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(edit, 1)
        lay.addWidget(pick)
        return row, edit

    @Slot()
    def _pick(self, edit: QLineEdit) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("인증서 파일 선택"), edit.text(),
                                              self.tr("인증서 (*.pem *.crt *.key);;모든 파일 (*)"))
        if path:
            edit.setText(path)

    # -- showing --------------------------------------------------------------------------------

    @Slot(object)
    def _show(self, page: mqtt_config.MqttPage) -> None:
        s = self._settings = page.settings
        self.host.setText(s.host)
        self.port.setValue(s.port)
        self.username.setText(s.username)
        self.tls.setChecked(s.tls)
        self.tls_ca[1].setText(s.tls_ca)
        self.tls_cert[1].setText(s.tls_cert)
        self.tls_key[1].setText(s.tls_key)
        self.password.clear()
        if page.password_stored:
            self.password.setPlaceholderText(self.tr("OS 키링에 저장됨 — 바꾸려면 새 비밀번호를 입력하세요"))
        else:
            self.password.setPlaceholderText(self.tr("입력하면 OS 키링에만 저장됩니다 (DB·파일에는 저장하지 않음)"))
        if page.password_from_env:
            self.keyring_label.setText(self.tr("환경 변수 ANBU_MQTT_PASSWORD가 키링보다 우선합니다."))
        elif page.keyring_usable:
            self.keyring_label.setText(self.tr("키링: %1").replace("%1", page.keyring))
        else:
            self.keyring_label.setText(self.tr("사용할 수 있는 OS 키링이 없습니다. 환경 변수 ANBU_MQTT_PASSWORD를 설정하세요. (%1)")
                                       .replace("%1", page.keyring))
        self._set_busy(False)
        self.loaded.emit()

    def _set_busy(self, busy: bool) -> None:
        self.save_button.setEnabled(not busy)
        self.test_button.setEnabled(not busy)

    # -- actions --------------------------------------------------------------------------------

    def _changes(self) -> dict:
        return {"host": self.host.text(), "port": self.port.value(), "username": self.username.text(),
                "tls": self.tls.isChecked(), "tls_ca": self.tls_ca[1].text().strip(),
                "tls_cert": self.tls_cert[1].text().strip(), "tls_key": self.tls_key[1].text().strip()}

    @Slot()
    def _save(self) -> None:
        password = self.password.text()
        self.password.clear()  # never kept in the widget longer than needed
        self._set_busy(True)
        self.result_label.setText(self.tr("저장 중…"))
        run_in_background(self, mqtt_config.save_page, self.ctx.db, self._changes(), password or None,
                          actor=self.ctx.actor, on_success=self._saved, on_error=self._failed)

    @Slot(object)
    def _saved(self, page: mqtt_config.MqttPage) -> None:
        self._show(page)
        self.result_label.setText(self.tr("저장했습니다. 실행 중인 ingest는 다시 시작해야 적용됩니다."))
        self.saved.emit()

    @Slot()
    def _test(self) -> None:
        from dataclasses import replace

        self._set_busy(True)
        self.result_label.setText(self.tr("브로커에 연결하는 중…"))
        settings = replace(self._settings, **self._changes())
        run_in_background(self, mqtt_config.check_connection, settings, self.password.text() or None,
                          on_success=self._test_ok, on_error=self._test_failed)

    @Slot(object)
    def _test_ok(self, description: str) -> None:
        self._set_busy(False)
        self.result_label.setText(self.tr("연결 성공: %1").replace("%1", description))
        self.tested.emit(True)

    @Slot(object)
    def _test_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.result_label.setText(self.tr("연결 실패: %1").replace("%1", error_text(exc)))
        self.tested.emit(False)

    @Slot(object)
    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.result_label.setText(self.tr("오류: %1").replace("%1", error_text(exc)))
