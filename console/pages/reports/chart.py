"""A small stacked bar chart of figures by day, painted with QPainter (no chart library)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget


class DayBarsWidget(QWidget):
    def __init__(self, title: str, series: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        """`series`: (legend label, colour) for each stacked value, bottom first."""
        super().__init__(parent)
        self.title = title
        self.series = list(series)
        self.days: list[tuple[str, tuple[int, ...]]] = []
        self.setMinimumHeight(150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_days(self, days: Sequence[tuple[str, tuple[int, ...]]]) -> None:
        self.days = list(days)
        self.update()

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        fm = p.fontMetrics()
        line = fm.height()
        p.drawText(0, line, self.title)
        left, top, bottom = 34, line * 2, line * 2 + 4
        w, h = self.width() - left - 4, self.height() - top - bottom
        if w <= 0 or h <= 0:
            return
        peak = max([sum(v) for _, v in self.days] + [1])
        p.setPen(QColor("#cccccc"))
        for frac in (0.0, 0.5, 1.0):
            y = top + h - h * frac
            p.drawLine(left, int(y), left + w, int(y))
            p.setPen(QColor("#555555"))
            p.drawText(QRectF(0, y - line / 2, left - 4, line), Qt.AlignmentFlag.AlignRight, f"{peak * frac:.3g}")
            p.setPen(QColor("#cccccc"))
        n = max(len(self.days), 1)
        slot = w / n
        bar = max(min(slot * 0.7, 28), 1.0)
        label_every = max(1, int(n / max(w / 44, 1)))
        for i, (day, values) in enumerate(self.days):
            x = left + i * slot + (slot - bar) / 2
            base = top + h
            for (_, colour), v in zip(self.series, values, strict=False):
                if v:
                    bh = h * v / peak
                    p.fillRect(QRectF(x, base - bh, bar, bh), QColor(colour))
                    base -= bh
            if i % label_every == 0:
                p.setPen(QColor("#555555"))
                p.drawText(QRectF(left + i * slot - 10, top + h + 2, slot + 20, line), Qt.AlignmentFlag.AlignHCenter, day)
        x = left
        for label, colour in self.series:
            p.fillRect(QRectF(x, top + h + line + 6, 10, 10), QColor(colour))
            p.setPen(QColor("#333333"))
            p.drawText(int(x + 14), int(top + h + line + 15), label)
            x += fm.horizontalAdvance(label) + 34
        p.end()
