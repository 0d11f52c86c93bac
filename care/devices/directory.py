"""Which (household_ref, device_ref) pairs exist: a cache in front of the device table, so the
ingest does not query the database per message. A miss reloads the cache at most every
`refresh_s` seconds, so a device registered while the subscriber runs is picked up soon, while a
flood of messages for an unknown device cannot turn into a flood of queries."""

from __future__ import annotations

import threading
import time

from sqlalchemy import select

from care.devices.schema import DeviceRef
from storage.db import Database
from storage.models import Device, Household


class DeviceDirectory:
    def __init__(self, db: Database, *, refresh_s: float = 5.0, clock=time.monotonic) -> None:
        self.db, self.refresh_s, self.clock = db, refresh_s, clock
        self._lock = threading.Lock()
        self._devices: dict[tuple[str, str], DeviceRef] = {}
        self._households: set[str] = set()
        self._loaded_at: float | None = None

    def reload(self) -> None:
        with self.db.session() as s:
            rows = s.execute(
                select(Household.ref, Device.ref, Device.id, Device.household_id, Device.kind)
                .join(Device, Device.household_id == Household.id)
                .where(Device.active.is_(True))
            ).all()
            households = set(s.scalars(select(Household.ref).where(Household.ref.is_not(None))))
        with self._lock:
            self._devices = {(h, d): DeviceRef(i, hid, k) for h, d, i, hid, k in rows}
            self._households = households
            self._loaded_at = self.clock()

    def __call__(self, household_ref: str, device_ref: str) -> DeviceRef | str:
        ref = self._devices.get((household_ref, device_ref))
        if ref is not None:
            return ref
        if self._loaded_at is None or self.clock() - self._loaded_at >= self.refresh_s:
            self.reload()
            ref = self._devices.get((household_ref, device_ref))
            if ref is not None:
                return ref
        return "unknown_device" if household_ref in self._households else "unknown_household"

    def household_refs(self) -> set[str]:
        return set(self._households)
