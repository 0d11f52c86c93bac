"""How much disk the device data takes at the retention settings (issue 19: hourly aggregates kept
5 years came to ~58 GB a year at 10,000 households, with no plan). Qt-free; the Settings page
shows it read-only (console/pages/settings/storage_plan.py).

A household is assumed to have DEVICES sensors, each reporting READINGS_PER_HOUR times an hour (the
generated district database: five sensors on a 15-minute grid). Bytes per row are measured with
SQLite's dbstat on a generated database — the table and its indexes over its rows — by
bench/storage_plan.py (`--households 300`): raw 148, hourly 167 (with the hour index the roll-up needs), daily
112 B at 0020_scale.

At the steady state a household holds raw_days of readings, hourly_days of hourly rows and
(daily_days - hourly_days) of daily rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from care import settings as store
from care.settings import RetentionSettings
from storage.db import Database
from storage.models import Device, Household

BYTES_PER_ROW = {"raw": 148.0, "hourly": 167.0, "daily": 112.0}  # bench/storage_plan.py, SQLite
DEVICES = 5  # sensors per household
READINGS_PER_HOUR = 4.0  # per sensor
DAYS_PER_YEAR = 365.0


@dataclass(frozen=True)
class StoragePlan:
    settings: RetentionSettings
    households: int  # the estimate is for this many
    per_household_year: dict[str, float] = field(default_factory=dict)  # bytes a household adds per year, by tier
    per_household_tier: dict[str, float] = field(default_factory=dict)  # bytes one household holds at the steady state

    @property
    def per_household(self) -> float:
        return sum(self.per_household_tier.values())

    @property
    def total(self) -> float:
        return self.per_household * self.households


def rows_per_year(devices: int = DEVICES, readings_per_hour: float = READINGS_PER_HOUR) -> dict[str, float]:
    hours = 24.0 * DAYS_PER_YEAR
    return {"raw": devices * readings_per_hour * hours, "hourly": devices * hours, "daily": devices * DAYS_PER_YEAR}


def estimate(ret: RetentionSettings, households: int, *, devices: int = DEVICES,
             readings_per_hour: float = READINGS_PER_HOUR,
             bytes_per_row: dict[str, float] | None = None) -> StoragePlan:
    """The bytes one household adds a year (per tier) and holds at the steady state of `ret`."""
    per_row = bytes_per_row or BYTES_PER_ROW
    year = {tier: n * per_row[tier] for tier, n in rows_per_year(devices, readings_per_hour).items()}
    kept_days = {"raw": ret.raw_days, "hourly": ret.hourly_days, "daily": max(0.0, ret.daily_days - ret.hourly_days)}
    held = {tier: year[tier] * kept_days[tier] / DAYS_PER_YEAR for tier in year}
    return StoragePlan(ret, households, year, held)


def storage_plan(db: Database) -> StoragePlan:
    """The plan for this install: the stored retention settings and the active households with
    devices (at least one, so a new install still sees the figure per household)."""
    with db.session() as s:
        ret = store.load(s, RetentionSettings)
        households = s.scalar(select(func.count(func.distinct(Device.household_id)))
                              .join(Household, Household.id == Device.household_id)
                              .where(Device.active.is_(True), Household.active.is_(True))) or 0
    return estimate(ret, max(1, int(households)))


def human_bytes(n: float) -> str:
    for unit, size in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if n >= size:
            return f"{n / size:,.1f} {unit}"
    return f"{n:,.0f} B"
