"""The household's sensors and robot: kind, ID, location note, battery, last seen, and the MQTT
topic its gateway publishes to; register a new one, replace a broken one, retire one (each one
care.devices.registry call, audited)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from care.devices import registry
from care.devices.registry import DeviceRow
from care.devices.schema import DEVICE_KINDS
from care.vocabulary import DeviceKind
from console.common.context import DISPLAY_TZ, ConsoleContext
from console.common.labels import label
from console.common.rows_model import RowsTableModel
from console.common.tables import make_table
from console.common.tasks import error_text, run_in_background


class HouseholdDevicesModel(RowsTableModel):
    COLUMNS = ("kind", "ref", "note", "battery", "seen", "state")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.set_titles([self.tr("종류"), self.tr("기기 ID"), self.tr("위치"), self.tr("배터리"), self.tr("마지막 신호"),
                         self.tr("상태")])

    def find(self, ref: str) -> int:
        return next((i for i, d in enumerate(self._rows) if d.ref == ref), -1)

    def cell(self, d: DeviceRow, key: str, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "kind":
                return label(DeviceKind, d.kind)
            if key == "battery":
                return "—" if d.battery is None else f"{d.battery:.0f}%"
            if key == "seen":
                return d.last_seen_at.astimezone(DISPLAY_TZ).strftime("%m-%d %H:%M") if d.last_seen_at else "—"
            if key == "state":
                return self.tr("사용 중") if d.active else self.tr("사용 중지")
            return getattr(d, key)
        if role == Qt.ItemDataRole.ForegroundRole and not d.active:
            return QColor("#7a7a7a")
        if role == Qt.ItemDataRole.BackgroundRole and key == "battery" and d.battery is not None and d.battery < 20:
            return QColor("#fff1d6")
        return None


class DeviceDialog(QDialog):
    """Gathers kind, device ID and location note; `replacing` names the device being swapped."""

    def __init__(self, parent: QWidget | None = None, replacing: DeviceRow | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("기기 교체") if replacing else self.tr("기기 등록"))
        self.kind = QComboBox(self)
        for k in DEVICE_KINDS:
            self.kind.addItem(label(DeviceKind, k), k)
        self.ref = QLineEdit(self)
        self.ref.setPlaceholderText("motion-2")
        self.ref.setMaxLength(64)
        self.note = QLineEdit(self)
        self.note.setPlaceholderText(self.tr("예: 거실 천장"))
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        form = QFormLayout()
        if replacing is not None:
            form.addRow(self.tr("바꿀 기기"), QLabel(f"{label(DeviceKind, replacing.kind)} {replacing.ref}", self))
            self.kind.setCurrentIndex(max(0, self.kind.findData(replacing.kind)))
            self.note.setText(replacing.note)
        form.addRow(self.tr("종류"), self.kind)
        form.addRow(self.tr("기기 ID"), self.ref)
        form.addRow(self.tr("위치 메모"), self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def values(self) -> tuple[str, str, str]:
        return str(self.kind.currentData()), self.ref.text().strip(), self.note.text().strip()

    def show_error(self, text: str) -> None:
        self.error.setText(text)

    @Slot()
    def _check(self) -> None:
        if not self.ref.text().strip():
            self.show_error(self.tr("기기 ID를 적어 주세요 (게이트웨이가 보내는 토픽의 기기 부분)."))
            return
        self.accept()


class HouseholdDevicesWidget(QWidget):
    changed = Signal()

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.household_id: int | None = None
        self.model = HouseholdDevicesModel(self)
        self.table = make_table(self.model, self, stretch=2)
        self.topic = QLabel(self)
        self.topic.setWordWrap(True)
        self.topic.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.add_button = QPushButton(self.tr("기기 등록…"), self)
        self.replace_button = QPushButton(self.tr("교체…"), self)
        self.retire_button = QPushButton(self.tr("사용 중지"), self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        for b in (self.add_button, self.replace_button, self.retire_button):
            buttons.addWidget(b)
        buttons.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.topic)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self.register)
        self.replace_button.clicked.connect(self.replace)
        self.retire_button.clicked.connect(self.retire)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self._selection_changed()

    def set_devices(self, household_id: int, household_ref: str, devices: tuple[DeviceRow, ...]) -> None:
        self.household_id = household_id
        self._ref = household_ref
        self.model.set_rows(devices)
        self._selection_changed()

    def selected(self) -> DeviceRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    @Slot()
    def _selection_changed(self, *_args) -> None:
        d = self.selected()
        self.replace_button.setEnabled(d is not None and d.active)
        self.retire_button.setEnabled(d is not None and d.active)
        ref = getattr(self, "_ref", "") or "<household>"
        topic = d.topic if d else f"anbu/v1/{ref}/<device>/<metric>"
        self.topic.setText(self.tr("게이트웨이가 보낼 MQTT 토픽: %1  (내용: {\"ts\": ISO-8601 시각, \"value\": 값, \"unit\": 단위})")
                           .replace("%1", topic))

    @Slot()
    def register(self) -> None:
        self._open(DeviceDialog(self))

    @Slot()
    def replace(self) -> None:
        d = self.selected()
        if d is not None:
            self._open(DeviceDialog(self, replacing=d), d)

    def _open(self, dialog: DeviceDialog, old: DeviceRow | None = None) -> None:
        self.dialog = dialog  # tests reach it here
        dialog.accepted.connect(lambda: self._save(dialog, old))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.open()

    def _save(self, dialog: DeviceDialog, old: DeviceRow | None) -> None:
        if self.household_id is None:
            return
        kind, ref, note = dialog.values()
        if old is None:
            run_in_background(self, registry.register_device, self.ctx.db, self.household_id, ref, kind,
                              self.ctx.actor, note, on_success=self._done, on_error=lambda e: self._refused(dialog, e))
        else:
            run_in_background(self, registry.replace_device, self.ctx.db, self.household_id, old.ref, ref, kind,
                              self.ctx.actor, note, on_success=self._done, on_error=lambda e: self._refused(dialog, e))

    def _refused(self, dialog: DeviceDialog, exc: BaseException) -> None:
        """Refused: the dialog comes back with what was typed and says why."""
        dialog.show_error(error_text(exc))
        dialog.open()

    @Slot()
    def retire(self) -> None:
        d = self.selected()
        if d is None or self.household_id is None:
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("기기 사용 중지"),
                          self.tr("%1 기기를 사용 중지할까요? 이 기기가 보내는 값은 더 받지 않습니다. 기록은 남습니다.")
                          .replace("%1", d.ref), QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("사용 중지"))
        box.button(QMessageBox.StandardButton.Cancel).setText(self.tr("취소"))
        box.accepted.connect(lambda: run_in_background(
            self, registry.retire_device, self.ctx.db, self.household_id, d.ref, self.ctx.actor,
            on_success=self._done, on_error=lambda e: self.message.setText(error_text(e))))
        self.retire_confirm = box  # tests reach it here
        box.open()

    def _done(self, row: DeviceRow) -> None:
        self.message.setText(self.tr("%1: 저장했습니다.").replace("%1", row.ref))
        self.changed.emit()
