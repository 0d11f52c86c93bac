"""The household timeline as a table: newest first, one row per entry (time, kind, what happened),
paged from SQL — the view asks for the next, older page when it scrolls to the end (fetchMore)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from care.households.timeline import Cursor, Entry
from care.vocabulary import CallOutcome, ContactChannel, ContactOutcome, FlagCategory, FlagStatus, Severity
from console.common.context import DISPLAY_TZ
from console.common.labels import SEVERITY_ROW, label, reason_text
from console.common.rows_model import RowsTableModel

Index = QModelIndex | QPersistentModelIndex
KIND_COLOUR = {"call": "#e7f1ff", "flag": "#fde2e1", "sensor": "#fff1d6", "robot": "#f0e9ff", "contact": "#e6f4ea",
               "plan": "#f2f2f2"}


def kind_names() -> dict[str, str]:
    return {"call": QCoreApplication.translate("HouseholdTimeline", "안부전화"), "flag": QCoreApplication.translate("HouseholdTimeline", "플래그"), "sensor": QCoreApplication.translate("HouseholdTimeline", "센서"), "robot": QCoreApplication.translate("HouseholdTimeline", "로봇"),
            "contact": QCoreApplication.translate("HouseholdTimeline", "후속 연락"), "plan": QCoreApplication.translate("HouseholdTimeline", "계획 변경")}


def plan_action_name(action: str) -> str:
    return {"plan_update": QCoreApplication.translate("HouseholdTimeline", "계획 수정"), "plan_pause": QCoreApplication.translate("HouseholdTimeline", "일시중지"), "plan_resume": QCoreApplication.translate("HouseholdTimeline", "재개"),
            "run_now": QCoreApplication.translate("HouseholdTimeline", "지금 전화 요청")}.get(action, action)


def robot_event_name(event: str) -> str:
    return {"sos": QCoreApplication.translate("HouseholdTimeline", "SOS 호출"), "medication_missed": QCoreApplication.translate("HouseholdTimeline", "복약 알림 놓침"), "medication_ack": QCoreApplication.translate("HouseholdTimeline", "복약 확인"),
            "interaction": QCoreApplication.translate("HouseholdTimeline", "대화·터치"), "heartbeat": QCoreApplication.translate("HouseholdTimeline", "상태 신호")}.get(event, event)


def sensor_alarm_name(metric: str) -> str:
    return {"smoke": QCoreApplication.translate("HouseholdTimeline", "연기 감지"), "gas": QCoreApplication.translate("HouseholdTimeline", "가스 감지"), "button": QCoreApplication.translate("HouseholdTimeline", "응급 버튼 눌림")}.get(metric, metric)


def entry_text(e: Entry) -> str:
    """One line in the console's language (the service's `summary` is the CLI's Korean)."""
    d = e.detail
    if e.kind == "call":
        said = " / ".join(a["text"] for a in d.get("answers", []) if a.get("text"))
        return label(CallOutcome, d.get("outcome")) + (f": {said}" if said else "")
    if e.kind == "flag":
        state = label(FlagStatus, d.get("status"))
        return (f"[{label(Severity, d.get('severity'))}] {label(FlagCategory, d.get('category'))}: "
                f"{reason_text(e.summary.split(': ', 1)[-1])} ({state})")
    if e.kind == "contact":
        note = d.get("note") or ""
        return (f"{d.get('actor', '')}: {label(ContactChannel, d.get('channel'))} → "
                f"{label(ContactOutcome, d.get('outcome'))}" + (f" — {note}" if note else ""))
    if e.kind == "plan":
        return f"{d.get('actor', '')}: {plan_action_name(str(d.get('action', '')))}"
    if e.kind == "robot":
        return f"{d.get('device_ref', '')}: {robot_event_name(str(d.get('event', '')))}"
    if e.kind == "sensor":
        return f"{d.get('device_ref', '')}: {sensor_alarm_name(str(d.get('metric', '')))}"
    return e.summary


class TimelineModel(RowsTableModel):
    COLUMNS = ("at", "kind", "what")
    moreWanted = Signal()  # the view scrolled to the end and there may be older entries

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.set_titles([self.tr("시각"), self.tr("종류"), self.tr("내용")])
        self.has_more = False
        self.loading = False

    def set_entries(self, entries: list[Entry], has_more: bool) -> None:
        self.has_more, self.loading = has_more, False
        self.set_rows(entries)

    def append_entries(self, entries: list[Entry], has_more: bool) -> None:
        self.has_more, self.loading = has_more, False
        if not entries:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(entries) - 1)
        self._rows.extend(entries)
        self.endInsertRows()

    def last_cursor(self) -> Cursor | None:
        return self._rows[-1].cursor if self._rows else None

    def find(self, kind: str, entry_id: int) -> int:
        return next((i for i, e in enumerate(self._rows) if e.kind == kind and e.id == entry_id), -1)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008 - Qt's own signature
        return not parent.isValid() and self.has_more and not self.loading

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008 - Qt's own signature
        if self.canFetchMore(parent):
            self.loading = True
            self.moreWanted.emit()

    def cell(self, e: Entry, key: str, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "at":
                return e.at.astimezone(DISPLAY_TZ).strftime("%Y-%m-%d %H:%M")
            if key == "kind":
                return kind_names().get(e.kind, e.kind)
            return entry_text(e)
        if role == Qt.ItemDataRole.BackgroundRole:
            if e.kind == "flag" and e.detail.get("status") != "resolved":
                return QColor(SEVERITY_ROW.get(e.detail.get("severity", ""), KIND_COLOUR["flag"]))
            return QColor(KIND_COLOUR.get(e.kind, "#ffffff")) if key == "kind" else None
        if role == Qt.ItemDataRole.ToolTipRole and key == "what":
            return entry_text(e)
        if role == Qt.ItemDataRole.UserRole:
            return (e.kind, e.id)
        return None
