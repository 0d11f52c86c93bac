"""The view scope (issue 19): my households / 동 / district, remembered per person in the database,
honoured by every list and counter; a social worker can choose only what her role allows."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from care.accounts import view_scope
from care.accounts.demo import seed_demo_accounts
from care.checkins.schedule import schedule_snapshot
from care.demo.seed import seed_demo
from care.devices.status import load_device_overview
from care.households.registry import search_households
from care.review.overview import overview_window
from care.review.queue_window import review_window
from storage.models import AppUser, Household, RiskFlag, UserPref
from storage.queries import counted_devices

BOSS, WORKER = "kim.supervisor", "park.jieun"


@pytest.fixture
def district(db):
    seed_demo(db, households=40, seed=7)
    seed_demo_accounts(db, "system:test")
    return db


def _busiest_dong(db) -> str:
    with db.session() as s:
        return s.execute(select(Household.dong, func.count()).where(Household.active.is_(True))
                         .group_by(Household.dong).order_by(func.count().desc(), Household.dong)).first()[0]


def _dongs_of(db, ids) -> set[str]:
    with db.session() as s:
        return set(s.scalars(select(Household.dong).where(Household.id.in_(list(ids)))))


def test_a_supervisor_chooses_a_dong_and_every_list_and_count_follows(district):
    db = district
    dong = _busiest_dong(db)
    assert view_scope.options(db, BOSS).current == view_scope.ViewScope("district")
    assert view_scope.choose(db, BOSS, "dong", dong) == view_scope.ViewScope("dong", dong)

    with db.session() as s:
        in_dong = s.scalar(select(func.count()).where(Household.active.is_(True), Household.dong == dong))
        open_in_dong = s.scalar(select(func.count()).select_from(RiskFlag).join(Household)
                                .where(Household.dong == dong, RiskFlag.status == "open"))
        devices_in_dong = s.scalar(select(func.count()).select_from(
            counted_devices().where(Household.dong == dong).subquery()))
    window = overview_window(db, actor=BOSS, limit=1000)
    assert window.summary.households == in_dong == len(window.rows) and {r.dong for r in window.rows} == {dong}
    assert window.total == len(window.rows)
    assert window.summary.devices == devices_in_dong  # the counters beside the rows keep to the 동 too
    queue = review_window(db, status="open", actor=BOSS, limit=1000)
    assert queue.total == open_in_dong == len(queue.rows)
    assert _dongs_of(db, {r.household_id for r in queue.rows}) <= {dong}
    rows = search_households(db, actor=BOSS)
    assert rows and {r.dong for r in rows} == {dong}
    devices = load_device_overview(db, BOSS)
    assert _dongs_of(db, {d.household_id for d in devices}) <= {dong}
    snap = schedule_snapshot(db, actor=BOSS)
    assert _dongs_of(db, {r.household_id for r in snap.rows}) <= {dong}

    view_scope.choose(db, BOSS, "district")  # back to the whole district: everything again
    assert overview_window(db, actor=BOSS, limit=1000).summary.households > in_dong


def test_the_choice_is_remembered_per_person(district):
    db = district
    dong = _busiest_dong(db)
    view_scope.choose(db, BOSS, "dong", dong)
    with db.session() as s:
        boss = s.scalar(select(AppUser).where(AppUser.username == BOSS))
        assert s.get(UserPref, (boss.id, "view_scope")).value == {"kind": "dong", "dong": dong}
    assert view_scope.options(db, BOSS).current == view_scope.ViewScope("dong", dong)
    assert view_scope.options(db, "admin").current.kind == "district"  # another person: her own default


def test_a_social_worker_can_choose_only_her_households(district):
    db = district
    opts = view_scope.options(db, WORKER)
    assert opts.kinds == ("mine",) and opts.current.kind == "mine" and opts.dongs == ()
    with pytest.raises(view_scope.ScopeRefused, match="not open to the role"):
        view_scope.choose(db, WORKER, "district")
    with pytest.raises(view_scope.ScopeRefused, match="not open to the role"):
        view_scope.choose(db, WORKER, "dong", _busiest_dong(db))
    rows = search_households(db, actor=WORKER)
    assert rows and {r.worker for r in rows} == {"박지은 주무관"}


def test_mine_for_a_supervisor_is_her_own_households_and_a_bad_dong_is_refused(district):
    db = district
    view_scope.choose(db, BOSS, "mine")
    assert overview_window(db, actor=BOSS).summary.households == 0  # no household names her as worker
    with pytest.raises(view_scope.ScopeRefused, match="no household lives"):
        view_scope.choose(db, BOSS, "dong", "없는동")
    assert view_scope.options(db, BOSS).current.kind == "mine"  # the refusal changed nothing
