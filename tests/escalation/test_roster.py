"""The duty roster: day ranges, overnight bands, Korean public holidays (the `holidays` package
and the editable holiday table), the next duty contact and gaps."""

from __future__ import annotations

from datetime import date

import pytest

from care.checkins.plans import add_holiday
from care.escalation import roster
from tests.escalation.helpers import kst


@pytest.mark.parametrize(("text", "days"), [
    ("mon-fri", ("mon", "tue", "wed", "thu", "fri")),
    ("fri-mon", ("mon", "fri", "sat", "sun")),
    ("sat,sun,hol", ("sat", "sun", "hol")),
    ("월-금", ("mon", "tue", "wed", "thu", "fri")),
    ("all", ("mon", "tue", "wed", "thu", "fri", "sat", "sun")),
])
def test_days(text, days):
    assert roster.parse_duty_days(text) == days


@pytest.mark.parametrize("bad", ["", "mon-fri-sun", "funday", "mon-xyz"])
def test_bad_days_are_named(bad):
    with pytest.raises(roster.RosterError, match="--days"):
        roster.parse_duty_days(bad)


def names(db, when):
    with db.session() as s:
        return [d.name for d in roster.on_duty(s, when)]


def test_overnight_band_belongs_to_the_day_it_starts(db):
    roster.add_duty(db, days="mon-fri", start="18:00", end="09:00", phone="010-0000-1111", name="야간", user=None,
                    actor="t")
    assert names(db, kst("2026-11-27 23:00")) == ["야간"]  # Friday night
    assert names(db, kst("2026-11-28 08:59")) == ["야간"]  # ... until Saturday 09:00
    assert names(db, kst("2026-11-28 09:00")) == []
    assert names(db, kst("2026-11-28 20:00")) == []  # Saturday evening: not a mon-fri band
    assert names(db, kst("2026-11-30 03:00")) == []  # Monday 03:00 belongs to Sunday night


def test_public_holidays_replace_the_weekday(db):
    roster.add_duty(db, days="mon-fri", start="18:00", end="09:00", phone="010-0000-1111", name="평일 야간",
                    user=None, actor="t")
    roster.add_duty(db, days="hol,sat,sun", start="09:00", end="09:00", phone="010-0000-2222", name="휴일 센터",
                    user=None, actor="t")
    # Chuseok 2026 (Sep 24-26, Thu-Sat) comes from the holidays package's Korean calendar
    with db.session() as s:
        assert roster.is_holiday(s, date(2026, 9, 25)) and roster.day_kind(s, date(2026, 9, 25)) == "hol"
    assert names(db, kst("2026-09-25 21:00")) == ["휴일 센터"]
    assert names(db, kst("2026-09-23 21:00")) == ["평일 야간"]
    # a day the office adds to the holiday table counts too
    add_holiday(db, date(2026, 11, 25), "구청 개청 기념일")
    assert names(db, kst("2026-11-25 21:00")) == ["휴일 센터"]
    assert names(db, kst("2026-11-25 08:00")) == ["평일 야간"]  # Tuesday night's band still runs until 09:00


def test_gaps_are_reported_and_a_full_roster_has_none(db):
    roster.add_duty(db, days="mon-fri", start="18:00", end="09:00", phone="010-0000-1111", name="야간", user=None,
                    actor="t")
    with db.session() as s:
        gaps = roster.gaps(s, kst("2026-11-23 00:00"), days=7)  # Monday
    assert [(g.start.isoformat(timespec="minutes"), g.end.isoformat(timespec="minutes")) for g in gaps][:2] == [
        ("2026-11-23T00:00+09:00", "2026-11-23T18:00+09:00"), ("2026-11-24T09:00+09:00", "2026-11-24T18:00+09:00")]
    assert gaps[-1].start.isoformat(timespec="minutes") == "2026-11-28T09:00+09:00"  # the weekend
    roster.add_duty(db, days="all,hol", start="09:00", end="18:00", phone="010-0000-2222", name="주간", user=None,
                    actor="t")
    roster.add_duty(db, days="sat,sun,hol", start="18:00", end="09:00", phone="010-0000-3333", name="주말 야간",
                    user=None, actor="t")
    with db.session() as s:
        assert roster.gaps(s, kst("2026-11-23 00:00"), days=7) == []


def test_next_duty_contact(db):
    roster.add_duty(db, days="all", start="18:00", end="09:00", phone="010-0000-1111", name="A", user="kim", actor="t")
    roster.add_duty(db, days="all", start="00:00", end="00:00", phone="010-0000-2222", name="B", user=None, actor="t")
    with db.session() as s:
        duty = roster.on_duty(s, kst("2026-11-24 20:00"))
        assert [d.name for d in duty] == ["A", "B"]
        assert roster.next_duty(s, kst("2026-11-24 20:00"), duty[0]).name == "B"
        assert roster.next_duty(s, kst("2026-11-24 12:00"), duty[1]).name == "A"  # B alone now: the next in order
