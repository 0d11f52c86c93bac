"""The household page: the header (who, how to reach them, why they are coloured), the actions a
worker takes (call now, plan, pause/resume, edit the record, record a follow-up), and tabs for
the timeline, the charts, the keyholders and the devices. Opened from every household row
(console/common/household_link.py); the main window keeps a browser-like history of it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from care.checkins import plans, schedule
from care.households.followups import add_follow_up
from care.households.page import HouseholdPageData, household_page
from care.households.registry import ContactInput
from care.review.overview import overview_version
from care.vocabulary import ContactChannel
from console.common.context import ConsoleContext
from console.common.poller import VersionPoller
from console.common.tasks import LatestLoader, error_text, run_in_background
from console.pages.household.charts import HouseholdChartsWidget
from console.pages.household.devices import HouseholdDevicesWidget
from console.pages.household.follow_up_dialog import FollowUpDialog
from console.pages.household.header import HouseholdHeader
from console.pages.household.keyholders import KeyholdersWidget
from console.pages.household.timeline_view import PAGE, TimelineWidget
from console.pages.households.dialog import HouseholdDialog
from console.pages.schedule.plan_dialog import PlanEditDialog


class HouseholdPage(QWidget):
    loaded = Signal(int)  # household id, after its data is shown
    actionDone = Signal()  # something changed that other pages count

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.household_id: int | None = None
        self.data: HouseholdPageData | None = None
        self.header = HouseholdHeader(self)
        self.call_button = QPushButton(self.tr("지금 전화"), self)
        self.call_button.setToolTip(self.tr("지금 안부전화를 겁니다 (안부 실행기가 다음 순서에 겁니다)"))
        self.plan_button = QPushButton(self.tr("계획 수정…"), self)
        self.pause_button = QPushButton(self.tr("일시중지…"), self)
        self.edit_button = QPushButton(self.tr("정보 수정…"), self)
        self.follow_up_button = QPushButton(self.tr("후속 연락 기록…"), self)
        self.follow_up_button.setStyleSheet("font-weight: bold;")
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        actions = QHBoxLayout()
        for b in (self.follow_up_button, self.call_button, self.plan_button, self.pause_button, self.edit_button):
            actions.addWidget(b)
        actions.addWidget(self.message, 1)

        self.timeline = TimelineWidget(ctx, self)
        self.charts = HouseholdChartsWidget(ctx, self)
        self.keyholders = KeyholdersWidget(ctx, self)
        self.devices = HouseholdDevicesWidget(ctx, self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.timeline, self.tr("기록"))
        self.tabs.addTab(self.charts, self.tr("생활 그래프"))
        self.tabs.addTab(self.keyholders, self.tr("비상연락처"))
        self.tabs.addTab(self.devices, self.tr("기기"))

        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addLayout(actions)
        layout.addWidget(self.tabs, 1)

        self.loader = LatestLoader(self, self._show, self._failed)
        self.call_button.clicked.connect(self.call_now)
        self.plan_button.clicked.connect(self.edit_plan)
        self.pause_button.clicked.connect(self.pause_or_resume)
        self.edit_button.clicked.connect(self.edit_record)
        self.follow_up_button.clicked.connect(lambda: self.add_follow_up())
        self.keyholders.changed.connect(self._changed)
        self.keyholders.calledRequested.connect(self._keyholder_called)
        self.devices.changed.connect(self._changed)
        self._set_enabled(False)
        # the runner calls and flags all night: an open page shows a new call or flag without F5
        self.poller = VersionPoller(self, overview_version, ctx.db, interval_ms=15_000)
        self.poller.changed.connect(self.reload)
        self.poller.start()

    def _set_enabled(self, on: bool) -> None:
        for b in (self.call_button, self.plan_button, self.pause_button, self.edit_button, self.follow_up_button):
            b.setEnabled(on)

    # --- loading -----------------------------------------------------------------------------
    def open_household(self, household_id: int) -> None:
        if household_id != self.household_id:
            self.data = None
            self.message.clear()
            self._set_enabled(False)
        self.household_id = household_id
        self.reload()
        self.charts.set_household(household_id)

    @Slot()
    def reload(self) -> None:
        if self.household_id is not None:
            self.loader.load(household_page, self.ctx.db, self.household_id, self.ctx.actor, limit=PAGE)

    def _show(self, data: HouseholdPageData) -> None:
        self.data = data
        r = data.record
        self.header.show_page(data)
        self.pause_button.setText(self.tr("재개") if r.plan.paused else self.tr("일시중지…"))
        self._set_enabled(True)
        self.call_button.setEnabled(r.data.active)
        self.timeline.set_first_page(r.id, r.timeline, PAGE)
        self.keyholders.set_keyholders(r.id, r.data.contacts)
        self.devices.set_devices(r.id, r.ref, r.devices)
        self.loaded.emit(r.id)

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(error_text(exc))

    def closeEvent(self, event) -> None:
        self.poller.stop()
        super().closeEvent(event)

    def _changed(self, *_args) -> None:
        self.reload()
        self.charts.reload()
        self.actionDone.emit()

    def _action_failed(self, exc: BaseException) -> None:
        self.last_error = error_text(exc)
        self.message.setText(self.last_error)
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("가구 기록"), self.last_error,
                          QMessageBox.StandardButton.Ok, self)
        box.open()

    # --- actions -----------------------------------------------------------------------------
    @Slot()
    def call_now(self) -> None:
        if self.household_id is None:
            return
        run_in_background(self, schedule.request_run_now, self.ctx.db, self.household_id, self.ctx.actor,
                          on_success=self._call_queued, on_error=self._action_failed)

    def _call_queued(self, _slot: str) -> None:
        self.message.setText(self.tr("안부전화를 요청했습니다. 안부 실행기가 곧 겁니다."))
        self._changed()

    @Slot()
    def edit_plan(self) -> None:
        if self.data is None:
            return
        dialog = PlanEditDialog(self.data.record.plan, self)
        self.plan_dialog = dialog  # tests reach it here
        dialog.save_requested.connect(lambda: self._save_plan(dialog, dialog.values()))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.open()

    def _save_plan(self, dialog, values: dict) -> None:
        if self.household_id is None:
            return
        if dialog is not None:
            dialog.set_busy(True)
        run_in_background(self, plans.set_plans, self.ctx.db, [self.household_id], **values, actor=self.ctx.actor,
                          on_success=lambda _v: (dialog.accept() if dialog else None, self._changed()),
                          on_error=lambda exc: dialog.show_error(error_text(exc)) if dialog else self._action_failed(exc))

    @Slot()
    def pause_or_resume(self) -> None:
        if self.data is None:
            return
        if self.data.record.plan.paused:
            self._save_plan(None, {"resume": True})
            return
        dialog = QInputDialog(self)
        dialog.setWindowTitle(self.tr("안부전화 일시중지"))
        dialog.setLabelText(self.tr("일시중지 사유 (예: 입원, 가족 방문)"))
        dialog.textValueSelected.connect(self._pause_with_reason)
        self.pause_dialog = dialog  # tests reach it here
        dialog.open()

    @Slot(str)
    def _pause_with_reason(self, text: str) -> None:
        if text.strip():
            self._save_plan(None, {"pause_reason": text.strip()})
        else:
            self.message.setText(self.tr("사유를 적어야 일시중지합니다."))

    @Slot()
    def edit_record(self) -> None:
        if self.household_id is None:
            return
        dialog = HouseholdDialog(self.ctx, self.household_id, self)
        dialog.saved.connect(lambda _id: self._changed())
        self.edit_dialog = dialog  # tests reach it here
        dialog.open()

    def add_follow_up(self, channel: str = ContactChannel.PHONE_RESIDENT, note: str = "") -> None:
        if self.data is None:
            return
        dialog = FollowUpDialog(self.data.record.data.name, self.data.open_flags, self, channel=channel, note=note)
        dialog.save_requested.connect(lambda: self._save_follow_up(dialog))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.follow_up_dialog = dialog  # tests reach it here
        dialog.open()

    def _save_follow_up(self, dialog: FollowUpDialog) -> None:
        if self.household_id is None:
            return
        v = dialog.values()
        dialog.set_busy(True)
        run_in_background(self, add_follow_up, self.ctx.db, self.household_id, self.ctx.actor, v["channel"],
                          v["outcome"], v["note"], v["resolves"],
                          on_success=lambda _row: (dialog.accept(), self._changed()),
                          on_error=lambda exc: dialog.show_error(error_text(exc)))

    @Slot(object)
    def _keyholder_called(self, c: ContactInput) -> None:
        who = f"{c.name} ({c.relation})" if c.relation else c.name
        self.add_follow_up(ContactChannel.PHONE_KEYHOLDER, self.tr("비상연락처 %1에게 전화").replace("%1", who))
