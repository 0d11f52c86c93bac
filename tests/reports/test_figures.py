"""The report's figures on a known database, cross-checked against direct SQL and against the
other commands' JSON (`attempts --json`, `review --json`); the same on PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from care.escalation.stats import percentile
from care.reports.period import PeriodError, Scope, parse_period
from care.reports.service import build_report
from care.reports.summary import summary, to_json
from tests.fixtures.reports import EXPECTED, seed_report_data

NOW = datetime(2026, 12, 2, 0, 0, tzinfo=UTC)
W48 = parse_period("2026-W48")


def test_periods():
    assert (W48.first.isoformat(), W48.last.isoformat()) == ("2026-11-23", "2026-11-29")
    assert W48.start == datetime(2026, 11, 22, 15, 0, tzinfo=UTC)  # 00:00 in Seoul
    assert W48.previous().label == "2026-W47"
    month = parse_period("2026-03")
    assert (month.last.day, month.previous().label) == (31, "2026-02")
    assert parse_period(None, "2026-11-01", "2026-11-10").previous().label == "2026-10-22..2026-10-31"
    for bad in ("2026-W54", "2026-13", "W48", "2026-11-31"):
        with pytest.raises(PeriodError):
            parse_period(bad)
    with pytest.raises(PeriodError, match="--to"):
        parse_period(None, "2026-11-10", "2026-11-01")


def test_percentile_interpolates_like_percentile_cont():
    assert percentile([], 50) is None
    assert percentile([10.0], 95) == 10.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.5
    assert percentile([0.0, 100.0], 95) == pytest.approx(95.0)


def _check_expected(r) -> None:
    e = EXPECTED
    assert (r.households, r.contacted) == (e["households"], e["contacted"])
    assert dict(r.reasons()) == e["reasons"]
    c = r.calls
    assert (c.placed, c.answered_person, c.machine, c.no_answer, c.retries) == (
        e["placed"], e["answered_person"], e["machine"], e["no_answer"], e["retries"])
    assert r.flags.total == e["flags"] and dict(r.flags.outcomes) == e["outcomes"]
    assert r.flags.confirmed_needs == e["confirmed_needs"] and r.flags.alerts_per_need == 3.0
    # the audit trail's times (the flags' own acknowledged_at would give a P50 of 6300 s)
    assert r.times.ack_p50_s == percentile(e["ack_s"], 50) == 3150.0
    assert r.times.resolve_p95_s == percentile(e["resolve_s"], 95)
    # B's flag is open past its escalation's deadline; C was late (assigned 11:00 > 10:30) but is no longer open
    assert r.times.overdue == e["overdue"]
    assert dict(r.times.sent_by_channel) == e["sent"] and dict(r.times.acknowledged_by_channel) == e["acknowledged_by"]
    assert (r.devices.active, r.devices.silent, r.devices.low_battery, r.devices.sensor_alerts) == (1, 1, 1, 1)
    assert r.follow_ups == (("phone_resident", "not_reached", 1), ("visit", "reached_well", 1))
    by_day = {d.day.isoformat(): (d.placed, d.answered, d.missed, d.flags) for d in r.days}
    assert by_day["2026-11-24"] == (1, 1, 0, 1) and by_day["2026-11-25"] == (3, 0, 3, 1)
    assert sum(d.placed for d in r.days) == c.placed
    assert (r.previous.households, r.previous.contacted, r.previous.placed) == (6, 2, 2)


def test_figures_of_a_known_week(report_db):
    r = build_report(report_db, W48, now=NOW)
    _check_expected(r)
    lines = {x.name: x for x in r.lines}
    assert lines["최순자"].contact_kind == "contacted_follow_up" and lines["김영희"].contact_kind == "contacted_call"
    assert lines["박민수"].missed == 3 and lines["김영희"].needs == ("health",) and lines["김영희"].actions == ("visited",)
    assert "이퇴거" not in lines  # inactive households are not enrolled
    assert lines["김영희"].phone == "010-1111-0001"
    words = summary(r, "ko")
    assert "6가구 중 3가구(50.0%)" in words and "지난 기간 대비 +16.7%p" in words
    assert "3 of 6 enrolled households" in summary(r, "en")


def test_scope_by_dong_and_worker(report_db):
    r = build_report(report_db, W48, Scope(dong="화곡1동"), now=NOW)
    assert {x.name for x in r.lines} == {"김영희", "박민수", "한철수", '=HYPERLINK("http://evil.example","click")'}
    assert r.calls.placed == 5 and r.flags.total == 2 and r.devices.active == 0
    r = build_report(report_db, W48, Scope(dong="화곡1동", worker="김주무관"), now=NOW)
    assert r.households == 3 and r.calls.placed == 2


def test_matches_direct_sql(report_db):
    r = build_report(report_db, W48, now=NOW)
    start, end = W48.start.strftime("%Y-%m-%d %H:%M:%S"), W48.end.strftime("%Y-%m-%d %H:%M:%S")
    with report_db.engine.connect() as c:
        sql = lambda q: c.execute(text(q), {"s": start, "e": end}).scalar_one()  # noqa: E731
        assert r.households == sql("SELECT count(*) FROM household WHERE active")
        assert r.calls.placed == sql("SELECT count(*) FROM call_attempt WHERE dialed_at >= :s AND dialed_at < :e")
        assert r.calls.answered_person == sql("SELECT count(*) FROM call_attempt WHERE answered_by = 'human' "
                                              "AND dialed_at >= :s AND dialed_at < :e")
        assert r.flags.total == sql("SELECT count(*) FROM risk_flag WHERE created_at >= :s AND created_at < :e")
        assert r.contacted == sql(
            "SELECT count(*) FROM household h WHERE active AND (EXISTS (SELECT 1 FROM call_attempt a WHERE "
            "a.household_id = h.id AND a.answered_by = 'human' AND a.outcome IN ('well', 'flagged') AND "
            "a.dialed_at >= :s AND a.dialed_at < :e) OR EXISTS (SELECT 1 FROM follow_up f WHERE f.household_id = h.id "
            "AND f.outcome IN ('reached_well', 'reached_need') AND f.at >= :s AND f.at < :e))")


def test_matches_attempts_and_review_json(report_db, capsys):
    import main

    def _cli(db, *args: str) -> str:
        assert main.main(["--db", db.url, *args]) == 0
        return capsys.readouterr().out

    r = build_report(report_db, W48, now=NOW)
    attempts = [json.loads(line) for line in _cli(report_db, "attempts", "--json").splitlines()]
    week = [a for a in attempts if "2026-11-23" <= a["slot"][:10] <= "2026-11-29"]
    assert len(week) == r.calls.attempts
    assert sum(a["answered_by"] == "human" for a in week) == r.calls.answered_person
    assert sum(a["outcome"] == "no_answer" for a in week) == r.calls.no_answer
    assert sum(a["attempt"] > 1 for a in week) == r.calls.retries
    flags = [json.loads(line) for line in _cli(report_db, "review", "--status", "all", "--json").splitlines()]
    in_week = [f for f in flags if W48.start <= datetime.fromisoformat(f["created_at"]) < W48.end]
    assert len(in_week) == r.flags.total
    assert sum(1 for f in in_week if f["resolution"] in ("visited", "called", "119")) == r.flags.confirmed_needs


def test_json_contract_keys(report_db):
    out = to_json(build_report(report_db, W48, now=NOW))
    for key in ("period", "households", "contacted", "coverage", "calls", "flags", "ack_p50_s"):
        assert key in out
    assert out["period"] == "2026-W48" and out["calls"]["answered_rate"] == pytest.approx(2 / 6)
    text_out = json.dumps(out, ensure_ascii=False)
    assert "김영희" not in text_out and "010-1111" not in text_out  # figures only, no names or phones


def test_same_figures_on_postgresql(postgres_server, postgres_db_url):
    from storage.db import open_database

    db = open_database(postgres_server.url(with_password=True))
    try:
        seed_report_data(db)
        _check_expected(build_report(db, W48, now=NOW))
    finally:
        db.dispose()


@pytest.mark.postgresql_smoke
def test_escalation_figures_are_review_stats(report_db, capsys):
    """Times to acknowledge and resolve and the overdue count are the numbers `review --stats
    --json` prints (one implementation, care.escalation.stats), not the flags' own timestamps; on
    SQLite and PostgreSQL. Every flag of the seeded data is inside W48, so --since its first day
    covers the same flags."""
    import main

    flags_after = 0
    with report_db.session() as s:
        from sqlalchemy import func, select

        from storage.models import RiskFlag

        flags_after = s.scalar(select(func.count()).select_from(RiskFlag).where(RiskFlag.created_at >= W48.end))
    assert flags_after == 0
    r = build_report(report_db, W48, now=NOW)
    assert main.main(["--db", report_db.url, "review", "--stats", "--since", "2026-11-23", "--json"]) == 0
    out = capsys.readouterr().out
    stats = json.loads(out)
    assert (r.times.ack_p50_s, r.times.ack_p95_s, r.times.resolve_p50_s, r.times.resolve_p95_s) == (
        stats["ack_p50_s"], stats["ack_p95_s"], stats["resolve_p50_s"], stats["resolve_p95_s"])
    assert (r.times.acknowledged, r.times.resolved) == (stats["acknowledged"], stats["resolved"]) == (2, 2)
    assert r.times.ack_p50_s == 3150.0 and r.times.ack_p50_s != 6300.0  # 6300: the flags' acknowledged_at
    # review --stats counts overdue at the wall clock: B's deadline (11-26) is long past either way
    assert r.times.overdue == stats["overdue"] == 1
    j = to_json(r)
    assert (j["ack_p50_s"], j["resolve_p95_s"], j["overdue"]) == (stats["ack_p50_s"], stats["resolve_p95_s"], 1)
    assert j["escalation"] == {"sent": {"sms": 1, "notify_call": 1}, "acknowledged_by": {"sms": 1}}
