"""Check-in plans, call attempts and the answers transcribed from them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    Unicode,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.types import JSONText, UTCDateTime, utcnow
from storage.vocabulary import AnsweredBy, AttemptStatus, CallOutcome, SlotKind, SlotStatus, check_in

from .base import Base


class CheckInPlan(Base):
    """When a household is called: weekdays and a local-time window."""

    __tablename__ = "check_in_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id", ondelete="CASCADE"), unique=True)
    weekdays: Mapped[str] = mapped_column(String(40), default="tue,fri")  # mon,tue,... (local)
    window_start: Mapped[str] = mapped_column(String(5), default="18:30")  # HH:MM local
    window_end: Mapped[str] = mapped_column(String(5), default="20:30")
    timezone: Mapped[str] = mapped_column(String(50), default="Asia/Seoul")
    cadence: Mapped[str] = mapped_column(String(20), default="twice_weekly")  # daily|twice_weekly|weekly
    script: Mapped[str] = mapped_column(String(50), default="ko_default")
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    pause_reason: Mapped[str] = mapped_column(String(200), default="")
    paused_until: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class CallAttempt(Base):
    """One dial of one household for one slot. The idempotency key (household, slot, attempt
    number) is unique: a crashed runner reconciles the row it finds instead of dialing again.

    status walks: planned -> dialing -> polling -> ended -> recording_downloaded
    -> remote_deleted | remote_delete_failed | remote_kept -> transcribed -> assessed -> done (or
    failed). call_status is what the line reported. slot_id is the check-in slot the attempt
    belongs to; slot_key repeats the slot's key for the idempotency key and the line's ledger.

    claimed_by/claimed_until: a process working on the attempt outside the runner (a manual `call`)
    holds a lease; the runner does not resume a claimed attempt until the lease runs out."""

    __tablename__ = "call_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id", ondelete="CASCADE"), index=True)
    slot_id: Mapped[int | None] = mapped_column(ForeignKey("check_in_slot.id", ondelete="CASCADE"), index=True)
    slot_key: Mapped[str] = mapped_column(String(40), index=True)  # e.g. 2026-11-24T18:30+09:00
    attempt_no: Mapped[int] = mapped_column(Integer, default=1)
    idempotency_key: Mapped[str] = mapped_column(String(100), unique=True)
    status: Mapped[str] = mapped_column(String(30), default="planned", index=True)
    provider: Mapped[str] = mapped_column(String(20), default="simulated")  # twilio | simulated
    provider_call_sid: Mapped[str | None] = mapped_column(String(64), index=True)
    call_status: Mapped[str | None] = mapped_column(String(20))  # queued..canceled
    answered_by: Mapped[str | None] = mapped_column(String(20))  # human | machine | unknown
    scheduled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    dialed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    duration_s: Mapped[float | None] = mapped_column(Float)
    recording_path: Mapped[str | None] = mapped_column(String(500))
    recording_deleted_remote: Mapped[bool] = mapped_column(Boolean, default=False)
    recording_purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # well | flagged | needs_review | no_answer | busy | machine | silent | failed
    outcome: Mapped[str | None] = mapped_column(String(20))
    error: Mapped[str | None] = mapped_column(Text)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    claimed_by: Mapped[str | None] = mapped_column(String(200))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    answers: Mapped[list[CallAnswer]] = relationship(
        back_populates="attempt", cascade="all, delete-orphan", order_by="CallAnswer.question_index"
    )

    __table_args__ = (
        UniqueConstraint("household_id", "slot_key", "attempt_no"),
        # covering: the overview's last call and reachability read only this (migration 0018_overview)
        Index("ix_call_attempt_household_calls", "household_id", "ended_at", "id", "outcome", "answered_by",
              "slot_key", "dialed_at", "scheduled_at"),
        Index("ix_call_attempt_ended_at", "ended_at"),  # the overview's calls in 24 h (0021_user_prefs)
        CheckConstraint(check_in("status", AttemptStatus), name="status"),
        CheckConstraint(check_in("outcome", CallOutcome, nullable=True), name="outcome"),
        CheckConstraint(check_in("answered_by", AnsweredBy, nullable=True), name="answered_by"),
    )


class CallAnswer(Base):
    """The resident's answer to one question of the script."""

    __tablename__ = "call_answer"

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("call_attempt.id", ondelete="CASCADE"), index=True)
    question_index: Mapped[int] = mapped_column(Integer)
    question_key: Mapped[str] = mapped_column(String(40), default="")
    text_raw: Mapped[str] = mapped_column(Text, default="")  # as Vosk wrote it ("먹 었 어요")
    text: Mapped[str] = mapped_column(Text, default="")  # readable joined form
    words: Mapped[Any] = mapped_column(JSONText, default=None, nullable=True)  # [{"word","start","end","conf"}]
    start_s: Mapped[float | None] = mapped_column(Float)
    end_s: Mapped[float | None] = mapped_column(Float)
    confidence: Mapped[float | None] = mapped_column(Float)
    silence_ratio: Mapped[float | None] = mapped_column(Float)
    keypad: Mapped[str] = mapped_column(String(20), default="")
    intelligible: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str] = mapped_column(String(100), default="")

    attempt: Mapped[CallAttempt] = relationship(back_populates="answers")

    __table_args__ = (UniqueConstraint("attempt_id", "question_index"),)


class CheckInSlot(Base):
    """One due check-in of one household (a plan's window on one local date, or a manual run-now).

    The runner's own bookkeeping, independent of the scheduler library: a slot missed while the PC
    was off is found here and caught up inside its window or reported as missed (Vorta's lesson).
    status: due -> in_progress -> retry_wait -> ... -> completed | missed | failed | not_placed."""

    __tablename__ = "check_in_slot"

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id", ondelete="CASCADE"), index=True)
    slot_key: Mapped[str] = mapped_column(String(40))  # plan: window start; manual: "manual-<local time>"
    kind: Mapped[str] = mapped_column(String(10), default="plan")  # plan | manual
    local_date: Mapped[date] = mapped_column(Date, index=True)
    window_start: Mapped[datetime] = mapped_column(UTCDateTime)
    window_end: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(20), default="due")
    attempts_made: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str | None] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    __table_args__ = (
        UniqueConstraint("household_id", "slot_key"),
        Index("ix_check_in_slot_status_next", "status", "next_attempt_at"),
        CheckConstraint(check_in("status", SlotStatus), name="status"),
        CheckConstraint(check_in("kind", SlotKind), name="kind"),
        CheckConstraint(check_in("outcome", CallOutcome, nullable=True), name="outcome"),
    )


class Holiday(Base):
    """Public holidays (and any day the team adds) on which planned check-ins are skipped."""

    __tablename__ = "holiday"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RunnerLease(Base):
    """Only one runner per database: the holder renews heartbeat_at; a lease whose heartbeat is
    older than the timeout may be taken over. heartbeat_at outlives the holder: it is when a runner
    was last alive, the start of the catch-up after downtime."""

    __tablename__ = "runner_lease"

    name: Mapped[str] = mapped_column(String(30), primary_key=True)
    holder: Mapped[str | None] = mapped_column(String(200))  # host:pid:token, None when released
    acquired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class RunnerState(Base):
    """Small named counters: 'schedule' is bumped by every write to slots or attempts, so the
    console notices a change with one cheap read; 'planner' remembers how far slots were planned."""

    __tablename__ = "runner_state"

    name: Mapped[str] = mapped_column(String(30), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class APSchedulerJob(Base):
    """APScheduler 3.x's SQLAlchemyJobStore table, declared here so migrations create it and the
    schema check knows it (the store's own create_all then finds it and leaves it alone)."""

    __tablename__ = "apscheduler_jobs"

    id: Mapped[str] = mapped_column(Unicode(191), primary_key=True)
    next_run_time: Mapped[float | None] = mapped_column(Float(25), index=True)
    job_state: Mapped[bytes] = mapped_column(LargeBinary)
