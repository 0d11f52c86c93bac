"""Review page: the supervisor's queue of risk flags (urgent first, oldest first) and the detail
of the selected one — reason, the answer with the risky words highlighted, the evidence audio,
keyholders in order, device facts — with 확인 / 배정 / 처리.

Every query and change runs off the GUI thread through one care.review.queue service call; the
service writes the access log. The page polls one small aggregate (care.review.queue.queue_version)
every POLL_MS while it is visible and reloads only when it moved, so flags raised overnight by
the runner, by the device rules or by another PC appear without a click.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from care.accounts import users
from care.escalation.status import EscalationView, review_detail
from care.review import queue as review
from care.review.queue import FlagDetail, FlagRow
from care.review.queue_window import PAGE_ROWS, ReviewWindow, review_window
from care.vocabulary import FlagStatus
from console.common.context import ConsoleContext
from console.common.household_link import link_household_rows
from console.common.labels import label
from console.common.messages import show_message
from console.common.poller import VersionPoller
from console.common.tables import make_table
from console.common.tasks import LatestLoader, error_text, run_in_background
from console.pages.review.audio import EvidencePlayerWidget
from console.pages.review.detail import FlagDetailWidget
from console.pages.review.model import ReviewTableModel
from console.pages.review.resolve_dialog import ResolveDialog


def _queue_with_version(db, **filters):
    """The version first, then the count and first page: a change in between is caught by the next poll."""
    return review.queue_version(db), review_window(db, **filters)


class ReviewWidget(QWidget):
    loaded = Signal(int)  # flags shown after a (re)load
    householdRequested = Signal(int)  # a row activated (Enter / double-click): open its household page
    detailShown = Signal(int)  # flag id whose detail is on screen
    actionDone = Signal(int)  # flag id changed by 확인/배정/처리
    assignDialogShown = Signal()  # the list of users arrived and the assign dialog is open
    POLL_MS = 5000
    AGE_TICK_MS = 30_000

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.queue_loader = LatestLoader(self, self._show_queue, self._load_failed)
        self.detail_loader = LatestLoader(self, self._show_detail, self._load_failed)
        self._busy = False
        self._selected: FlagRow | None = None
        self.detail: FlagDetail | None = None

        title = QLabel(self.tr("검토 대기열"), self)
        title.setStyleSheet("font-weight: bold; font-size: 15px;")
        self.status_filter = QComboBox(self)
        self.status_filter.addItem(self.tr("진행 중 (신규+확인됨)"), "active")
        for status in FlagStatus:
            self.status_filter.addItem(label(FlagStatus, status), str(status))
        self.status_filter.addItem(self.tr("전체"), "all")
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("이름·가구번호·동·사유 검색"))
        self.search.setClearButtonEnabled(True)
        self.mine = QCheckBox(self.tr("내 담당만"), self)
        self.count_label = QLabel(self)
        self.refresh_button = QPushButton(self.tr("새로고침"), self)

        self.model = ReviewTableModel(self)
        self.page_rows = PAGE_ROWS  # flags read at a time as the table scrolls
        self.model.fetchFailed.connect(self._load_failed)
        # every column but the household's fits its words (the queue is tens of rows, so measuring
        # them is cheap); fixed widths clipped "18시간 전" and the English labels
        self.table = make_table(self.model, self, stretch=self.model.COLUMNS.index("household"))
        link_household_rows(self.table, self.model.row_at, self.householdRequested)

        self.details = FlagDetailWidget(self.model, self)
        self.player = EvidencePlayerWidget(ctx, self)
        self.ack_button = QPushButton(self.tr("확인"), self)
        self.assign_button = QPushButton(self.tr("배정"), self)
        self.resolve_button = QPushButton(self.tr("처리"), self)
        self.ack_button.setToolTip(self.tr("이 플래그를 보고 있다고 표시합니다"))
        self.assign_button.setToolTip(self.tr("담당자를 정합니다"))
        self.resolve_button.setToolTip(self.tr("처리 결과(방문·전화·119·오경보)를 기록합니다"))
        self.message = QLabel(self)
        self.message.setStyleSheet("color: #1b5e20;")

        top = QHBoxLayout()
        top.addWidget(title)
        top.addWidget(self.status_filter)
        top.addWidget(self.search, 1)
        top.addWidget(self.mine)
        top.addWidget(self.count_label)
        top.addWidget(self.refresh_button)
        actions = QHBoxLayout()
        for b in (self.ack_button, self.assign_button, self.resolve_button):
            actions.addWidget(b)
        actions.addWidget(self.message, 1)
        right = QWidget(self)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.details, 1)
        rl.addWidget(self.player)
        rl.addLayout(actions)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.table)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 4)
        splitter.setSizes([660, 440])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(300)
        self._search_timer.timeout.connect(self.reload)
        self.poller = VersionPoller(self, review.queue_version, ctx.db, interval_ms=self.POLL_MS)
        self.poller.changed.connect(self.reload)
        self.poller.failed.connect(self._poll_failed)
        self.search.textChanged.connect(self._search_timer.start)
        self.status_filter.currentIndexChanged.connect(self.reload)
        self.mine.toggled.connect(self.reload)
        self.refresh_button.clicked.connect(self.reload)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.details.spanClicked.connect(self.player.play_span)
        self.ack_button.clicked.connect(self.acknowledge)
        self.assign_button.clicked.connect(self.assign)
        self.resolve_button.clicked.connect(self.resolve)
        self._update_buttons()
        self.poller.start()
        # relative ages ("3분 전") in the table and the detail move on while the page is open
        self.age_timer = QTimer(self)
        self.age_timer.setInterval(self.AGE_TICK_MS)
        self.age_timer.timeout.connect(self.tick_ages)
        self.age_timer.start()
        self._shown_once = False  # the queue loads when the page is first shown, not at start

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            QTimer.singleShot(0, self, self._first_load)  # after the main window's own reload on bringing it up

    @Slot()
    def _first_load(self) -> None:
        if not self.queue_loader.pending:  # the main window asked already
            self.reload()

    @Slot()
    def tick_ages(self, now=None) -> None:
        if not self.isVisible() and now is None:
            return
        self.model.tick(now)
        if self.detail is not None:
            self.details.show_detail(self.detail, keep_scroll=True)

    # ---- the queue ----------------------------------------------------------------------------
    def filters(self) -> dict:
        return {"status": self.status_filter.currentData(), "text": self.search.text().strip() or None,
                "assignee": self.ctx.my_names if self.mine.isChecked() else None, "actor": self.ctx.actor}

    @Slot()
    def reload(self) -> None:
        self.queue_loader.load(_queue_with_version, self.ctx.db, **self.filters(), limit=self.page_rows)

    @Slot(object)
    def _show_queue(self, answer: tuple[tuple, ReviewWindow]) -> None:
        version, window = answer
        self.poller.seen(version)
        previous = self._selected
        db, filters = self.ctx.db, self.filters()

        def page(offset: int, limit: int) -> tuple[FlagRow, ...]:  # a worker thread: the same filters
            return review_window(db, **filters, offset=offset, limit=limit).rows

        self.model.page_rows = self.page_rows
        self.model.reset_window(window.rows, window.total, page)
        self.count_label.setText(self.tr("%n건", "", window.total))
        row = self.model.find(previous.id) if previous else -1
        if row >= 0:
            self.table.selectionModel().blockSignals(True)
            self.table.selectRow(row)
            self.table.selectionModel().blockSignals(False)
            current = self.model.row_at(row)
            if current != previous:  # changed elsewhere (or by us): show the new state
                self._select(current)
        elif previous is not None:
            self._select(None)  # (a flag selected beyond the first page is let go on a reload)
        self.loaded.emit(window.total)

    @Slot()
    def poll(self) -> None:
        self.poller.poll()

    @Slot(object)
    def _poll_failed(self, exc: BaseException) -> None:
        self.count_label.setText(self.tr("데이터베이스를 읽을 수 없습니다: %1").replace("%1", error_text(exc)))

    @Slot(object)
    def _load_failed(self, exc: BaseException) -> None:
        self.count_label.setText(self.tr("불러오지 못했습니다: %1").replace("%1", error_text(exc)))

    # ---- one flag -----------------------------------------------------------------------------
    @Slot()
    def _selection_changed(self, *_args) -> None:
        rows = self.table.selectionModel().selectedRows()
        self._select(self.model.row_at(rows[0].row()) if rows else None)

    def _select(self, row: FlagRow | None) -> None:
        self._selected = row
        if row is None:
            self.detail_loader.cancel()
            self.detail = None
            self.details.clear()
            self.player.set_detail(None)
            self._update_buttons()
            return
        self.detail_loader.load(review_detail, self.ctx.db, row.id, self.ctx.actor, datetime.now(UTC))

    @Slot(object)
    def _show_detail(self, loaded: tuple[FlagDetail, EscalationView | None]) -> None:
        detail, escalation = loaded
        self.details.escalation = escalation
        self.detail = detail
        self._selected = detail.flag
        self.details.show_detail(detail)
        self.player.set_detail(detail)
        self._update_buttons()
        self.detailShown.emit(detail.flag.id)

    def _update_buttons(self) -> None:
        status = self.detail.flag.status if self.detail else None
        free = not self._busy and status is not None
        self.ack_button.setEnabled(free and status == "open")
        self.assign_button.setEnabled(free and status != "resolved")
        self.resolve_button.setEnabled(free and status != "resolved")

    # ---- actions: each is one service call ----------------------------------------------------
    def _run_action(self, fn, *args) -> None:
        self._busy = True
        self._update_buttons()
        run_in_background(self, fn, self.ctx.db, *args, on_success=self._action_done, on_error=self._action_failed)

    @Slot()
    def acknowledge(self) -> None:
        if self.detail:
            self._run_action(review.acknowledge, self.detail.flag.id, self.ctx.actor)

    @Slot()
    def assign(self) -> None:
        """Assign to a user chosen from the list of active users (free text only on a database
        that has no users yet)."""
        if not self.detail:
            return
        run_in_background(self, users.assignable_users, self.ctx.db, on_success=self._open_assign_dialog,
                          on_error=self._action_failed)

    def _open_assign_dialog(self, people: list[users.UserView]) -> None:
        if not self.detail:
            return
        dialog = QInputDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowTitle(self.tr("담당자 배정"))
        dialog.setLabelText(self.tr("%1 %2 — 담당자 이름").replace("%1", self.detail.flag.household_ref)
                            .replace("%2", self.detail.flag.household_name))
        current = self.detail.flag.assignee or self.detail.household.worker or ""
        if people:
            names = [u.display_name for u in people]
            dialog.setComboBoxItems(names)
            dialog.setComboBoxEditable(False)
            if current in names:
                dialog.setTextValue(current)
        else:
            dialog.setTextValue(current)
        flag_id = self.detail.flag.id
        dialog.textValueSelected.connect(lambda name: self._assign_to(flag_id, name))
        self.assign_dialog = dialog  # tests reach it here
        self.assignDialogShown.emit()
        dialog.open()

    def _assign_to(self, flag_id: int, name: str) -> None:
        self._run_action(review.assign, flag_id, name, self.ctx.actor)

    @Slot()
    def resolve(self) -> None:
        if not self.detail:
            return
        names = {o: self.model.outcome_name(o) for o in review.OUTCOMES}
        dialog = ResolveDialog(self.detail.flag, names, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        flag_id = self.detail.flag.id
        dialog.accepted.connect(lambda: self._run_action(review.resolve, flag_id, self.ctx.actor,
                                                         dialog.outcome(), dialog.note_text()))
        self.resolve_dialog = dialog  # tests reach it here
        dialog.open()

    @Slot(object)
    def _action_done(self, row: FlagRow) -> None:
        self._busy = False
        if row.status == FlagStatus.RESOLVED:
            what = self.tr("처리함")
        elif row.status == FlagStatus.ACKNOWLEDGED:
            what = self.tr("확인함")
        else:
            what = self.tr("변경함")
        if row.assignee and row.status != FlagStatus.RESOLVED:
            what = self.tr("%1에게 배정함").replace("%1", row.assignee)
        self.message.setText(f"#{row.id} {row.household_name}: {what}")
        self._update_buttons()
        self.actionDone.emit(row.id)
        self.reload()

    @Slot(object)
    def _action_failed(self, exc: BaseException) -> None:
        self._busy = False
        self._update_buttons()
        self.last_error = error_text(exc)
        show_message(self, self.tr("검토"), self.last_error, warning=True)
        self.reload()

    def hideEvent(self, event) -> None:
        self.player.stop()
        super().hideEvent(event)
