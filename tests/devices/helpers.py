"""Households with devices for the device tests."""

from __future__ import annotations

from care.devices.ingest import Ingestor
from care.devices.registry import add_device
from care.devices.schema import Rejection, payload_for, topic_for
from care.households.registry import assign_refs
from storage.models import Household
from storage.types import utcnow

STANDARD_KINDS = ("motion", "door", "temperature", "power", "smoke", "gas", "emergency_button", "robot")


def make_household(db, n: int = 1, kinds=STANDARD_KINDS, created_at=None) -> list[tuple[int, str]]:
    """n households, each with one device of each kind, refs '<kind>1'. Returns [(id, ref)]."""
    out = []
    with db.session() as s:
        rows = [Household(name=f"테스트{i}", phone=f"+8210555{i:05d}") for i in range(n)]
        s.add_all(rows)
        s.flush()
        assign_refs(s, rows)
        for h in rows:
            for kind in kinds:
                d = add_device(s, h.id, f"{kind}1", kind)
                if created_at is not None:
                    d.created_at = created_at
            out.append((h.id, h.ref))
    return out


def feed(db, household_ref: str, device_ref: str, metric: str, points, *, unit: str = "", now=None) -> Ingestor:
    """Write [(ts, value)] through the real ingest path; asserts every point was accepted."""
    ingest = Ingestor(db, source="test", now=(lambda: now) if now else utcnow)
    for ts, value in points:
        result = ingest.submit(topic_for(household_ref, device_ref, metric), payload_for(ts, value, unit))
        assert not isinstance(result, Rejection), result
    ingest.flush()
    return ingest
