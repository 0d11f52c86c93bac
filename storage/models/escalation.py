"""The human loop after a flag: the duty roster, each flag's escalation and every step sent.

Written only by care/escalation (the roster by care/escalation/roster.py, the rest by the engine).
Every step is a committed row before anything is sent, so a crashed runner reconciles instead of
sending again."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.types import UTCDateTime, utcnow
from storage.vocabulary import (
    EscalationLevel,
    EscalationState,
    EscalationStepKind,
    EscalationStepStatus,
    check_in,
)

from .base import Base


class DutySlot(Base):
    """Who is on call when: days ("mon,tue,..." and/or "hol" for public holidays), a local time
    band in the district's zone (18:00-09:00 runs past midnight and belongs to the day it starts),
    and a user or a desk with a phone. `position` orders slots on duty at once (first = primary)."""

    __tablename__ = "duty_slot"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    days: Mapped[str] = mapped_column(String(40))
    start_time: Mapped[str] = mapped_column(String(5))  # HH:MM local
    end_time: Mapped[str] = mapped_column(String(5))
    phone: Mapped[str] = mapped_column(String(20))  # E.164
    username: Mapped[str | None] = mapped_column(String(100))  # None: a desk (e.g. the night centre)
    position: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class FlagEscalation(Base):
    """One flag's escalation: its policy level, short code (said in SMS replies "1 <code>"), where
    the chain stands and who acknowledged it."""

    __tablename__ = "flag_escalation"

    flag_id: Mapped[int] = mapped_column(ForeignKey("risk_flag.id", ondelete="CASCADE"), primary_key=True)
    level: Mapped[str] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(20), default="active", index=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    duty_slot_id: Mapped[int | None] = mapped_column(ForeignKey("duty_slot.id", ondelete="SET NULL"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ack_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime)
    next_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    acknowledged_by: Mapped[str | None] = mapped_column(String(100))
    ack_channel: Mapped[str | None] = mapped_column(String(20))  # console | cli | sms | keypad
    note: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        CheckConstraint(check_in("level", EscalationLevel), name="level"),
        CheckConstraint(check_in("state", EscalationState), name="state"),
    )


class EscalationStep(Base):
    """One message or call of a flag's escalation. (flag_id, step_no) is unique: a step is never
    sent twice; a row still `committed` after a crash is reconciled with the line first."""

    __tablename__ = "escalation_step"

    id: Mapped[int] = mapped_column(primary_key=True)
    flag_id: Mapped[int] = mapped_column(ForeignKey("risk_flag.id", ondelete="CASCADE"), index=True)
    step_no: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    role: Mapped[str] = mapped_column(String(20))  # duty | next_duty | keyholder | resident
    target_name: Mapped[str] = mapped_column(String(100), default="")
    to: Mapped[str] = mapped_column(String(20))
    duty_slot_id: Mapped[int | None] = mapped_column(ForeignKey("duty_slot.id", ondelete="SET NULL"))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text, default="")  # what was sent (never health details)
    status: Mapped[str] = mapped_column(String(20), default="committed", index=True)
    provider_sid: Mapped[str | None] = mapped_column(String(64))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    committed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    error: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        UniqueConstraint("flag_id", "step_no"),
        CheckConstraint(check_in("kind", EscalationStepKind), name="kind"),
        CheckConstraint(check_in("status", EscalationStepStatus), name="status"),
    )
