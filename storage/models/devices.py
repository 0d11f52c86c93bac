"""Home sensors, companion robots and what they report."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.types import JSONText, UTCDateTime, utcnow

from .base import Base


class Device(Base):
    __tablename__ = "device"

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id", ondelete="CASCADE"), index=True)
    ref: Mapped[str] = mapped_column(String(64))  # device_ref in MQTT topics, unique per household
    # motion | door | temperature | humidity | power | smoke | gas | emergency_button | robot
    kind: Mapped[str] = mapped_column(String(20))
    vendor: Mapped[str] = mapped_column(String(50), default="")
    external_id: Mapped[str] = mapped_column(String(100), default="")
    installed_on: Mapped[date | None] = mapped_column(Date)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_value: Mapped[float | None] = mapped_column(Float)
    battery: Mapped[float | None] = mapped_column(Float)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    note: Mapped[str] = mapped_column(String(200), default="", server_default="")  # where it is ("부엌 천장")
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("household_id", "ref"),)


class SensorReading(Base):
    """High volume: written in batches, one transaction per batch."""

    __tablename__ = "sensor_reading"

    id: Mapped[int] = mapped_column(primary_key=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("device.id", ondelete="CASCADE"))
    metric: Mapped[str] = mapped_column(String(30))
    ts: Mapped[datetime] = mapped_column(UTCDateTime)
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(10), default="")

    __table_args__ = (
        UniqueConstraint("device_id", "metric", "ts"),
        Index("ix_sensor_reading_device_ts", "device_id", "ts"),
    )


class RobotEvent(Base):
    __tablename__ = "robot_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("device.id", ondelete="CASCADE"))
    ts: Mapped[datetime] = mapped_column(UTCDateTime)
    # heartbeat | interaction | medication_ack | medication_missed | sos
    kind: Mapped[str] = mapped_column(String(30))
    value: Mapped[float | None] = mapped_column(Float)
    detail: Mapped[Any] = mapped_column(JSONText, default=None, nullable=True)

    __table_args__ = (
        UniqueConstraint("device_id", "kind", "ts"),
        Index("ix_robot_event_device_ts", "device_id", "ts"),
    )




class DeviceDeadLetter(Base):
    """A message the ingest refused, with the reason, so nothing a vendor sent vanishes silently
    and a misconfigured gateway shows up as a count per reason. Pruned after a few weeks."""

    __tablename__ = "device_dead_letter"

    id: Mapped[int] = mapped_column(primary_key=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    source: Mapped[str] = mapped_column(String(100))  # "mqtt" | "import:<file name>" | "bench"
    topic: Mapped[str] = mapped_column(String(300), default="")  # or "line 12" for a file import
    payload: Mapped[str] = mapped_column(Text, default="")  # truncated to a few KB
    reason: Mapped[str] = mapped_column(String(30), index=True)  # bad_json | unknown_device | ...
    detail: Mapped[str] = mapped_column(String(300), default="")


class SensorHourly(Base):
    """Hourly aggregate of one device metric. Raw readings are pruned after the retention period;
    these stay (years), so long trends survive."""

    __tablename__ = "sensor_hourly"

    id: Mapped[int] = mapped_column(primary_key=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("device.id", ondelete="CASCADE"))
    metric: Mapped[str] = mapped_column(String(30))
    hour: Mapped[datetime] = mapped_column(UTCDateTime)  # start of the UTC hour
    n: Mapped[int] = mapped_column(Integer)
    min_value: Mapped[float] = mapped_column(Float)
    max_value: Mapped[float] = mapped_column(Float)
    mean_value: Mapped[float] = mapped_column(Float)

    # the hour index: the roll-up into sensor_daily finds old hours without a scan (migration 0020_scale)
    __table_args__ = (UniqueConstraint("device_id", "metric", "hour"), Index("ix_sensor_hourly_hour", "hour"))


class SensorDaily(Base):
    """Daily aggregate of one device metric (issue 19): hourly rows older than the retention's
    `hourly_days` are rolled up into one row per local (Asia/Seoul) day — n summed, min/max kept,
    the mean weighted by n — and kept `daily_days`."""

    __tablename__ = "sensor_daily"

    id: Mapped[int] = mapped_column(primary_key=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("device.id", ondelete="CASCADE"))
    metric: Mapped[str] = mapped_column(String(30))
    day: Mapped[date] = mapped_column(Date)  # the local day
    n: Mapped[int] = mapped_column(Integer)
    min_value: Mapped[float] = mapped_column(Float)
    max_value: Mapped[float] = mapped_column(Float)
    mean_value: Mapped[float] = mapped_column(Float)

    __table_args__ = (UniqueConstraint("device_id", "metric", "day"), Index("ix_sensor_daily_day", "day"))
