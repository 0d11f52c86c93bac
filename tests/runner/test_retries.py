"""Retries, quiet hours, holidays, pauses and missed check-ins on the real simulated line (no speech:
the households chosen never pick up)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from care.checkins.plans import add_holiday, set_plans
from storage.models import CallAttempt, CheckInSlot, RiskFlag
from telephony.simulated import SimulatedGateway, pick_outcome
from tests.runner.helpers import NO_ANSWER_SEED, add_households, kst, ledger_lines, run_at


@pytest.fixture
def line(tmp_path):
    ledger = tmp_path / "ledger.jsonl"
    return ledger, SimulatedGateway(seed=NO_ANSWER_SEED, ledger=ledger)


def _attempts(db):
    with db.session() as s:
        return [(a.attempt_no, a.status, a.outcome, a.scheduled_at, a.dialed_at)
                for a in s.scalars(select(CallAttempt).order_by(CallAttempt.attempt_no))]


def _slot(db):
    with db.session() as s:
        slot = s.scalars(select(CheckInSlot)).one()
        return slot.status, slot.outcome, slot.attempts_made, slot.next_attempt_at


def test_retries_are_spaced_capped_and_end_in_a_missed_flag(db, line):
    ledger, gateway = line
    add_households(db, 1)
    t0 = kst("2026-11-24 19:00")
    run_at(db, t0, gateway)
    assert [a[:3] for a in _attempts(db)] == [(1, "done", "busy")]
    status, _, made, next_at = _slot(db)
    assert (status, made) == ("retry_wait", 1) and next_at - t0 >= timedelta(minutes=20)
    run_at(db, t0 + timedelta(minutes=10), gateway)  # not due yet: nobody is dialled
    assert len(_attempts(db)) == 1
    run_at(db, t0 + timedelta(minutes=21), gateway)
    run_at(db, t0 + timedelta(minutes=42), gateway)
    attempts = _attempts(db)
    expected = [pick_outcome(NO_ANSWER_SEED, 1, "2026-11-24T18:30+09:00", n) for n in (1, 2, 3)]
    assert [out for _, _, out, _, _ in attempts] == expected
    gaps = [b[4] - a[4] for a, b in zip(attempts, attempts[1:], strict=False)]
    assert all(g >= timedelta(minutes=20) for g in gaps)
    assert _slot(db)[:3] == ("missed", expected[-1], 3)
    run_at(db, t0 + timedelta(minutes=70), gateway)  # capped at 3 even with time left in the window
    assert len(_attempts(db)) == 3
    assert [(x["household_id"], x["attempt"]) for x in ledger_lines(ledger)] == [(1, 1), (1, 2), (1, 3)]
    with db.session() as s:
        flag = s.scalars(select(RiskFlag)).one()
        assert (flag.source, flag.category, flag.severity) == ("missed_calls", "missed_checkin", "medium")
        assert "no devices" in flag.reason and flag.evidence["cause"] == expected[-1]
        assert [a["attempt"] for a in flag.evidence["attempts"]] == [1, 2, 3]


def test_no_retry_past_the_window_and_no_dial_in_quiet_hours(db, line):
    ledger, gateway = line
    add_households(db, 1)
    run_at(db, kst("2026-11-24 17:00"), gateway)  # before the window: planned, not dialled
    assert ledger_lines(ledger) == [] and _slot(db)[0] == "due"
    run_at(db, kst("2026-11-24 20:15"), gateway)  # one dial; a retry at 20:35 would be past 20:30
    assert _slot(db)[:3] == ("missed", "busy", 1)
    assert len(ledger_lines(ledger)) == 1
    run_at(db, kst("2026-11-24 23:00"), gateway)  # quiet hours
    assert len(ledger_lines(ledger)) == 1


def test_two_missed_weeks_in_a_row_raise_the_severity(db, line):
    ledger, gateway = line
    add_households(db, 1, days="tue")
    run_at(db, kst("2026-11-17 19:00"), gateway, retry_spacing_min=0)
    run_at(db, kst("2026-11-24 19:00"), gateway, retry_spacing_min=0)
    with db.session() as s:
        flags = list(s.scalars(select(RiskFlag).order_by(RiskFlag.id)))
    assert [(f.category, f.severity) for f in flags] == [("missed_checkin", "medium"), ("missed_checkin", "high")]
    assert flags[1].evidence["two_weeks_in_a_row"] is True and "2주 연속" in flags[1].reason
    assert len(ledger_lines(ledger)) == 6


def test_holidays_and_paused_plans_are_not_called(db, line):
    ledger, gateway = line
    ids = add_households(db, 2)
    add_holiday(db, date(2026, 11, 24), "구청 휴무")
    run_at(db, kst("2026-11-24 19:00"), gateway)
    with db.session() as s:
        assert s.scalars(select(CheckInSlot)).all() == []
    run_at(db, kst("2026-11-27 17:00"), gateway)  # Friday's slots are planned ahead ...
    set_plans(db, [ids[1]], pause_reason="입원")  # ... then household 2 goes into hospital
    run_at(db, kst("2026-11-27 19:00"), gateway)
    with db.session() as s:
        slots = {sl.household_id: (sl.status, sl.outcome) for sl in s.scalars(select(CheckInSlot))}
    assert slots[ids[1]] == ("skipped", "paused")
    assert {x["household_id"] for x in ledger_lines(ledger)} == {ids[0]}


def test_pausing_everything_stops_new_dials(db, line):
    from care.checkins.runner.settings import set_paused_all

    ledger, gateway = line
    add_households(db, 1)
    with db.session() as s:
        set_paused_all(s, True, "tester")
    run_at(db, kst("2026-11-24 19:00"), gateway)
    assert ledger_lines(ledger) == []
    run_at(db, kst("2026-11-24 21:00"), gateway)  # the window closed while paused: skipped, not missed
    assert _slot(db)[:2] == ("skipped", "paused")


@pytest.mark.sqlite_only(reason="the runner backs up an SQLite file; a server is backed up by pg_dump (docs/postgresql.md)")
def test_the_runner_checks_the_database_and_backs_it_up_once_a_day(db):
    """Issue 11 item 13: quick_check and a daily online backup without cron — the runner's first
    planning pass of a (UTC) day does it, once."""
    from storage.maintenance import DAILY_MARK

    add_households(db, 1)
    run_at(db, kst("2026-11-24 19:00"), SimulatedGateway(seed=NO_ANSWER_SEED))
    run_at(db, kst("2026-11-24 19:30"), SimulatedGateway(seed=NO_ANSWER_SEED))
    backups = sorted(db.path.parent.glob(f"{db.path.name}{DAILY_MARK}*"))
    assert [b.name[-16:-8] for b in backups] == ["20261124"]  # one for the day, named by it
    run_at(db, kst("2026-11-26 19:00"), SimulatedGateway(seed=NO_ANSWER_SEED))
    assert len(sorted(db.path.parent.glob(f"{db.path.name}{DAILY_MARK}*"))) == 2
