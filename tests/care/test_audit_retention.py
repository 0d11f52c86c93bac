"""Retention: rows are kept two years; `audit purge --before DATE` refuses younger dates, is itself
logged, and leaves a chain `audit verify` still checks from end to end."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

import main
from care import audit
from care.audit.chain import verify
from care.audit.retention import RetentionRefused, earliest_allowed, purge_before
from storage.models import AuditEvent

# The tamper tests open the SQLite file with sqlite3 to change rows behind the services' back, and
# the verify/purge/review CLIs are handed that file; on PostgreSQL the chain is proven by
# test_audit_chain.py::test_concurrent_appenders_keep_the_chain_linear_on_postgresql and by
# test_audit_gaps.py (every gap, both backends).
pytestmark = pytest.mark.sqlite_only(reason="works on the SQLite file directly; PostgreSQL: see the note above")


def _seed(db, monkeypatch, when: list[datetime]) -> None:
    for i, at in enumerate(when):
        monkeypatch.setattr(audit, "utcnow", lambda at=at: at)
        with db.session() as s:
            audit.record(s, "박지은", "view", "household", None, {"i": i}, household_ref=f"H{i:06d}")
    monkeypatch.undo()


OLD = [datetime(2024, 5, 1, 1, tzinfo=UTC)] * 3 + [datetime(2024, 11, 1, 1, tzinfo=UTC)] * 2
YOUNG = [datetime(2025, 6, 1, 1, tzinfo=UTC)] * 2


def test_purge_refuses_anything_younger_than_two_years(db, monkeypatch, capsys):
    _seed(db, monkeypatch, OLD + YOUNG)
    rc = main.main(["audit", "purge", "--before", "2025-01-01", "--db", str(db.path)])
    err = capsys.readouterr().err
    assert rc == 2 and "younger than 2 years" in err and "Traceback" not in err
    with pytest.raises(RetentionRefused):
        purge_before(db, "kim", date(2024, 12, 3), now=datetime(2026, 12, 2, 3, tzinfo=UTC))
    assert verify(db).rows == 7  # nothing deleted


def test_the_oldest_day_allowed_is_the_same_day_two_years_ago():
    assert earliest_allowed(date(2026, 12, 2)) == date(2024, 12, 2)
    assert earliest_allowed(date(2028, 2, 29)) == date(2026, 2, 28)


def test_purge_deletes_old_rows_is_logged_and_the_chain_still_verifies(db, monkeypatch, capsys):
    _seed(db, monkeypatch, OLD + YOUNG)
    rc = main.main(["audit", "purge", "--before", "2024-12-01", "--db", str(db.path)])
    out = capsys.readouterr().out
    assert rc == 0 and json.loads(out) == {"before": "2024-12-01", "rows": 5, "through_seq": 5}
    with db.session() as s:
        left = s.execute(select(AuditEvent.seq, AuditEvent.action, AuditEvent.detail).order_by(AuditEvent.seq)).all()
    assert [r.seq for r in left] == [6, 7, 8]
    assert left[-1].action == "purge" and left[-1].detail["rows"] == 5 and left[-1].detail["through_seq"] == 5
    assert main.main(["audit", "verify", "--db", str(db.path)]) == 0
    # a second purge of the same range deletes nothing and still verifies
    assert purge_before(db, "kim", date(2024, 12, 1)).rows == 0
    assert verify(db).intact


def test_rows_deleted_from_the_beginning_without_a_purge_are_found(db, monkeypatch, capsys):
    _seed(db, monkeypatch, OLD)
    with sqlite3.connect(db.path) as con:
        con.execute("DELETE FROM audit_event WHERE seq <= 2")
    rc = main.main(["audit", "verify", "--db", str(db.path)])
    err = capsys.readouterr().err
    assert rc == 4 and "seq 1-2 were deleted" in err


def test_a_forged_chain_base_is_found(db, monkeypatch, capsys):
    """Moving the chain head's base to hide deleted rows needs a purge row that vouches for it."""
    _seed(db, monkeypatch, OLD)
    with sqlite3.connect(db.path) as con:
        mac = con.execute("SELECT mac FROM audit_event WHERE seq = 2").fetchone()[0]
        con.execute("DELETE FROM audit_event WHERE seq <= 2")
        con.execute("UPDATE audit_chain SET base_seq = 2, base_mac = ?", (mac,))
    rc = main.main(["audit", "verify", "--db", str(db.path)])
    err = capsys.readouterr().err
    assert rc == 4 and "no intact purge row records that start" in err


def test_the_purge_row_itself_cannot_be_removed_unnoticed(db, monkeypatch, capsys):
    _seed(db, monkeypatch, OLD + YOUNG)
    purge_before(db, "kim", date(2024, 12, 1))
    with sqlite3.connect(db.path) as con:
        con.execute("DELETE FROM audit_event WHERE action = 'purge'")
    assert main.main(["audit", "verify", "--db", str(db.path)]) == 4
