"""The household timeline as a table: newest first, one row per entry (time, kind, what happened),
paged from SQL — the view asks for the next, older page when it scrolls to the end (fetchMore)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from care.households.timeline import Cursor, Entry
from care.vocabulary import (
    CallOutcome,
    ContactChannel,
    ContactOutcome,
    DeviceKind,
    FlagCategory,
    FlagSource,
    FlagStatus,
    Severity,
)
from console.common.context import DISPLAY_TZ
from console.common.labels import SEVERITY_ROW, label, reason_text
from console.common.rows_model import RowsTableModel

Index = QModelIndex | QPersistentModelIndex
KIND_COLOUR = {"call": "#e7f1ff", "flag": "#fde2e1", "sensor": "#fff1d6", "robot": "#f0e9ff", "contact": "#e6f4ea",
               "plan": "#f2f2f2"}


def kind_names() -> dict[str, str]:
    """The timeline's kinds; calls, sensors and robots in labels.py's words for a flag's source."""
    names = {k: label(FlagSource, k) for k in ("call", "sensor", "robot")}
    names["flag"] = QCoreApplication.translate("HouseholdTimeline", "플래그")
    names["contact"] = QCoreApplication.translate("HouseholdTimeline", "후속 연락")
    names["plan"] = QCoreApplication.translate("HouseholdTimeline", "계획 변경")
    return names


def plan_action_name(action: str) -> str:
    if action == "plan_update":
        return QCoreApplication.translate("HouseholdTimeline", "계획 수정")
    if action == "plan_pause":
        return QCoreApplication.translate("HouseholdTimeline", "일시중지")
    if action == "plan_resume":
        return QCoreApplication.translate("HouseholdTimeline", "재개")
    if action == "run_now":
        return QCoreApplication.translate("HouseholdTimeline", "지금 전화 요청")
    return action


def robot_event_name(event: str) -> str:
    """The robot events the timeline shows (care.households.timeline.ROBOT_WORTH), in words."""
    if event == "sos":
        return QCoreApplication.translate("HouseholdTimeline", "SOS 호출")
    if event == "medication_missed":
        return QCoreApplication.translate("HouseholdTimeline", "복약 알림 놓침")
    return event


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
    if e.kind == "sensor":  # an alarm (smoke, gas, the emergency button): the device's kind says which
        return f"{d.get('device_ref', '')}: {label(DeviceKind, d.get('device_kind'))}"
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
