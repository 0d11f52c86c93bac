"""Item models for the devices page: households with devices, and one household's devices. They
hold frozen rows from care.devices.status (loaded off the GUI thread)."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication, Qt

from care.devices.status import DeviceStatus, HouseholdDeviceStatus
from care.vocabulary import DeviceKind, FlagCategory, Severity
from console.common.context import DISPLAY_TZ
from console.common.labels import label, reason_text, severity_text_colour
from console.common.rows_model import RowsTableModel

UNITS = {"temperature": "°C", "humidity": "%", "power": "W", "robot": "%"}  # motion: tr("회"), a Korean word


def tr(text: str) -> str:
    return QCoreApplication.translate("DevicesWidget", text)


def ago(ts: datetime | None, now: datetime | None = None) -> str:
    """'5분 전', '3시간 전', '2일 전' — how fresh a device's last signal is."""
    if ts is None:
        return tr("기록 없음")
    seconds = max(0, int(((now or datetime.now(UTC)) - ts).total_seconds()))
    if seconds < 60:
        return tr("방금")
    if seconds < 3600:
        return tr("%1분 전").replace("%1", str(seconds // 60))
    if seconds < 86400:
        return tr("%1시간 전").replace("%1", str(seconds // 3600))
    return tr("%1일 전").replace("%1", str(seconds // 86400))


def kind_name(kind: str) -> str:
    return label(DeviceKind, kind)


def value_text(d: DeviceStatus) -> str:
    if d.last_value is None:
        if d.kind == "robot" and d.battery is not None:
            return tr("배터리 %1%").replace("%1", f"{d.battery:.0f}")
        return "—"
    if d.kind == "door":
        return tr("열림") if d.last_value else tr("닫힘")
    if d.kind in ("smoke", "gas", "emergency_button"):
        return tr("경보!") if d.last_value else tr("정상")
    number = f"{d.last_value:.1f}" if d.kind in ("temperature", "humidity") else f"{d.last_value:.0f}"
    unit = tr("회") if d.kind == "motion" else UNITS.get(d.kind, "")
    return f"{number} {unit}".strip()


class DeviceHouseholdsTableModel(RowsTableModel):
    COLUMNS = ("ref", "name", "dong", "devices", "flags", "last_seen")

    def __init__(self, parent=None) -> None:
        super().__init__(parent, [tr("가구"), tr("이름"), tr("동"), tr("기기"), tr("기기 경보"), tr("마지막 신호")])

    def find(self, household_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.household_id == household_id), -1)

    def cell(self, r: HouseholdDeviceStatus, key: str, role: int):
        worst = r.flags[0].severity if r.flags else None
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "ref":
                return r.household_ref + (" " + tr("(데모)") if r.is_demo else "")
            if key == "devices":
                return str(len(r.devices))
            if key == "flags":
                return str(len(r.flags)) if r.flags else ""
            if key == "last_seen":
                return ago(r.last_seen)
            return getattr(r, key)
        if role == Qt.ItemDataRole.ForegroundRole and key == "flags" and worst:
            return severity_text_colour(worst)
        if role == Qt.ItemDataRole.ToolTipRole and r.flags:
            return "\n".join(f"[{severity_name(f.severity)}] {reason_text(f.reason)}" for f in r.flags)
        if role == Qt.ItemDataRole.TextAlignmentRole and key in ("devices", "flags"):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.UserRole:
            return r.household_id
        return None


class DevicesTableModel(RowsTableModel):
    COLUMNS = ("device_ref", "kind", "vendor", "last_value", "last_seen", "battery")

    def __init__(self, parent=None) -> None:
        super().__init__(parent, [tr("기기 ID"), tr("종류"), tr("제조사"), tr("마지막 값"), tr("마지막 신호"), tr("배터리")])

    def cell(self, d: DeviceStatus, key: str, role: int):
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "kind":
                return kind_name(d.kind)
            if key == "last_value":
                return value_text(d)
            if key == "last_seen":
                return ago(d.last_seen)
            if key == "battery":
                return "" if d.battery is None else f"{d.battery:.0f}%"
            return getattr(d, key)
        if role == Qt.ItemDataRole.ForegroundRole and key == "battery" and d.battery is not None and d.battery < 15:
            return severity_text_colour(Severity.HIGH)
        if role == Qt.ItemDataRole.ToolTipRole and key == "vendor":
            return d.vendor
        if role == Qt.ItemDataRole.ToolTipRole and key == "last_seen" and d.last_seen:
            return d.last_seen.astimezone(DISPLAY_TZ).strftime("%Y-%m-%d %H:%M:%S")
        if role == Qt.ItemDataRole.UserRole:
            return d.device_id
        return None


def category_name(category: str) -> str:
    return label(FlagCategory, category)


def severity_name(severity: str) -> str:
    return label(Severity, severity)
