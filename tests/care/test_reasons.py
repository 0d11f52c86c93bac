"""Why a household needs a person's eye (care.households.reasons): each kind of reason, most serious
first, the row's colour from the first reason, and a bounded number of queries however many
households are asked about."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event, select

from care.flags import FlagDraft, MatchDraft, write_flags
from care.households import followups
from care.households.reasons import MAX_BOUND_IDS, Reason, household_reasons, row_severity
from care.households.registry import HouseholdInput, create_household
from care.review import queue as review
from care.vocabulary import ReasonKind
from storage.models import CallAnswer, CallAttempt, CheckInPlan, Device, RiskFlag
from storage.types import utcnow

NOW = utcnow().replace(microsecond=0)


def home(db, n: int, *, plan: bool = True, paused: bool = False) -> int:
    hid = create_household(db, HouseholdInput(name=f"주민{n}", phone=f"010-1000-{n:04d}"), "tester")
    if plan:
        with db.session() as s:
            s.add(CheckInPlan(household_id=hid, paused=paused, pause_reason="입원 중" if paused else ""))
    return hid


def raise_flag(db, hid: int, category: str, severity: str, *, key: str, at=NOW, evidence=None,
               heard: str | None = None, device: bool = False) -> None:
    with db.session() as s:
        matches: tuple[MatchDraft, ...] = ()
        attempt_id = device_id = None
        if heard is not None:
            attempt = CallAttempt(household_id=hid, slot_key=key, attempt_no=1, idempotency_key=key, status="done",
                                  outcome="flagged", answered_by="human", ended_at=at)
            s.add(attempt)
            s.flush()
            text = f"네 제가 {heard} 지금"
            answer = CallAnswer(attempt_id=attempt.id, question_index=0, text_raw=text, text=text)
            s.add(answer)
            s.flush()
            start = text.index(heard)
            matches = (MatchDraft(answer.id, category, heard[:3], start, start + len(heard)),)
            attempt_id = attempt.id
        if device:
            dev = Device(household_id=hid, ref=f"dev-{key}", kind="motion")
            s.add(dev)
            s.flush()
            device_id = dev.id
        source = "call" if heard is not None else ("sensor" if device else "missed_calls")
        write_flags(s, [FlagDraft(hid, device_id, source, category, severity, "사유", evidence or {}, key,
                                  ongoing=False, attempt_id=attempt_id, matches=matches)], at)


def missed(db, hid: int, n: int, at) -> None:
    with db.session() as s:
        s.add(CallAttempt(household_id=hid, slot_key=f"m-{n}", attempt_no=1, idempotency_key=f"m-{hid}-{n}",
                          status="done", outcome="no_answer", dialed_at=at, ended_at=at))


def kinds(reasons: list[Reason]) -> list[str]:
    return [r.kind for r in reasons]


def test_each_kind_and_most_serious_first(db):
    quiet, urgent, paused, noplan, gone, devices = (home(db, 1), home(db, 2), home(db, 3, paused=True),
                                                   home(db, 4, plan=False), home(db, 5), home(db, 6))
    raise_flag(db, urgent, "emergency", "high", key="u1", at=NOW - timedelta(hours=3), heard="쓰러졌어요")
    raise_flag(db, urgent, "health", "high", key="u2", at=NOW - timedelta(hours=1), heard="아파요")
    raise_flag(db, urgent, "inactivity", "medium", key="i1", device=True,
               evidence={"rule": "no_motion", "since": (NOW - timedelta(hours=26)).isoformat()})
    raise_flag(db, urgent, "meals", "low", key="m1", heard="굶었어요")
    raise_flag(db, devices, "device_health", "low", key="d1", device=True,
               evidence={"rule": "device_silent", "device": "motion-1", "since": (NOW - timedelta(hours=8)).isoformat()})
    raise_flag(db, devices, "device_health", "low", key="b1", device=True,
               evidence={"rule": "battery_low", "device": "robot-1"})
    for n in range(3):
        missed(db, gone, n, NOW - timedelta(days=2, hours=-n))
    followups.add_follow_up(db, gone, "박지은", "phone", "not_reached", at=NOW - timedelta(hours=5))
    raise_flag(db, gone, "missed_checkin", "medium", key="mc1")

    with db.session() as s:
        got = household_reasons(s, [quiet, urgent, paused, noplan, gone, devices, 99999], NOW)
    assert set(got) == {quiet, urgent, paused, noplan, gone, devices}  # unknown ids left out
    assert got[quiet] == []
    assert kinds(got[urgent]) == [ReasonKind.URGENT_FLAG, ReasonKind.INACTIVITY, ReasonKind.FLAG]
    top = got[urgent][0]
    assert (top.severity, top.count, top.words, top.at) == ("high", 2, ("쓰러졌어요", "아파요"), NOW - timedelta(hours=1))
    assert got[urgent][1].hours == pytest.approx(26.0, abs=0.1)
    assert (got[urgent][2].severity, got[urgent][2].words) == ("low", ("굶었어요",))
    assert kinds(got[paused]) == [ReasonKind.PAUSED] and got[paused][0].words == ("입원 중",)
    assert kinds(got[noplan]) == [ReasonKind.NO_PLAN] and row_severity(got[noplan]) == "none"
    assert kinds(got[gone]) == [ReasonKind.UNREACHABLE, ReasonKind.MISSED_CALLS]
    assert got[gone][0].count == 3 and row_severity(got[gone]) == "high"
    assert got[gone][1].severity == "medium" and got[gone][1].count == 3
    assert kinds(got[devices]) == [ReasonKind.DEVICE_SILENT, ReasonKind.LOW_BATTERY]
    assert got[devices][0].hours == pytest.approx(8.0, abs=0.1) and got[devices][0].words == ("motion-1",)
    assert got[devices][1].words == ("robot-1",)
    assert row_severity(got[urgent]) == "high" and row_severity(got[quiet]) == "none"


def test_a_missed_call_without_a_flag_does_not_colour_the_row(db):
    hid = home(db, 1)
    missed(db, hid, 0, NOW - timedelta(hours=2))
    with db.session() as s:
        got = household_reasons(s, [hid], NOW)[hid]
    assert [(r.kind, r.severity, r.count) for r in got] == [(ReasonKind.MISSED_CALLS, "none", 1)]


def test_resolved_flags_and_inactive_households_say_nothing(db):
    hid = home(db, 1)
    raise_flag(db, hid, "emergency", "high", key="e1", heard="살려줘")
    with db.session() as s:
        fid = s.execute(select(RiskFlag.id)).scalar_one()
    review.resolve(db, fid, "tester", "visited", "방문함")  # the review workflow closes it
    with db.session() as s:
        assert household_reasons(s, None, NOW)[hid] == []


@pytest.mark.parametrize("asked", [3, MAX_BOUND_IDS + 5])
def test_the_number_of_queries_does_not_grow_with_households(db, asked):
    """Three queries (flags, heard words, households + plan + reachability) besides the rule's setting,
    for 3 households or past the IN-list bound alike."""
    ids = [home(db, n) for n in range(3)]
    for n, hid in enumerate(ids):
        raise_flag(db, hid, "health", "high", key=f"h{n}", heard="아파요")
    asked_ids = ids + list(range(10_000, 10_000 + asked - 3))
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        with db.session() as s:
            got = household_reasons(s, asked_ids, NOW)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert set(got) == set(ids) and all(kinds(got[h]) == [ReasonKind.URGENT_FLAG] for h in ids)
    selects = [q for q in statements if q.lstrip().upper().startswith(("SELECT", "WITH"))
               and "FROM app_setting" not in q]  # the rule's setting, read once
    assert len(selects) == 3, selects
    assert all(q.count("?") <= MAX_BOUND_IDS + 5 for q in selects)
