"""Plans and slot computation: weekdays, windows in the household's time zone, holidays, pauses."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest

from care.checkins.plans import (
    PlanError,
    add_holiday,
    list_holidays,
    list_plans,
    load_public_holidays,
    parse_days,
    parse_window,
    plan_slots,
    set_plans,
)
from main import main
from storage.models import CheckInPlan
from tests.runner.helpers import add_households, kst


def _plan(**kw) -> CheckInPlan:
    base = dict(household_id=1, weekdays="tue,fri", window_start="18:30", window_end="20:30",
                timezone="Asia/Seoul", cadence="twice_weekly", paused=False, pause_reason="", paused_until=None)
    base.update(kw)
    return CheckInPlan(**base)


def test_parse_days_and_window_accept_the_usual_forms_and_refuse_the_rest():
    assert parse_days("fri,tue") == ("tue", "fri")
    assert parse_days("화금") == ("tue", "fri")
    assert parse_days("daily") == ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    assert parse_window("18:30-20:30") == ("18:30", "20:30")
    with pytest.raises(PlanError, match="unknown weekday"):
        parse_days("tue,funday")
    with pytest.raises(PlanError, match="same day"):
        parse_window("22:00-01:00")  # across midnight: into everyone's quiet hours
    with pytest.raises(PlanError, match="HH:MM"):
        parse_window("6pm-8pm")


def test_slots_follow_weekdays_and_the_local_window_in_utc():
    # 2026-11-23 is a Monday; the week has Tue 24 and Fri 27.
    start, end = kst("2026-11-23 00:00"), kst("2026-11-30 00:00")
    slots = list(plan_slots(_plan(), start, end))
    assert [s.key for s in slots] == ["2026-11-24T18:30+09:00", "2026-11-27T18:30+09:00"]
    assert slots[0].start == datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
    assert slots[0].end - slots[0].start == timedelta(hours=2)
    # another time zone keeps its own local window (and its DST offset)
    ny = list(plan_slots(_plan(timezone="America/New_York", weekdays="sun"), datetime(2026, 10, 25, tzinfo=UTC),
                         datetime(2026, 11, 9, tzinfo=UTC)))
    assert [s.key[-6:] for s in ny] == ["-04:00", "-05:00", "-05:00"]  # EDT, then EST from 1 Nov


def test_holidays_and_pauses_are_skipped_and_a_pause_can_end():
    start, end = kst("2026-11-23 00:00"), kst("2026-11-30 00:00")
    assert [s.key[:10] for s in plan_slots(_plan(), start, end, frozenset({date(2026, 11, 24)}))] == ["2026-11-27"]
    assert list(plan_slots(_plan(paused=True, pause_reason="입원"), start, end)) == []
    until_wed = _plan(paused=True, pause_reason="입원", paused_until=date(2026, 11, 25))
    assert [s.key[:10] for s in plan_slots(until_wed, start, end)] == ["2026-11-27"]


def test_set_plans_is_all_or_nothing_and_checks_cadence(db):
    ids = add_households(db, 3)
    set_plans(db, None, days="mon,wed,fri", window="10:00-12:00")
    assert {v.cadence for v in list_plans(db)} == {"custom"}
    with pytest.raises(PlanError, match="needs 1 weekday"):
        set_plans(db, ids, cadence="weekly")
    assert {v.weekdays for v in list_plans(db)} == {("mon", "wed", "fri")}  # unchanged
    views = set_plans(db, [ids[0]], pause_reason="입원", paused_until=date(2026, 12, 1))
    assert views[0].paused and views[0].pause_reason == "입원"
    assert set_plans(db, [ids[0]], resume=True)[0].paused is False


def test_public_holidays_load_into_the_editable_list(db):
    added = load_public_holidays(db, [2026])
    days = dict(list_holidays(db))
    assert added == len(days) >= 15
    assert date(2026, 9, 25) in days  # 추석 (lunar calendar)
    add_holiday(db, date(2026, 11, 24), "구청 행사")
    assert dict(list_holidays(db))[date(2026, 11, 24)] == "구청 행사"


def test_plan_cli_sets_shows_and_refuses_bad_input(db, capsys):
    add_households(db, 2)
    url = db.url
    assert main(["plan", "--db", url, "--all", "--days", "wed", "--window", "09:00-11:00"]) == 0
    assert json.loads(capsys.readouterr().out.strip()) == {"plans_set": 2}
    assert main(["plan", "--db", url, "--household", "H000002", "--pause", "여행", "--until", "2026-12-01"]) == 0
    capsys.readouterr()
    assert main(["plan", "--db", url, "--show"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["weekdays"] for r in rows] == [["wed"], ["wed"]]
    assert rows[1]["paused"] and rows[1]["paused_until"] == "2026-12-01" and rows[0]["cadence"] == "weekly"
    assert main(["plan", "--db", url, "--all", "--window", "21:00-02:00"]) == 2
    assert "same day" in capsys.readouterr().err
    assert main(["plan", "--db", url, "--add-holiday", "2026-12-31=종무식", "--holidays"]) == 0
    assert "종무식" in capsys.readouterr().out


def test_a_plan_edit_or_pause_reaches_the_slots_already_planned_and_is_audited(db, tmp_path):
    from sqlalchemy import select

    from care.checkins.runner.report import day_queue
    from care.checkins.runner.settings import RunnerSettings
    from care.checkins.runner.slots import plan_due_slots
    from storage.models import AuditEvent, CheckInSlot
    from telephony.simulated import SimulatedGateway
    from tests.runner.helpers import NO_ANSWER_SEED, ledger_lines, run_at

    ids = add_households(db, 2, days="wed,sat")
    wednesday = kst("2026-11-25 10:00")
    with db.session() as s:
        plan_due_slots(s, wednesday, RunnerSettings())  # tonight's slots are in the queue

    def queue():
        return {(r.household_id, r.slot[:10]): (r.status, r.outcome) for r in day_queue(db, wednesday)[1]}

    assert queue()[(ids[0], "2026-11-25")] == ("due", None)
    set_plans(db, [ids[0]], days="화,금", actor="kim", now=wednesday)  # no longer on Wednesdays
    set_plans(db, [ids[1]], pause_reason="입원", actor="kim", now=wednesday)
    assert queue()[(ids[0], "2026-11-25")] == ("skipped", "cancelled")
    assert queue()[(ids[1], "2026-11-25")] == ("skipped", "paused")
    ledger = tmp_path / "ledger.jsonl"
    run_at(db, kst("2026-11-25 19:00"), SimulatedGateway(seed=NO_ANSWER_SEED, ledger=ledger))
    assert ledger_lines(ledger) == []  # nobody was called this evening

    set_plans(db, [ids[1]], resume=True, actor="kim", now=kst("2026-11-25 10:05"))  # back home the same day
    assert queue()[(ids[1], "2026-11-25")] == ("due", None)
    set_plans(db, [ids[0]], window="19:00-20:00", days="wed", actor="kim", now=kst("2026-11-25 10:05"))
    assert queue()[(ids[0], "2026-11-25")] == ("due", None)  # the new window, planned at once
    with db.session() as s:
        keys = set(s.scalars(select(CheckInSlot.slot_key).where(CheckInSlot.household_id == ids[0])))
        events = [(e.actor, e.action, e.entity_id) for e in s.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert "2026-11-25T19:00+09:00" in keys
    assert events == [("kim", "plan_update", ids[0]), ("kim", "plan_pause", ids[1]),
                      ("kim", "plan_resume", ids[1]), ("kim", "plan_update", ids[0])]
