"""The Qt-free services behind the household page (issue 13): the daily charts downsampled in SQL
(folded hours and not-yet-folded raw readings agree), the usual range, call marks, the call's
answers with their risky words, a clip of the call, replacing a device, and the page's one read —
each in the access log."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from care.devices.registry import DeviceError, register_device, replace_device
from care.devices.retention import aggregate_hours
from care.errors import AnbuError
from care.households.call_detail import call_audio, call_detail
from care.households.charts import household_charts
from care.households.page import household_page
from care.households.registry import HouseholdInput, create_household
from storage.models import AuditEvent, CallAttempt, Device, SensorReading
from tests.fixtures.review import make_call_flag, write_call_wav

SEOUL = ZoneInfo("Asia/Seoul")
NOW = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)  # 12:00 in Seoul


def _readings(db, device_id: int, days: int, per_day) -> None:
    """Motion counts at 10:00 and 20:00 Seoul time of each of the last `days` days."""
    with db.session() as s:
        for d in range(days):
            day = (NOW.astimezone(SEOUL) - timedelta(days=d + 1)).date()
            for hour in (10, 20):
                ts = datetime(day.year, day.month, day.day, hour, tzinfo=SEOUL).astimezone(UTC)
                s.add(SensorReading(device_id=device_id, metric="motion", ts=ts, value=per_day(d) / 2, unit=""))


@pytest.fixture
def home(db):
    hid = create_household(db, HouseholdInput(name="김영희", phone="010-1234-5678"), "tester")
    motion = register_device(db, hid, "motion-1", "motion", "tester", "거실")
    return hid, motion.id


def test_daily_motion_sums_in_the_district_day_with_a_usual_range(db, home):
    hid, device_id = home
    _readings(db, device_id, 40, lambda d: 40 + (d % 5) * 4)  # 40..56 a day
    raw = household_charts(db, hid, "worker", 30, now=NOW)
    with db.session() as s:  # fold half the history into sensor_hourly: the same days come back
        assert aggregate_hours(s) > 0
    folded = household_charts(db, hid, "worker", 30, now=NOW)
    assert [v.value for v in raw.series["motion"]] == [v.value for v in folded.series["motion"]]
    days = folded.series["motion"]
    assert len(days) == 30 and days[-1].day == NOW.astimezone(SEOUL).date() and days[-1].value is None
    yesterday = days[-2]
    assert yesterday.value == 40.0  # d = 0: both readings of the Seoul day, none of the neighbours'
    lo, hi = yesterday.usual
    assert 40 <= lo < hi <= 56
    assert set(folded.series) == {"motion"}  # only the devices the household has
    with db.session() as s:
        views = s.scalars(select(AuditEvent.detail).where(AuditEvent.action == "view",
                                                          AuditEvent.entity == "household")).all()
    assert {"what": "charts", "days": 30} in views


def test_call_marks_and_range_choice(db, home):
    hid, _ = home
    with db.session() as s:
        for i, outcome in enumerate(["well", "no_answer", "flagged"]):
            s.add(CallAttempt(household_id=hid, slot_key=f"s{i}", attempt_no=1, idempotency_key=f"{hid}:{i}",
                              status="done", outcome=outcome, ended_at=NOW - timedelta(days=2 * i + 1)))
        s.add(CallAttempt(household_id=hid, slot_key="old", attempt_no=1, idempotency_key=f"{hid}:old",
                          status="done", outcome="well", ended_at=NOW - timedelta(days=20)))
    week = household_charts(db, hid, "worker", 7, now=NOW)
    assert [c.outcome for c in week.calls] == ["flagged", "no_answer", "well"]
    assert len(household_charts(db, hid, "worker", 30, now=NOW).calls) == 4
    with pytest.raises(ValueError):
        household_charts(db, hid, "worker", 14, now=NOW)


def test_call_detail_answers_words_and_a_clip(db, tmp_path):
    flag_id = make_call_flag(db, recording=write_call_wav(tmp_path / "call.wav", seconds=5.0))
    with db.session() as s:
        attempt_id = s.scalar(select(CallAttempt.id))
    d = call_detail(db, attempt_id, "worker")
    assert d.recording == "available" and d.flag_ids == (flag_id,)
    (a,) = d.answers
    assert [a.text[m.start:m.end] for m in a.matches] and a.flag_ids == (flag_id,)
    assert not a.needs_person and a.playable
    clip = call_audio(db, attempt_id, "worker", a.start_s, a.end_s)
    assert clip.clip_start_s == pytest.approx(a.start_s - 1.0) and clip.wav[:4] == b"RIFF"
    with pytest.raises(AnbuError, match="outside"):
        call_audio(db, attempt_id, "worker", 30.0, 31.0)
    with db.session() as s:
        rows = s.execute(select(AuditEvent.action, AuditEvent.entity)).all()
    assert ("view", "call_attempt") in rows and ("listen", "call_attempt") in rows


def test_replace_a_device_in_one_step(db, home):
    hid, device_id = home
    row = replace_device(db, hid, "motion-1", "motion-2", "motion", "tester")
    assert (row.ref, row.note, row.active) == ("motion-2", "거실", True)  # the location note carries over
    with db.session() as s:
        old = s.get(Device, device_id)
        assert not old.active
    with pytest.raises(DeviceError):
        replace_device(db, hid, "motion-2", "motion-2", "motion", "tester")
    with pytest.raises(DeviceError):  # the new ref is taken: nothing changes
        replace_device(db, hid, "motion-2", "motion-1", "motion", "tester")
    with db.session() as s:
        assert s.scalar(select(Device.active).where(Device.ref == "motion-2"))


def test_the_page_read_is_one_view_with_reasons_and_open_flags(db, tmp_path):
    flag_id = make_call_flag(db, recording=None)
    with db.session() as s:
        hid = s.scalar(select(CallAttempt.household_id))
        before = len(s.scalars(select(AuditEvent.id)).all())
    p = household_page(db, hid, "worker")
    assert [f.id for f in p.open_flags] == [flag_id]
    assert p.reasons and p.reasons[0].severity == "high"
    assert [e.kind for e in p.record.timeline] == ["flag", "call"]
    with db.session() as s:
        assert len(s.scalars(select(AuditEvent.id)).all()) == before + 1
