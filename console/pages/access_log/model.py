"""Item models of the Access-log page: one page of access-log rows, and the monthly review's
per-user table. Rows are frozen dataclasses from care.audit (loaded off the GUI thread)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt

from care.audit.log import DISTRICT_TZ, AuditRow
from care.audit.review import Access, UserActivity
from console.common.rows_model import RowsTableModel


def tr(text: str) -> str:
    return QCoreApplication.translate("AccessLogWidget", text)


class AccessLogTableModel(RowsTableModel):
    COLUMNS = ("at", "user", "workstation", "household", "action", "entity", "reason")

    def __init__(self, parent=None) -> None:
        super().__init__(parent, [tr("시각"), tr("사용자"), tr("PC / IP"), tr("가구"), tr("작업"), tr("대상"),
                                  tr("사유")])

    def cell(self, row: AuditRow, key: str, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and key in ("entity", "reason"):
            return str(row.detail) if key == "entity" and row.detail is not None else row.reason
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if key == "at":
            return row.at.astimezone(DISTRICT_TZ).strftime("%Y-%m-%d %H:%M:%S")
        if key == "user":
            return row.user
        if key == "workstation":
            return f"{row.workstation} / {row.ip}" if row.ip else row.workstation
        if key == "household":
            return row.household_ref or ""
        if key == "action":
            return row.action
        if key == "entity":
            return row.entity if row.entity_id is None else f"{row.entity} #{row.entity_id}"
        return row.reason or ""


class ReviewUsersTableModel(RowsTableModel):
    COLUMNS = ("user", "views", "records", "households", "night", "unassigned")

    def __init__(self, parent=None) -> None:
        super().__init__(parent, [tr("사용자"), tr("열람"), tr("기록 수"), tr("가구 수"), tr("야간 접속"),
                                  tr("담당 외 열람")])

    def cell(self, row: UserActivity, key: str, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and key != "user":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        value = getattr(row, key)
        return value if isinstance(value, str) else f"{value:,}"


class NotableAccessTableModel(RowsTableModel):
    """The review's accesses to look at: night-time, bulk downloads, households not assigned."""

    COLUMNS = ("kind", "at", "user", "action", "household", "rows", "reason")

    def __init__(self, parent=None) -> None:
        super().__init__(parent, [tr("구분"), tr("시각"), tr("사용자"), tr("작업"), tr("가구"), tr("건수"), tr("사유")])

    @staticmethod
    def kind_text(kind: str) -> str:
        return {"night": tr("야간 접속"), "bulk": tr("대량 내려받기"), "unassigned": tr("담당 외 열람")}[kind]

    def cell(self, row: tuple[str, Access], key: str, role: int) -> Any:
        kind, access = row
        if role == Qt.ItemDataRole.TextAlignmentRole and key == "rows":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if key == "kind":
            return self.kind_text(kind)
        if key == "at":
            return access.at.astimezone(DISTRICT_TZ).strftime("%Y-%m-%d %H:%M")
        if key == "rows":
            return f"{access.rows:,}"
        if key == "household":
            return access.household_ref or ""
        if key == "reason":
            return access.reason or ""
        return getattr(access, key)
