"""`migrate-db`: the office's SQLite file onto a real PostgreSQL server (tests/fixtures/postgres.py).
Every table and row arrives (counts equal, access-log rows equal), new ids continue after the copied
ones, a CLI flow works on the target; a non-empty target is refused, and a row the server refuses
leaves the target exactly as it was (one transaction: not even the tables remain)."""

from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import create_engine, func, inspect, select, text

import main
from care.households.registry import HouseholdInput, create_household
from storage.db import open_database
from storage.models import AuditEvent, Household
from storage.transfer import tables
from tests.fixtures.postgres import PASSWORD, empty_postgres_database

pytestmark = pytest.mark.timeout(300)


@pytest.fixture(scope="module")
def demo_sqlite(tmp_path_factory):
    path = tmp_path_factory.mktemp("migrate-db") / "old.sqlite3"
    assert main.main(["demo-data", "--db", str(path), "--households", "12"]) == 0
    return path


@pytest.fixture
def target(postgres_server, monkeypatch):
    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    return empty_postgres_database(postgres_server)


def _counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one() for t in tables()}
    finally:
        engine.dispose()


def _fields(row: AuditEvent) -> tuple:
    return tuple(getattr(row, c.key) for c in AuditEvent.__mapper__.column_attrs)


def test_demo_data_moves_to_postgresql_whole_and_the_cli_works_there(demo_sqlite, target, capsys, monkeypatch):
    source = f"sqlite:///{demo_sqlite}"
    assert main.main(["migrate-db", "--from", source, "--to", target]) == 0
    report = json.loads(capsys.readouterr().out)
    before, after = _counts(source), _counts(target)
    assert before == after == report["per_table"] and report["verified"]
    assert before["household"] == 12 and before["audit_event"] > 0 and report["audit_rows_checked"] == before["audit_event"]
    assert sum(1 for n in before.values() if n) >= 8  # not a copy of a nearly empty database

    db = open_database(target)
    try:
        with db.session() as s:
            old_audit = s.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        src = open_database(source)
        with src.session() as s:
            assert [_fields(a) for a in s.scalars(select(AuditEvent).order_by(AuditEvent.id))] == [
                _fields(a) for a in old_audit]
        src.dispose()
        highest = max(before["household"], 0)
        new_id = create_household(db, HouseholdInput(name="새가구", phone="010-5555-0101"), "admin")  # demo data has accounts: a demo user acts
        assert new_id > highest  # the sequence continues after the copied ids
        with db.session() as s:
            assert s.scalar(select(func.max(Household.id))) == new_id
    finally:
        db.dispose()
    # the copied demo accounts sign in on the target (the password hash came across)
    monkeypatch.setattr("sys.stdin", io.StringIO("anbu-demo\n"))
    assert main.main(["--user", "kim.supervisor", "--password-stdin",
                      "household", "show", "H000001", "--json", "--db", target]) == 0
    shown = capsys.readouterr().out
    assert json.loads(shown.splitlines()[0])


def test_a_non_empty_target_is_refused_and_left_alone(demo_sqlite, target, capsys):
    source = f"sqlite:///{demo_sqlite}"
    assert main.main(["migrate-db", "--from", source, "--to", target]) == 0
    capsys.readouterr()
    before = _counts(target)
    assert main.main(["migrate-db", "--from", source, "--to", target]) == 2
    err = capsys.readouterr().err
    assert "is not empty (rows in household" in err and "Traceback" not in err
    assert _counts(target) == before


def test_a_row_the_server_refuses_leaves_the_target_untouched(demo_sqlite, target, tmp_path, capsys):
    """PostgreSQL cannot store a NUL character in text; SQLite can. The copy stops, says which table,
    and rolls back everything, the schema included."""
    import shutil

    path = shutil.copyfile(demo_sqlite, tmp_path / "nul.sqlite3")
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.execute(text("UPDATE household SET notes = :notes WHERE id = 3"), {"notes": "a\x00b"})
    engine.dispose()
    assert main.main(["migrate-db", "--from", str(path), "--to", target]) == 4
    err = capsys.readouterr().err
    assert "household" in err and "Nothing was copied" in err and "Traceback" not in err
    engine = create_engine(target)
    try:
        assert inspect(engine).get_table_names() == []
    finally:
        engine.dispose()
