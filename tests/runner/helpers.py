"""Households and plans for runner tests, written straight to the database (CLI never seeds)."""

from __future__ import annotations

from datetime import datetime

from storage.models import CheckInPlan, Household


def add_households(db, n: int, *, days: str = "tue,fri", window: tuple[str, str] = ("18:30", "20:30"),
                   consent: bool = True, start: int = 1) -> list[int]:
    ids = []
    with db.session() as s:
        for i in range(start, start + n):
            h = Household(name=f"주민{i}", phone=f"+8210{i:08d}", dong="역삼1동", consent_recording=consent,
                          ref=f"H{i:06d}")
            s.add(h)
            s.flush()
            s.add(CheckInPlan(household_id=h.id, weekdays=days, window_start=window[0], window_end=window[1],
                              timezone="Asia/Seoul", cadence="twice_weekly" if days.count(",") == 1 else "custom"))
            ids.append(h.id)
    return ids


def kst(text: str) -> datetime:
    """"2026-11-24 19:00" in Seoul time."""
    return datetime.fromisoformat(text.replace(" ", "T") + "+09:00")
