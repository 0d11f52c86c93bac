"""Risk flags from every source, their review, and the words a call flag was raised on.

Only care/flags.py creates rows here (tests/care/test_flag_writer.py walks the code for others)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.types import JSONText, UTCDateTime, utcnow
from storage.vocabulary import FlagStatus, Severity, check_in

from .base import Base


class RiskFlag(Base):
    __tablename__ = "risk_flag"

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(20))  # call | missed_calls | sensor | robot
    # emergency | self_harm | health | meals | emotional | living | missed_checkin | inactivity | device_health ...
    category: Mapped[str] = mapped_column(String(30), index=True)
    severity: Mapped[str] = mapped_column(String(10))  # low | medium | high
    status: Mapped[str] = mapped_column(String(15), default="open", index=True)  # open|acknowledged|resolved
    reason: Mapped[str] = mapped_column(Text, default="")  # one sentence a person can read
    evidence: Mapped[Any] = mapped_column(JSONText, default=None, nullable=True)  # words+times, device+since+value, ...
    attempt_id: Mapped[int | None] = mapped_column(ForeignKey("call_attempt.id", ondelete="SET NULL"))
    device_id: Mapped[int | None] = mapped_column(ForeignKey("device.id", ondelete="SET NULL"))
    # Rules that re-evaluate (sensor silence, missed check-ins) use it to raise a condition once.
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    assignee: Mapped[str | None] = mapped_column(String(100))
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    acknowledged_by: Mapped[str | None] = mapped_column(String(100))
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by: Mapped[str | None] = mapped_column(String(100))
    resolution: Mapped[str | None] = mapped_column(String(20))  # visited | called | 119 | false_alarm
    resolution_note: Mapped[str] = mapped_column(Text, default="")
    is_demo: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    __table_args__ = (
        CheckConstraint(check_in("status", FlagStatus), name="status"),
        CheckConstraint(check_in("severity", Severity), name="severity"),
    )


class FlagMatch(Base):
    """One term of a call flag as heard: which stored answer, which characters of its readable
    text (call_answer.text, [span_start, span_end)) and where in the recording. The review page
    highlights and plays these directly."""

    __tablename__ = "flag_match"
    __table_args__ = (CheckConstraint("span_start >= 0 AND span_end > span_start", name="span"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    flag_id: Mapped[int] = mapped_column(ForeignKey("risk_flag.id", ondelete="CASCADE"), index=True)
    call_answer_id: Mapped[int] = mapped_column(ForeignKey("call_answer.id", ondelete="CASCADE"), index=True)
    term: Mapped[str] = mapped_column(String(100))
    category: Mapped[str] = mapped_column(String(30))
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    audio_start: Mapped[float | None] = mapped_column(Float)
    audio_end: Mapped[float | None] = mapped_column(Float)
