"""The charts tab (pyqtgraph): one row per daily series the household has a device for — motion
events, door openings, mean power, robot interactions, temperature — each day's usual range
(10th–90th percentile of the 4 weeks before) shaded behind the line, and the check-in calls'
results as coloured marks on the same (linked) time axis. 7 / 30 / 90 days; hovering shows the
day's values; the axis is in the district's zone and the console's language."""

from __future__ import annotations

import math
from datetime import datetime, time

import pyqtgraph as pg
from PySide6.QtCore import QPointF, Signal, Slot
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from care.households.charts import RANGES, HouseholdCharts, household_charts
from care.vocabulary import CallOutcome, DeviceKind, FlagSource
from console.common.chart_axis import LocalTimeAxis, date_text
from console.common.context import DISPLAY_TZ, ConsoleContext
from console.common.labels import label
from console.common.tasks import LatestLoader, error_text

ORDER = ("motion", "door", "power", "robot", "temperature")
LINE = {"motion": "#1565c0", "door": "#6a1b9a", "power": "#ef6c00", "robot": "#00897b", "temperature": "#c62828"}
OUTCOME_COLOUR = {"well": "#2e7d32", "flagged": "#c62828", "needs_review": "#f9a825"}
MISSED_COLOUR = "#ef6c00"
OTHER_COLOUR = "#757575"
DAY_S = 86_400


class DayAxis(LocalTimeAxis):
    """Days as "12/1": a two-column chart has no room for "12월 1일" under every tick (the hover
    line says the day in full); hours, if zoomed in that far, as the shared axis shows them."""

    def tickStrings(self, values, scale, spacing) -> list[str]:
        if spacing < DAY_S:
            return super().tickStrings(values, scale, spacing)
        out = []
        for v in values:
            try:
                when = datetime.fromtimestamp(v, DISPLAY_TZ)
            except (OverflowError, ValueError, OSError):
                out.append("")
                continue
            out.append(f"{when.month}/{when.day}")
        return out


def _x(day) -> float:
    """A local day's noon, as epoch seconds: the day's point sits in the middle of its date."""
    return datetime.combine(day, time(12), DISPLAY_TZ).timestamp()


class HouseholdChartsWidget(QWidget):
    chartsShown = Signal(int)  # days

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.household_id: int | None = None
        self.data: HouseholdCharts | None = None
        self.days = 30
        self.range_buttons = QButtonGroup(self)
        top = QHBoxLayout()
        for n in RANGES:
            b = QPushButton(self.tr("%1일").replace("%1", str(n)), self)
            b.setCheckable(True)
            b.setChecked(n == self.days)
            self.range_buttons.addButton(b, n)
            top.addWidget(b)
        self.hover = QLabel(self)
        self.hover.setWordWrap(True)
        self.hover.setMinimumHeight(2 * self.hover.fontMetrics().lineSpacing() + 4)  # two lines, never clipped
        top.addWidget(self.hover, 1)
        self.plots = pg.GraphicsLayoutWidget(self)
        self.plots.setBackground("w")
        self.empty = QLabel(self)
        self.empty.setStyleSheet("color:#666;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.empty)
        layout.addWidget(self.plots, 1)
        self.loader = LatestLoader(self, self._show, self._failed)
        self.range_buttons.idClicked.connect(self.set_days)
        self.plots.scene().sigMouseMoved.connect(self._mouse_moved)
        self._items: list[pg.PlotItem] = []

    def names(self) -> dict[str, str]:
        """Each row's title: the device kind in labels.py's words, and what is counted or measured."""
        count, mean, talks = self.tr("횟수"), self.tr("W, 하루 평균"), self.tr("교감 횟수")
        names = {k: f"{label(DeviceKind, k)} ({count})" for k in ("motion", "door")}
        names["power"] = f"{label(DeviceKind, 'power')} ({mean})"
        names["robot"] = f"{label(DeviceKind, 'robot')} ({talks})"
        names["temperature"] = f"{label(DeviceKind, 'temperature')} (°C)"
        names["calls"] = label(FlagSource, "call")
        return names

    def set_household(self, household_id: int) -> None:
        self.household_id = household_id
        self.reload()

    @Slot(int)
    def set_days(self, days: int) -> None:
        self.days = days
        self.reload()

    def reload(self) -> None:
        if self.household_id is not None:
            self.loader.load(household_charts, self.ctx.db, self.household_id, self.ctx.actor, self.days)

    def _failed(self, exc: BaseException) -> None:
        self.empty.setText(error_text(exc))
        self.empty.setVisible(True)

    def _show(self, data: HouseholdCharts) -> None:
        self.data = data
        self.plots.clear()
        self._items = []
        names = self.names()
        lo, hi = _x(data.first_day) - DAY_S / 2, _x(data.last_day) + DAY_S / 2
        first: pg.PlotItem | None = None
        rows = [k for k in ORDER if k in data.series]
        self.empty.setVisible(not data.has_data())
        self.empty.setText(self.tr("이 기간에는 센서 기록도 안부전화도 없습니다.") if not data.has_data() else "")
        # two columns of plots, each headed by the calls' marks, all on one (linked) time axis
        columns = [rows[:(len(rows) + 1) // 2], rows[(len(rows) + 1) // 2:]] if len(rows) > 2 else [rows]
        for col, keys in enumerate(c for c in columns if c or not rows):
            for i, key in enumerate(["calls", *keys]):
                bottom = i == len(keys)
                plot = self.plots.addPlot(row=i, col=col, axisItems={"bottom": DayAxis("bottom")})
                if key != "calls":
                    plot.setTitle(names[key], size="9pt", justify="left", color=LINE.get(key, "#333333"))
                plot.getAxis("left").setWidth(40)
                plot.getAxis("left").setStyle(maxTickLevel=0)
                plot.showAxis("bottom", bottom)
                plot.setMouseEnabled(x=True, y=False)
                plot.setXRange(lo, hi, padding=0)
                if first is None:
                    first = plot
                else:
                    plot.setXLink(first)
                if key == "calls":
                    plot.setMaximumHeight(34)
                    self._calls(plot, data)
                else:
                    self._series(plot, data, key)
                self._items.append(plot)
        self.hover.setText(self.tr("그래프 위에 마우스를 올리면 그날의 값이 나옵니다. 음영: 이 가구의 평소 범위 (앞선 8주의 같은 평일·주말)."))
        self.chartsShown.emit(data.days)

    def _series(self, plot: pg.PlotItem, data: HouseholdCharts, key: str) -> None:
        values = data.series[key]
        band = [(v.day, v.usual) for v in values if v.usual is not None]
        if band:
            plot.addItem(pg.BarGraphItem(x=[_x(d) for d, _ in band], y0=[u[0] for _, u in band],
                                         height=[max(u[1] - u[0], 0.01) for _, u in band], width=DAY_S * 0.9,
                                         brush=pg.mkBrush(120, 144, 156, 60), pen=pg.mkPen(None)))
        xs = [_x(v.day) for v in values]
        ys = [v.value if v.value is not None else math.nan for v in values]
        colour = LINE[key]
        plot.plot(xs, ys, pen=pg.mkPen(colour, width=2), symbol="o", symbolSize=5, symbolBrush=colour,
                  symbolPen=None, connect="finite")
        if key == "temperature":
            lows = [v.low if v.low is not None else math.nan for v in values]
            highs = [v.high if v.high is not None else math.nan for v in values]
            for line in (lows, highs):
                plot.plot(xs, line, pen=pg.mkPen(colour, width=1, style=pg.QtCore.Qt.PenStyle.DashLine),
                          connect="finite")

    def _calls(self, plot: pg.PlotItem, data: HouseholdCharts) -> None:
        plot.setYRange(-1, 1)
        plot.getAxis("left").setTicks([[]])
        spots = [{"pos": (c.at.timestamp(), 0), "brush": pg.mkBrush(self.call_colour(c.outcome)), "size": 11,
                  "symbol": "o" if c.outcome in OUTCOME_COLOUR else "x", "pen": None} for c in data.calls]
        plot.addItem(pg.ScatterPlotItem(spots=spots))

    @staticmethod
    def call_colour(outcome: str) -> str:
        if outcome in OUTCOME_COLOUR:
            return OUTCOME_COLOUR[outcome]
        return MISSED_COLOUR if outcome in ("no_answer", "busy", "machine", "silent") else OTHER_COLOUR

    def hover_text(self, x: float) -> str:
        """The values of the day under `x` (epoch seconds), every series, and that day's calls."""
        if self.data is None:
            return ""
        day = datetime.fromtimestamp(x, DISPLAY_TZ).date()
        names = self.names()
        parts = []
        for key in ORDER:
            for v in self.data.series.get(key, ()):
                if v.day == day:
                    value = "—" if v.value is None else f"{v.value:.1f}".rstrip("0").rstrip(".")
                    usual = "" if v.usual is None else self.tr(" (평소 %1–%2)").replace(
                        "%1", f"{v.usual[0]:.0f}").replace("%2", f"{v.usual[1]:.0f}")
                    parts.append(f"{names[key].split(' (')[0]} {value}{usual}")
        calls = [label(CallOutcome, c.outcome) for c in self.data.calls if c.at.astimezone(DISPLAY_TZ).date() == day]
        if calls:
            parts.append(names["calls"] + " " + ", ".join(calls))
        return date_text(datetime.combine(day, time(12), DISPLAY_TZ)) + ": " + (" · ".join(parts) or self.tr("기록 없음"))

    @Slot(object)
    def _mouse_moved(self, pos: QPointF) -> None:
        for plot in self._items:
            if plot.sceneBoundingRect().contains(pos):
                x = plot.vb.mapSceneToView(pos).x()
                self.hover.setText(self.hover_text(x))
                return
