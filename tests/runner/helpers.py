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


NO_ANSWER_SEED = 1095  # simulated line: household 1 is busy/no-answer on all 3 attempts of Tue 17 and 24 Nov


def run_at(db, now, gateway, **settings):
    """One runner, in this process, from `now` until nothing is due; returns it (stopped)."""
    from care.checkins.runner.service import Runner
    from care.checkins.runner.settings import RunnerClock, RunnerSettings

    runner = Runner(db, gateway, clock=RunnerClock(now), settings=RunnerSettings(**settings))
    runner.start()
    try:
        runner.run_until_idle(poll_s=0.02)
    finally:
        runner.shutdown()
    return runner


def ledger_lines(path) -> list[dict]:
    import json

    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
