"""Schedule page: today's and tonight's check-in queue with the live state of each attempt.

The runner is a separate process; this page only reads its tables and asks for changes. It polls
one counter row every POLL_MS in the background and reloads the queue only when the counter moved,
so an idle evening costs one tiny query every two seconds; the runner's heartbeat has its own live
status line (console/common/runner_status.py). Showing the page reloads it at once.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from care.checkins import plans, schedule
from console.common.context import DISPLAY_TZ, ConsoleContext
from console.common.escalation_widgets import DutyRosterLabel
from console.common.household_link import link_household_rows
from console.common.poller import VersionPoller
from console.common.runner_status import RunnerStatusLabel
from console.common.tasks import error_text, run_in_background
from console.pages.schedule.capacity_line import CapacityLabel
from console.pages.schedule.duty_editor import DutyRosterDialog
from console.pages.schedule.model import ScheduleTableModel
from console.pages.schedule.plan_dialog import PlanEditDialog
from console.pages.schedule.service_dialog import RunnerServiceDialog
from storage.vocabulary import Role


class ScheduleWidget(QWidget):
    loaded = Signal(int)  # rows shown after a reload
    householdRequested = Signal(int)  # a row activated (Enter / double-click): open its household page
    POLL_MS = 2000

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._paused_all = False

        self.runner_label = RunnerStatusLabel(ctx.db, self)
        self.count_label = QLabel(self)
        self.service_button = QPushButton(self.tr("서비스로 실행…"), self)
        self.service_button.setToolTip(self.tr("콘솔을 닫거나 PC를 다시 켜도 러너가 계속 돌도록 설치하는 방법"))
        self.run_now_button = QPushButton(self.tr("지금 전화"), self)
        self.plan_button = QPushButton(self.tr("계획 편집"), self)
        self.pause_button = QPushButton(self.tr("전체 일시중지"), self)
        self.pause_button.setVisible(ctx.at_least(Role.SUPERVISOR))  # care.checkins.schedule refuses others
        for b in (self.run_now_button, self.plan_button):
            b.setEnabled(False)

        self.model = ScheduleTableModel(self)
        offset = datetime.now(DISPLAY_TZ).strftime("%z")
        zone = f" (UTC{offset[:3]}:{offset[3:]})"  # times are the district's: say which offset
        self.model.set_titles([self.tr("가구"), self.tr("이름"), self.tr("통화 시간대") + zone, self.tr("상태"), self.tr("시도"),
                               self.tr("현재 단계"), self.tr("결과"), self.tr("다음 시도")])
        self.table = QTableView(self)
        self.table.setModel(self.model)
        link_household_rows(self.table, self.model.row_at, self.householdRequested)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        for col, width in enumerate((90, 110, 170, 100, 50, 120, 110, 80)):
            header.resizeSection(col, width)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

        top = QHBoxLayout()
        top.addWidget(self.runner_label, 1)
        top.addWidget(self.count_label)
        top.addWidget(self.run_now_button)
        top.addWidget(self.plan_button)
        top.addWidget(self.pause_button)
        top.addWidget(self.service_button)
        self.duty_button = QPushButton(self.tr("당직표 편집…"), self)  # console/pages/schedule/duty_editor.py
        self.duty_button.clicked.connect(self.edit_duty)
        top.addWidget(self.duty_button)
        self.duty_roster = DutyRosterLabel(ctx, self)  # who is told at night when a flag is urgent
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.duty_roster)
        self.capacity = CapacityLabel(ctx, self)  # tonight's calls against the lines and the transcribers
        layout.addWidget(self.capacity)
        layout.addWidget(self.table)

        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.run_now_button.clicked.connect(self.run_now)
        self.plan_button.clicked.connect(self.edit_plan)
        self.pause_button.clicked.connect(self.toggle_pause)
        self.service_button.clicked.connect(self.show_service)
        # the runner works while this page is hidden too; the status line should never be stale
        self.poller = VersionPoller(self, schedule.schedule_version, ctx.db, interval_ms=self.POLL_MS,
                                    only_when_visible=False)
        self.poller.changed.connect(self.reload)
        self.poller.failed.connect(self._poll_failed)
        self.poller.start()
        self.reload()

    @Slot()
    def edit_duty(self) -> None:
        dialog = DutyRosterDialog(self.ctx, self)
        dialog.changed.connect(self.duty_roster.reload)
        dialog.open()

    # ---- loading -----------------------------------------------------------------------------
    @Slot()
    def poll(self) -> None:
        self.poller.poll()

    @Slot(object)
    def _poll_failed(self, exc: BaseException) -> None:
        self.runner_label.setText(self.tr("데이터베이스를 읽을 수 없습니다: {0}").format(error_text(exc)))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.reload()

    @Slot()
    def reload(self) -> None:
        run_in_background(self, schedule.schedule_snapshot, self.ctx.db, actor=self.ctx.actor,
                          on_success=self._show, on_error=self._poll_failed)
        self.duty_roster.reload()
        self.capacity.reload()

    @Slot(object)
    def _show(self, snap) -> None:
        selected = self._selected_slot()
        scroll = self.table.verticalScrollBar().value()
        self.poller.seen(snap.version)
        self._paused_all = snap.paused_all
        self.model.set_rows(snap.rows)
        if snap.runner is not None:
            self.runner_label.show_status(snap.runner)  # the same read: no second round trip
        self.count_label.setText(self.tr("{0}건").format(len(snap.rows)))
        self.pause_button.setText(self.tr("전체 재개") if snap.paused_all else self.tr("전체 일시중지"))
        if selected is not None:  # keep the row and the scroll position across a reload
            for row in range(self.model.rowCount()):
                if self.model.row_at(row).slot_id == selected:
                    self.table.selectRow(row)
                    break
        self.table.verticalScrollBar().setValue(scroll)
        self.loaded.emit(len(snap.rows))

    # ---- actions -----------------------------------------------------------------------------
    def _selected_row(self):
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _selected_household(self) -> int | None:
        row = self._selected_row()
        return row.household_id if row else None

    def _selected_slot(self) -> int | None:
        row = self._selected_row()
        return row.slot_id if row else None

    @Slot()
    def _selection_changed(self, *_args) -> None:
        has = self._selected_household() is not None
        self.run_now_button.setEnabled(has)
        self.plan_button.setEnabled(has)

    @Slot()
    def run_now(self) -> None:
        household_id = self._selected_household()
        if household_id is None:
            return
        run_in_background(self, schedule.request_run_now, self.ctx.db, household_id, self.ctx.actor,
                          on_success=lambda _key: self.reload(), on_error=self._action_failed)

    @Slot()
    def toggle_pause(self) -> None:
        if self._paused_all:
            self._set_paused(False)
            return
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("전체 일시중지"),
                          self.tr("모든 가구의 안부전화를 멈출까요? 지금 걸려 있는 통화는 끝까지 진행되고, "
                                  "다시 재개할 때까지 새 전화는 걸리지 않습니다."),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("일시중지"))
        box.button(QMessageBox.StandardButton.Cancel).setText(self.tr("취소"))
        box.accepted.connect(lambda: self._set_paused(True))
        self.pause_confirm = box  # tests reach it here
        box.open()

    def _set_paused(self, paused: bool) -> None:
        run_in_background(self, schedule.pause_all, self.ctx.db, paused, self.ctx.actor,
                          on_success=lambda _p: self.reload(), on_error=self._action_failed)

    @Slot()
    def show_service(self) -> None:
        dialog = RunnerServiceDialog(self.ctx.db.url if not self.ctx.db.is_default else None, self)
        self.service_dialog = dialog
        dialog.open()

    @Slot()
    def edit_plan(self) -> None:
        household_id = self._selected_household()
        if household_id is None:
            return
        run_in_background(self, plans.list_plans, self.ctx.db, [household_id],
                          on_success=self._open_plan_dialog, on_error=self._action_failed)

    @Slot(object)
    def _open_plan_dialog(self, views) -> None:
        if not views:
            return
        dialog = PlanEditDialog(views[0], self)
        self.plan_dialog = dialog  # tests reach it here
        dialog.save_requested.connect(lambda: self._save_plan(dialog, views[0].household_id))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.open()

    def _save_plan(self, dialog: PlanEditDialog, household_id: int) -> None:
        """Saved: the dialog closes. Refused: it stays open with the edits and says why."""
        dialog.set_busy(True)
        run_in_background(self, plans.set_plans, self.ctx.db, [household_id], **dialog.values(), actor=self.ctx.actor,
                          on_success=lambda _v: (dialog.accept(), self.reload()),
                          on_error=lambda exc: dialog.show_error(error_text(exc)))

    @Slot(object)
    def _action_failed(self, exc: BaseException) -> None:
        self.last_error = error_text(exc)
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("안부전화 일정"), self.last_error,
                          QMessageBox.StandardButton.Ok, self)
        box.open()

    def closeEvent(self, event) -> None:
        self.poller.stop()
        self.runner_label.stop()
        super().closeEvent(event)
