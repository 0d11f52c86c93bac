"""The Settings page's storage plan (issue 19), read-only: how long sensor data is kept (raw,
hourly, daily), what a household adds per year and what the install holds at those settings
(care.devices.storage_plan, loaded in the background). The periods are changed with
`anbu device-rules --set raw_days=...` (hourly_days, daily_days)."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QWidget

from care.devices.storage_plan import StoragePlan, human_bytes, storage_plan
from console.common.context import ConsoleContext
from console.common.tasks import error_text, run_in_background


class StoragePlanWidget(QGroupBox):
    loaded = Signal()

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("센서 데이터 보관 계획"))
        self.periods = QLabel(self)
        self.per_year = QLabel(self)
        self.per_year.setWordWrap(True)
        self.total = QLabel(self)
        self.total.setWordWrap(True)
        self.note = QLabel(self.tr("보관 기간은 device-rules 명령으로 바꿉니다 (예: --set raw_days=60). "
                                   "원시 값은 시간별로, 오래된 시간별 값은 일별로 합쳐 보관합니다."), self)
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #666;")
        form = QFormLayout(self)
        form.addRow(self.tr("보관 기간"), self.periods)
        form.addRow(self.tr("가구당 1년"), self.per_year)
        form.addRow(self.tr("예상 용량"), self.total)
        form.addRow("", self.note)
        self.total.setText(self.tr("계산 중…"))
        run_in_background(self, storage_plan, ctx.db, on_success=self._show, on_error=self._failed)

    @Slot(object)
    def _show(self, plan: StoragePlan) -> None:
        ret = plan.settings
        self.periods.setText(self.tr("원시 %1일 · 시간별 %2일 · 일별 %3일")
                             .replace("%1", f"{ret.raw_days:g}").replace("%2", f"{ret.hourly_days:g}")
                             .replace("%3", f"{ret.daily_days:g}"))
        year = plan.per_household_year
        self.per_year.setText(self.tr("원시 %1, 시간별 %2, 일별 %3")
                              .replace("%1", human_bytes(year["raw"])).replace("%2", human_bytes(year["hourly"]))
                              .replace("%3", human_bytes(year["daily"])))
        self.total.setText(self.tr("가구당 %1, 기기가 있는 %2가구 합계 약 %3")
                           .replace("%1", human_bytes(plan.per_household)).replace("%2", f"{plan.households:,}")
                           .replace("%3", human_bytes(plan.total)))
        self.loaded.emit()

    @Slot(object)
    def _failed(self, exc: BaseException) -> None:
        self.total.setText(self.tr("보관 계획을 읽지 못했습니다: %1").replace("%1", error_text(exc)))
        self.loaded.emit()
