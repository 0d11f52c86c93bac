"""The monthly access-log review on a seeded log: who viewed how many records, night-time access
(22:00-06:00 district time), bulk downloads, views of households not assigned to the viewer; the
CSV/PDF files (logged with a reason) and the logged sign-off."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

import main
from care import audit
from care.audit import report_file
from care.audit.chain import verify
from care.audit.review import monthly_review, sign_off
from care.errors import AnbuError
from care.households.registry import HouseholdInput, create_household
from storage.models import AppUser, AuditEvent, Household

# The tamper tests open the SQLite file with sqlite3 to change rows behind the services' back, and
# the verify/purge/review CLIs are handed that file; on PostgreSQL the chain is proven by
# test_audit_chain.py::test_concurrent_appenders_keep_the_chain_linear_on_postgresql and by
# test_audit_gaps.py (every gap, both backends).
pytestmark = pytest.mark.sqlite_only(reason="works on the SQLite file directly; PostgreSQL: see the note above")

KST = ZoneInfo("Asia/Seoul")


def kst(*args) -> datetime:
    return datetime(*args, tzinfo=KST)


@pytest.fixture
def seeded(db, monkeypatch):
    refs = {}
    for name, worker in (("가", "김주무관"), ("나", "이주무관"), ("다", "")):
        hid = create_household(db, HouseholdInput(name=f"{name}할머니", phone=f"010-1111-{len(refs):04d}",
                                                  worker=worker), "admin")
        with db.session() as s:
            refs[name] = s.get(Household, hid).ref
    with db.session() as s:
        s.add_all([AppUser(username="kim", display_name="김주무관", role="social_worker"),
                   AppUser(username="lee", display_name="이주무관", role="social_worker")])
    h1, h2, h3 = refs["가"], refs["나"], refs["다"]
    rows = [  # (at, actor, action, entity, household, detail, reason)
        (kst(2026, 11, 3, 10, 0), "kim", "view", "household", h1, None, None),
        (kst(2026, 11, 3, 23, 30), "kim", "view", "household", h2, None, None),  # night, not hers
        (kst(2026, 11, 4, 5, 0), "kim", "view", "household", h3, None, None),  # night, nobody's
        (kst(2026, 11, 5, 9, 0), "kim", "list", "risk_flag", None, {"rows": 12}, None),
        (kst(2026, 11, 5, 22, 10), "kim", "update", "household", h1, None, None),  # night, not a view
        (kst(2026, 11, 6, 14, 0), "lee", "view", "household", h2, None, None),  # hers (display name)
        (kst(2026, 11, 7, 15, 0), "lee", "export", "household", None, {"rows": 40}, "분기 보고"),  # bulk
        (kst(2026, 11, 30, 23, 30), "lee", "view", "household", h1, None, None),  # night, not hers
        (kst(2026, 10, 31, 23, 0), "kim", "view", "household", h1, None, None),  # October (KST)
        (kst(2026, 12, 1, 0, 30), "kim", "view", "household", h2, None, None),  # December in KST, Nov in UTC
    ]
    for at, actor, action, entity, ref, detail, reason in rows:
        monkeypatch.setattr(audit, "utcnow", lambda at=at: at)
        with db.session() as s:
            audit.record(s, actor, action, entity, None, detail, household_ref=ref, reason=reason)
    monkeypatch.undo()
    return refs


def test_the_monthly_numbers(db, seeded):
    r = monthly_review(db, "supervisor", "2026-11")
    assert r.rows == 8
    users = {u.user: u for u in r.users}
    assert set(users) == {"kim", "lee"}
    kim, lee = users["kim"], users["lee"]
    assert (kim.views, kim.records, kim.households, kim.night, kim.unassigned) == (4, 15, 3, 3, 2)
    assert (lee.views, lee.records, lee.households, lee.night, lee.unassigned) == (3, 42, 2, 1, 1)
    assert len(r.night) == 4 and all(a.at.astimezone(KST).hour >= 22 or a.at.astimezone(KST).hour < 6
                                     for a in r.night)
    assert [(b.user, b.rows, b.reason) for b in r.bulk] == [("lee", 40, "분기 보고")]
    assert sorted((a.user, a.household_ref) for a in r.unassigned) == sorted(
        [("kim", seeded["나"]), ("kim", seeded["다"]), ("lee", seeded["가"])])
    with db.session() as s:  # producing the review is itself logged
        last = s.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)).one()
    assert (last.actor, last.action, last.entity, last.detail) == ("supervisor", "review", "audit_event",
                                                                   {"month": "2026-11", "rows": 8})


def test_sign_off_is_a_logged_row_that_the_review_shows(db, seeded, capsys):
    assert main.main(["audit", "review", "--month", "2026-11", "--sign-off", "--db", str(db.path)]) == 0
    assert "signed off the access-log review of 2026-11" in capsys.readouterr().out
    r = monthly_review(db, "supervisor", "2026-11")
    assert len(r.sign_offs) == 1
    with db.session() as s:
        row = s.scalars(select(AuditEvent).where(AuditEvent.action == "sign_off")).one()
    assert row.entity == "audit_review" and row.detail["month"] == "2026-11" and row.detail["chain_seq"] > 0
    assert verify(db).intact
    with pytest.raises(AnbuError, match="has not begun"):
        sign_off(db, "supervisor", "2099-01")


def test_review_files_csv_and_pdf_are_logged_with_their_reason(db, seeded, tmp_path, capsys):
    csv_path, pdf_path = tmp_path / "review.csv", tmp_path / "review.pdf"
    assert main.main(["audit", "review", "--month", "2026-11", "-o", str(csv_path), "--reason", "11월 점검",
                      "--db", str(db.path)]) == 0
    assert main.main(["audit", "review", "--month", "2026-11", "--format", "pdf", "-o", str(pdf_path),
                      "--db", str(db.path)]) == 0
    text = csv_path.read_text(encoding="utf-8-sig")
    assert "kim,4,15,3,3,2" in text and "lee,3,42,2,1,1" in text and "분기 보고" in text
    assert pdf_path.read_bytes().startswith(b"%PDF")
    with db.session() as s:
        exports = s.execute(select(AuditEvent.reason, AuditEvent.detail).where(
            AuditEvent.entity == "audit_review", AuditEvent.action == "export").order_by(AuditEvent.id)).all()
    assert [e.reason for e in exports] == ["11월 점검", report_file.DEFAULT_REASON]
    assert [e.detail["format"] for e in exports] == ["csv", "pdf"]


def test_a_bad_month_is_a_sentence_not_a_traceback(db, capsys):
    rc = main.main(["audit", "review", "--month", "2026-13", "-o", "x.csv", "--db", str(db.path)])
    err = capsys.readouterr().err
    assert rc == 2 and "is not of the form YYYY-MM" in err


def test_audit_json_lines_carry_the_contract_keys_first_and_filter(db, seeded, capsys):
    import json

    assert main.main(["audit", "--since", "2026-11-01", "--until", "2026-12-01", "--user", "kim", "--json",
                      "--db", str(db.path)]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert len(lines) == 5
    for line in lines:
        assert list(line)[:8] == ["at", "user", "workstation", "ip", "household_ref", "action", "entity", "reason"]
        assert line["user"] == "kim"
    assert main.main(["audit", "--household", seeded["나"], "--json", "--db", str(db.path)]) == 0
    refs = {json.loads(x)["household_ref"] for x in capsys.readouterr().out.splitlines()}
    assert refs == {seeded["나"]}
    assert main.main(["audit", "--action", "export", "--json", "--db", str(db.path)]) == 0
    assert [json.loads(x)["reason"] for x in capsys.readouterr().out.splitlines()] == ["분기 보고"]
