"""Households with devices for the device tests."""

from __future__ import annotations

from care.devices.registry import add_device
from care.households import assign_refs
from storage.models import Household

STANDARD_KINDS = ("motion", "door", "temperature", "power", "smoke", "gas", "emergency_button", "robot")


def make_household(db, n: int = 1, kinds=STANDARD_KINDS) -> list[tuple[int, str]]:  # noqa: ANN001
    """n households, each with one device of each kind, refs '<kind>1'. Returns [(id, ref)]."""
    out = []
    with db.session() as s:
        rows = [Household(name=f"테스트{i}", phone=f"+8210555{i:05d}") for i in range(n)]
        s.add_all(rows)
        s.flush()
        assign_refs(s, rows)
        for h in rows:
            for kind in kinds:
                add_device(s, h.id, f"{kind}1", kind)
            out.append((h.id, h.ref))
    return out
