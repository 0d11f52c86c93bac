"""Registering devices on a household (the ingest refuses readings from unregistered devices)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from care.errors import AnbuError
from storage.models import Device

from .schema import DEVICE_KINDS


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
