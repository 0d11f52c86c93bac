"""Overview: every active household on one screen, the most urgent first — last call outcome,
open flags, sensors, robot. Demo data is labelled as such."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from care.review.overview import OverviewRow, OverviewSummary, load_overview, overview_version
from care.vocabulary import CallOutcome, Severity
from console.common.context import DISPLAY_TZ, ConsoleContext
from console.common.escalation_widgets import RosterGapLabel
from console.common.labels import label, severity_row_colour
from console.common.poller import VersionPoller
from console.common.rows_model import RowsTableModel
from console.common.runner_status import RunnerStatusLabel
from console.common.tables import make_table
from console.common.tasks import LatestLoader, error_text


def outcome_label(outcome: str | None) -> str:
    return label(CallOutcome, outcome)


def when(value: datetime | None) -> str:
    """Times in the district's zone (check-in windows are Korean local time), whatever the PC's."""
    return value.astimezone(DISPLAY_TZ).strftime("%m-%d %H:%M") if value else "—"


class OverviewTableModel(RowsTableModel):
    COLUMNS = ("name", "dong", "worker", "last_call", "flags", "sensors", "robot")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.set_titles([self.tr("이름"), self.tr("동"), self.tr("담당자"), self.tr("최근 안부 전화"),
                         self.tr("미처리 플래그"), self.tr("센서"), self.tr("로봇")])

    def cell(self, r: OverviewRow, key: str, role: int):
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
            return severity_row_colour(r.top_severity)
        if role == Qt.ItemDataRole.UserRole:
            return r.id
        return None

    @staticmethod
    def _severity(severity: str) -> str:
        return label(Severity, severity)


class OverviewWidget(QWidget):
    loaded = Signal(int)

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.loader = LatestLoader(self, self._show, self._error)
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("이름, 동, 담당자로 찾기"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(260)
        self.search.textChanged.connect(self.reload)
        self.model = OverviewTableModel(self)
        self.table = make_table(self.model, self, stretch=self.model.COLUMNS.index("last_call"))
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.search)
        self.runner_status = RunnerStatusLabel(ctx.db, self)  # the same live line as the Schedule page
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.runner_status)
        self.roster_gap = RosterGapLabel(ctx, self)  # nobody on duty at some time: urgent flags reach nobody
        layout.addWidget(self.roster_gap)
        layout.addWidget(self.table)
        # the runner writes all night: a console left open shows the morning's state without F5
        self.poller = VersionPoller(self, overview_version, ctx.db, interval_ms=10_000)
        self.poller.changed.connect(self.reload)
        self.poller.start()

    @Slot()
    def reload(self) -> None:
        self.loader.load(load_overview, self.ctx.db, self.search.text())
        self.roster_gap.reload()

    def _show(self, result: tuple[OverviewSummary, list[OverviewRow]]) -> None:
        summary, rows = result
        self.model.set_rows(rows)
        # one %n per part, so English says "1 flag" / "2 flags" (Korean has one form)
        parts = ["<b>" + self.tr("가구 %n", "", summary.households) + "</b>",
                 self.tr("미처리 플래그 %n", "", summary.open_flags)
                 + " (" + self.tr("긴급 %n", "", summary.high_flags)
                 .replace(str(summary.high_flags), f"<span style='color:#b00020'><b>{summary.high_flags}</b></span>")
                 + ")",
                 self.tr("최근 24시간 통화 %n", "", summary.calls_last_24h),
                 self.tr("기기 %n", "", summary.devices)]
        self.summary.setText(" · ".join(parts))
        self.loaded.emit(len(rows))

    def _error(self, exc: BaseException) -> None:
        self.summary.setText(error_text(exc))

