"""Reports page: choose a period (week, month, or a range of days) and a scope (district, 동,
worker), see the figures as tables with small charts, export them (XLSX, PDF, 행복이음 CSV) or
print them. The report is built in the background with a progress bar; every export and print
asks for a reason first and is written to the access log with it (care.reports.service)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, QObject, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from care.errors import AnbuError
from care.reports import service
from care.reports import words as report_words
from care.reports.model import Report
from care.reports.period import Period, Scope, month_period, range_period, week_period
from care.reports.summary import duration, percent, summary
from care.vocabulary import (
    ContactChannel,
    ContactOutcome,
    DeviceKind,
    FlagCategory,
    FlagSource,
    Resolution,
    Severity,
)
from console.common.context import ConsoleContext
from console.common.household_link import link_household_rows
from console.common.labels import label
from console.common.messages import show_message
from console.common.tasks import LatestLoader, error_text, run_in_background
from console.pages.reports.chart import DayBarsWidget
from console.pages.reports.models import BreakdownTableModel, FiguresTableModel, NoContactTableModel
from console.pages.reports.printing import open_preview
from console.pages.reports.reason_dialog import ReasonDialog

FILTERS = {"xlsx": "Excel (*.xlsx)", "pdf": "PDF (*.pdf)", "csv": "CSV (*.csv)"}


def _table(model, parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(24)
    view.setAlternatingRowColors(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    return view


class ReportsWidget(QWidget):
    loaded = Signal(object)  # the Report shown
    householdRequested = Signal(int)  # a not-contacted row activated (Enter / double-click): open its household page
    exported = Signal(str)  # the path written
    printReady = Signal(object)  # the preview dialog

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.report: Report | None = None
        self.last_dialog: ReasonDialog | None = None

        self.kind = QComboBox(self)
        for text, key in ((self.tr("주간"), "week"), (self.tr("월간"), "month"), (self.tr("기간 지정"), "range")):
            self.kind.addItem(text, key)
        today = date.today()
        self.first = QDateEdit(QDate(today - timedelta(days=7)), self)
        self.last = QDateEdit(QDate(today), self)
        for edit in (self.first, self.last):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.last.setEnabled(False)
        self.period_label = QLabel(self)
        self.dong = QComboBox(self)
        self.worker = QComboBox(self)
        for box, everyone in ((self.dong, self.tr("모든 동")), (self.worker, self.tr("모든 담당자"))):
            box.addItem(everyone, None)
            box.setMinimumContentsLength(10)
        self.generate_button = QPushButton(self.tr("보고서 만들기"), self)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 100)
        self.progress.setMaximumWidth(160)
        self.export_buttons = {fmt: QPushButton(text, self) for fmt, text in (
            ("xlsx", self.tr("Excel 내보내기")), ("pdf", self.tr("PDF 내보내기")), ("csv", self.tr("행복이음 CSV")))}
        self.print_button = QPushButton(self.tr("인쇄…"), self)

        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("padding: 6px; background: #f3f6fa; border-radius: 4px;")
        self.figures = FiguresTableModel(self)
        self.figures.set_titles([self.tr("항목"), self.tr("이번 기간"), self.tr("지난 기간")])
        self.breakdown = BreakdownTableModel(self)
        self.breakdown.set_titles([self.tr("구분"), self.tr("항목"), self.tr("건수")])
        self.missing = NoContactTableModel(self, lambda key: report_words.value(key, self.ctx.lang))
        self.missing.set_titles([self.tr("가구 번호"), self.tr("동"), self.tr("이름"), self.tr("담당자"),
                                 self.tr("전화번호"), self.tr("사유"), self.tr("미응답")])
        self.calls_chart = DayBarsWidget(self.tr("날짜별 전화"), [(self.tr("본인 응답"), "#2f6fb0"),
                                                                  (self.tr("미응답"), "#e69138")], self)
        self.flags_chart = DayBarsWidget(self.tr("날짜별 위험 신호"), [(self.tr("위험 신호"), "#b3261e")], self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(_table(self.breakdown, self), self.tr("위험 신호·처리"))
        self.missing_view = _table(self.missing, self)
        self.missing_view.setToolTip(self.tr("두 번 누르거나 Enter: 가구 화면 열기"))
        link_household_rows(self.missing_view, self.missing.row_at, self.householdRequested)
        self.tabs.addTab(self.missing_view, self.tr("미확인 가구"))

        top = QHBoxLayout()
        for w in (QLabel(self.tr("기간"), self), self.kind, self.first, QLabel("~", self), self.last, self.period_label,
                  QLabel(self.tr("동"), self), self.dong, QLabel(self.tr("담당자"), self), self.worker):
            top.addWidget(w)
        top.addStretch(1)
        actions = QHBoxLayout()
        actions.addWidget(self.generate_button)
        actions.addWidget(self.progress)
        actions.addStretch(1)
        for b in (*self.export_buttons.values(), self.print_button):
            actions.addWidget(b)
        middle = QHBoxLayout()
        middle.addWidget(_table(self.figures, self), 5)
        charts = QVBoxLayout()
        charts.addWidget(self.calls_chart)
        charts.addWidget(self.flags_chart)
        middle.addLayout(charts, 6)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(self.summary)
        layout.addLayout(middle, 3)
        layout.addWidget(self.tabs, 2)

        self.builder = LatestLoader(self, self._show_report, self._build_failed)
        self._relay = _ProgressRelay(self)
        self._relay.progressed.connect(lambda f: self.progress.setValue(int(f * 100)))
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.first.dateChanged.connect(self._show_period)
        self.last.dateChanged.connect(self._show_period)
        self.generate_button.clicked.connect(self.generate)
        for fmt, button in self.export_buttons.items():
            button.clicked.connect(lambda _=False, f=fmt: self.choose_file(f))
        self.print_button.clicked.connect(self.print_report)
        self._set_actions_enabled(False)
        self._show_period()
        run_in_background(self, service.scope_choices, ctx.db, on_success=self._show_choices, on_error=self._failed)
        self._generated = False  # the first report is built when the page is first shown, not at start-up

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._generated:
            self._generated = True
            self.generate()

    # --- choosing ----------------------------------------------------------------------------
    def period(self) -> Period:
        first = self.first.date().toPython()
        kind = self.kind.currentData()
        if kind == "week":
            return week_period(first)
        if kind == "month":
            return month_period(first)
        return range_period(first, self.last.date().toPython())

    def scope(self) -> Scope:
        return Scope(dong=self.dong.currentData(), worker=self.worker.currentData())

    @Slot()
    def _kind_changed(self) -> None:
        self.last.setEnabled(self.kind.currentData() == "range")
        self._show_period()

    @Slot()
    def _show_period(self) -> None:
        try:
            p = self.period()
        except AnbuError as exc:
            self.period_label.setText(error_text(exc))
            self.period_label.setStyleSheet("color: #b00020;")
            return
        self.period_label.setStyleSheet("color: #555555;")
        self.period_label.setText(f"{p.label} ({p.first:%m-%d}–{p.last:%m-%d})")

    def _show_choices(self, choices: service.ScopeChoices) -> None:
        for box, values in ((self.dong, choices.dongs), (self.worker, choices.workers)):
            current = box.currentData()
            while box.count() > 1:
                box.removeItem(1)
            for v in values:
                box.addItem(v, v)
            box.setCurrentIndex(max(0, box.findData(current)))

    # --- building ----------------------------------------------------------------------------
    @Slot()
    def generate(self) -> None:
        try:
            period = self.period()
        except AnbuError as exc:
            show_message(self, self.tr("보고서"), error_text(exc), warning=True)
            return
        self.progress.setValue(0)
        self.generate_button.setEnabled(False)
        self._set_actions_enabled(False)
        # progress crosses threads through a queued signal of a GUI-thread object
        self.builder.load(service.build_report, self.ctx.db, period, self.scope(), progress=self._relay.progressed.emit,
                          actor=self.ctx.actor)

    def _show_report(self, report: Report) -> None:
        self.report = report
        self.progress.setValue(100)
        self.generate_button.setEnabled(True)
        self._set_actions_enabled(True)
        lang = self.ctx.lang
        self.summary.setText(summary(report, lang))
        self.figures.set_rows(self._figure_rows(report))
        self.breakdown.set_rows(self._breakdown_rows(report))
        self.missing.set_rows(report.not_contacted)
        self.tabs.setTabText(1, self.tr("미확인 가구 (%1)").replace("%1", f"{len(report.not_contacted):,}"))
        self.calls_chart.set_days([(d.day.strftime("%m-%d"), (d.answered, d.missed)) for d in report.days])
        self.flags_chart.set_days([(d.day.strftime("%m-%d"), (d.flags,)) for d in report.days])
        self.loaded.emit(report)

    def _figure_rows(self, r: Report) -> list[tuple[str, str, str]]:
        t = lambda key: report_words.text(key, self.ctx.lang)  # noqa: E731
        p, c, lang = r.previous, r.calls, self.ctx.lang
        return [
            (t("households"), f"{r.households:,}", f"{p.households:,}"),
            (t("contacted"), f"{r.contacted:,}", f"{p.contacted:,}"),
            (t("coverage"), percent(r.coverage), percent(p.coverage)),
            (t("placed"), f"{c.placed:,}", f"{p.placed:,}"),
            (t("answered_person"), f"{c.answered_person:,}", f"{p.answered_person:,}"),
            (t("answered_rate"), percent(c.answered_rate), percent(p.answered_rate)),
            (t("machine_calls"), f"{c.machine:,}", ""), (t("no_answer_calls"), f"{c.no_answer:,}", ""),
            (t("busy"), f"{c.busy:,}", ""), (t("failed_calls"), f"{c.failed:,}", ""),
            (t("needs_listen"), f"{c.needs_listen:,}", ""), (t("retries"), f"{c.retries:,}", ""),
            (t("flags"), f"{r.flags.total:,}", f"{p.flags:,}"),
            (t("ack_p50"), duration(r.times.ack_p50_s, lang), duration(p.ack_p50_s, lang)),
            (t("ack_p95"), duration(r.times.ack_p95_s, lang), ""),
            (t("resolve_p50"), duration(r.times.resolve_p50_s, lang), ""),
            (t("resolve_p95"), duration(r.times.resolve_p95_s, lang), ""),
            (t("overdue"), f"{r.times.overdue:,}", ""),
            (t("alerts_per_need"), "—" if r.flags.alerts_per_need is None else f"{r.flags.alerts_per_need:.1f}", ""),
            (t("unreachable_households"), f"{len(r.unreachable):,}", ""),
            (t("active_devices"), f"{r.devices.active:,}", ""), (t("sensor_alerts"), f"{r.devices.sensor_alerts:,}", ""),
            (t("silent_device"), f"{r.devices.silent:,}", ""), (t("low_battery"), f"{r.devices.low_battery:,}", ""),
        ]

    def _breakdown_rows(self, r: Report) -> list[tuple[str, str, int]]:
        rows: list[tuple[str, str, int]] = []
        for group, enum, counts in ((self.tr("출처"), FlagSource, r.flags.by_source),
                                    (self.tr("유형"), FlagCategory, r.flags.by_category),
                                    (self.tr("긴급도"), Severity, r.flags.by_severity),
                                    (self.tr("처리 결과"), Resolution, r.flags.outcomes)):
            rows += [(group, label(enum, k), n) for k, n in counts]
        rows += [(self.tr("후속 연락"), f"{label(ContactChannel, ch)} · {label(ContactOutcome, o)}", n)
                 for ch, o, n in r.follow_ups]
        rows += [(self.tr("기기 경보"), f"{d.household_ref}/{d.ref} ({label(DeviceKind, d.kind)})", d.alerts)
                 for d in r.devices.lines if d.alerts]
        for group, counts in ((self.tr("비상 연락 · 보낸 알림"), r.times.sent_by_channel),
                              (self.tr("비상 연락 · 확인 경로"), r.times.acknowledged_by_channel)):
            rows += [(group, report_words.value(k, self.ctx.lang), n) for k, n in counts]
        return rows

    def _build_failed(self, exc: BaseException) -> None:
        self._failed(exc)
        self.loaded.emit(None)

    def _failed(self, exc: BaseException) -> None:
        self.generate_button.setEnabled(True)
        self._set_actions_enabled(self.report is not None)
        show_message(self, self.tr("보고서"), error_text(exc), warning=True)

    def _set_actions_enabled(self, on: bool) -> None:
        for b in (*self.export_buttons.values(), self.print_button):
            b.setEnabled(on)

    # --- export and print --------------------------------------------------------------------
    @Slot()
    def choose_file(self, fmt: str) -> None:
        if self.report is None:
            return
        suggested = f"report-{self.report.period.label.replace('..', '_')}.{fmt}"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("보고서 저장"), suggested, FILTERS[fmt])
        if path:
            self.export_to(fmt, path)

    def export_to(self, fmt: str, path: str) -> ReasonDialog | None:
        """Ask the reason, then write the file in the background."""
        report = self.report
        if report is None:
            return None
        if Path(path).suffix.lower() != f".{fmt}":
            path += f".{fmt}"

        def go(reason: str) -> None:
            run_in_background(self, service.export_report, self.ctx.db, self.ctx.actor, report, fmt, path,
                              lang=self.ctx.lang, reason=reason, on_success=self._exported, on_error=self._failed)

        return self._ask_reason(self.tr("내보내기"), go)

    def _exported(self, path: Path) -> None:
        self.exported.emit(str(path))
        show_message(self, self.tr("보고서"), self.tr("저장했습니다: %1").replace("%1", str(path)))

    @Slot()
    def print_report(self) -> ReasonDialog | None:
        report = self.report
        if report is None:
            return None

        def go(reason: str) -> None:
            run_in_background(self, service.print_document, self.ctx.db, self.ctx.actor, report,
                              lang=self.ctx.lang, reason=reason, on_success=self._preview, on_error=self._failed)

        return self._ask_reason(self.tr("인쇄"), go)

    def _preview(self, pdf: bytes) -> None:
        self.printReady.emit(open_preview(self, pdf))

    def _ask_reason(self, what: str, then) -> ReasonDialog:
        dialog = ReasonDialog(what, self)
        dialog.reasonGiven.connect(then)
        self.last_dialog = dialog
        dialog.open()
        return dialog


class _ProgressRelay(QObject):
    """Carries progress from the worker thread to the bar (a queued signal of a GUI-thread object)."""

    progressed = Signal(float)
