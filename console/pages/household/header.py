"""The household page's header: who (name, age, 동, worker), how to reach them (phone with a copy
button, language), consent, the plan and the next check-in, and badges saying in words why the
household is coloured ("긴급 플래그 2: 쓰러졌어요 (12-01 18:24)", "활동 없음 26시간")."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from care.households.page import HouseholdPageData
from care.households.phones import display_phone
from console.common.context import DISPLAY_TZ
from console.common.labels import SEVERITY_ROW, SEVERITY_TEXT, why_text

WEEKDAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class HouseholdHeader(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(self)
        self.title.setStyleSheet("font-size: 20px; font-weight: bold;")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.phone = QLabel(self)
        self.phone.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copy_button = QPushButton(self.tr("복사"), self)
        self.copy_button.setToolTip(self.tr("전화번호를 클립보드에 복사"))
        self.copy_button.clicked.connect(self.copy_phone)
        self.facts = QLabel(self)
        self.facts.setWordWrap(True)
        self.plan = QLabel(self)
        self.plan.setWordWrap(True)
        self.badges = QHBoxLayout()
        self.badges.setSpacing(6)
        self._badge_widgets: list[QLabel] = []
        self._phone_text = ""

        line = QHBoxLayout()
        line.addWidget(self.title)
        line.addSpacing(16)
        line.addWidget(self.phone)
        line.addWidget(self.copy_button)
        line.addStretch(1)
        grid = QGridLayout()
        grid.addWidget(self.facts, 0, 0)
        grid.addWidget(self.plan, 1, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(line)
        layout.addLayout(self.badges)
        layout.addLayout(grid)

    def badge_texts(self) -> list[str]:
        return [b.text() for b in self._badge_widgets]

    def show_page(self, p: HouseholdPageData, now: datetime | None = None) -> None:
        r, d = p.record, p.record.data
        now = now or datetime.now(DISPLAY_TZ)
        age = self.tr("%1세").replace("%1", str(now.year - d.birth_year)) if d.birth_year else self.tr("나이 모름")
        demo = self.tr(" (데모)") if r.is_demo else ""
        stopped = "" if d.active else self.tr(" — 관리 중지")
        self.title.setText(f"{d.name}  ·  {age}{demo}{stopped}")
        self._phone_text = display_phone(d.phone)
        self.phone.setText("☎ " + self._phone_text)
        lang = {"ko": self.tr("한국어"), "en": self.tr("영어")}.get(d.language, d.language)
        consent = (self.tr("녹음 동의 %1").replace("%1", d.consent_date.isoformat() if d.consent_date else self.tr("(날짜 모름)"))
                   if d.consent_recording else self.tr("녹음 동의 안 함"))
        self.facts.setText(" · ".join([r.ref, d.dong or "—", self.tr("담당 %1").replace("%1", d.worker or "—"),
                                       lang, consent]))
        self.plan.setText(self._plan_text(p))
        self._set_badges(p)

    def _plan_text(self, p: HouseholdPageData) -> str:
        plan = p.record.plan
        names = dict(zip(WEEKDAY_KEYS, (self.tr("월"), self.tr("화"), self.tr("수"), self.tr("목"), self.tr("금"),
                                        self.tr("토"), self.tr("일")), strict=True))
        days = "".join(names.get(x, x) for x in plan.weekdays)
        text = self.tr("안부전화 %1 %2–%3").replace("%1", days).replace("%2", plan.window_start).replace("%3", plan.window_end)
        if not plan.has_plan:
            text += self.tr(" (기본값 — 계획 없음)")
        if plan.paused:
            until = plan.paused_until.isoformat() if plan.paused_until else self.tr("재개할 때까지")
            text += " · " + self.tr("일시중지: %1 (%2)").replace("%1", plan.pause_reason).replace("%2", until)
        nxt = p.next_call.astimezone(DISPLAY_TZ).strftime("%m-%d %H:%M") if p.next_call else self.tr("잡힌 전화 없음")
        return text + " · " + self.tr("다음 전화 %1").replace("%1", nxt)

    def _set_badges(self, p: HouseholdPageData) -> None:
        while self.badges.count():
            item = self.badges.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()
        self._badge_widgets = []
        texts = [(why_text(x), x.severity) for x in p.reasons]
        if not texts:
            texts = [(self.tr("특이 사항 없음"), "well")]
        for text, severity in texts:
            badge = QLabel(text, self)
            fg, bg = (("#1e4620", "#e6f4ea") if severity == "well" else
                      (SEVERITY_TEXT.get(severity, "#4f5b66"), SEVERITY_ROW.get(severity, "#eef0f2")))
            badge.setStyleSheet(f"background:{bg}; color:{fg}; border:1px solid {fg}; border-radius:9px;"
                                " padding:2px 8px; font-weight:bold;")
            badge.setToolTip(text)
            self.badges.addWidget(badge)
            self._badge_widgets.append(badge)
        self.badges.addStretch(1)

    @Slot()
    def copy_phone(self) -> None:
        QGuiApplication.clipboard().setText(self._phone_text)
