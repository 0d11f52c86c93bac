"""The capacity estimator with numbers a person can check by hand (care/checkins/capacity.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from care.checkins import capacity
from care.settings.sections import machine_lines, machine_workers

T0 = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)  # 18:00 in Seoul


def hours(h: float) -> datetime:
    return T0 + timedelta(hours=h)


def test_one_window_that_fits():
    # 240 calls of 60 s on 4 lines: 240 * 60 / 4 = 3,600 s = 1 h; the window is 2 h
    est = capacity.estimate({(hours(0), hours(2)): 240}, lines=4, workers=1, avg_call_s=60, cpu_per_audio_s=0.1, now=T0)
    assert est.calls == 240 and est.fits and est.dial_s == 3600
    assert est.dial_done_at == hours(1)
    # transcription: 240 calls * 6 CPU-s / 1 worker = 1,440 s from the first call's end (18:01)
    # = 18:25; bounded below by the last call's end + 6 s (19:00:06): done 19:00:06
    assert est.transcribed_at == hours(1) + timedelta(seconds=6)
    assert est.windows[0].overflow == 0


def test_slow_transcription_finishes_after_the_calls():
    # 240 calls of 60 s, r = 0.5: 30 CPU-s per call, 7,200 CPU-s on 1 worker -> from 18:01 to 20:01
    est = capacity.estimate({(hours(0), hours(2)): 240}, lines=4, workers=1, avg_call_s=60, cpu_per_audio_s=0.5, now=T0)
    assert est.dial_done_at == hours(1)
    assert est.transcribed_at == hours(2) + timedelta(minutes=1)
    # two workers halve the pool's time: 18:01 + 3,600 s = 19:01
    est2 = capacity.estimate({(hours(0), hours(2)): 240}, lines=4, workers=2, avg_call_s=60, cpu_per_audio_s=0.5, now=T0)
    assert est2.transcribed_at == hours(1) + timedelta(minutes=1)


def test_an_overloaded_evening_names_the_windows_that_overflow():
    # 18:00-19:00 holds 4 lines * 3,600 s / 60 s = 240 calls: 300 planned -> 60 overflow.
    # 19:00-20:00 then starts at 19:00 with 240 room: 100 planned fit.
    est = capacity.estimate({(hours(0), hours(1)): 300, (hours(1), hours(2)): 100}, lines=4, workers=1,
                            avg_call_s=60, cpu_per_audio_s=0.1, now=T0)
    assert not est.fits
    assert [(w.start, w.planned, w.fits, w.overflow) for w in est.overflowing] == [(hours(0), 300, 240, 60)]
    assert est.to_json()["overflow"] == 60
    assert est.dial_done_at == hours(1) + timedelta(seconds=100 * 60 / 4)


def test_overlapping_windows_share_the_lines_and_now_cuts_the_first():
    # at 18:30 a 18:00-19:00 window has 1,800 s left: 120 calls on 4 lines; 150 planned -> 30 over.
    # A 18:30-20:00 window then starts when the lines are free (19:00): 3,600 s -> 240 room.
    now = hours(0.5)
    est = capacity.estimate({(hours(0), hours(1)): 150, (hours(0.5), hours(2)): 200}, lines=4, workers=1,
                            avg_call_s=60, cpu_per_audio_s=0.1, now=now)
    assert [(w.planned, w.fits) for w in est.windows] == [(150, 120), (200, 200)]
    assert est.dial_done_at == hours(1) + timedelta(seconds=200 * 15)


def test_no_calls_tonight():
    est = capacity.estimate({}, lines=4, workers=1, now=T0)
    assert est.calls == 0 and est.fits and est.dial_done_at is None and est.transcribed_at is None


def test_bad_figures_are_refused():
    with pytest.raises(ValueError, match="lines"):
        capacity.estimate({}, lines=0, workers=1)


def test_machine_defaults():
    assert [machine_workers(n) for n in (1, 2, 8)] == [1, 1, 7]
    # 1 worker keeps up with 1 / 0.152 = 6.6 lines of audio: 6; 3 workers: 19 -> capped at 16
    assert (machine_lines(1, 0.152), machine_lines(3, 0.152)) == (6, 16)


def test_tonight_from_the_database(db):
    """Slots of the district's local day still to dial, grouped by window; the average call
    length from recent answered attempts."""
    from storage.models import CallAttempt, CheckInSlot, Household

    tz = ZoneInfo("Asia/Seoul")
    now = hours(0)
    with db.session() as s:
        hh = [Household(name=f"가구{i}", phone=f"+8210000099{i:02d}", dong="화곡1동", worker="w") for i in range(5)]
        s.add_all(hh)
        s.flush()
        for i, h in enumerate(hh):
            status = "completed" if i == 4 else "due"
            s.add(CheckInSlot(household_id=h.id, slot_key=f"k{i}", local_date=now.astimezone(tz).date(),
                              window_start=hours(0), window_end=hours(2), status=status))
        s.add(CallAttempt(household_id=hh[0].id, slot_key="old", idempotency_key="old-1", status="done",
                          dialed_at=now - timedelta(days=1), duration_s=50.0))
        s.add(CallAttempt(household_id=hh[1].id, slot_key="old", idempotency_key="old-2", status="done",
                          dialed_at=now - timedelta(days=2), duration_s=70.0))
    assert capacity.tonight_windows(db, now, tz) == {(hours(0), hours(2)): 4}
    assert capacity.average_call_s(db, now) == pytest.approx(60.0)
    est = capacity.estimate_tonight(db, now)
    assert est.calls == 4 and est.avg_call_s == pytest.approx(60.0) and est.fits
