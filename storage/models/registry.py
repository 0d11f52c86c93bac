"""Households, their keyholders, users, settings and the access log."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.types import JSONText, UTCDateTime, utcnow
from storage.vocabulary import Role, check_in

from .base import Base


class Household(Base):
    __tablename__ = "household"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stable external reference (MQTT topics, vendor exports): "H000123". Set from the id on insert.
    ref: Mapped[str | None] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    birth_year: Mapped[int | None] = mapped_column(Integer)
    phone: Mapped[str] = mapped_column(String(20), unique=True)  # E.164
    address: Mapped[str] = mapped_column(String(300), default="")
    dong: Mapped[str] = mapped_column(String(50), default="", index=True)
    worker: Mapped[str] = mapped_column(String(100), default="", index=True)
    language: Mapped[str] = mapped_column(String(5), default="ko")
    consent_recording: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_date: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    contacts: Mapped[list[Contact]] = relationship(
        back_populates="household", cascade="all, delete-orphan", order_by="Contact.priority"
    )

    __table_args__ = (Index("ix_household_name", "name"),)


class Contact(Base):
    """An emergency contact or keyholder; priority 1 is called first."""

    __tablename__ = "contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    relation: Mapped[str] = mapped_column(String(50), default="")
    phone: Mapped[str] = mapped_column(String(20))  # E.164
    priority: Mapped[int] = mapped_column(Integer, default=1)
    has_key: Mapped[bool] = mapped_column(Boolean, default=False)
    # consented to be told by SMS / call when the office cannot reach the resident (escalation)
    notify_consent: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())

    household: Mapped[Household] = relationship(back_populates="contacts")

    __table_args__ = (UniqueConstraint("household_id", "priority"),)


class AppUser(Base):
    """A person who signs in to the console or the CLI (care/accounts). The password is an argon2
    hash; the lock-out fields count failed sign-ins in a row."""

    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str] = mapped_column(String(100), default="")
    role: Mapped[str] = mapped_column(String(20), default=Role.SOCIAL_WORKER, server_default=Role.SOCIAL_WORKER)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    dong: Mapped[str] = mapped_column(String(50), default="", server_default="")
    password_hash: Mapped[str] = mapped_column(String(255), default="", server_default="")
    last_login: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # The OS account (e.g. "DISTRICT\\kim" or "kim") an admin trusts as this user's sign-on.
    os_account: Mapped[str | None] = mapped_column(String(200), unique=True)
    # argon2 hash of a CLI sign-in token an admin issued (the token itself is in the OS keyring).
    token_hash: Mapped[str] = mapped_column(String(255), default="", server_default="")

    __table_args__ = (CheckConstraint(check_in("role", Role), name="role"),)


class AuditEvent(Base):
    """Who looked at or changed what. Kept at least two years (personal information law)."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    ts: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(50))  # view | create | update | import | export | ...
    entity: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[Any] = mapped_column(JSONText, default=None, nullable=True)
    # The privacy law's fields beside actor/ts/action: where the access came from and whose record
    # it was (the data subject), and the reason a download or print was made.
    workstation: Mapped[str] = mapped_column(String(255), default="", server_default="")
    ip: Mapped[str] = mapped_column(String(64), default="", server_default="")
    household_ref: Mapped[str | None] = mapped_column(String(32), index=True)
    reason: Mapped[str | None] = mapped_column(Text)
    # Tamper evidence (storage/audit_chain.py): the row's place in the chain, the previous row's
    # MAC, this row's MAC over its canonical content + prev_mac, and which key made it ("" =
    # hash-only, written where no OS keyring was available). NULL only on a row written around the
    # service (raw SQL), which `audit verify` reports.
    seq: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    prev_mac: Mapped[str | None] = mapped_column(String(64))
    mac: Mapped[str | None] = mapped_column(String(64))
    key_id: Mapped[str | None] = mapped_column(String(32))


class AuditChain(Base):
    """The one chain-head row (id 1) of the access log: the last sequence number and MAC handed
    out, and the base the chain starts from after a purge (the purged range's last seq and MAC).
    Appenders lock this row (UPDATE) so the chain stays linear across processes."""

    __tablename__ = "audit_chain"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    last_mac: Mapped[str] = mapped_column(String(64), default="", server_default="")
    base_seq: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    base_mac: Mapped[str] = mapped_column(String(64), default="", server_default="")


class ChangeCounter(Base):
    """One row per watched table (risk_flag, call_attempt, follow_up, check_in_plan, household),
    bumped by a database trigger on every insert, update or delete (row triggers on SQLite,
    statement triggers on PostgreSQL; migration 0020_scale). The console's polled versions read
    these rows — O(1) — instead of scanning the tables (issue 19)."""

    __tablename__ = "change_counter"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)


class UserPref(Base):
    """One person's own choice that follows them from PC to PC (care/accounts/view_scope.py: which
    households the pages show). Deleted with the user."""

    __tablename__ = "user_pref"

    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[Any] = mapped_column(JSONText)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class AppSetting(Base):
    """Key/value settings shared by every PC on the database. Never holds secrets (those live in
    the OS keyring). The configuration sections are read and written only through care/settings
    (typed, validated, audited, "settings.schema" = its version); a few keys are runner state
    (runner.paused, the runner alert, the demo mark, the device retention watermark)."""

    __tablename__ = "app_setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(JSONText)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
