"""The runner's status line, shared by the Schedule page and the overview: who runs, the age of its
last heartbeat counted live ("마지막 신호 N초 전"), red when the lease is stale — and, above all
that, the alert the runner stopped on (a phone-line configuration error: the evening's calls
stopped, why, and to fix the line in Settings) until the line settings are saved again.

The lease row is read off the GUI thread every POLL_MS while the line is visible (and at once
when it is shown); between reads a one-second timer only re-counts the age from the last answer,
so the line is never more than a couple of seconds behind the runner in either direction.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QTimer, Signal, Slot
from PySide6.QtWidgets import QLabel, QWidget

from care.checkins import schedule
from console.common.context import DISPLAY_TZ
from console.common.tasks import error_text, run_in_background

RED = "color: #b3261e"


class RunnerStatusLabel(QLabel):
    updated = Signal(object)  # care.checkins.schedule.RunnerStatus after each read
    POLL_MS = 2000

    def __init__(self, db, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.status: schedule.RunnerStatus | None = None
        self._read_at: datetime | None = None
        self._busy = False
        self.setWordWrap(True)
        self.setText(self.tr("러너 상태를 확인하는 중…"))
        self.poll_timer = QTimer(self)
        self.poll_timer.setInterval(self.POLL_MS)
        self.poll_timer.timeout.connect(self.poll)
        self.tick_timer = QTimer(self)
        self.tick_timer.setInterval(1000)
        self.tick_timer.timeout.connect(self.render)

    # ---- polling -----------------------------------------------------------------------------
    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.poll_timer.start()
        self.tick_timer.start()
        self.poll()

    def hideEvent(self, event) -> None:
        self.poll_timer.stop()
        self.tick_timer.stop()
        super().hideEvent(event)

    @Slot()
    def poll(self) -> None:
        if self._busy:
            return
        self._busy = True
        run_in_background(self, schedule.runner_status, self.db, on_success=self._answer, on_error=self._failed)

    def _answer(self, status) -> None:
        self._busy = False
        self.show_status(status)

    def show_status(self, status) -> None:
        """A fresh read (the page's own snapshot carries one too)."""
        self.status, self._read_at = status, datetime.now(UTC)
        self.render()
        self.updated.emit(status)

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self.setText(self.tr("데이터베이스를 읽을 수 없습니다: {0}").format(error_text(exc)))
        self.setStyleSheet(RED)

    def stop(self) -> None:
        self.poll_timer.stop()
        self.tick_timer.stop()

    # ---- text --------------------------------------------------------------------------------
    @Slot()
    def render(self) -> None:
        st = self.status
        if st is None:
            return
        at = st.taken_at + (datetime.now(UTC) - self._read_at) if self._read_at else st.taken_at
        age = st.age_s(at)
        if st.holder and not st.stale(at):
            text = self.tr("러너 실행 중 · 마지막 신호 {0}초 전").format(int(age))
        elif st.holder and st.process_gone:
            text = self.tr("러너가 비정상 종료되었습니다 — 오늘 밤 통화가 걸리지 않습니다")
        elif st.holder:
            text = self.tr("러너 응답 없음 · 마지막 신호 {0} 전 — 통화가 걸리지 않을 수 있습니다").format(self._age_text(age))
        elif age is not None:
            text = self.tr("러너가 실행되고 있지 않습니다 (마지막 신호 {0} 전) — 오늘 밤 통화가 걸리지 않습니다").format(
                self._age_text(age))
        else:
            text = self.tr("러너가 실행되고 있지 않습니다 — 오늘 밤 통화가 걸리지 않습니다")
        if st.paused_all:
            text += self.tr(" · 전체 일시중지됨")
        tip = st.holder or ""
        if st.alert is not None:
            text = self.alert_text(st.alert) + "\n" + text
            tip = "\n".join(x for x in (tip, st.alert.message) if x)  # the runner's own words, for support
        self.setToolTip(tip)
        self.setText(text)
        self.setStyleSheet("" if st.running(at) and not st.paused_all and st.alert is None else RED)

    def alert_text(self, alert) -> str:
        """One sentence: the evening's calls stopped, why, and what to do."""
        reasons = {
            "credentials": self.tr("Twilio가 계정 인증 정보(계정 SID 또는 인증 토큰)를 거부했습니다"),
            "from_number": self.tr("Twilio가 설정된 발신 번호로 전화를 걸 수 없습니다"),
            "geo": self.tr("Twilio 계정의 음성 지역 권한이 이 나라로 거는 통화를 허용하지 않습니다"),
        }
        reason = reasons.get(alert.problem, self.tr("전화 회선 설정에 문제가 있습니다"))
        when = alert.at.astimezone(DISPLAY_TZ).strftime("%m-%d %H:%M") if alert.at is not None else "?"
        return self.tr("저녁 안부전화가 멈췄습니다 ({0}부터): {1}. 설정 페이지에서 전화 회선을 고치면 "
                       "남은 통화가 다시 걸립니다.").format(when, reason)

    def _age_text(self, age: float | None) -> str:
        if age is None:
            return "?"
        if age < 120:
            return self.tr("{0}초").format(int(age))
        if age < 2 * 3600:
            return self.tr("{0}분").format(int(age // 60))
        if age < 2 * 86400:
            return self.tr("{0}시간").format(int(age // 3600))
        return self.tr("{0}일").format(int(age // 86400))
