"""Follow-up contacts: what a person did after a check-in (phoned the resident or a keyholder,
visited, called 119, asked another agency) and what it came to. Written by care/households/followups.py."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.types import JSONText, UTCDateTime, utcnow

from .base import Base


class FollowUp(Base):
    __tablename__ = "follow_up"

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id", ondelete="CASCADE"))
    actor: Mapped[str] = mapped_column(String(100))  # who made the contact
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)  # when it happened
    # phone_resident | phone_keyholder | visit | emergency | agency | other (care.vocabulary.ContactChannel)
    channel: Mapped[str] = mapped_column(String(20))
    # reached_well | reached_need | not_reached | hospitalised | moved | deceased | refused
    outcome: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    resolves: Mapped[Any] = mapped_column(JSONText, default=None, nullable=True)  # [flag id, ...] it resolved
    is_demo: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (Index("ix_follow_up_household_at", "household_id", "at"),)
