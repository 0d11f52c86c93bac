"""The Schedule page's capacity line: tonight's planned calls, how long the lines need for them,
when the last recording is transcribed, and a warning naming each window the plan overflows
(care/checkins/capacity.py computes it off the GUI thread)."""

from __future__ import annotations

import html
from datetime import datetime

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QLabel, QWidget

from care.checkins.capacity import CapacityEstimate, estimate_tonight
from console.common.context import DISPLAY_TZ, ConsoleContext
from console.common.tasks import LatestLoader, error_text


def _clock(at: datetime) -> str:
    return at.astimezone(DISPLAY_TZ).strftime("%H:%M")


class CapacityLabel(QLabel):
    loaded = Signal(object)  # the CapacityEstimate shown

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.estimate: CapacityEstimate | None = None
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        self.loader = LatestLoader(self, self._show, lambda exc: self.setText(html.escape(error_text(exc))))

    @Slot()
    def reload(self) -> None:
        self.loader.load(estimate_tonight, self.ctx.db)

    def _duration(self, seconds: float) -> str:
        minutes = round(seconds / 60)
        h, m = divmod(minutes, 60)
        return self.tr("{0}시간 {1}분").format(h, m) if h else self.tr("{0}분").format(m)

    def text_for(self, est: CapacityEstimate) -> str:
        if est.calls == 0:
            return html.escape(self.tr("오늘 밤: 남은 예정 전화 없음"))
        line = self.tr("오늘 밤: {0}건 예정, {1}회선으로 약 {2}").format(
            f"{est.calls:,}", est.lines, self._duration(est.dial_s))
        if est.transcribed_at is not None:
            line += self.tr("; 전사 완료 {0}").format(_clock(est.transcribed_at))
        text = "<b>" + html.escape(line) + "</b>"
        over = est.overflowing
        if over:
            windows = ", ".join(self.tr("{0}–{1} {2}건 초과").format(_clock(w.start), _clock(w.end), f"{w.overflow:,}")
                                for w in over)
            warning = self.tr("⚠ 계획이 통화 시간대에 다 들어가지 않습니다: {0} (회선을 늘리거나 시간대를 나누세요)").format(windows)
            text += "<br><span style='color:#b71c1c;'>" + html.escape(warning) + "</span>"
        return text

    def _show(self, est: CapacityEstimate) -> None:
        self.estimate = est
        self.setText(self.text_for(est))
        self.loaded.emit(est)
