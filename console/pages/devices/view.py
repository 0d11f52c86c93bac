"""Devices page: households with home sensors/robots (most urgent first), one household's devices
with last value / last signal / battery, its open device flags, and a chart of one device's last
48 hours. Every query runs off the GUI thread (console.common.tasks.run_in_background)."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QItemSelection, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from care.devices import status
from console.common.chart_axis import LocalTimeAxis
from console.common.context import ConsoleContext
from console.common.household_link import link_household_rows
from console.common.labels import reason_text, severity_text_colour
from console.common.tables import make_table
from console.common.tasks import LatestLoader, error_text
from console.pages.devices.model import (
    DeviceHouseholdsTableModel,
    DevicesTableModel,
    category_name,
    kind_name,
    severity_name,
)

CHART_HOURS = 48


class DevicesWidget(QWidget):
    loaded = Signal(int)  # households shown after a (re)load
    householdRequested = Signal(int)  # a row activated (Enter / double-click): open its household page
    chartLoaded = Signal(int)  # points drawn

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        # bound-method callbacks, not lambdas: with PySide6 6.12 a lambda connected to a task's
        # relay crashed at the relay's deferred delete when the page closed right after
        self.households_loader = LatestLoader(self, self._show_households, self._show_error)
        self.chart_loader = LatestLoader(self, self._show_series, self._show_error)
        self._selected_household: int | None = None

        self.summary = QLabel(self)
        self.refresh_button = QPushButton(self.tr("새로고침"), self)
        self.households = DeviceHouseholdsTableModel(self)
        self.household_table = make_table(self.households, self, alternating=True)
        link_household_rows(self.household_table, self.households.row_at, self.householdRequested)
        self.devices = DevicesTableModel(self)
        self.device_table = make_table(self.devices, self, alternating=True)
        self.household_title = QLabel(self)
        self.household_title.setStyleSheet("font-weight: bold; font-size: 14px;")
        self.flag_list = QListWidget(self)
        self.flag_list.setWordWrap(True)
        self.flag_list.setMaximumHeight(90)
        self.chart_title = QLabel(self.tr("기기를 선택하면 최근 48시간 기록을 보여줍니다"), self)
        self.chart = pg.PlotWidget(self, axisItems={"bottom": LocalTimeAxis("bottom")})
        self.chart.setBackground("w")
        self.chart.showGrid(x=True, y=True, alpha=0.25)
        self.chart.setMinimumHeight(150)
        self.chart.getAxis("left").setWidth(52)
        self.curve = self.chart.plot([], [], pen=pg.mkPen("#1565c0", width=2))

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("가정 내 센서·돌봄 로봇"), self))
        top.addStretch(1)
        top.addWidget(self.summary)
        top.addWidget(self.refresh_button)
        right = QWidget(self)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.household_title)
        rl.addWidget(self.device_table, 2)
        rl.addWidget(QLabel(self.tr("미해결 기기 경보"), right))
        rl.addWidget(self.flag_list)
        rl.addWidget(self.chart_title)
        rl.addWidget(self.chart, 3)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.household_table)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([9_000, 12_000])  # proportions: the household list needs ~43 %
        self.household_table.horizontalHeader().setStretchLastSection(False)
        # at 1280 px both tables must fit without a horizontal scroll bar: the maker's name (long
        # vendor names) is the one column that gives way, elided with the full name as tooltip
        maker = self.devices.COLUMNS.index("vendor")
        self.device_table.horizontalHeader().setSectionResizeMode(maker, QHeaderView.ResizeMode.Interactive)
        self.device_table.horizontalHeader().resizeSection(maker, 96)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

        self.refresh_button.clicked.connect(self.reload)
        self.household_table.selectionModel().selectionChanged.connect(self._on_household_selected)
        self.device_table.selectionModel().selectionChanged.connect(self._on_device_selected)
        self._shown_once = False  # thousands of households: loaded when the page is first shown, not at start

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            QTimer.singleShot(0, self, self._first_load)  # after the main window's own reload on bringing it up

    @Slot()
    def _first_load(self) -> None:
        if not self.households_loader.pending:  # the main window asked already
            self.reload()

    # --- households ----------------------------------------------------------------------------
    @Slot()
    def reload(self) -> None:
        self.households_loader.load(status.load_device_overview, self.ctx.db, self.ctx.actor)

    def _show_households(self, rows: list[status.HouseholdDeviceStatus]) -> None:
        keep = self._selected_household
        self.households.set_rows(rows)
        devices = sum(len(r.devices) for r in rows)
        flags = sum(len(r.flags) for r in rows)
        self.summary.setText(" · ".join((self.tr("가구 %n", "", len(rows)), self.tr("기기 %n", "", devices),
                                         self.tr("미해결 기기 경보 %n", "", flags))))
        row = self.households.find(keep) if keep is not None else -1
        if row < 0 and rows:
            row = 0
        if row >= 0:
            self.household_table.selectRow(row)
        self.loaded.emit(len(rows))

    @Slot(QItemSelection, QItemSelection)
    def _on_household_selected(self, *_) -> None:
        rows = self.household_table.selectionModel().selectedRows()
        if not rows:
            return
        h = self.households.row_at(rows[0].row())
        self._selected_household = h.household_id
        self.household_title.setText(f"{h.household_ref} · {h.name} · {h.dong}")
        self.devices.set_rows(h.devices)
        self.flag_list.clear()
        for f in h.flags:
            where = f" ({f.device_ref})" if f.device_ref else ""
            item = QListWidgetItem(f"[{severity_name(f.severity)}] {category_name(f.category)}{where}: {reason_text(f.reason)}")
            item.setForeground(severity_text_colour(f.severity))
            self.flag_list.addItem(item)
        if not h.flags:
            self.flag_list.addItem(self.tr("미해결 경보가 없습니다"))
        if h.devices:
            preferred = next((i for i, d in enumerate(h.devices) if d.kind in ("temperature", "power")), 0)
            self.device_table.selectRow(preferred)

    # --- one device's chart --------------------------------------------------------------------
    @Slot(QItemSelection, QItemSelection)
    def _on_device_selected(self, *_) -> None:
        rows = self.device_table.selectionModel().selectedRows()
        if not rows:
            return
        device = self.devices.row_at(rows[0].row())
        self.chart_title.setText(self.tr("%1 (%2) — 최근 48시간 불러오는 중…")
                                 .replace("%1", device.device_ref).replace("%2", kind_name(device.kind)))
        self.chart_loader.load(status.load_series, self.ctx.db, device.device_id, CHART_HOURS)

    def _show_series(self, series: status.DeviceSeries | None) -> None:
        if series is None or not series.points:
            self.curve.setData([], [])
            self.chart_title.setText(self.tr("최근 48시간 기록이 없습니다"))
            self.chartLoaded.emit(0)
            return
        xs = [ts.timestamp() for ts, _ in series.points]
        ys = [v for _, v in series.points]
        step = series.kind in ("door", "motion", "smoke", "gas", "emergency_button")
        self.curve.setData(xs, ys, stepMode="right" if step else None)
        unit = {"C": "°C"}.get(series.unit, series.unit)
        hourly = self.tr(" (시간별 평균)") if series.hourly else ""
        what = self.tr("배터리") if series.metric == "battery" else kind_name(series.kind)
        self.chart_title.setText(f"{series.device_ref} · {what}{' (' + unit + ')' if unit else ''}{hourly}")
        self.chart.setLabel("left", unit)
        self.chartLoaded.emit(len(xs))

    def _show_error(self, exc: BaseException) -> None:
        self.summary.setText(self.tr("불러오지 못했습니다: %1").replace("%1", error_text(exc)))
