"""Registering devices on a household (the ingest refuses readings from unregistered devices)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from care import audit
from care.accounts import access
from care.devices.schema import DEVICE_KINDS, topic_for
from care.errors import AnbuError
from care.households.text_checks import bad_character
from storage.db import Database
from storage.models import Device, Household


class DeviceError(AnbuError):
    pass


def add_device(session: Session, household_id: int, ref: str, kind: str, *, vendor: str = "",
               external_id: str = "", installed_on: date | None = None, is_demo: bool = False) -> Device:
    if kind not in DEVICE_KINDS:
        raise DeviceError(f"알 수 없는 기기 종류 {kind!r} (unknown device kind; one of {', '.join(DEVICE_KINDS)})")
    if not ref or "/" in ref or "+" in ref or "#" in ref or len(ref) > 64:
        raise DeviceError(f"기기 ID {ref!r}는 MQTT 토픽에 쓸 수 없습니다 (device ref must be 1-64 chars without / + #)")
    exists = session.scalar(select(Device.id).where(Device.household_id == household_id, Device.ref == ref))
    if exists is not None:
        raise DeviceError(f"기기 {ref}가 이미 등록되어 있습니다 (device {ref} already registered)")
    device = Device(household_id=household_id, ref=ref, kind=kind, vendor=vendor, external_id=external_id,
                    installed_on=installed_on, is_demo=is_demo)
    session.add(device)
    session.flush()
    return device


# ---- a person's device commands (issue 13): one transaction each, audited ---------------------
MAX_NOTE = 200


@dataclass(frozen=True)
class DeviceRow:
    id: int
    household_id: int
    household_ref: str
    ref: str
    kind: str
    note: str
    active: bool
    battery: float | None
    last_seen_at: datetime | None
    topic: str  # what a gateway publishes to: anbu/v1/<household>/<device>/<metric>

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "household_id": self.household_id, "household_ref": self.household_ref,
                "ref": self.ref, "kind": self.kind, "note": self.note, "active": self.active,
                "battery": self.battery,
                "last_seen_at": self.last_seen_at.isoformat() if self.last_seen_at else None, "topic": self.topic}


def _device_row(d: Device, household_ref: str | None) -> DeviceRow:
    href = household_ref or f"#{d.household_id}"
    return DeviceRow(d.id, d.household_id, href, d.ref, d.kind, d.note or "", bool(d.active), d.battery,
                     d.last_seen_at, topic_for(href, d.ref, "<metric>"))


def _household(session: Session, household_id: int) -> Household:
    h = session.get(Household, household_id)
    if h is None:
        raise DeviceError(f"가구 {household_id}을(를) 찾을 수 없습니다 (no household with id {household_id})")
    return h


def register_device(db: Database, household_id: int, ref: str, kind: str, actor: str, note: str = "") -> DeviceRow:
    """Register a sensor or robot on a household; the ingest accepts its readings from then on (a
    running subscriber's DeviceDirectory picks it up at its next refresh). Registering a retired
    device of the same kind again brings it back (its history stays with it)."""
    note = (note or "").strip()
    if len(note) > MAX_NOTE or bad_character(note):
        raise DeviceError(f"위치 메모가 너무 길거나 쓸 수 없는 문자가 있습니다 (--note: at most {MAX_NOTE} printable characters)")
    with db.session() as s:
        access.require(s, actor, access.Permission.DEVICES, entity="device")
        h = _household(s, household_id)
        old = s.scalar(select(Device).where(Device.household_id == household_id, Device.ref == ref))
        if old is not None and not old.active and old.kind == kind:
            old.active, old.note = True, note or old.note
            device, action = old, "reactivate"
        else:
            device = add_device(s, household_id, ref, kind, is_demo=h.is_demo)
            device.note, action = note, "create"
        s.flush()
        audit.record(s, actor, action, "device", device.id,
                     {"household_id": household_id, "ref": ref, "kind": kind, "note": note})
        return _device_row(device, h.ref)


def retire_device(db: Database, household_id: int, ref: str, actor: str) -> DeviceRow:
    """Retire a device: its readings are refused from now on (unknown_device); its history stays."""
    with db.session() as s:
        access.require(s, actor, access.Permission.DEVICES, entity="device")
        h = _household(s, household_id)
        device = s.scalar(select(Device).where(Device.household_id == household_id, Device.ref == ref))
        if device is None:
            raise DeviceError(f"가구 {h.ref}에 기기 {ref}가 없습니다 (no device {ref} on household {h.ref})")
        if not device.active:
            raise DeviceError(f"기기 {ref}는 이미 사용 중지되었습니다 (device {ref} is already retired)")
        device.active = False
        audit.record(s, actor, "retire", "device", device.id, {"household_id": household_id, "ref": ref})
        return _device_row(device, h.ref)


def list_devices(db: Database, actor: str, household_id: int | None = None, *,
                 include_retired: bool = True) -> list[DeviceRow]:
    """Devices by household then ref. Logged: one row for the listing (and which household)."""
    with db.session() as s:
        q = select(Device, Household.ref).join(Household, Household.id == Device.household_id)
        if household_id is not None:
            _household(s, household_id)
            q = q.where(Device.household_id == household_id)
        if not include_retired:
            q = q.where(Device.active.is_(True))
        rows = [_device_row(d, href) for d, href in s.execute(q.order_by(Device.household_id, Device.ref))]
        audit.record(s, actor, "view" if household_id is not None else "list",
                     "household" if household_id is not None else "device", household_id,
                     {"what": "devices", "rows": len(rows)})
        return rows


def replace_device(db: Database, household_id: int, old_ref: str, new_ref: str, kind: str, actor: str,
                   note: str = "") -> DeviceRow:
    """A broken sensor or robot swapped for a new one, in one transaction: the old one is retired
    (its history stays), the new one registered (same location note unless a new one is given)."""
    note = (note or "").strip()
    if len(note) > MAX_NOTE or bad_character(note):
        raise DeviceError(f"위치 메모가 너무 길거나 쓸 수 없는 문자가 있습니다 (--note: at most {MAX_NOTE} printable characters)")
    if new_ref == old_ref:
        raise DeviceError("새 기기 ID가 예전 기기와 같습니다 (the new device needs its own ref)")
    with db.session() as s:
        h = _household(s, household_id)
        old = s.scalar(select(Device).where(Device.household_id == household_id, Device.ref == old_ref))
        if old is None:
            raise DeviceError(f"가구 {h.ref}에 기기 {old_ref}가 없습니다 (no device {old_ref} on household {h.ref})")
        old.active = False
        device = add_device(s, household_id, new_ref, kind, is_demo=h.is_demo)
        device.note = note or old.note or ""
        s.flush()
        audit.record(s, actor, "retire", "device", old.id,
                     {"household_id": household_id, "ref": old_ref, "replaced_by": new_ref})
        audit.record(s, actor, "create", "device", device.id,
                     {"household_id": household_id, "ref": new_ref, "kind": kind, "note": device.note,
                      "replaces": old_ref})
        return _device_row(device, h.ref)
