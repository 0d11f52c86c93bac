"""care.households.reachability.reachability_subquery in grouped passes (issue 13's overview at 10,000
households): its rows equal a plain Python count over the same calls and follow-ups, for the cases
the passes treat apart — never reached, reached then missed, the same slot missed twice, a missed
call before the last reach, follow-ups only, a reaching follow-up after the calls. Both backends."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from care.households import followups
from care.households.reachability import MISSED_OUTCOMES, reachability_subquery
from care.households.registry import HouseholdInput, create_household
from storage.models import CallAttempt, FollowUp, Household
from storage.types import utcnow

T0 = (utcnow() - timedelta(days=3)).replace(microsecond=0)

# per household: calls (slot, outcome, answered_by, hour) and follow-ups (outcome, hour)
CASES = {
    "never reached": ([("s1", "no_answer", None, 1), ("s2", "busy", None, 2)], []),
    "reached then missed": ([("s1", "well", "human", 1), ("s2", "no_answer", None, 2), ("s3", "silent", None, 3)], []),
    "one slot missed twice": ([("s1", "no_answer", None, 1), ("s1", "no_answer", None, 2), ("s2", "machine", None, 3)],
                              []),
    "missed before the reach": ([("s1", "no_answer", None, 1), ("s2", "flagged", "human", 2), ("s3", "busy", None, 3)],
                                [("not_reached", 4)]),
    "a machine answered 'well'": ([("s1", "well", "machine", 1), ("s2", "no_answer", None, 2)], []),
    "follow-ups only": ([], [("not_reached", 1), ("not_reached", 2)]),
    "a reaching follow-up last": ([("s1", "no_answer", None, 1)], [("not_reached", 2), ("reached_well", 3)]),
    "failed lines only": ([("s1", "failed", None, 1)], []),
    "nothing": ([], []),
}


def expected(calls, contacts) -> tuple[int, int, object] | None:
    """(missed, tried, last reach hour) as the rule says, None for no reach history."""
    reached = [h for _s, o, by, h in calls if by == "human" and o in ("well", "flagged")]
    reached += [h for o, h in contacts if o != "not_reached"]
    last = max(reached) if reached else None
    missed = {s for s, o, _by, h in calls if o in MISSED_OUTCOMES and (last is None or h > last)}
    tried = [h for o, h in contacts if o == "not_reached" and (last is None or h > last)]
    if not reached and not missed and not tried:
        return None
    return len(missed), len(tried), last


def test_the_grouped_passes_count_as_the_rule_says(db):
    ids = {}
    for n, (name, (calls, contacts)) in enumerate(CASES.items()):
        hid = ids[name] = create_household(db, HouseholdInput(name=f"주민{n}", phone=f"010-4000-{n:04d}"), "tester")
        with db.session() as s:
            for k, (slot, outcome, by, hour) in enumerate(calls):
                at = T0 + timedelta(hours=hour)
                s.add(CallAttempt(household_id=hid, slot_key=slot, attempt_no=k + 1, idempotency_key=f"{hid}-{k}",
                                  status="done", outcome=outcome, answered_by=by, dialed_at=at, ended_at=at))
        for outcome, hour in contacts:
            followups.add_follow_up(db, hid, "박지은", "phone", outcome, at=T0 + timedelta(hours=hour))
    reach = reachability_subquery()
    with db.session() as s:
        got = {hid: (missed, tried, last) for hid, missed, tried, last in s.execute(select(reach))}
        scoped = reachability_subquery(select(Household.id).where(Household.id == ids["reached then missed"]))
        one = s.execute(select(scoped)).all()
        assert s.scalar(select(FollowUp.id).limit(1)) is not None
    for name, (calls, contacts) in CASES.items():
        want = expected(calls, contacts)
        row = got.get(ids[name])
        if want is None:
            assert row is None, name
            continue
        assert row is not None, name
        missed, tried, last = row
        assert (missed, tried) == want[:2], name
        assert (last is None) == (want[2] is None), name
    assert [r[0] for r in one] == [ids["reached then missed"]] and tuple(one[0][1:3]) == (2, 0)
