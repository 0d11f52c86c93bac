"""Item models for the devices page: households with devices, and one household's devices. They
hold frozen rows from care.devices.status (loaded off the GUI thread)."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from care.devices.status import DeviceStatus, HouseholdDeviceStatus

Index = QModelIndex | QPersistentModelIndex
SEVERITY_COLOURS = {"high": QColor("#c62828"), "medium": QColor("#ef6c00"), "low": QColor("#5d6d7e")}
UNITS = {"temperature": "°C", "humidity": "%", "power": "W", "motion": "회", "robot": "%"}


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
    names = {"motion": tr("동작 감지"), "door": tr("현관문"), "temperature": tr("온도"), "humidity": tr("습도"),
             "power": tr("스마트 플러그"), "smoke": tr("연기 감지"), "gas": tr("가스 감지"),
             "emergency_button": tr("응급 버튼"), "robot": tr("돌봄 로봇")}
    return names.get(kind, kind)


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
    return f"{number} {UNITS.get(d.kind, '')}".strip()


class DeviceHouseholdsTableModel(QAbstractTableModel):
    COLUMNS = ("ref", "name", "dong", "devices", "flags", "last_seen")

    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._rows: list[HouseholdDeviceStatus] = []
        self._titles = [tr("가구"), tr("이름"), tr("동"), tr("기기"), tr("기기 경보"), tr("마지막 신호")]

    def set_rows(self, rows: list[HouseholdDeviceStatus]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row_at(self, row: int) -> HouseholdDeviceStatus:
        return self._rows[row]

    def find(self, household_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.household_id == household_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        key = self.COLUMNS[index.column()]
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
            return SEVERITY_COLOURS.get(worst)
        if role == Qt.ItemDataRole.ToolTipRole and r.flags:
            return "\n".join(f"[{severity_name(f.severity)}] {f.reason}" for f in r.flags)
        if role == Qt.ItemDataRole.TextAlignmentRole and key in ("devices", "flags"):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.UserRole:
            return r.household_id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201, N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._titles[section]
        return None


class DevicesTableModel(QAbstractTableModel):
    COLUMNS = ("device_ref", "kind", "vendor", "last_value", "last_seen", "battery")

    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._rows: list[DeviceStatus] = []
        self._titles = [tr("기기 ID"), tr("종류"), tr("제조사"), tr("마지막 값"), tr("마지막 신호"), tr("배터리")]

    def set_rows(self, rows: list[DeviceStatus]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> DeviceStatus:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if not index.isValid():
            return None
        d = self._rows[index.row()]
        key = self.COLUMNS[index.column()]
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
            return SEVERITY_COLOURS["high"]
        if role == Qt.ItemDataRole.ToolTipRole and key == "last_seen" and d.last_seen:
            return d.last_seen.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        if role == Qt.ItemDataRole.UserRole:
            return d.device_id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201, N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._titles[section]
        return None


def category_name(category: str) -> str:
    names = {"inactivity": tr("비활동"), "door": tr("현관문 미사용"), "temperature": tr("실내 온도"),
             "power_flat": tr("전력 변화 없음"), "emergency": tr("응급"), "device_health": tr("기기 점검"),
             "robot_interaction": tr("로봇 교감 없음"), "health": tr("복약")}
    return names.get(category, category)


def severity_name(severity: str) -> str:
    return {"high": tr("긴급"), "medium": tr("주의"), "low": tr("참고")}.get(severity, severity)
