"""Qt table model for the Schedule page: one row per slot of today's and tonight's queue."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor

from .context import DISPLAY_TZ
from .rows_model import RowsTableModel


def _tr(text: str) -> str:
    return QCoreApplication.translate("ScheduleTableModel", text)


def status_text(status: str | None) -> str:
    return {
        "due": _tr("대기"), "retry_wait": _tr("재시도 대기"), "in_progress": _tr("진행 중"), "completed": _tr("완료"),
        "missed": _tr("미응답"), "failed": _tr("실패"), "skipped": _tr("건너뜀"),
    }.get(status or "", status or "")


def attempt_text(status: str | None) -> str:
    return {
        "planned": _tr("걸 준비"), "dialing": _tr("거는 중"), "polling": _tr("통화 진행 중"), "ended": _tr("통화 끝"),
        "recording_downloaded": _tr("녹음 받음"), "remote_deleted": _tr("전사 대기"), "transcribed": _tr("분석 중"),
        "assessed": _tr("분석 끝"), "done": _tr("끝"), "failed": _tr("실패"),
    }.get(status or "", status or "-")


def outcome_text(outcome: str | None) -> str:
    return {
        "well": _tr("양호"), "flagged": _tr("위험 신호"), "needs_review": _tr("확인 필요"), "no_answer": _tr("받지 않음"),
        "busy": _tr("통화 중"), "machine": _tr("자동응답"), "silent": _tr("무응답"), "failed": _tr("연결 실패"),
        "not_placed": _tr("걸지 못함"), "unreachable": _tr("없는 번호"), "paused": _tr("중지됨"),
        "cancelled": _tr("계획 변경"),
    }.get(outcome or "", outcome or "")


OUTCOME_COLOURS = {"flagged": "#fde2e1", "missed": "#fff1d6", "needs_review": "#fff7cc", "well": "#e6f4ea"}


class ScheduleTableModel(RowsTableModel):
    COLUMNS = ("household", "name", "window", "status", "attempts", "step", "outcome", "next")

    def row_at(self, row: int):  # noqa: ANN201 - a QueueRow, or None off the end
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def cell(self, r, key: str, role: int):  # noqa: ANN001, ANN201
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, self.COLUMNS.index(key))
        if role == Qt.ItemDataRole.BackgroundRole:
            outcome_key = r.outcome if r.outcome in OUTCOME_COLOURS else r.status
            colour = OUTCOME_COLOURS.get(outcome_key)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.ToolTipRole and r.provider == "simulated":
            return _tr("모의 회선 (simulated line)")
        return None

    @staticmethod
    def _display(r, column: int) -> str:  # noqa: ANN001
        if column == 0:
            return r.household_ref
        if column == 1:
            return r.name
        if column == 2:
            start, end = r.window_start.astimezone(DISPLAY_TZ), r.window_end.astimezone(DISPLAY_TZ)
            manual = _tr(" (수동)") if r.slot.startswith("manual-") else ""
            return f"{start:%m-%d %H:%M}–{end:%H:%M}{manual}"
        if column == 3:  # a slot a pause or a plan change took out of the queue says so
            if r.status == "skipped" and r.outcome in ("paused", "cancelled"):
                return _tr("일시중지") if r.outcome == "paused" else _tr("취소됨")
            return status_text(r.status)
        if column == 4:
            return str(r.attempts_made)
        if column == 5:
            return attempt_text(r.attempt_status) + (_tr(" [모의]") if r.provider == "simulated" else "")
        if column == 6:
            return outcome_text(r.outcome)
        if column == 7:
            return f"{r.next_attempt_at.astimezone(DISPLAY_TZ):%H:%M}" if r.next_attempt_at and r.status in (
                "due", "retry_wait") else ""
        return ""
