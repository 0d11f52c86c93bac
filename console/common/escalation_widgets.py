"""The console's side of escalations: a banner that stays until someone acknowledges an urgent
escalating flag (with a tray notification and a sound when a new one starts), the roster gap
warning on the overview, and the duty roster on the Schedule page. Reads go through
care.escalation.console_feed off the GUI thread; the banner's button calls the review service."""

from __future__ import annotations

import html
from datetime import UTC, datetime

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStyle,
    QSystemTrayIcon,
    QWidget,
)

from care.escalation.console_feed import EscalationFeed, duty_roster, escalation_feed, escalation_version
from care.households.phones import display_phone
from care.review import queue as review
from console.common.context import DISPLAY_TZ, ConsoleContext
from console.common.poller import VersionPoller
from console.common.tasks import LatestLoader, error_text, run_in_background


class EscalationBanner(QWidget):
    """Red, above every page, while an urgent (life-safety/high) escalation is unacknowledged."""

    acknowledged = Signal(int)
    notified = Signal(int)  # a new urgent escalation was announced (tray + sound)
    POLL_MS = 5000

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.feed: EscalationFeed | None = None
        self._announced: set[int] | None = None  # None until the first load: old alerts are not re-announced
        self.text = QLabel(self)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setWordWrap(True)
        self.take = QPushButton(self.tr("이 알림 맡기"), self)
        self.take.setToolTip(self.tr("맨 위 알림을 내가 확인한 것으로 기록합니다 (연락 단계가 멈춥니다)"))
        self.take.clicked.connect(self.take_first)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.take)
        self.setStyleSheet("EscalationBanner { background: #b3261e; border-radius: 4px; } "
                           "QLabel { color: white; font-size: 14px; }")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setVisible(False)
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning), self)
            self.tray.show()
        self.loader = LatestLoader(self, self._show, self._error)
        self.poller = VersionPoller(self, escalation_version, ctx.db, interval_ms=self.POLL_MS, only_when_visible=False)
        self.poller.changed.connect(self.reload)
        self.poller.start()
        self.reload()

    @Slot()
    def reload(self) -> None:
        self.loader.load(escalation_feed, self.ctx.db, datetime.now(UTC))

    def _show(self, feed: EscalationFeed) -> None:
        self.feed = feed
        alerts = feed.alerts
        self.setVisible(bool(alerts))
        if alerts:
            first = alerts[0]
            late = self.tr(" · 확인 기한 지남") if first.overdue else ""
            more = self.tr(" 외 %n건", "", len(alerts) - 1) if len(alerts) > 1 else ""
            started = first.started_at.astimezone(DISPLAY_TZ).strftime("%H:%M")
            self.text.setText("<b>" + html.escape(self.tr("긴급 알림")) + f" {html.escape(first.code)}</b> · "
                              f"{html.escape(first.household_ref)} {html.escape(first.dong)} · {started}"
                              f"{html.escape(late)}{html.escape(more)} — "
                              + html.escape(self.tr("누군가 맡을 때까지 표시됩니다")))
        fresh = {a.flag_id for a in alerts}
        if self._announced is not None:
            for a in alerts:
                if a.flag_id not in self._announced:
                    self._announce(a.code, a.household_ref, a.dong)
                    self.notified.emit(a.flag_id)
        self._announced = fresh | (self._announced or set())

    def _announce(self, code: str, ref: str, dong: str) -> None:
        QApplication.beep()  # the sound: a tray message alone is easy to miss at night
        if self.tray is not None:
            self.tray.showMessage(self.tr("안부 긴급 알림"), f"{code} · {ref} {dong}",
                                  QSystemTrayIcon.MessageIcon.Critical, 0)

    def _error(self, exc: BaseException) -> None:
        self.text.setText(html.escape(error_text(exc)))

    @Slot()
    def take_first(self) -> None:
        if not self.feed or not self.feed.alerts:
            return
        flag_id = self.feed.alerts[0].flag_id
        self.take.setEnabled(False)
        run_in_background(self, review.acknowledge, self.ctx.db, flag_id, self.ctx.actor,
                          on_success=lambda _row: self._taken(flag_id), on_error=self._take_failed)

    def _taken(self, flag_id: int) -> None:
        self.take.setEnabled(True)
        self.acknowledged.emit(flag_id)
        self.reload()

    def _take_failed(self, exc: BaseException) -> None:
        self.take.setEnabled(True)
        QMessageBox.warning(self, self.tr("알림을 맡지 못했습니다"), error_text(exc))
        self.reload()


class RosterGapLabel(QLabel):
    """The overview's warning: nobody on duty at some time in the coming week (or no roster)."""

    loaded = Signal(bool)  # whether a warning is shown

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWordWrap(True)
        self.setStyleSheet("background: #fff3cd; color: #664d03; padding: 6px 10px; border-radius: 4px;")
        self.setVisible(False)
        self.loader = LatestLoader(self, self._show, lambda exc: None)

    @Slot()
    def reload(self) -> None:
        self.loader.load(escalation_feed, self.ctx.db, datetime.now(UTC))

    def _show(self, feed: EscalationFeed) -> None:
        if feed.roster_empty:
            self.setText(self.tr("당직표가 비어 있습니다: 밤과 휴일의 긴급 알림을 받을 사람이 없습니다 (일정 화면 또는 duty set)"))
        elif feed.gaps:
            g = feed.gaps[0]
            span = f"{g.start.astimezone(DISPLAY_TZ):%m-%d %H:%M}–{g.end.astimezone(DISPLAY_TZ):%m-%d %H:%M}"
            self.setText(self.tr("당직 공백 %n곳: 이 시간에는 긴급 알림을 받을 사람이 없습니다", "", len(feed.gaps))
                         + f" ({span}" + (" …" if len(feed.gaps) > 1 else "") + ")")
        self.setVisible(feed.roster_empty or bool(feed.gaps))
        self.loaded.emit(feed.roster_empty or bool(feed.gaps))


class DutyRosterLabel(QLabel):
    """The Schedule page's duty roster: who is on call when, who is on duty now, gaps."""

    loaded = Signal(int)  # slots shown

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        self.loader = LatestLoader(self, self._show, lambda exc: self.setText(html.escape(error_text(exc))))

    @Slot()
    def reload(self) -> None:
        self.loader.load(duty_roster, self.ctx.db, datetime.now(UTC))

    def _days(self, days: tuple[str, ...]) -> str:
        words = {"mon": self.tr("월"), "tue": self.tr("화"), "wed": self.tr("수"), "thu": self.tr("목"),
                 "fri": self.tr("금"), "sat": self.tr("토"), "sun": self.tr("일"), "hol": self.tr("공휴일")}
        return ",".join(words.get(d, d) for d in days)

    def _show(self, result) -> None:
        slots, on_duty, gaps = result
        title = "<b>" + html.escape(self.tr("당직표")) + "</b> "
        if not slots:
            self.setText(title + html.escape(self.tr("— 비어 있음 (당직표 편집… 또는 duty set 으로 추가)")))
            self.loaded.emit(0)
            return
        parts = []
        for v in slots:
            who = v.user or self.tr("데스크")
            now = " <b style='color:#1b5e20;'>●" + html.escape(self.tr("근무 중")) + "</b>" if v.id in on_duty else ""
            parts.append(f"{v.position}. {html.escape(v.name)} {html.escape(self._days(v.days))} {v.start}–{v.end} "
                         f"{html.escape(display_phone(v.phone))} ({html.escape(who)}){now}")
        gap = ""
        if gaps:
            gap = " · <span style='color:#b25e00;'>" + html.escape(self.tr("공백 %n곳", "", len(gaps))) + "</span>"
        self.setText(title + " · ".join(parts) + gap)
        self.loaded.emit(len(slots))
