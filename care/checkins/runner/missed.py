"""A missed check-in becomes a flag for a human call the same day (as CareCall and SKT do).

Severity: medium by default; high when the previous week was missed too (two missed weeks in a
row); an `emergency` flag when the home's sensors show no activity since the last contact while
they still report. Recent normal activity keeps it medium. Raised once per slot (dedupe key), so a
crash between the slot update and the flag can never double it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from care.checkins.activity import activity_since
from care.flags import missed_flag, missed_key, write_flags
from storage.models import CallAttempt, CheckInSlot, RiskFlag

ANSWERED_OUTCOMES = ("well", "flagged", "needs_review")
RESIDENT_MISS = ("no_answer", "busy", "machine", "silent", "failed")
CAUSE_TEXT = {
    "no_answer": "전화를 받지 않음 (no answer)",
    "busy": "통화 중 (busy)",
    "machine": "자동응답/음성사서함 (answering machine)",
    "silent": "받았으나 응답 없음 (answered, silent)",
    "failed": "통화 연결 실패 (call failed)",
    "not_placed": "러너가 꺼져 있어 전화를 걸지 못함 (not placed: runner was not running)",
    "unreachable": "번호로 연결할 수 없음 (number unreachable)",
}


def last_contact_at(session: Session, household_id: int) -> datetime | None:
    return session.scalar(select(func.max(CallAttempt.ended_at)).where(
        CallAttempt.household_id == household_id, CallAttempt.outcome.in_(ANSWERED_OUTCOMES)))


def previous_week_missed(session: Session, slot: CheckInSlot) -> bool:
    """True when every slot of the household in the previous ISO week (local dates) ended missed
    because the resident did not answer (runner downtime does not count against the resident)."""
    monday = slot.local_date - timedelta(days=slot.local_date.weekday())
    prev = list(session.execute(select(CheckInSlot.status, CheckInSlot.outcome).where(
        CheckInSlot.household_id == slot.household_id, CheckInSlot.kind == "plan",
        CheckInSlot.local_date >= monday - timedelta(days=7), CheckInSlot.local_date < monday)).all())
    return bool(prev) and all(st == "missed" and out in RESIDENT_MISS for st, out in prev)


def raise_missed_flag(session: Session, slot: CheckInSlot, now: datetime, cause: str,
                      attempt_id: int | None = None) -> None:
    key = missed_key(slot.household_id, slot.slot_key)
    if session.scalar(select(RiskFlag.id).where(RiskFlag.dedupe_key == key)) is not None:
        return
    attempts = session.execute(select(CallAttempt.attempt_no, CallAttempt.call_status, CallAttempt.answered_by,
                                      CallAttempt.outcome, CallAttempt.ended_at)
                               .where(CallAttempt.slot_id == slot.id)
                               .order_by(CallAttempt.attempt_no)).all()
    contact = last_contact_at(session, slot.household_id)
    since = contact or (now - timedelta(days=7))
    activity = activity_since(session, slot.household_id, since)
    two_weeks = cause in RESIDENT_MISS and previous_week_missed(session, slot)
    category, severity = "missed_checkin", "medium"
    parts = [f"안부전화 미응답: {CAUSE_TEXT.get(cause, cause)}, {slot.slot_key} 시도 {len(attempts)}회"]
    if two_weeks:
        severity = "high"
        parts.append("2주 연속 미응답 (missed two weeks in a row)")
    if activity.resident_active is False:
        category, severity = "emergency", "high"
        parts.append("마지막 연락 이후 생활 활동 없음 — 즉시 확인 필요 (no activity since the last contact: check now)")
    parts.append(activity.detail)
    parts.append("오늘 중 담당자가 직접 전화해 주세요 (call the resident by hand today)")
    write_flags(session, [missed_flag(
        slot.household_id, slot.slot_key, category, severity, " · ".join(parts),
        {
            "cause": cause, "two_weeks_in_a_row": two_weeks,
            "last_contact_at": contact.isoformat() if contact else None,
            "activity": activity.to_json(),
            "attempts": [{"attempt": n, "call_status": cs, "answered_by": ab, "outcome": out,
                          "ended_at": end.isoformat() if end else None} for n, cs, ab, out, end in attempts],
        }, attempt_id)], now)
