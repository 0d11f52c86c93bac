"""The schema comes from Alembic migrations, and it must be exactly what the models say."""

from __future__ import annotations

import sqlite3
from datetime import datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select

from storage.db import open_database
from storage.errors import DatabaseCorruptError, DatabaseLockedError
from storage.models import Base, Contact, Household


def test_migrations_from_empty_match_the_models(tmp_path):
    db = open_database(str(tmp_path / "fresh.sqlite3"))
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": False}), Base.metadata)
    tables = set(inspect(db.engine).get_table_names())
    db.dispose()
    assert diff == [], f"models and migrations disagree: {diff}"
    for table in ("household", "contact", "check_in_plan", "call_attempt", "call_answer", "risk_flag", "device",
                  "sensor_reading", "robot_event", "app_user", "audit_event", "app_setting"):
        assert table in tables


def test_the_history_has_one_head():
    """Parallel branches are rejoined by a merge revision; a second head means a missing merge."""
    from alembic.script import ScriptDirectory

    from storage.migrate import alembic_config

    heads = ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()
    assert len(heads) == 1, f"the Alembic history has {len(heads)} heads {heads}: add a merge revision"


@pytest.mark.sqlite_only(reason="SQLite pragmas")
def test_sqlite_pragmas_are_set(db):
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_round_trip_with_contacts_and_cascade(db):
    with db.session() as s:
        h = Household(name="김영희", phone="+821012345678", dong="화곡1동")
        h.contacts.append(Contact(name="이철수", phone="+821011112222", relation="아들", priority=1))
        s.add(h)
    with db.session() as s:
        h = s.execute(select(Household)).scalar_one()
        assert h.contacts[0].relation == "아들"
        assert h.created_at.tzinfo is not None
        s.delete(h)
    with db.session() as s:
        assert s.execute(select(Contact)).first() is None


def test_naive_datetimes_are_refused(db):
    with pytest.raises(Exception, match="naive datetime"), db.session() as s:
        s.add(Household(name="x", phone="+821012345678", created_at=datetime(2026, 1, 1)))


def test_unit_of_work_rolls_back_everything(db):
    with pytest.raises(RuntimeError), db.session() as s:
        s.add(Household(name="a", phone="+821012345678"))
        s.flush()
        raise RuntimeError("boom")
    with db.session() as s:
        assert s.execute(select(Household)).first() is None


def test_backup_is_taken_before_a_pending_migration(tmp_path):
    """A file written by an older version (only the initial revision) is copied before upgrading."""
    from alembic import command

    from storage.migrate import alembic_config

    path = tmp_path / "old.sqlite3"
    command.upgrade(alembic_config(f"sqlite:///{path}"), "0001_initial")
    with sqlite3.connect(path) as con:
        con.execute("insert into household (name, phone, address, dong, worker, language, consent_recording, "
                    "notes, active, is_demo, created_at, updated_at) values ('보존', '+821012345678', '', '', '', "
                    "'ko', 0, '', 1, 0, '2026-01-01 00:00:00', '2026-01-01 00:00:00')")
    db = open_database(str(path))
    backups = [p for p in tmp_path.glob("old.sqlite3.bak-*") if not p.name.endswith(("-wal", "-shm"))]
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as b:
        assert b.execute("select name from household").fetchall() == [("보존",)]
        assert b.execute("select version_num from alembic_version").fetchall() == [("0001_initial",)]
    with db.session() as s:
        assert s.execute(select(Household.name)).scalar_one() == "보존"
    db.dispose()
    open_database(str(path)).dispose()  # nothing pending now: no second backup
    assert [p for p in tmp_path.glob("old.sqlite3.bak-*") if not p.name.endswith(("-wal", "-shm"))] == backups


def test_not_a_database_file_gives_a_clear_error(tmp_path):
    bad = tmp_path / "notes.sqlite3"
    bad.write_text("이건 데이터베이스가 아닙니다\n" * 50, encoding="utf-8")
    with pytest.raises(DatabaseCorruptError, match="not an SQLite database"):
        open_database(str(bad))
    assert bad.read_text(encoding="utf-8").startswith("이건")  # untouched


def test_locked_database_gives_a_clear_error(tmp_path, monkeypatch):
    import storage.db as dbmod

    monkeypatch.setattr(dbmod, "BUSY_TIMEOUT_MS", 200)
    path = tmp_path / "locked.sqlite3"
    open_database(str(path)).dispose()
    holder = sqlite3.connect(path)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        db = open_database(str(path), migrate=False)
        with pytest.raises(DatabaseLockedError, match="locked by another program"), db.session() as s:
            s.add(Household(name="a", phone="+821012345678"))
        db.dispose()
    finally:
        holder.rollback()
        holder.close()


def test_db_url_resolution_order(tmp_path, monkeypatch):
    from storage.db import resolve_db_url

    monkeypatch.setenv("ANBU_DB_URL", f"sqlite:///{tmp_path}/env.sqlite3")
    assert resolve_db_url(str(tmp_path / "cli.sqlite3")) == (f"sqlite:///{tmp_path}/cli.sqlite3", False)
    assert resolve_db_url(None) == (f"sqlite:///{tmp_path}/env.sqlite3", False)
    monkeypatch.delenv("ANBU_DB_URL")
    url, is_default = resolve_db_url(None)
    assert is_default and url.endswith("anbu.sqlite3")
