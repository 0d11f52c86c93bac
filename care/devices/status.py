"""Device status per household, for `device-status` and the console's devices page. Frozen
dataclasses only (never ORM objects), so the console can take them across threads."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from care.accounts import view_scope
from care.devices.schema import METRICS
from storage.db import Database
from storage.models import Device, Household, RiskFlag, RobotEvent, SensorHourly, SensorReading
from storage.types import utcnow

SEVERITY_ORDER = case({"high": 0, "medium": 1, "low": 2}, value=RiskFlag.severity, else_=3)
MAIN_METRIC = {kind: next(m for m in metrics if m != "battery") for kind, metrics in METRICS.items()}
MAIN_METRIC["robot"] = "heartbeat"


@dataclass(frozen=True)
class DeviceStatus:
    device_id: int
    device_ref: str
    kind: str
    vendor: str
    last_value: float | None
    last_seen: datetime | None
    battery: float | None

    def to_json(self) -> dict:
        return {"device_ref": self.device_ref, "kind": self.kind, "last_value": self.last_value,
                "last_seen": self.last_seen.isoformat() if self.last_seen else None, "battery": self.battery}


@dataclass(frozen=True)
class DeviceFlag:
    flag_id: int
    category: str
    severity: str
    reason: str
    status: str
    source: str
    device_ref: str | None
    created_at: datetime

    def to_json(self) -> dict:
        return {"category": self.category, "severity": self.severity, "reason": self.reason}


@dataclass(frozen=True)
class HouseholdDeviceStatus:
    household_id: int
    household_ref: str
    name: str
    dong: str
    is_demo: bool
    devices: tuple[DeviceStatus, ...]
    flags: tuple[DeviceFlag, ...]

    @property
    def last_seen(self) -> datetime | None:
        return max((d.last_seen for d in self.devices if d.last_seen), default=None)

    def to_json(self) -> dict:
        return {"household_id": self.household_id, "household_ref": self.household_ref,
                "devices": [d.to_json() for d in self.devices], "flags": [f.to_json() for f in self.flags]}


@dataclass(frozen=True)
class DeviceSeries:
    device_ref: str
    kind: str
    metric: str
    unit: str
    hourly: bool  # True when the raw readings were pruned and these are hourly means
    points: tuple[tuple[datetime, float], ...]


def household_statuses(session: Session, household_ids: list[int] | None = None, *,
                       only_with_devices: bool = False) -> list[HouseholdDeviceStatus]:
    """Every active household (or the given ones) with its devices and open sensor/robot flags."""
    chosen = select(Household.id).where(Household.active.is_(True))
    if household_ids is not None:
        chosen = chosen.where(Household.id.in_(household_ids))
    hq = select(Household.id, Household.ref, Household.name, Household.dong, Household.is_demo) \
        .where(Household.id.in_(chosen)).order_by(Household.id)
    households = session.execute(hq).all()
    # the households go into the next two queries as a sub-select, never as one bound parameter per
    # id (PostgreSQL's protocol allows 65,535 parameters: a district past that failed here)
    ids = chosen
    devices: dict[int, list[DeviceStatus]] = defaultdict(list)
    refs: dict[int, str] = {}
    for d in session.execute(select(Device.household_id, Device.id, Device.ref, Device.kind, Device.vendor,
                                    Device.last_value, Device.last_seen_at, Device.battery)
                             .where(Device.household_id.in_(ids), Device.active.is_(True))
                             .order_by(Device.household_id, Device.kind, Device.ref)):
        devices[d[0]].append(DeviceStatus(d[1], d[2], d[3], d[4], d[5], d[6], d[7]))
        refs[d[1]] = d[2]
    flags: dict[int, list[DeviceFlag]] = defaultdict(list)
    for f in session.scalars(select(RiskFlag).where(
            RiskFlag.household_id.in_(ids), RiskFlag.source.in_(("sensor", "robot")),
            RiskFlag.status != "resolved").order_by(SEVERITY_ORDER, RiskFlag.created_at.desc(), RiskFlag.id)):
        flags[f.household_id].append(DeviceFlag(f.id, f.category, f.severity, f.reason, f.status, f.source,
                                                refs.get(f.device_id) if f.device_id else None, f.created_at))
    return [HouseholdDeviceStatus(hid, ref or "", name, dong, bool(demo), tuple(devices[hid]), tuple(flags[hid]))
            for hid, ref, name, dong, demo in households
            if devices[hid] or flags[hid] or not only_with_devices]


def device_series(session: Session, device_id: int, since: datetime, until: datetime) -> DeviceSeries | None:
    """The device's main signal between since and until: raw readings, or hourly means when the raw
    ones were pruned. Robots: battery from heartbeats."""
    dev = session.get(Device, device_id)
    if dev is None:
        return None
    metric = MAIN_METRIC.get(dev.kind, dev.kind)
    unit = METRICS.get(dev.kind, {}).get(metric)
    unit = unit.units[0] if unit else ""
    if dev.kind == "robot":
        rows = session.execute(select(RobotEvent.ts, RobotEvent.value).where(
            RobotEvent.device_id == device_id, RobotEvent.kind == "heartbeat", RobotEvent.ts >= since,
            RobotEvent.ts <= until).order_by(RobotEvent.ts)).all()
        return DeviceSeries(dev.ref, dev.kind, "battery", "%", False,
                            tuple((t, v) for t, v in rows if v is not None))
    rows = session.execute(select(SensorReading.ts, SensorReading.value).where(
        SensorReading.device_id == device_id, SensorReading.metric == metric, SensorReading.ts >= since,
        SensorReading.ts <= until).order_by(SensorReading.ts)).all()
    if rows:
        return DeviceSeries(dev.ref, dev.kind, metric, unit, False, tuple((t, v) for t, v in rows))
    hourly = session.execute(select(SensorHourly.hour, SensorHourly.mean_value).where(
        SensorHourly.device_id == device_id, SensorHourly.metric == metric,
        SensorHourly.hour >= since - timedelta(hours=1), SensorHourly.hour <= until).order_by(SensorHourly.hour)).all()
    return DeviceSeries(dev.ref, dev.kind, metric, unit, True, tuple((t, v) for t, v in hourly))


def device_statuses(db: Database, actor: str, *, only_with_devices: bool = False) -> list[HouseholdDeviceStatus]:
    """`device-status`: every household's devices and open device flags (a social worker: her own
    households); one access-log row."""
    from care import audit

    with db.session() as s:
        rows = household_statuses(s, only_with_devices=only_with_devices)
        ids = view_scope.household_ids(s, actor)
        if ids is not None:
            rows = [r for r in rows if r.household_id in ids]
        audit.record_list(s, actor, "device", (r.household_ref for r in rows),
                          {"with_devices": True} if only_with_devices else None)
    return rows


def load_device_overview(db: Database, actor: str | None = None) -> list[HouseholdDeviceStatus]:
    """The console's devices page: households that have devices or open device flags, most urgent
    first (high flags, then medium, then any flag, then the rest by reference). With `actor`, a
    social worker sees her own households."""
    with db.session() as s:
        rows = household_statuses(s, only_with_devices=True)
        ids = view_scope.household_ids(s, actor) if actor is not None else None
    if ids is not None:
        rows = [r for r in rows if r.household_id in ids]
    rank = {"high": 0, "medium": 1, "low": 2}
    return sorted(rows, key=lambda h: (min((rank.get(f.severity, 3) for f in h.flags), default=3), h.household_ref))


def load_series(db: Database, device_id: int, hours: float = 48.0, now: datetime | None = None) -> DeviceSeries | None:
    now = now or utcnow()
    with db.session() as s:
        return device_series(s, device_id, now - timedelta(hours=hours), now)
