"""Overview: every active household on one screen, the most urgent first — why each coloured row
needs a person (care.households.reasons, in words), last call outcome, open flags, sensors, robot.
Every column sorts (in SQL); the household counters are links that show their rows. Demo data is
labelled as such."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QLineEdit, QVBoxLayout, QWidget

from care.review.overview import (
    FILTERS,
    PAGE_ROWS,
    OverviewRow,
    OverviewSummary,
    OverviewWindow,
    overview_version,
    overview_window,
)
from care.vocabulary import NO_SEVERITY, CallOutcome, Severity
from console.common.context import DISPLAY_TZ, ConsoleContext
from console.common.escalation_widgets import RosterGapLabel
from console.common.household_link import link_household_rows
from console.common.labels import label, severity_row_colour, severity_text_colour, why_line, why_text
from console.common.poller import VersionPoller
from console.common.runner_status import RunnerStatusLabel
from console.common.tables import make_table
from console.common.tasks import LatestLoader, error_text
from console.common.windowed_model import WindowedRowsModel


def outcome_label(outcome: str | None) -> str:
    return label(CallOutcome, outcome)


def when(value: datetime | None) -> str:
    """Times in the district's zone (check-in windows are Korean local time), whatever the PC's."""
    return value.astimezone(DISPLAY_TZ).strftime("%m-%d %H:%M") if value else "—"


class OverviewTableModel(WindowedRowsModel):
    """The rows as the care service sorted them, a page at a time as the table scrolls. Sorting
    asks for a reload sorted in SQL (sortRequested), never compares rows here."""

    COLUMNS = ("name", "why", "dong", "worker", "last_call", "flags", "sensors", "robot")
    sortRequested = Signal(str, bool)  # SORT_KEYS member, descending

    def __init__(self, parent=None) -> None:
        super().__init__(parent, page_rows=PAGE_ROWS)
        self.set_titles([self.tr("이름"), self.tr("확인할 이유"), self.tr("동"), self.tr("담당자"),
                         self.tr("최근 안부 전화"), self.tr("미처리 플래그"), self.tr("센서"), self.tr("로봇")])

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if 0 <= column < len(self.COLUMNS):
            key = self.COLUMNS[column]
            self.sortRequested.emit("severity" if key == "why" else key, order == Qt.SortOrder.DescendingOrder)

    def cell(self, r: OverviewRow, key: str, role: int):
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "why":
                return why_line(r.reasons)
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
        if role == Qt.ItemDataRole.ToolTipRole and key == "why" and r.reasons:
            return "\n".join(why_text(reason) for reason in r.reasons)
        if role == Qt.ItemDataRole.ForegroundRole and key == "why" and r.severity != NO_SEVERITY:
            return severity_text_colour(r.severity)
        if role == Qt.ItemDataRole.BackgroundRole:
            return severity_row_colour(r.severity)
        if role == Qt.ItemDataRole.UserRole:
            return r.id
        return None

    @staticmethod
    def _severity(severity: str) -> str:
        return label(Severity, severity)


# a search's first page: a screenful and some (the rest come as the table scrolls, page_rows at a
# time); typing waits for fewer rows to be built, reasoned and logged
SEARCH_FIRST_ROWS = 50

# default widths (px) of the columns sized by hand: ResizeToContents over 10,000 rows stalls the GUI
WIDTHS = {"name": 80, "dong": 80, "worker": 100, "last_call": 150, "flags": 90, "sensors": 120, "robot": 120}


class OverviewWidget(QWidget):
    loaded = Signal(int)  # the rows the shown counter leads to (all pages), once the first page is in
    householdRequested = Signal(int)  # a row activated (Enter / double-click): open its household page

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.only = "all"  # the counter whose rows are shown (care.review.overview.FILTERS)
        self.sort_key, self.descending = "severity", True
        self._summary: OverviewSummary | None = None  # the last counters shown
        self.page_rows = PAGE_ROWS  # rows read at a time (the first page with the counters, then as it scrolls)
        self.loader = LatestLoader(self, self._show, self._error)
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.linkActivated.connect(self._counter_clicked)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("이름, 동, 담당자로 찾기"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(260)
        self.search.textChanged.connect(self._requery)
        self.model = OverviewTableModel(self)
        self.model.sortRequested.connect(self._sort)
        self.model.fetchFailed.connect(self._error)
        self.table = make_table(self.model, self, stretch=self.model.COLUMNS.index("why"))
        header = self.table.horizontalHeader()
        for key, width in WIDTHS.items():
            column = self.model.COLUMNS.index(key)
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        header.setSortIndicator(self.model.COLUMNS.index("why"), Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        link_household_rows(self.table, self.model.row_at, self.householdRequested)
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

    def _load(self, fresh: bool) -> None:
        """The counters and the first page (one statement, off the GUI thread); later pages come
        as the table scrolls (OverviewTableModel.fetchMore) from the same query."""
        self.model.page_rows = self.page_rows
        first = min(self.page_rows, SEARCH_FIRST_ROWS) if self.search.text().strip() else self.page_rows
        self.loader.load(overview_window, self.ctx.db, *self._query(), limit=first, actor=self.ctx.actor,
                         extras_from=None if fresh else self._summary)

    @Slot()
    def reload(self) -> None:
        """Everything again (first show, the poller saw a change, F5)."""
        self._load(fresh=True)
        self.roster_gap.reload()

    @Slot()
    def _requery(self) -> None:
        """Another search text, counter or sort: the rows and their counters only (the calls and
        devices counters, which no search changes, are kept from the last load)."""
        self._load(fresh=self._summary is None)

    def _query(self) -> tuple[str, str, str, bool]:
        return self.search.text(), self.only, self.sort_key, self.descending

    @Slot(str, bool)
    def _sort(self, key: str, descending: bool) -> None:
        if (key, descending) != (self.sort_key, self.descending):
            self.sort_key, self.descending = key, descending
            self._requery()

    @Slot(str)
    def _counter_clicked(self, link: str) -> None:
        only = link.removeprefix("only:")
        if only in FILTERS:
            self.set_filter(only)

    def set_filter(self, only: str) -> None:
        """Show the rows of one counter (FILTERS); the counter then equals the rows shown."""
        self.only = only
        self._requery()

    def _counter(self, only: str, text: str, n: int, colour: str | None = None) -> str:
        number = f"<span style='color:{colour}'><b>{n}</b></span>" if colour else f"<b>{n}</b>"
        words = text.replace(str(n), number) if str(n) in text else f"{text} {number}"
        if only == self.only:
            return f"<u>{words}</u>"
        return f"<a href='only:{only}'>{words}</a>"

    def _show(self, window: OverviewWindow) -> None:
        db, actor, (text, only, sort, descending) = self.ctx.db, self.ctx.actor, self._query()

        summary = self._summary = window.summary

        def page(offset: int, limit: int) -> tuple[OverviewRow, ...]:  # a worker thread: the same query
            return overview_window(db, text, only, sort, descending, offset=offset, limit=limit, actor=actor,
                                   extras_from=summary).rows

        self.model.reset_window(window.rows, window.total, page)
        # one %n per part, so English says "1 flag" / "2 flags" (Korean has one form); each household
        # counter is a link that shows its rows
        parts = [self._counter("all", self.tr("가구 %n", "", summary.households), summary.households),
                 self._counter("flagged", self.tr("미처리 플래그 있는 가구 %n", "", summary.flagged), summary.flagged),
                 self._counter("urgent", self.tr("긴급 %n", "", summary.urgent), summary.urgent, "#b00020"),
                 self._counter("unreachable", self.tr("연락두절 %n", "", summary.unreachable), summary.unreachable,
                               "#b00020"),
                 self.tr("최근 24시간 통화 %n", "", summary.calls_last_24h),
                 self.tr("기기 %n", "", summary.devices)]
        self.summary.setText(" · ".join(parts))
        self.loaded.emit(window.total)

    def _error(self, exc: BaseException) -> None:
        self.summary.setText(error_text(exc))
