"""The overview's search (issue 13's filter at 10,000 households): the matching households are found
once per statement and every grouped subquery is narrowed to them; pages of a search return each
matching row exactly once, also when many rows tie on the sort key. Both backends (the `db` fixture)."""

from __future__ import annotations

import re

import pytest

from care.households.registry import HouseholdInput, create_household
from care.review.overview import household_overview, overview_window
from care.review.overview_query import window_statement
from storage.models import CheckInPlan
from tests.care.test_reasons import raise_flag

HOMES = 17


@pytest.fixture
def homes(db):
    ids = []
    for n in range(HOMES):  # every name the same: the name sort is all ties, broken by id
        hid = create_household(db, HouseholdInput(name="김순자", phone=f"010-3000-{n:04d}",
                                                  dong="화곡1동" if n % 3 else "등촌2동", worker="박지은"), "tester")
        with db.session() as s:
            s.add(CheckInPlan(household_id=hid))
        ids.append(hid)
    for n in (1, 2, 4, 5):  # four of the 화곡1동 homes flagged alike: severity ties too
        raise_flag(db, ids[n], "meals", "medium", key=f"k{n}", heard="굶었어요")
    return db, ids


@pytest.mark.parametrize("searching", [True, False])
def test_the_matching_homes_are_found_once_per_statement(db, searching):
    """Each LIKE over household once (the CTE), not once per grouped subquery (six scans before)."""
    sql = str(window_statement(searching, False, "all", "severity", True).compile(db.engine))
    assert len(re.findall(r"household\.name LIKE", sql)) == (1 if searching else 0)
    assert len(re.findall(r"household\.dong LIKE", sql)) == (1 if searching else 0)
    if searching:
        assert sql.lstrip().upper().startswith("WITH HOMES AS")


def test_each_backend_narrows_to_the_homes_in_its_own_form(db):
    """PostgreSQL: `= ANY(ARRAY(homes))`, so each table is read through its household_id index (with
    `IN (SELECT ...)` it hash-joined all devices and open flags); SQLite: `IN (SELECT ...)`. The rows
    of both forms are checked by the tests below, on each backend."""
    backend = db.engine.dialect.name
    sql = str(window_statement(True, False, "all", "severity", True, backend).compile(db.engine))
    any_form = len(re.findall(r"= ANY \(array\(\(SELECT homes\.id", sql))
    in_form = len(re.findall(r"IN \(SELECT homes\.id", sql))
    if backend == "postgresql":
        assert any_form >= 8 and in_form == 0  # every grouped subquery, the reach passes and the rows
    else:
        assert in_form >= 8 and any_form == 0


@pytest.mark.parametrize("sort", ["name", "severity", "dong"])
@pytest.mark.parametrize("descending", [False, True])
def test_search_pages_return_every_match_once_with_ties(homes, sort, descending):
    db, ids = homes
    matching = {hid for n, hid in enumerate(ids) if n % 3}
    whole = [r.id for r in household_overview(db, "화곡1동", sort, descending)]
    assert set(whole) == matching and len(whole) == len(matching)
    pages = [overview_window(db, "화곡1동", "all", sort, descending, offset=o, limit=3) for o in range(0, 15, 3)]
    shown = [r.id for p in pages for r in p.rows]
    assert shown == whole  # the same order, no row twice, none missing
    assert {p.total for p in pages} == {len(matching)}
    first = pages[0].summary
    assert (first.households, first.flagged, first.open_flags) == (len(matching), 4, 4)


def test_a_search_counts_only_its_matches(homes):
    db, ids = homes
    everything = overview_window(db).summary
    some = overview_window(db, "등촌").summary
    assert everything.households == HOMES and everything.flagged == 4
    assert some.households == len(ids[::3]) and some.flagged == 0 and some.open_flags == 0
    assert overview_window(db, "없는동네").summary.households == 0


def test_the_last_call_is_the_newest_finished_one_ties_to_the_highest_id(db):
    """Each backend's form of the last finished call (overview_query._last_call) agrees: the newest
    end time, among calls ending at the same moment the highest id, an unfinished call ignored."""
    from datetime import timedelta

    from storage.models import CallAttempt
    from storage.types import utcnow

    t0 = utcnow().replace(microsecond=0) - timedelta(days=1)
    a = create_household(db, HouseholdInput(name="가", phone="010-5000-0001"), "tester")
    b = create_household(db, HouseholdInput(name="나", phone="010-5000-0002"), "tester")
    c = create_household(db, HouseholdInput(name="다", phone="010-5000-0003"), "tester")
    rows = [(a, "no_answer", t0), (a, "well", t0 + timedelta(hours=2)), (a, None, None),  # a call still out
            (b, "busy", t0 + timedelta(hours=1)), (b, "flagged", t0 + timedelta(hours=1))]  # a tie: the later id
    with db.session() as s:
        for k, (hid, outcome, at) in enumerate(rows):
            s.add(CallAttempt(household_id=hid, slot_key=f"s{k}", attempt_no=1, idempotency_key=f"i{k}",
                              status="done" if outcome else "dialing", outcome=outcome, ended_at=at))
    got = {r.id: (r.last_outcome, r.last_call_at) for r in household_overview(db, "", "last_call", True)}
    assert got[a] == ("well", t0 + timedelta(hours=2))
    assert got[b] == ("flagged", t0 + timedelta(hours=1))
    assert got[c] == (None, None) and len(got) == 3
    page = overview_window(db, "", "all", "last_call", True, limit=2)
    assert [r.id for r in page.rows] == [a, b] and page.total == 3
