"""The one place that turns stored words (care.vocabulary) into what a person reads: Korean (the
source language) or English through Qt's translator, in one translation context ("Labels"), plus
the colours and icons that go with them. Every console model and pane asks here; none keeps its
own dictionary. tests/console/test_labels.py walks this module against the enums.

    label(Severity, "high")  -> "긴급" / "Urgent"
    label(CallOutcome, None) -> "기록 없음" / "No record"
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from care.households.reasons import Reason
from care.vocabulary import (
    AnsweredBy,
    AttemptStatus,
    CallOutcome,
    ContactChannel,
    ContactOutcome,
    DeviceKind,
    FlagCategory,
    FlagSource,
    FlagStatus,
    ReasonKind,
    Resolution,
    Role,
    Severity,
    SlotKind,
    SlotStatus,
)
from console.common.context import DISPLAY_TZ  # the district's zone, whatever the PC's

CONTEXT = "Labels"

# Korean source text per member; QT_TRANSLATE_NOOP only marks it for lupdate (context "Labels").
TEXTS: dict[type[StrEnum], dict[str, str]] = {
    Role: {
        Role.SOCIAL_WORKER: QT_TRANSLATE_NOOP("Labels", "담당 공무원"),
        Role.SUPERVISOR: QT_TRANSLATE_NOOP("Labels", "팀장"),
        Role.ADMIN: QT_TRANSLATE_NOOP("Labels", "관리자"),
    },
    Severity: {
        Severity.HIGH: QT_TRANSLATE_NOOP("Labels", "긴급"),
        Severity.MEDIUM: QT_TRANSLATE_NOOP("Labels", "주의"),
        Severity.LOW: QT_TRANSLATE_NOOP("Labels", "낮음"),
    },
    FlagStatus: {
        FlagStatus.OPEN: QT_TRANSLATE_NOOP("Labels", "신규"),
        FlagStatus.ACKNOWLEDGED: QT_TRANSLATE_NOOP("Labels", "확인됨"),
        FlagStatus.RESOLVED: QT_TRANSLATE_NOOP("Labels", "처리됨"),
    },
    FlagSource: {
        FlagSource.CALL: QT_TRANSLATE_NOOP("Labels", "안부전화"),
        FlagSource.MISSED_CALLS: QT_TRANSLATE_NOOP("Labels", "전화 미응답"),
        FlagSource.SENSOR: QT_TRANSLATE_NOOP("Labels", "센서"),
        FlagSource.ROBOT: QT_TRANSLATE_NOOP("Labels", "돌봄 로봇"),
    },
    FlagCategory: {
        FlagCategory.EMERGENCY: QT_TRANSLATE_NOOP("Labels", "응급"),
        FlagCategory.SELF_HARM: QT_TRANSLATE_NOOP("Labels", "자해 위험"),
        FlagCategory.HEALTH: QT_TRANSLATE_NOOP("Labels", "건강·복약"),
        FlagCategory.MEALS: QT_TRANSLATE_NOOP("Labels", "식사"),
        FlagCategory.EMOTIONAL: QT_TRANSLATE_NOOP("Labels", "정서"),
        FlagCategory.LIVING: QT_TRANSLATE_NOOP("Labels", "생활 환경"),
        FlagCategory.HELP_REQUESTED: QT_TRANSLATE_NOOP("Labels", "도움 요청"),
        FlagCategory.NEEDS_REVIEW: QT_TRANSLATE_NOOP("Labels", "직접 들어볼 통화"),
        FlagCategory.MISSED_CHECKIN: QT_TRANSLATE_NOOP("Labels", "안부전화 미응답"),
        FlagCategory.INACTIVITY: QT_TRANSLATE_NOOP("Labels", "활동 없음"),
        FlagCategory.DOOR: QT_TRANSLATE_NOOP("Labels", "현관문 미사용"),
        FlagCategory.TEMPERATURE: QT_TRANSLATE_NOOP("Labels", "실내 온도"),
        FlagCategory.POWER_FLAT: QT_TRANSLATE_NOOP("Labels", "전력 변화 없음"),
        FlagCategory.DEVICE_HEALTH: QT_TRANSLATE_NOOP("Labels", "기기 점검"),
        FlagCategory.ROBOT_INTERACTION: QT_TRANSLATE_NOOP("Labels", "로봇 교감 없음"),
        FlagCategory.TREND: QT_TRANSLATE_NOOP("Labels", "생활 변화 추세"),
    },
    Resolution: {
        Resolution.VISITED: QT_TRANSLATE_NOOP("Labels", "방문 확인"),
        Resolution.CALLED: QT_TRANSLATE_NOOP("Labels", "전화 확인"),
        Resolution.EMERGENCY_119: QT_TRANSLATE_NOOP("Labels", "119 신고"),
        Resolution.FALSE_ALARM: QT_TRANSLATE_NOOP("Labels", "오경보"),
        Resolution.SIGN_OF_LIFE: QT_TRANSLATE_NOOP("Labels", "생존 신호 확인(자동)"),
    },
    CallOutcome: {
        CallOutcome.WELL: QT_TRANSLATE_NOOP("Labels", "양호"),
        CallOutcome.FLAGGED: QT_TRANSLATE_NOOP("Labels", "위험 신호"),
        CallOutcome.NEEDS_REVIEW: QT_TRANSLATE_NOOP("Labels", "확인 필요"),
        CallOutcome.NO_ANSWER: QT_TRANSLATE_NOOP("Labels", "받지 않음"),
        CallOutcome.BUSY: QT_TRANSLATE_NOOP("Labels", "통화 중"),
        CallOutcome.MACHINE: QT_TRANSLATE_NOOP("Labels", "자동응답"),
        CallOutcome.SILENT: QT_TRANSLATE_NOOP("Labels", "받았으나 말 없음"),
        CallOutcome.FAILED: QT_TRANSLATE_NOOP("Labels", "연결 실패"),
        CallOutcome.NOT_PLACED: QT_TRANSLATE_NOOP("Labels", "걸지 못함"),
        CallOutcome.UNREACHABLE: QT_TRANSLATE_NOOP("Labels", "없는 번호"),
        CallOutcome.PAUSED: QT_TRANSLATE_NOOP("Labels", "중지됨"),
        CallOutcome.CANCELLED: QT_TRANSLATE_NOOP("Labels", "계획 변경"),
    },
    SlotStatus: {
        SlotStatus.DUE: QT_TRANSLATE_NOOP("Labels", "대기"),
        SlotStatus.IN_PROGRESS: QT_TRANSLATE_NOOP("Labels", "진행 중"),
        SlotStatus.RETRY_WAIT: QT_TRANSLATE_NOOP("Labels", "재시도 대기"),
        SlotStatus.COMPLETED: QT_TRANSLATE_NOOP("Labels", "완료"),
        SlotStatus.MISSED: QT_TRANSLATE_NOOP("Labels", "미응답"),
        SlotStatus.FAILED: QT_TRANSLATE_NOOP("Labels", "실패"),
        SlotStatus.SKIPPED: QT_TRANSLATE_NOOP("Labels", "건너뜀"),
    },
    SlotKind: {
        SlotKind.PLAN: QT_TRANSLATE_NOOP("Labels", "정기"),
        SlotKind.MANUAL: QT_TRANSLATE_NOOP("Labels", "수동"),
    },
    AttemptStatus: {
        AttemptStatus.PLANNED: QT_TRANSLATE_NOOP("Labels", "걸 준비"),
        AttemptStatus.DIALING: QT_TRANSLATE_NOOP("Labels", "거는 중"),
        AttemptStatus.POLLING: QT_TRANSLATE_NOOP("Labels", "통화 진행 중"),
        AttemptStatus.ENDED: QT_TRANSLATE_NOOP("Labels", "통화 끝"),
        AttemptStatus.RECORDING_DOWNLOADED: QT_TRANSLATE_NOOP("Labels", "녹음 받음"),
        AttemptStatus.REMOTE_DELETED: QT_TRANSLATE_NOOP("Labels", "전사 대기"),
        AttemptStatus.REMOTE_DELETE_FAILED: QT_TRANSLATE_NOOP("Labels", "전사 대기 (원격 녹음 삭제 실패)"),
        AttemptStatus.REMOTE_KEPT: QT_TRANSLATE_NOOP("Labels", "전사 대기 (원격 녹음 보관)"),
        AttemptStatus.TRANSCRIBED: QT_TRANSLATE_NOOP("Labels", "분석 중"),
        AttemptStatus.ASSESSED: QT_TRANSLATE_NOOP("Labels", "분석 끝"),
        AttemptStatus.DONE: QT_TRANSLATE_NOOP("Labels", "끝"),
        AttemptStatus.FAILED: QT_TRANSLATE_NOOP("Labels", "실패"),
    },
    AnsweredBy: {
        AnsweredBy.HUMAN: QT_TRANSLATE_NOOP("Labels", "사람"),
        AnsweredBy.MACHINE: QT_TRANSLATE_NOOP("Labels", "자동응답기"),
        AnsweredBy.UNKNOWN: QT_TRANSLATE_NOOP("Labels", "알 수 없음"),
    },
    DeviceKind: {
        DeviceKind.MOTION: QT_TRANSLATE_NOOP("Labels", "동작 감지"),
        DeviceKind.DOOR: QT_TRANSLATE_NOOP("Labels", "현관문"),
        DeviceKind.TEMPERATURE: QT_TRANSLATE_NOOP("Labels", "온도"),
        DeviceKind.HUMIDITY: QT_TRANSLATE_NOOP("Labels", "습도"),
        DeviceKind.POWER: QT_TRANSLATE_NOOP("Labels", "스마트 플러그"),
        DeviceKind.SMOKE: QT_TRANSLATE_NOOP("Labels", "연기 감지"),
        DeviceKind.GAS: QT_TRANSLATE_NOOP("Labels", "가스 감지"),
        DeviceKind.EMERGENCY_BUTTON: QT_TRANSLATE_NOOP("Labels", "응급 버튼"),
        DeviceKind.ROBOT: QT_TRANSLATE_NOOP("Labels", "돌봄 로봇"),
    },
    # --- follow-up contacts (issue 13) ---
    ContactChannel: {
        ContactChannel.PHONE_RESIDENT: QT_TRANSLATE_NOOP("Labels", "본인 통화"),
        ContactChannel.PHONE_KEYHOLDER: QT_TRANSLATE_NOOP("Labels", "비상연락처 통화"),
        ContactChannel.VISIT: QT_TRANSLATE_NOOP("Labels", "방문"),
        ContactChannel.EMERGENCY: QT_TRANSLATE_NOOP("Labels", "119/112 신고"),
        ContactChannel.AGENCY: QT_TRANSLATE_NOOP("Labels", "유관 기관"),
        ContactChannel.OTHER: QT_TRANSLATE_NOOP("Labels", "기타 연락"),
    },
    ContactOutcome: {
        ContactOutcome.REACHED_WELL: QT_TRANSLATE_NOOP("Labels", "연락됨·양호"),
        ContactOutcome.REACHED_NEED: QT_TRANSLATE_NOOP("Labels", "연락됨·도움 필요"),
        ContactOutcome.NOT_REACHED: QT_TRANSLATE_NOOP("Labels", "연락 안 됨"),
        ContactOutcome.HOSPITALISED: QT_TRANSLATE_NOOP("Labels", "입원"),
        ContactOutcome.MOVED: QT_TRANSLATE_NOOP("Labels", "이사"),
        ContactOutcome.DECEASED: QT_TRANSLATE_NOOP("Labels", "사망"),
        ContactOutcome.REFUSED: QT_TRANSLATE_NOOP("Labels", "연락 거부"),
    },
    # --- why a household needs attention (care.households.reasons, issue 13) ---
    ReasonKind: {
        ReasonKind.URGENT_FLAG: QT_TRANSLATE_NOOP("Labels", "긴급 플래그"),
        ReasonKind.UNREACHABLE: QT_TRANSLATE_NOOP("Labels", "연락두절"),
        ReasonKind.INACTIVITY: QT_TRANSLATE_NOOP("Labels", "활동 없음"),
        ReasonKind.MISSED_CALLS: QT_TRANSLATE_NOOP("Labels", "안부전화 미응답"),
        ReasonKind.FLAG: QT_TRANSLATE_NOOP("Labels", "플래그"),
        ReasonKind.DEVICE_SILENT: QT_TRANSLATE_NOOP("Labels", "기기 무응답"),
        ReasonKind.LOW_BATTERY: QT_TRANSLATE_NOOP("Labels", "배터리 부족"),
        ReasonKind.PAUSED: QT_TRANSLATE_NOOP("Labels", "안부전화 중지"),
        ReasonKind.NO_PLAN: QT_TRANSLATE_NOOP("Labels", "안부전화 계획 없음"),
    },
}
NO_RECORD = QT_TRANSLATE_NOOP("Labels", "기록 없음")

# Colours: a strong one for text, a light one for a row's background.
SEVERITY_TEXT = {Severity.HIGH: "#b3261e", Severity.MEDIUM: "#b25e00", Severity.LOW: "#4f5b66"}
SEVERITY_ROW = {Severity.HIGH: "#fde2e1", Severity.MEDIUM: "#fff1d6", Severity.LOW: "#e7f1ff"}
OUTCOME_ROW = {CallOutcome.FLAGGED: "#fde2e1", SlotStatus.MISSED: "#fff1d6", CallOutcome.NEEDS_REVIEW: "#fff7cc",
               CallOutcome.WELL: "#e6f4ea"}
RESOLVED_TEXT = "#7a7a7a"


def label(enum: type[StrEnum], value: str | None) -> str:
    """The words for one stored value, in the console's language. An unknown value (a newer
    runner wrote it) is shown as stored rather than hidden; None is "no record"."""
    if value is None or value == "":
        return QCoreApplication.translate(CONTEXT, NO_RECORD)
    source = TEXTS[enum].get(value)
    return QCoreApplication.translate(CONTEXT, source) if source else str(value)


def severity_text_colour(severity: str | None) -> QColor:
    return QColor(SEVERITY_TEXT.get(severity or "", SEVERITY_TEXT[Severity.LOW]))


def severity_row_colour(severity: str | None) -> QColor | None:
    colour = SEVERITY_ROW.get(severity or "")
    return QColor(colour) if colour else None


def outcome_row_colour(outcome: str | None, status: str | None = None) -> QColor | None:
    colour = OUTCOME_ROW.get(outcome or "") or OUTCOME_ROW.get(status or "")
    return QColor(colour) if colour else None


_icons: dict[str, QIcon] = {}


def severity_icon(severity: str | None) -> QIcon:
    """A filled dot in the severity's colour (cached; needs a QGuiApplication)."""
    key = severity or ""
    if key not in _icons:
        pix = QPixmap(12, 12)
        pix.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pix)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(severity_text_colour(severity))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawEllipse(1, 1, 10, 10)
        painter.end()
        _icons[key] = QIcon(pix)
    return _icons[key]


def runner_text(holder: str | None) -> str:
    """Who holds the runner lease, for a person: "host:pid:token" -> "vm PC (프로세스 6609)"."""
    if not holder:
        return QCoreApplication.translate("Labels", "없음")
    host, _, rest = holder.partition(":")
    pid = rest.partition(":")[0]
    if not pid.isdigit():
        return host
    return QCoreApplication.translate("Labels", "%1 PC (프로세스 %2)").replace("%1", host).replace("%2", pid)


_HANGUL = re.compile("[\\uac00-\\ud7a3]")
_PAREN = re.compile(r"^(?P<ko>.*?)\s*\((?P<en>[^()]*)\)\s*$")


def ui_lang() -> str:
    """"ko" unless a translator turns the labels into another language (English today)."""
    high = TEXTS[Severity][Severity.HIGH]
    return "ko" if QCoreApplication.translate(CONTEXT, high) == high else "en"


def reason_text(reason: str | None, lang: str | None = None) -> str:
    """Stored reasons are often written in both languages ("English / 한국어" from the assessment,
    "한국어 (english)" from the runner, several joined by "; " or " · "); show each part in the
    console's language, always in the same order. A part in one language is shown as it is."""
    lang = lang or ui_lang()
    text = (reason or "").strip()
    for sep in ("; ", " · "):
        if sep in text:
            return sep.join(reason_text(part, lang) for part in text.split(sep))
    parts = [p.strip() for p in text.split(" / ")]
    if len(parts) == 2:
        ko = [p for p in parts if _HANGUL.search(p)]
        en = [p for p in parts if not _HANGUL.search(p)]
        if len(ko) == 1 and len(en) == 1:
            return ko[0] if lang == "ko" else en[0]
    m = _PAREN.match(text)
    if m and _HANGUL.search(m["ko"]) and m["en"] and not _HANGUL.search(m["en"]):
        return m["ko"] if lang == "ko" else m["en"]
    return text


# ---- why a row is coloured (care.households.reasons.Reason) -------------------------------------
def _hours_text(hours: float | None) -> str:
    if hours is None:
        return ""
    return f"{hours:.0f}" if hours >= 10 else f"{hours:.1f}"


def _when(value: datetime) -> str:
    return value.astimezone(DISPLAY_TZ).strftime("%m-%d %H:%M")


def why_text(reason: Reason) -> str:
    """One reason in the console's language: "긴급 플래그 2: 쓰러졌어요 (12-01 18:24)", "활동 없음 26시간",
    "연락두절: 안부전화 3회 미응답" ..."""
    kind, n = reason.kind, int(reason.count)
    timed = reason.hours is not None  # no duration known: the kind's name alone
    if kind == ReasonKind.URGENT_FLAG:
        text = QCoreApplication.translate("Labels", "긴급 플래그 %n", "", n)
    elif kind == ReasonKind.FLAG:
        text = QCoreApplication.translate("Labels", "%1 플래그 %n", "", n).replace("%1", label(Severity, reason.severity))
    elif kind == ReasonKind.UNREACHABLE:
        text = QCoreApplication.translate("Labels", "연락두절: 안부전화 %n회 미응답", "", n)
    elif kind == ReasonKind.INACTIVITY and timed:
        text = QCoreApplication.translate("Labels", "활동 없음 %1시간").replace("%1", _hours_text(reason.hours))
    elif kind == ReasonKind.MISSED_CALLS:
        text = QCoreApplication.translate("Labels", "안부전화 미응답 %n회", "", n)
    elif kind == ReasonKind.DEVICE_SILENT and timed:
        text = QCoreApplication.translate("Labels", "기기 무응답 %1시간").replace("%1", _hours_text(reason.hours))
    else:
        text = label(ReasonKind, kind)
    if reason.words:
        text += ": " + ", ".join(reason.words)
    if reason.at is not None and kind in (ReasonKind.URGENT_FLAG, ReasonKind.FLAG):
        text += f" ({_when(reason.at)})"
    return text


def why_line(reasons: Iterable[Reason], limit: int = 2) -> str:
    """The first `limit` reasons joined, most serious first (the overview's "why" column)."""
    return ", ".join(why_text(r) for r in list(reasons)[:limit])
