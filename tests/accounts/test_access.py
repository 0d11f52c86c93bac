"""The service-level permission check, without Qt: a social worker reads, reviews and exports only
her own households (each refusal is an access-log row), a supervisor all of them."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from care import settings
from care.accounts.access import AccessDenied
from care.households.export import export_households
from care.households.followups import add_follow_up, list_follow_ups
from care.households.record import household_record, household_update
from care.households.registry import search_households
from care.review import queue as review
from storage.models import AuditEvent, Household, RiskFlag

WORKER = "choi.minho"  # 최민호 주무관
SUPERVISOR = "kim.supervisor"


def _household_of(db, *, mine: bool) -> Household:
    with db.session() as s:
        op = Household.worker.__eq__ if mine else Household.worker.__ne__
        h = s.scalars(select(Household).where(op("최민호 주무관")).order_by(Household.id)).first()
        s.expunge(h)
        return h


def _flag_of(db, *, mine: bool) -> int:
    with db.session() as s:
        cond = Household.worker == "최민호 주무관" if mine else Household.worker != "최민호 주무관"
        return s.scalar(select(RiskFlag.id).join(Household, Household.id == RiskFlag.household_id)
                        .where(cond, RiskFlag.status == "open").order_by(RiskFlag.id))


def _denials(db, actor: str) -> list[tuple[str, int | None, str | None, dict]]:
    with db.session() as s:
        return [(e.entity, e.entity_id, e.household_ref, e.detail) for e in s.scalars(
            select(AuditEvent).where(AuditEvent.actor == actor, AuditEvent.action == "denied").order_by(AuditEvent.id))]


def test_a_social_worker_reads_only_her_households_and_each_refusal_is_logged(accounts_db):
    db = accounts_db
    mine, other = _household_of(db, mine=True), _household_of(db, mine=False)
    assert household_record(db, mine.id, WORKER).data.worker == "최민호 주무관"
    with pytest.raises(AccessDenied, match="not assigned to you"):
        household_record(db, other.id, WORKER)
    with pytest.raises(AccessDenied):
        household_update(db, other.id, {"notes": "changed"}, WORKER)
    with pytest.raises(AccessDenied):
        list_follow_ups(db, other.id, WORKER)
    with pytest.raises(AccessDenied):
        add_follow_up(db, other.id, WORKER, "phone", "reached_well")
    assert _denials(db, WORKER) == [("household", other.id, other.ref, {"permission": p}) for p in
                                    ("view_household", "edit_household", "view_household", "edit_household")]
    with db.session() as s:  # nothing of the refused update or follow-up was kept
        assert s.get(Household, other.id).notes == other.notes
    # her list holds her households only; a supervisor may let her search everyone by name
    assert {r.worker for r in search_households(db, actor=WORKER)} == {"최민호 주무관"}
    with db.session() as s:
        settings.update(s, settings.AccessSettings, actor="admin", workers_search_all=True)
    assert len({r.worker for r in search_households(db, actor=WORKER)}) > 1


def test_a_social_worker_cannot_review_or_export_another_workers_household(accounts_db):
    db = accounts_db
    mine, other = _flag_of(db, mine=True), _flag_of(db, mine=False)
    queue = review.review_queue(db, status="all", actor=WORKER)
    assert queue and all(r.household_id for r in queue)
    with db.session() as s:
        assert {s.get(Household, r.household_id).worker for r in queue} == {"최민호 주무관"}
    assert review.flag_detail(db, mine, WORKER).household.worker == "최민호 주무관"
    assert review.acknowledge(db, mine, WORKER).acknowledged_by == WORKER
    for refused in (lambda: review.flag_detail(db, other, WORKER), lambda: review.acknowledge(db, other, WORKER),
                    lambda: review.resolve(db, other, WORKER, "called"),
                    lambda: review.assign(db, mine, "박지은 주무관", WORKER),
                    lambda: export_households(db, WORKER)):
        with pytest.raises(AccessDenied):
            refused()
    denied = _denials(db, WORKER)
    assert [(e, d["permission"]) for e, _, _, d in denied] == [
        ("risk_flag", "review_flag"), ("risk_flag", "review_flag"), ("risk_flag", "review_flag"),
        ("risk_flag", "assign_flag"), ("household", "export_households")]
    assert denied[0][1] == other and denied[0][2] is not None  # the flag, and whose record it was
    with db.session() as s:
        assert s.get(RiskFlag, other).status == "open"


def test_a_supervisor_reads_reviews_and_exports_every_household(accounts_db):
    db = accounts_db
    other = _household_of(db, mine=False)
    flag = _flag_of(db, mine=False)
    assert household_record(db, other.id, SUPERVISOR).id == other.id
    assert len(review.review_queue(db, status="all", actor=SUPERVISOR)) == len(review.review_queue(db, status="all"))
    review.assign(db, flag, "최민호 주무관", SUPERVISOR)
    assert review.resolve(db, flag, SUPERVISOR, "called").resolved_by == SUPERVISOR
    assert export_households(db, SUPERVISOR).count("\r\n") > 40
    assert _denials(db, SUPERVISOR) == []
    # settings are the admin's
    with db.session() as s, pytest.raises(AccessDenied, match="supervisor"):
        settings.update(s, settings.AccessSettings, actor=SUPERVISOR, workers_search_all=True)
    assert [d[3]["permission"] for d in _denials(db, SUPERVISOR)] == ["settings"]


def test_mine_only_matches_display_name_or_username(accounts_db):
    db = accounts_db
    flag = _flag_of(db, mine=True)
    review.assign(db, flag, "최민호 주무관", SUPERVISOR)
    rows = review.review_queue(db, assignee=("최민호 주무관", WORKER), actor=WORKER)
    assert [r.id for r in rows] == [flag]


def test_system_actors_and_a_database_without_users_are_allowed(review_demo_db):
    db = review_demo_db
    other = _household_of(db, mine=False)
    assert household_record(db, other.id, "root").id == other.id  # no users yet: open
    assert household_record(db, other.id, "system:runner").id == other.id


def test_reports_are_for_supervisors_and_a_workers_attempt_is_logged(accounts_db):
    from care.reports.period import parse_period
    from care.reports.service import build_report

    db = accounts_db
    week = parse_period("2026-W48")
    with pytest.raises(AccessDenied):
        build_report(db, week, actor=WORKER)
    assert [d[0] for d in _denials(db, WORKER)] == ["report"]
    assert build_report(db, week, actor=SUPERVISOR).households > 30
    with db.session() as s:
        assert s.scalar(select(AuditEvent.action).where(AuditEvent.actor == SUPERVISOR,
                                                        AuditEvent.entity == "report")) == "view"


def test_the_schedule_and_device_lists_hold_a_social_workers_own_households(accounts_db):
    from care.checkins.schedule import schedule_snapshot
    from care.devices.status import load_device_overview

    db = accounts_db
    with db.session() as s:
        mine = set(s.scalars(select(Household.id).where(Household.worker == "최민호 주무관")))
    everything = load_device_overview(db)
    assert {h.household_id for h in everything} - mine  # others' households have devices too
    assert {h.household_id for h in load_device_overview(db, WORKER)} == {h.household_id for h in everything} & mine
    assert {h.household_id for h in load_device_overview(db, SUPERVISOR)} == {h.household_id for h in everything}
    assert {r.household_id for r in schedule_snapshot(db, actor=WORKER).rows} <= mine
    assert len(schedule_snapshot(db, actor=SUPERVISOR).rows) == len(schedule_snapshot(db).rows)


def test_the_overview_window_holds_a_social_workers_own_households_in_sql(accounts_db):
    from care.review.overview import household_overview, overview_window

    db = accounts_db
    with db.session() as s:
        mine = set(s.scalars(select(Household.id).where(Household.worker == "최민호 주무관",
                                                         Household.active.is_(True))))
    everything = overview_window(db, actor=SUPERVISOR, limit=1000)
    assert {r.id for r in everything.rows} - mine and everything.total == len(household_overview(db))
    first = overview_window(db, actor=WORKER, limit=2)
    rest = overview_window(db, actor=WORKER, offset=2, limit=1000)
    assert {r.id for r in first.rows + rest.rows} == mine and first.total == len(mine) > 2
    assert first.summary.households == len(mine)  # the counter is her rows, not the district's
    with db.session() as s:
        last = s.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(2)).all()
    assert [(e.actor, e.entity, e.detail.get("offset")) for e in last] == [
        (WORKER, "household_overview", 2), (WORKER, "household_overview", None)]  # one row per page
