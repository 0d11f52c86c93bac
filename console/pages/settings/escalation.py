"""Settings page section: escalation policies (the `escalation` settings) — when an urgent flag moves
on to the next duty contact and to the keyholders, when a high flag's call follows its SMS, the
acknowledgement deadlines, the office-day deadline for the morning queue, and the SMS / call
channel. Checked by care.escalation.policy_settings (a sentence under each bad field) and saved
through the one settings store (admins; audited)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QTime, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from care.escalation import policy_settings as service
from care.settings import EscalationSettings
from console.common.context import ConsoleContext
from console.common.tasks import error_text, run_in_background

ERROR_STYLE = "color: #b00020;"


class EscalationSettingsWidget(QGroupBox):
    loaded = Signal()
    saved = Signal()

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("긴급 알림 단계 (에스컬레이션)"))
        self.ctx = ctx
        self._settings = EscalationSettings()
        self.minutes: dict[str, QDoubleSpinBox] = {}
        for name in service.MINUTES:
            spin = QDoubleSpinBox(self)
            spin.setRange(0.0, service.MAX_DELAY_MIN)
            spin.setDecimals(0)
            spin.setSuffix(self.tr(" 분"))
            self.minutes[name] = spin
        self.office_ack = QTimeEdit(self)
        self.office_ack.setDisplayFormat("HH:mm")
        self.timezone = QLineEdit(self)
        self.callback = QCheckBox(self.tr("먼저 어르신께 확인 전화"), self)
        self.callback.setToolTip(self.tr("가구의 통화 허용 시간 안에서만 겁니다; 1번을 누르면 '회신 전화로 안부 확인'"))
        self.ring = QSpinBox(self)
        self.ring.setRange(1, 600)
        self.ring.setSuffix(self.tr(" 초"))
        self.messaging_sid = QLineEdit(self)
        self.messaging_sid.setPlaceholderText(self.tr("MG… (없으면 발신 번호로 보냄)"))
        self.sms_from = QLineEdit(self)
        self.sms_from.setPlaceholderText(self.tr("비우면 전화 회선의 발신 번호"))
        self.save_button = QPushButton(self.tr("저장"), self)
        self.result_label = QLabel(self)
        self.result_label.setWordWrap(True)
        self.errors: dict[str, QLabel] = {}

        m = self.minutes
        left, right = QFormLayout(), QFormLayout()
        rows_left = (
            ("life_safety_next_duty_min", self.tr("생명 안전: 다음 당직에게"), m["life_safety_next_duty_min"]),
            ("life_safety_keyholders_min", self.tr("생명 안전: 열쇠 보관자에게"), m["life_safety_keyholders_min"]),
            ("keyholder_spacing_min", self.tr("열쇠 보관자 사이 간격"), m["keyholder_spacing_min"]),
            ("high_call_min", self.tr("높음: 문자 뒤 전화까지"), m["high_call_min"]),
            ("callback", self.tr("중간 센서 알림"), self.callback),
        )
        rows_right = (
            ("ack_life_safety_min", self.tr("확인 기한: 생명 안전"), m["ack_life_safety_min"]),
            ("ack_high_min", self.tr("확인 기한: 높음"), m["ack_high_min"]),
            ("ack_callback_min", self.tr("확인 기한: 확인 전화 뒤"), m["ack_callback_min"]),
            ("office_ack_time", self.tr("확인 기한: 중간·낮음 (다음 업무일)"), self.office_ack),
            ("timezone", self.tr("시간대"), self.timezone),
            ("notify_ring_timeout_s", self.tr("알림 전화 울림"), self.ring),
            ("messaging_service_sid", self.tr("문자: 메시징 서비스 SID"), self.messaging_sid),
            ("sms_from", self.tr("문자: 발신 번호"), self.sms_from),
        )
        for form, rows in ((left, rows_left), (right, rows_right)):
            for key, label, widget in rows:
                error = QLabel(self)
                error.setStyleSheet(ERROR_STYLE)
                error.setWordWrap(True)
                error.setVisible(False)
                self.errors[key] = error
                box = QVBoxLayout()
                box.setSpacing(1)
                box.addWidget(widget)
                box.addWidget(error)
                form.addRow(label, box)
        grid = QGridLayout()
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.setColumnStretch(0, 1)  # two equal halves: the right one's labels are long in English
        grid.setColumnStretch(1, 1)
        note = QLabel(self.tr("모든 시간은 알림이 생긴 때부터입니다. 생명 안전 알림은 즉시 당직에게 문자와 전화가 가고, "
                              "어르신 확인 전화는 각 가구의 안부 확인 시간대(조용한 시간 제외) 안에서만 겁니다."), self)
        note.setWordWrap(True)
        note.setStyleSheet("color: #666;")
        buttons = QHBoxLayout()
        buttons.addWidget(self.result_label, 1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(grid)
        layout.addLayout(buttons)
        self.save_button.clicked.connect(self.save)
        self.setEnabled(False)
        run_in_background(self, service.load_escalation_settings, ctx.db, on_success=self._show, on_error=self._failed)

    @Slot(object)
    def _show(self, cfg: EscalationSettings) -> None:
        self._settings = cfg
        for name, spin in self.minutes.items():
            spin.setValue(getattr(cfg, name))
        hh, mm = (int(x) for x in cfg.office_ack_time.split(":"))
        self.office_ack.setTime(QTime(hh, mm))
        self.timezone.setText(cfg.timezone)
        self.callback.setChecked(cfg.callback)
        self.ring.setValue(cfg.notify_ring_timeout_s)
        self.messaging_sid.setText(cfg.messaging_service_sid)
        self.sms_from.setText(cfg.sms_from)
        self.setEnabled(True)
        self.loaded.emit()

    def gather(self) -> EscalationSettings:
        """What the form says, over the stored section (fields the form does not show are kept)."""
        return replace(self._settings, **{name: spin.value() for name, spin in self.minutes.items()},
                       office_ack_time=self.office_ack.time().toString("HH:mm"), timezone=self.timezone.text().strip(),
                       callback=self.callback.isChecked(), notify_ring_timeout_s=self.ring.value(),
                       messaging_service_sid=self.messaging_sid.text().strip(), sms_from=self.sms_from.text().strip())

    def show_errors(self, errors: dict[str, str]) -> None:
        for key, label in self.errors.items():
            label.setText(errors.get(key, ""))
            label.setVisible(key in errors)

    @Slot()
    def save(self) -> None:
        cfg = self.gather()
        errors = service.problems(cfg)
        self.show_errors(errors)
        if errors:
            self.result_label.setText(self.tr("고칠 곳이 있어 저장하지 않았습니다."))
            return
        self.save_button.setEnabled(False)
        self.result_label.setText(self.tr("저장하는 중…"))
        run_in_background(self, service.save_escalation_settings, self.ctx.db, cfg, self.ctx.actor,
                          on_success=self._saved, on_error=self._failed)

    def _saved(self, cfg: EscalationSettings) -> None:
        self._settings = cfg
        self.save_button.setEnabled(True)
        self.result_label.setText(self.tr("저장했습니다. 다음 알림부터 적용됩니다."))
        self.saved.emit()

    def _failed(self, exc: BaseException) -> None:
        self.setEnabled(True)
        self.save_button.setEnabled(True)
        if isinstance(exc, service.EscalationSettingsError):
            self.show_errors(exc.errors)
        self.result_label.setText(self.tr("오류: %1").replace("%1", error_text(exc)))
