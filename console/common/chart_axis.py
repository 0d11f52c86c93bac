"""The devices chart's time axis in the district's zone (DISPLAY_TZ, like every table) with
labels in the console's language: "06:00", and the date at midnight ("12월 1일" / "Dec 1").
pyqtgraph's own DateAxisItem uses the PC's zone and English strftime names ("Tue 01")."""

from __future__ import annotations

from datetime import datetime

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication

from console.common.context import DISPLAY_TZ

DAY = 86_400


def _tr(text: str) -> str:
    return QCoreApplication.translate("LocalTimeAxis", text)


def date_text(when: datetime) -> str:
    return _tr("%1월 %2일").replace("%1", str(when.month)).replace("%2", str(when.day))


class LocalTimeAxis(pg.DateAxisItem):
    def __init__(self, orientation: str = "bottom", **kwargs) -> None:
        offset = datetime.now(DISPLAY_TZ).utcoffset()
        # pyqtgraph's utcOffset is seconds WEST of UTC (like time.timezone): ticks fall on local hours
        super().__init__(orientation, utcOffset=-int(offset.total_seconds()) if offset else 0, **kwargs)

    def tickStrings(self, values, scale, spacing) -> list[str]:
        out = []
        for v in values:
            try:
                when = datetime.fromtimestamp(v, DISPLAY_TZ)
            except (OverflowError, ValueError, OSError):
                out.append("")
                continue
            if spacing >= DAY or (when.hour == 0 and when.minute == 0):
                out.append(date_text(when))
            else:
                out.append(f"{when:%H:%M}")
        return out
