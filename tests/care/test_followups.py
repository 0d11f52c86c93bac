"""Follow-up contacts (issue 13): `contact add --resolves` resolves the flags through the review
workflow with an audit row each, all or nothing; a reached contact is a sign of life; a household
nobody reaches after N tries becomes unreachable (연락두절), and one reaching contact ends it."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

import main
from care import settings
from care.checkins.activity import activity_since
from care.devices.sign_of_life import last_check_in
from care.errors import ConfigurationError
from care.households import followups, reachability
from care.households.registry import HouseholdInput, create_household
from storage.models import AuditEvent, CallAttempt, FollowUp, RiskFlag
from storage.types import utcnow
from tests.devices.helpers import feed, make_household

T0 = (utcnow() - timedelta(days=3)).replace(microsecond=0)


@pytest.fixture
def homes(db):
    a = create_household(db, HouseholdInput(name="김영희", phone="010-1234-5678"), "tester")
    b = create_household(db, HouseholdInput(name="이순자", phone="010-8765-4321"), "tester")
    return db, a, b, db.url.removeprefix("sqlite:///")


def flag(db, hid, category="health", **kw) -> int:
    with db.session() as s:
        f = RiskFlag(household_id=hid, source="call", category=category, severity="high", status="open",
                     reason="아파요", **kw)
        s.add(f)
        s.flush()
        return f.id


def call(db, hid, n, outcome, at, answered_by=None) -> None:
    with db.session() as s:
        s.add(CallAttempt(household_id=hid, slot_key=f"slot-{n}", attempt_no=1, idempotency_key=f"{hid}-{n}",
                          status="done", outcome=outcome, answered_by=answered_by, dialed_at=at, ended_at=at))


def test_contact_add_resolves_the_flags_with_an_audit_row_each(homes, capsys):
    db, a, _, path = homes
    f1, f2 = flag(db, a), flag(db, a, "meals")
    assert main.main(["contact", "add", "--household", f"H{a:06d}", "--channel", "visit", "--outcome",
                      "reached_need", "--note", "병원 동행 필요", "--resolves", str(f1), str(f2), "--db", path]) == 0
    row = json.loads(capsys.readouterr().out)
    assert (row["channel"], row["outcome"], row["resolves"]) == ("visit", "reached_need", [f1, f2])
    with db.session() as s:
        flags = s.scalars(select(RiskFlag).where(RiskFlag.id.in_([f1, f2]))).all()
        audits = s.scalars(select(AuditEvent).where(AuditEvent.entity == "risk_flag")).all()
        created = s.scalars(select(AuditEvent).where(AuditEvent.entity == "follow_up")).one()
    assert {(f.status, f.resolution) for f in flags} == {("resolved", "visited")}
    assert all("병원 동행 필요" in f.resolution_note for f in flags)
    assert sorted(e.entity_id for e in audits if e.action == "resolve") == [f1, f2]
    assert all(e.detail["follow_up_id"] == row["id"] for e in audits)
    assert created.detail == {"household_id": a, "channel": "visit", "outcome": "reached_need", "resolves": [f1, f2]}
    assert main.main(["contact", "list", "--household", str(a), "--json", "--db", path]) == 0
    assert [json.loads(x)["id"] for x in capsys.readouterr().out.splitlines()] == [row["id"]]


@pytest.mark.parametrize("case", ["other_household", "already_resolved", "unknown", "not_reached"])
def test_a_contact_that_cannot_resolve_a_flag_writes_nothing(homes, capsys, case):
    db, a, b, path = homes
    mine = flag(db, a)
    target, outcome = {
        "other_household": (flag(db, b), "reached_well"),
        "already_resolved": (mine, "reached_well"),
        "unknown": (999, "reached_well"),
        "not_reached": (mine, "not_reached"),
    }[case]
    if case == "already_resolved":
        followups.add_follow_up(db, a, "박지은", "phone", "reached_well", resolves=[mine])
    with db.session() as s:
        before = (s.query(FollowUp).count(), s.query(AuditEvent).count())
    code = main.main(["contact", "add", "--household", str(a), "--channel", "phone", "--outcome", outcome,
                      "--resolves", str(mine), str(target), "--db", path])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err and err.strip()
    with db.session() as s:
        assert (s.query(FollowUp).count(), s.query(AuditEvent).count()) == before
        if case != "already_resolved":
            assert s.get(RiskFlag, mine).status == "open"


def test_cli_channel_words_map_to_the_stored_channels(homes, capsys):
    db, a, _, path = homes
    for word, stored in [("phone", "phone_resident"), ("keyholder", "phone_keyholder"), ("emergency", "emergency"),
                         ("phone_keyholder", "phone_keyholder")]:
        assert main.main(["contact", "add", "--household", str(a), "--channel", word, "--outcome", "reached_well",
                          "--db", path]) == 0
        assert json.loads(capsys.readouterr().out)["channel"] == stored
    with pytest.raises(SystemExit) as exc:
        main.main(["contact", "add", "--household", str(a), "--channel", "fax", "--outcome", "reached_well"])
    assert exc.value.code == 2


def test_a_reached_follow_up_is_a_sign_of_life(homes):
    db, a, _, _ = homes
    call(db, a, 1, "well", T0, "human")
    followups.add_follow_up(db, a, "박지은", "phone", "not_reached", at=T0 + timedelta(hours=5))
    with db.session() as s:
        assert last_check_in(s, a).attempt_id is not None  # not reached: no sign of life
    contact = followups.add_follow_up(db, a, "박지은", "visit", "reached_well", at=T0 + timedelta(hours=6))
    with db.session() as s:
        seen = last_check_in(s, a)
        assert (seen.at, seen.follow_up_id, seen.attempt_id) == (contact.at, contact.id, None)
        assert "후속 연락" in seen.words()


def test_a_reached_follow_up_counts_as_activity_for_a_missed_call(db):
    (hid, ref), = make_household(db, 1, kinds=("motion",))
    feed(db, ref, "motion1", "motion", [(T0 + timedelta(hours=i), 0) for i in range(1, 10)])  # reporting, nobody moving
    with db.session() as s:
        assert activity_since(s, hid, T0).resident_active is False
    contact = followups.add_follow_up(db, hid, "박지은", "keyholder", "reached_well", at=T0 + timedelta(hours=4))
    with db.session() as s:
        seen = activity_since(s, hid, T0)
    assert seen.resident_active is True and seen.last_activity_at == contact.at


def test_unreachable_after_n_failures_and_one_reaching_contact_ends_it(homes):
    db, a, b, _ = homes
    call(db, a, 0, "well", T0, "human")  # reached once, then nothing
    for n, outcome in enumerate(("no_answer", "busy", "failed"), start=1):  # a line failure tried nobody
        call(db, a, n, outcome, T0 + timedelta(hours=n))
    call(db, b, 1, "no_answer", T0)  # one household, not this one
    followups.add_follow_up(db, a, "박지은", "phone", "not_reached", at=T0 + timedelta(hours=5))
    state = reachability.reachability(db, a)
    assert (state.unreachable, state.missed_calls, state.not_reached_follow_ups) == (False, 2, 1)

    call(db, a, 4, "silent", T0 + timedelta(hours=6))  # the third missed check-in
    state = reachability.reachability(db, a)
    assert state.unreachable and state.missed_calls == 3 and "연락두절" in state.reason()
    assert [r.household_id for r in reachability.unreachable_households(db)] == [a]

    with db.session() as s:  # the shared setting (one section of the settings store) raises the bar
        settings.update(s, settings.UnreachableRule, actor="tester", missed_calls=4)
    assert reachability.unreachable_households(db) == []
    with db.session() as s:
        settings.update(s, settings.UnreachableRule, actor="tester", missed_calls=3)
    with db.session() as s, pytest.raises(ConfigurationError, match="missed_calls"):
        settings.update(s, settings.UnreachableRule, actor="tester", missed_calls=0)

    followups.add_follow_up(db, a, "박지은", "keyholder", "hospitalised", "아들: 어제 입원",
                            at=T0 + timedelta(hours=7))
    assert not reachability.reachability(db, a).unreachable
    assert reachability.unreachable_households(db) == []
