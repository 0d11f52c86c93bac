"""The review queue as a Qt table: frozen care.review.FlagRow rows, already ordered by the query
(urgent first, oldest first), so the model never sorts. The Korean names of categories, sources,
statuses and outcomes live here (self.tr, context ReviewTableModel) and the review page reuses
them."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from care.review import FlagRow

from .context import DISPLAY_TZ
from .rows_model import RowsTableModel

SEVERITY_TEXT_COLOURS = {"high": "#b3261e", "medium": "#b25e00", "low": "#4f5b66"}
SEVERITY_ROW_COLOURS = {"high": "#fde2e1", "medium": "#fff1d6"}
RESOLVED_COLOUR = "#7a7a7a"


class ReviewTableModel(RowsTableModel):
    COLUMNS = ("severity", "category", "household", "source", "status", "assignee", "age")

    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._now = datetime.now(UTC)
        self.set_titles([self.tr("긴급도"), self.tr("분류"), self.tr("가구"), self.tr("출처"), self.tr("상태"),
                         self.tr("담당"), self.tr("경과")])
        self._bold = QFont()
        self._bold.setBold(True)

    # ---- names shared with the page ------------------------------------------------------------
    def severity_name(self, severity: str) -> str:
        return {"high": self.tr("긴급"), "medium": self.tr("주의"), "low": self.tr("참고")}.get(severity, severity)

    def category_name(self, category: str) -> str:
        return {
            "emergency": self.tr("응급"), "self_harm": self.tr("자해 위험"), "health": self.tr("건강"),
            "meals": self.tr("식사"), "emotional": self.tr("정서"), "living": self.tr("생활 환경"),
            "help_requested": self.tr("도움 요청"), "missed_checkin": self.tr("안부전화 미응답"),
            "inactivity": self.tr("활동 없음"), "door": self.tr("현관문 미사용"), "temperature": self.tr("실내 온도"),
            "power_flat": self.tr("전력 변화 없음"), "device_health": self.tr("기기 점검"),
            "robot_interaction": self.tr("로봇 교감 없음"),
        }.get(category, category)

    def source_name(self, source: str) -> str:
        return {"call": self.tr("안부전화"), "missed_calls": self.tr("전화 부재"), "sensor": self.tr("센서"),
                "robot": self.tr("돌봄 로봇")}.get(source, source)

    def status_name(self, status: str) -> str:
        return {"open": self.tr("신규"), "acknowledged": self.tr("확인됨"), "resolved": self.tr("처리됨")}.get(status, status)

    def outcome_name(self, outcome: str | None) -> str:
        return {"visited": self.tr("방문 확인"), "called": self.tr("전화 확인"), "119": self.tr("119 신고"),
                "false_alarm": self.tr("오경보")}.get(outcome or "", outcome or "")

    def age_text(self, ts: datetime) -> str:
        seconds = max(0, int((self._now - ts).total_seconds()))
        if seconds < 60:
            return self.tr("방금")
        if seconds < 3600:
            return self.tr("%1분 전").replace("%1", str(seconds // 60))
        if seconds < 86400:
            return self.tr("%1시간 전").replace("%1", str(seconds // 3600))
        return self.tr("%1일 전").replace("%1", str(seconds // 86400))

    # ---- rows -------------------------------------------------------------------------------------
    def set_rows(self, rows: list[FlagRow], now: datetime | None = None) -> None:
        self._now = now or datetime.now(UTC)
        super().set_rows(rows)

    def find(self, flag_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == flag_id), -1)

    def _display(self, r: FlagRow, key: str) -> str:
        if key == "severity":
            return self.severity_name(r.severity)
        if key == "category":
            return self.category_name(r.category)
        if key == "household":
            demo = " " + self.tr("(데모)") if r.is_demo else ""
            return f"{r.household_ref} {r.household_name}{demo}"
        if key == "source":
            return self.source_name(r.source)
        if key == "status":
            if r.status == "resolved" and r.resolution:
                return f"{self.status_name(r.status)} · {self.outcome_name(r.resolution)}"
            return self.status_name(r.status)
        if key == "assignee":
            return r.assignee or ""
        return self.age_text(r.created_at)

    def cell(self, r: FlagRow, key: str, role: int):  # noqa: ANN201
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, key)
        if role == Qt.ItemDataRole.BackgroundRole and r.status != "resolved" and r.severity in SEVERITY_ROW_COLOURS:
            return QBrush(QColor(SEVERITY_ROW_COLOURS[r.severity]))
        if role == Qt.ItemDataRole.ForegroundRole:
            if r.status == "resolved":
                return QBrush(QColor(RESOLVED_COLOUR))
            if key == "severity":
                return QBrush(QColor(SEVERITY_TEXT_COLOURS.get(r.severity, SEVERITY_TEXT_COLOURS["low"])))
        if role == Qt.ItemDataRole.FontRole and key == "severity" and r.severity == "high":
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == "age":
                return r.created_at.astimezone(DISPLAY_TZ).strftime("%Y-%m-%d %H:%M")
            return r.reason
        if role == Qt.ItemDataRole.UserRole:
            return r.id
        return None
