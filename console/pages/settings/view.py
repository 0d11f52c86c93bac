"""Settings page: the phone line (Twilio or the simulated line).

Slots stay thin: they gather the form, hand it to care.checkins.line on a worker thread, and
show the frozen result. The auth token field is write-only: what is typed goes to the OS keyring
and the field is cleared; the page only ever learns *whether* a token is stored.
"""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from care.checkins import line as line_config
from console.common.context import ConsoleContext
from console.common.tasks import error_text, run_in_background
from console.pages.settings.escalation import EscalationSettingsWidget
from console.pages.settings.mqtt import MqttSettingsWidget
from console.pages.settings.storage_plan import StoragePlanWidget

VOICES = ("", "Polly.Seoyeon", "Polly.Seoyeon-Neural", "Google.ko-KR-Standard-A", "Google.ko-KR-Wavenet-A")
VOICES_EN = ("", "Polly.Joanna", "Polly.Joanna-Neural", "Google.en-US-Standard-C", "Google.en-US-Wavenet-F")


class SettingsWidget(QWidget):
    loaded = Signal()  # the page shows the stored settings
    saved = Signal()
    tested = Signal(bool)  # the connection test finished: ok?

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.line_label = QLabel(self)
        self.line_label.setWordWrap(True)
        self.account_sid = QLineEdit(self)
        self.account_sid.setPlaceholderText("AC…")
        self.token = QLineEdit(self)
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.keyring_label = QLabel(self)
        self.keyring_label.setWordWrap(True)
        self.keyring_label.setStyleSheet("color: #666;")
        self.from_number = QLineEdit(self)
        self.from_number.setPlaceholderText("+8270…")
        self.voice = QComboBox(self)
        self.voice.setEditable(True)
        self.voice.addItems(VOICES)
        self.voice.setItemText(0, "")
        self.voice.lineEdit().setPlaceholderText(self.tr("스크립트 기본 음성 (Polly.Seoyeon)"))
        self.voice_en = QComboBox(self)
        self.voice_en.setEditable(True)
        self.voice_en.addItems(VOICES_EN)
        self.voice_en.lineEdit().setPlaceholderText(self.tr("영어 스크립트 기본 음성"))
        self.office_number = QLineEdit(self)
        self.office_number.setPlaceholderText(self.tr("예: 02-2600-1234 (미설정 시 번호 없이 안내)"))
        self.delete_remote = QCheckBox(self.tr("PC로 내려받은 뒤 Twilio의 녹음 삭제"), self)
        self.cps = QDoubleSpinBox(self)
        self.cps.setRange(0.1, 100.0)
        self.cps.setDecimals(1)
        self.cps.setSingleStep(0.5)
        self.cps.setSuffix(self.tr(" 통화/초"))
        self.save_button = QPushButton(self.tr("저장"), self)
        self.test_button = QPushButton(self.tr("연결 테스트"), self)
        self.result_label = QLabel(self)
        self.result_label.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.tr("회선"), self.line_label)
        form.addRow(self.tr("계정 SID"), self.account_sid)
        form.addRow(self.tr("인증 토큰"), self.token)
        form.addRow("", self.keyring_label)
        form.addRow(self.tr("발신 번호"), self.from_number)
        form.addRow(self.tr("한국어 음성"), self.voice)
        form.addRow(self.tr("영어 음성"), self.voice_en)
        form.addRow(self.tr("동 주민센터 회신 번호"), self.office_number)
        form.addRow(self.tr("원격 녹음"), self.delete_remote)
        form.addRow(self.tr("초당 통화 수"), self.cps)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.save_button)
        box = QGroupBox(self.tr("전화 회선 (Twilio)"), self)
        inner = QVBoxLayout(box)
        inner.addLayout(form)
        inner.addLayout(buttons)
        inner.addWidget(self.result_label)
        layout = QVBoxLayout(self)
        layout.addWidget(box)
        self.mqtt = MqttSettingsWidget(ctx, self)  # the devices' broker (console/pages/settings/mqtt.py)
        layout.addWidget(self.mqtt)
        self.escalation = EscalationSettingsWidget(ctx, self)  # console/pages/settings/escalation.py
        layout.addWidget(self.escalation)
        self.storage_plan = StoragePlanWidget(ctx, self)  # read-only (console/pages/settings/storage_plan.py)
        layout.addWidget(self.storage_plan)
        layout.addStretch(1)

        self.save_button.clicked.connect(self._save)
        self.test_button.clicked.connect(self._test)
        self._set_busy(True)
        run_in_background(self, line_config.load_settings_page, ctx.db, on_success=self._show, on_error=self._failed)

    # -- showing --------------------------------------------------------------------------------

    @Slot(object)
    def _show(self, page: line_config.SettingsPage) -> None:
        s, line = page.settings, page.line
        self.account_sid.setText(s.account_sid)
        self.from_number.setText(s.from_number)
        self.voice.setCurrentText(s.voice)
        self.voice_en.setCurrentText(s.voice_en)
        self.office_number.setText(s.office_number)
        self.delete_remote.setChecked(s.delete_remote_recordings)
        self.cps.setValue(s.calls_per_second)
        self.token.clear()
        if page.token_stored:
            self.token.setPlaceholderText(self.tr("OS 키링에 저장됨 — 바꾸려면 새 토큰을 입력하세요"))
        else:
            self.token.setPlaceholderText(self.tr("입력하면 OS 키링에만 저장됩니다 (DB·파일에는 저장하지 않음)"))
        if line.keyring_usable:
            self.keyring_label.setText(self.tr("키링: %1").replace("%1", line.keyring))
        else:
            self.keyring_label.setText(self.tr("사용할 수 있는 OS 키링이 없습니다. 인증 토큰은 환경 변수 "
                                               "TWILIO_AUTH_TOKEN으로 설정하세요."))
        self.line_label.setText(self._line_text(line))
        self._set_busy(False)
        self.loaded.emit()

    def _line_text(self, line: line_config.LineStatus) -> str:
        if line.kind == "simulated":
            text = self.tr("<b>시뮬레이션 회선</b> — Twilio가 설정되지 않아 실제 전화를 걸지 않습니다.")
        elif line.token_source == "missing" or not (line.account_sid and line.from_number):
            text = self.tr("<b style='color:#b00'>Twilio 설정 미완료</b> — 계정 SID, 발신 번호, 인증 토큰이 모두 필요합니다.")
        else:
            source = self.tr("환경 변수") if line.token_source == "env" else self.tr("OS 키링")
            text = self.tr("<b>Twilio</b> — 토큰: %1").replace("%1", source)
        if line.env_overrides:
            text += "<br>" + self.tr("환경 변수가 설정을 덮어씁니다: %1").replace("%1", ", ".join(line.env_overrides))
        return text

    def _set_busy(self, busy: bool) -> None:
        self.save_button.setEnabled(not busy)
        self.test_button.setEnabled(not busy)

    # -- actions --------------------------------------------------------------------------------

    def _form(self) -> line_config.TelephonySettings:
        return line_config.TelephonySettings(
            account_sid=self.account_sid.text(), from_number=self.from_number.text(),
            voice=self.voice.currentText(), voice_en=self.voice_en.currentText(), office_number=self.office_number.text(),
            delete_remote_recordings=self.delete_remote.isChecked(), calls_per_second=self.cps.value())

    @Slot()
    def _save(self) -> None:
        token = self.token.text()
        self.token.clear()  # never kept in the widget longer than needed
        self._set_busy(True)
        self.result_label.setText(self.tr("저장 중…"))
        run_in_background(self, line_config.save_settings_page, self.ctx.db, self._form(), token or None,
                          actor=self.ctx.actor, on_success=self._saved, on_error=self._failed)

    @Slot(object)
    def _saved(self, page: line_config.SettingsPage) -> None:
        self._show(page)
        self.result_label.setText(self.tr("저장했습니다."))
        self.saved.emit()

    @Slot()
    def _test(self) -> None:
        self._set_busy(True)
        self.result_label.setText(self.tr("Twilio에 연결하는 중…"))
        run_in_background(self, line_config.check_connection, self.account_sid.text(), self.token.text() or None,
                          on_success=self._test_ok, on_error=self._test_failed)

    @Slot(object)
    def _test_ok(self, description: str) -> None:
        self._set_busy(False)
        self.result_label.setText(self.tr("연결 성공: %1").replace("%1", description))
        self.tested.emit(True)

    @Slot(object)
    def _test_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.result_label.setText(self.tr("연결 실패: %1").replace("%1", self._problem_text(exc)))
        self.tested.emit(False)

    @Slot(object)
    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.result_label.setText(self.tr("오류: %1").replace("%1", self._problem_text(exc)))

    def _problem_text(self, exc: BaseException) -> str:
        """What is wrong, in the user's language: the errors of the line settings carry a key
        (exc.problem) and its values; only an unforeseen error falls back to its own message."""
        texts = {
            "sid_format": self.tr("계정 SID '%1'의 형식이 올바르지 않습니다. AC 뒤에 16진수 32자가 와야 합니다."),
            "from_number_invalid": self.tr("발신 번호 '%1'은(는) 올바른 전화번호가 아닙니다."),
            "office_number_invalid": self.tr("동 주민센터 회신 번호 '%1'은(는) 올바른 전화번호가 아닙니다."),
            "cps_range": self.tr("초당 통화 수는 0.1에서 100 사이여야 합니다."),
            "voice_language": self.tr("음성 '%1'은(는) 다른 언어의 음성입니다. 스크립트 언어에 맞는 음성을 고르세요."),
            "sid_before_token": self.tr("인증 토큰을 저장하려면 먼저 올바른 계정 SID를 입력하세요."),
            "token_empty": self.tr("인증 토큰이 비어 있습니다."),
            "no_keyring": self.tr("사용할 수 있는 OS 키링이 없어 인증 토큰을 저장하지 못했습니다. "
                                  "대신 환경 변수 TWILIO_AUTH_TOKEN을 설정하세요."),
            "keyring_refused": self.tr("OS 키링이 인증 토큰 저장을 거부했습니다 (%1). "
                                       "대신 환경 변수 TWILIO_AUTH_TOKEN을 설정하세요."),
            "no_token": self.tr("인증 토큰이 없습니다. 토큰을 입력하거나 OS 키링에 저장하거나 "
                                "TWILIO_AUTH_TOKEN을 설정하세요."),
            "credentials": self.tr("Twilio가 계정 %1의 인증 정보를 거부했습니다. 계정 SID와 인증 토큰을 확인하세요."),
            "from_number": self.tr("Twilio가 발신 번호 %1(으)로 걸 수 없습니다. 계정이 소유하거나 인증한 번호를 설정하세요."),
            "geo": self.tr("Twilio 계정의 음성 지역 권한이 %1 통화를 허용하지 않습니다. "
                           "Twilio 콘솔의 Voice > Settings > Geo permissions에서 허용하세요."),
            "half_configured": self.tr("Twilio 설정이 완료되지 않았습니다. 계정 SID, 발신 번호, 인증 토큰이 모두 필요합니다."),
            "unavailable": self.tr("Twilio에 연결할 수 없습니다. 인터넷 연결과 Twilio 상태를 확인하고 잠시 후 다시 시도하세요."),
        }
        text = texts.get(getattr(exc, "problem", "") or "")
        if text is None:
            return self.tr("전화 회선 오류: %1").replace("%1", error_text(exc))
        for i, value in enumerate(getattr(exc, "params", ()) or (), start=1):
            text = text.replace(f"%{i}", str(value))
        return text
