"""Access-log page (supervisors): who viewed or changed whose record, from which PC, filtered by
user, household, action and period (in SQL, a page at a time), and the monthly review report
the supervisor saves (with a reason) and signs off. Every load is itself an access-log row, so
the page loads when asked (조회), never on a timer."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from care.audit import log as audit_log
from care.audit import report_file
from care.audit import review as monthly
from care.audit.log import DISTRICT_TZ
from console.common.context import ConsoleContext
from console.common.messages import show_message
from console.common.reason import ask_reason
from console.common.tables import make_table
from console.common.tasks import LatestLoader, error_text, run_in_background
from console.pages.access_log.model import AccessLogTableModel, NotableAccessTableModel, ReviewUsersTableModel


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


def previous_month(today: date) -> str:
    first = today.replace(day=1) - timedelta(days=1)
    return first.strftime("%Y-%m")


class AccessLogWidget(QWidget):
    loaded = Signal(int)  # rows on the page shown
    reviewLoaded = Signal(int)  # users in the monthly review shown
    signedOff = Signal(str)  # the month signed off
    saved = Signal(str)  # a review file written

    PAGE = audit_log.PAGE_SIZE

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.loader = LatestLoader(self, self._show_page, self._show_error)
        self.review_loader = LatestLoader(self, self._show_review, self._show_error)
        self.offset = 0
        self.total = 0
        self.review: monthly.MonthlyReview | None = None
        self._shown_once = False
        today = _today()

        # --- the log, filtered
        self.user = QLineEdit(self)
        self.user.setPlaceholderText(self.tr("사용자"))
        self.household = QLineEdit(self)
        self.household.setPlaceholderText(self.tr("가구 번호 (예: H000123)"))
        self.action = QComboBox(self)
        self.action.setEditable(True)
        self.action.addItem("")
        self.action.lineEdit().setPlaceholderText(self.tr("모든 작업"))
        self.action.setMinimumWidth(130)
        self.since = QDateEdit(_qdate(today - timedelta(days=30)), self)
        self.until = QDateEdit(_qdate(today), self)
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.search_button = QPushButton(self.tr("조회"), self)
        self.prev_button = QPushButton(self.tr("◀ 이전"), self)
        self.next_button = QPushButton(self.tr("다음 ▶"), self)
        self.count_label = QLabel(self)
        self.model = AccessLogTableModel(self)
        self.table = make_table(self.model, self, stretch=self.model.COLUMNS.index("reason"), alternating=True)

        filters = QHBoxLayout()  # two rows, so the page fits a narrow window
        for w in (self.user, self.household, self.action):
            filters.addWidget(w)
        period = QHBoxLayout()
        period.addWidget(QLabel(self.tr("기간"), self))
        period.addWidget(self.since)
        period.addWidget(QLabel("–", self))
        period.addWidget(self.until)
        period.addStretch(1)
        period.addWidget(self.search_button)
        paging = QHBoxLayout()
        paging.addWidget(self.count_label, 1)
        paging.addWidget(self.prev_button)
        paging.addWidget(self.next_button)
        log_tab = QWidget(self)
        log_layout = QVBoxLayout(log_tab)
        log_layout.addLayout(filters)
        log_layout.addLayout(period)
        log_layout.addWidget(self.table, 1)
        log_layout.addLayout(paging)

        # --- the monthly review
        self.month = QLineEdit(previous_month(today), self)
        self.month.setInputMask("9999-99")
        self.review_button = QPushButton(self.tr("보고서 보기"), self)
        self.csv_button = QPushButton(self.tr("CSV로 저장…"), self)
        self.pdf_button = QPushButton(self.tr("PDF로 저장…"), self)
        self.sign_button = QPushButton(self.tr("점검 확인 (서명)"), self)
        self.review_summary = QLabel(self)
        self.review_summary.setWordWrap(True)
        self.sign_label = QLabel(self)
        self.users = ReviewUsersTableModel(self)
        self.users_table = make_table(self.users, self, stretch=0, alternating=True)
        self.notable = NotableAccessTableModel(self)
        self.notable_table = make_table(self.notable, self, stretch=self.notable.COLUMNS.index("reason"),
                                        alternating=True)
        month_row = QHBoxLayout()
        form = QFormLayout()
        form.addRow(self.tr("점검 월"), self.month)
        month_row.addLayout(form)
        for b in (self.review_button, self.csv_button, self.pdf_button, self.sign_button):
            month_row.addWidget(b)
        month_row.addStretch(1)
        review_tab = QWidget(self)
        review_layout = QVBoxLayout(review_tab)
        review_layout.addLayout(month_row)
        review_layout.addWidget(self.review_summary)
        review_layout.addWidget(self.users_table, 1)
        review_layout.addWidget(QLabel(self.tr("살펴볼 접속 (야간 · 대량 내려받기 · 담당 외 열람)"), self))
        review_layout.addWidget(self.notable_table, 2)
        review_layout.addWidget(self.sign_label)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(log_tab, self.tr("접속기록"))
        self.tabs.addTab(review_tab, self.tr("월간 점검"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

        self.search_button.clicked.connect(self.search)
        self.user.returnPressed.connect(self.search)
        self.household.returnPressed.connect(self.search)
        self.prev_button.clicked.connect(self.previous_page)
        self.next_button.clicked.connect(self.next_page)
        self.review_button.clicked.connect(self.load_review)
        self.csv_button.clicked.connect(lambda: self.save_review("csv"))
        self.pdf_button.clicked.connect(lambda: self.save_review("pdf"))
        self.sign_button.clicked.connect(self.sign_off)
        self._update_buttons()

    # --- the log
    def current_filter(self) -> audit_log.AuditFilter:
        since, until = _pydate(self.since.date()), _pydate(self.until.date())
        return audit_log.AuditFilter(since=since, until=audit_log.day_after(until),
                                     user=self.user.text().strip() or None,
                                     household_ref=self.household.text().strip().upper() or None,
                                     action=self.action.currentText().strip() or None)

    @Slot()
    def search(self) -> None:
        self.offset = 0
        self.reload()

    @Slot()
    def reload(self) -> None:
        self.loader.load(audit_log.page, self.ctx.db, self.ctx.actor, self.current_filter(), self.offset, self.PAGE)

    @Slot()
    def previous_page(self) -> None:
        self.offset = max(0, self.offset - self.PAGE)
        self.reload()

    @Slot()
    def next_page(self) -> None:
        if self.offset + self.PAGE < self.total:
            self.offset += self.PAGE
            self.reload()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._shown_once:  # the first look loads the last 30 days; later loads are asked for
            self._shown_once = True
            self.reload()
            run_in_background(self, audit_log.actions, self.ctx.db, on_success=self._fill_actions)

    def _fill_actions(self, actions: tuple[str, ...]) -> None:
        typed = self.action.currentText()
        self.action.clear()
        self.action.addItems(["", *actions])
        self.action.setCurrentText(typed)

    @Slot(object)
    def _show_page(self, page: audit_log.AuditPage) -> None:
        self.total = page.total
        self.model.set_rows(page.rows)
        if page.total:
            self.count_label.setText(self.tr("%1–%2 / 전체 %3건").replace("%1", f"{page.offset + 1:,}")
                                     .replace("%2", f"{page.offset + len(page.rows):,}")
                                     .replace("%3", f"{page.total:,}"))
        else:
            self.count_label.setText(self.tr("조건에 맞는 기록이 없습니다."))
        self._update_buttons()
        self.loaded.emit(len(page.rows))

    def _update_buttons(self) -> None:
        self.prev_button.setEnabled(self.offset > 0)
        self.next_button.setEnabled(self.offset + self.PAGE < self.total)
        have = self.review is not None
        self.csv_button.setEnabled(have)
        self.pdf_button.setEnabled(have)
        self.sign_button.setEnabled(have)

    @Slot(object)
    def _show_error(self, exc: BaseException) -> None:
        show_message(self, self.tr("접속기록"), error_text(exc), warning=True)

    # --- the monthly review
    @Slot()
    def load_review(self) -> None:
        self.review_loader.load(monthly.monthly_review, self.ctx.db, self.ctx.actor, self.month.text())

    @Slot(object)
    def _show_review(self, review: monthly.MonthlyReview) -> None:
        self.review = review
        self.users.set_rows(review.users)
        self.notable.set_rows(sorted([("night", a) for a in review.night] + [("bulk", a) for a in review.bulk]
                                     + [("unassigned", a) for a in review.unassigned], key=lambda x: x[1].at))
        self.review_summary.setText(
            self.tr("%1: 접속기록 %2건 · 야간 접속(22–06시) %3건 · 대량 내려받기 %4건 · 담당 외 가구 열람 %5건")
            .replace("%1", review.month).replace("%2", f"{review.rows:,}").replace("%3", f"{len(review.night):,}")
            .replace("%4", f"{len(review.bulk):,}").replace("%5", f"{len(review.unassigned):,}"))
        self._show_sign_offs(review)
        self._update_buttons()
        self.reviewLoaded.emit(len(review.users))

    def _show_sign_offs(self, review: monthly.MonthlyReview) -> None:
        if review.sign_offs:
            last = review.sign_offs[-1]
            self.sign_label.setText(self.tr("점검 확인: %1 (%2)").replace("%1", last.by)
                                    .replace("%2", last.at.astimezone(DISTRICT_TZ).strftime("%Y-%m-%d %H:%M")))
        else:
            self.sign_label.setText(self.tr("아직 점검 확인되지 않았습니다."))

    def save_review(self, fmt: str) -> None:
        if self.review is None:
            return
        pattern = self.tr("PDF 문서 (*.pdf)") if fmt == "pdf" else self.tr("CSV 파일 (*.csv)")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("월간 점검 보고서 저장"),
                                              f"access-review-{self.review.month}.{fmt}", pattern)
        if not path:
            return
        reason = ask_reason(self, self.tr("월간 점검 보고서 저장"), report_file.DEFAULT_REASON)
        if not reason:
            return
        run_in_background(self, report_file.write_review, self.ctx.db, self.ctx.actor, self.review, path, fmt,
                          reason, on_success=self._saved, on_error=self._show_error)

    def _saved(self, path) -> None:
        show_message(self, self.tr("월간 점검 보고서 저장"), self.tr("저장했습니다: %1").replace("%1", str(path)))
        self.saved.emit(str(path))

    @Slot()
    def sign_off(self) -> None:
        if self.review is None:
            return
        run_in_background(self, monthly.sign_off, self.ctx.db, self.ctx.actor, self.review.month,
                          on_success=self._signed, on_error=self._show_error)

    def _signed(self, done: monthly.SignOff) -> None:
        assert self.review is not None
        self.sign_label.setText(self.tr("점검 확인: %1 (%2)").replace("%1", done.by)
                                .replace("%2", done.at.astimezone(DISTRICT_TZ).strftime("%Y-%m-%d %H:%M")))
        self.signedOff.emit(self.review.month)


def _today() -> date:
    from datetime import datetime

    return datetime.now(DISTRICT_TZ).date()
