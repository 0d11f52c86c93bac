"""Overview: every active household on one screen, the most urgent first — last call outcome,
open flags, sensors, robot. Demo data is labelled as such."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import (
    QCoreApplication,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget

from care.overview import OverviewRow, OverviewSummary, load_overview, overview_version

from .context import DISPLAY_TZ, ConsoleContext
from .poller import VersionPoller
from .rows_model import RowsTableModel
from .runner_status import RunnerStatusLabel
from .tasks import error_text, run_in_background

SEVERITY_COLOURS = {"high": QColor("#f8d7da"), "medium": QColor("#fff3cd"), "low": QColor("#e7f1ff")}


def _tr(text: str) -> str:
    return QCoreApplication.translate("OverviewTableModel", text)


def outcome_label(outcome: str | None) -> str:
    labels = {
        "well": _tr("양호"), "flagged": _tr("위험 신호"), "needs_review": _tr("확인 필요"), "no_answer": _tr("부재"),
        "busy": _tr("통화 중"), "machine": _tr("자동응답"), "silent": _tr("무응답"), "failed": _tr("실패"),
    }
    return labels.get(outcome or "", _tr("기록 없음") if outcome is None else outcome)


def when(value: datetime | None) -> str:
    """Times in the district's zone (check-in windows are Korean local time), whatever the PC's."""
    return value.astimezone(DISPLAY_TZ).strftime("%m-%d %H:%M") if value else "—"


class OverviewTableModel(RowsTableModel):
    COLUMNS = ("name", "dong", "worker", "last_call", "flags", "sensors", "robot")

    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.set_titles([self.tr("이름"), self.tr("동"), self.tr("담당자"), self.tr("최근 안부 전화"),
                         self.tr("미처리 플래그"), self.tr("센서"), self.tr("로봇")])

    def cell(self, r: OverviewRow, key: str, role: int):  # noqa: ANN201
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "last_call":
                return f"{outcome_label(r.last_outcome)}  {when(r.last_call_at)}" if r.last_call_at else outcome_label(None)
            if key == "flags":
                return "" if not r.open_flags else f"{r.open_flags} ({self._severity(r.top_severity)})"
            if key == "sensors":
                return "—" if not r.sensors else f"{r.sensors}  {when(r.sensors_seen)}"
            if key == "robot":
                if r.robot_seen is None:
                    return "—"
                battery = "" if r.robot_battery is None else f"  {r.robot_battery:.0f}%"
                return f"{when(r.robot_seen)}{battery}"
            return getattr(r, key)
        if role == Qt.ItemDataRole.BackgroundRole:
            return SEVERITY_COLOURS.get(r.top_severity)
        if role == Qt.ItemDataRole.UserRole:
            return r.id
        return None

    def _severity(self, severity: str) -> str:
        return {"high": self.tr("긴급"), "medium": self.tr("주의"), "low": self.tr("낮음")}.get(severity, severity)


class OverviewWidget(QWidget):
    loaded = Signal(int)

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._generation = 0
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("이름, 동, 담당자로 찾기"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(260)
        self.search.textChanged.connect(self.reload)
        self.model = OverviewTableModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        for col, width in enumerate((110, 90, 120, 200, 130, 150, 130)):
            header.resizeSection(col, width)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.search)
        self.runner_status = RunnerStatusLabel(ctx.db, self)  # the same live line as the Schedule page
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.runner_status)
        layout.addWidget(self.table)
        # the runner writes all night: a console left open shows the morning's state without F5
        self.poller = VersionPoller(self, overview_version, ctx.db, interval_ms=10_000)
        self.poller.changed.connect(self.reload)
        self.poller.start()

    @Slot()
    def reload(self) -> None:
        self._generation += 1
        generation = self._generation
        run_in_background(self, load_overview, self.ctx.db, self.search.text(),
                          on_success=lambda result: self._show(generation, result), on_error=self._error)

    def _show(self, generation: int, result: tuple[OverviewSummary, list[OverviewRow]]) -> None:
        if generation != self._generation:
            return
        summary, rows = result
        self.model.set_rows(rows)
        self.summary.setText(self.tr(
            "<b>가구 %1</b> · 미처리 플래그 %2 (긴급 <span style='color:#b00020'><b>%3</b></span>) · "
            "최근 24시간 통화 %4 · 기기 %5")
            .replace("%1", str(summary.households)).replace("%2", str(summary.open_flags))
            .replace("%3", str(summary.high_flags)).replace("%4", str(summary.calls_last_24h))
            .replace("%5", str(summary.devices)))
        self.loaded.emit(len(rows))

    def _error(self, exc: BaseException) -> None:
        self.summary.setText(error_text(exc))

