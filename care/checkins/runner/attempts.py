"""The attempt state machine. Each step is its own committed transaction, written before the next
step starts, so a crash leaves an attempt in a state that says exactly what to do next:

    planned -> dialing -> polling -> ended -> recording_downloaded
            -> remote_deleted | remote_delete_failed | remote_kept    (what became of the carrier's copy)
            -> transcribed -> assessed -> done            (failed: a permanent error)

`dialing` is written BEFORE the gateway is asked to place the call: an attempt found in dialing
after a crash may or may not have reached the line, so it is reconciled with gateway.find_calls,
never dialled again blindly. `settle` closes the attempt and moves its slot on (completed, a retry
inside the window, or missed with a flag) in the same transaction.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from care.checkins.runner.missed import ANSWERED_OUTCOMES, raise_missed_flag
from care.checkins.runner.settings import RunnerSettings
from care.checkins.runner.slots import bump_schedule_version, slot_of
from care.flags import review_flag, write_flags
from storage.models import CallAttempt, CheckInSlot

DIAL_STATES = ("planned", "dialing", "polling", "ended", "recording_downloaded")
RECORDED_STATES = ("remote_deleted", "remote_delete_failed", "remote_kept")  # the speech path transcribes these
SPEECH_STATES = (*RECORDED_STATES, "transcribed", "assessed")
FINAL_STATES = ("done", "failed")
RETRYABLE = ("no_answer", "busy", "machine", "silent", "failed", "not_placed")

STATUS_OUTCOME = {"busy": "busy", "no_answer": "no_answer", "failed": "failed", "canceled": "failed"}


def line_outcome(call_status: str, answered_by: str | None) -> str | None:
    """What a final call state means before any audio is heard; None = answered, go on to the
    recording. A machine is never an answered check-in; an unknown answerer goes on, but its
    outcome can then never be "well" (see assessed_outcome)."""
    if call_status == "completed":
        return "machine" if answered_by == "machine" else None
    return STATUS_OUTCOME.get(call_status, "failed")


def load(session: Session, attempt_id: int) -> CallAttempt:
    attempt = session.get(CallAttempt, attempt_id)
    if attempt is None:
        raise LookupError(f"call attempt {attempt_id} vanished")
    return attempt


def advance(session: Session, attempt: CallAttempt, status: str, **columns) -> None:
    attempt.status = status
    for name, value in columns.items():
        setattr(attempt, name, value)
    bump_schedule_version(session)


def raise_review_flag(session: Session, attempt: CallAttempt, why: str, now: datetime) -> None:
    """An unclear call is never "well": a low flag puts it in front of a person."""
    write_flags(session, [review_flag(attempt, why)], now)


def settle(session: Session, attempt: CallAttempt, now: datetime, settings: RunnerSettings,
           *, status: str = "done") -> CheckInSlot | None:
    """Close the attempt (its outcome is set) and move its slot on, in the caller's transaction."""
    attempt.status = status
    attempt.ended_at = attempt.ended_at or now
    slot = slot_of(session, attempt)
    bump_schedule_version(session)
    if slot is None or slot.status not in ("in_progress", "due", "retry_wait"):
        return slot
    outcome = attempt.outcome or "failed"
    if outcome in ANSWERED_OUTCOMES:
        slot.status, slot.outcome, slot.next_attempt_at = "completed", outcome, None
        if outcome == "needs_review":
            raise_review_flag(session, attempt, attempt.error or "통화 내용을 확인해 주세요 (unclear call: please review)", now)
        return slot
    if outcome == "unreachable":
        slot.status, slot.outcome, slot.next_attempt_at = "failed", outcome, None
        raise_missed_flag(session, slot, now, "unreachable", attempt.id)
        return slot
    next_at = max(now, attempt.ended_at + settings.retry_spacing)
    if outcome in RETRYABLE and slot.attempts_made < settings.max_attempts and next_at < slot.window_end:
        slot.status, slot.outcome, slot.next_attempt_at = "retry_wait", outcome, next_at
        return slot
    slot.status, slot.outcome, slot.next_attempt_at = "missed", outcome, None
    slot.reason = f"시도 {slot.attempts_made}회 모두 연결되지 않음 (all {slot.attempts_made} attempt(s) missed)"
    raise_missed_flag(session, slot, now, outcome, attempt.id)
    return slot


def close_expired_slot(session: Session, slot: CheckInSlot, now: datetime, paused_all: bool) -> None:
    """An open slot whose window ended before its next dial: missed (or skipped when an operator
    paused every call)."""
    slot.next_attempt_at = None
    if paused_all and slot.attempts_made == 0:
        slot.status, slot.outcome = "skipped", "paused"
        slot.reason = "운영자가 전체 통화를 일시중지함 (all calls paused by an operator)"
    else:
        cause = slot.outcome if slot.attempts_made else "not_placed"
        slot.status, slot.outcome = "missed", cause
        slot.reason = f"통화 시간대가 끝남, 시도 {slot.attempts_made}회 (window ended after {slot.attempts_made} attempt(s))"
        last = session.scalar(select(CallAttempt.id).where(
            CallAttempt.slot_id == slot.id)
            .order_by(CallAttempt.attempt_no.desc()).limit(1))
        raise_missed_flag(session, slot, now, cause or "not_placed", last)
    bump_schedule_version(session)
