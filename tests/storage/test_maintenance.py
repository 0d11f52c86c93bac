"""A damaged SQLite file is noticed at start-up and by the daily check; daily backups rotate."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

import main
from storage.db import open_database
from storage.errors import DatabaseCorruptError
from storage.maintenance import daily_maintenance, quick_check
from storage.models import Household

PAGE = 4096


def _filled(path, rows: int = 300):
    db = open_database(str(path))
    with db.session() as s:
        s.add_all(Household(name=f"가구 {i} " + "x" * 40, phone=f"+8210{i:08d}", notes="n" * 80) for i in range(rows))
    db.dispose()  # the last connection checkpoints the WAL into the file
    return path


def _damage(path, first_page: int = 5, pages: int = 4) -> None:
    with path.open("r+b") as fh:
        fh.seek((first_page - 1) * PAGE)
        fh.write(bytes([0xA5]) * PAGE * pages)


def test_four_overwritten_pages_stop_start_up_with_a_clear_message(tmp_path, capsys):
    path = _filled(tmp_path / "anbu.sqlite3")
    assert quick_check(path) == []
    _damage(path)
    assert quick_check(path) != []
    with pytest.raises(DatabaseCorruptError) as err:
        open_database(str(path))
    message = str(err.value)
    assert str(path) in message and "damaged" in message and "--db" in message
    assert main.main(["--db", str(path), "attempts"]) == 4
    assert str(path) in capsys.readouterr().err


def test_daily_maintenance_backs_up_once_a_day_and_keeps_the_newest(tmp_path):
    path = _filled(tmp_path / "anbu.sqlite3", rows=10)
    db = open_database(str(path))
    start = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
    try:
        first = daily_maintenance(db, start, keep=3)
        assert first.checked and first.backup is not None
        assert daily_maintenance(db, start + timedelta(hours=5), keep=3).backup is None  # same day: no second copy
        for day in range(1, 6):
            daily_maintenance(db, start + timedelta(days=day), keep=3)
    finally:
        db.dispose()
    kept = sorted(p.name for p in tmp_path.glob("anbu.sqlite3.bak-daily-*"))
    assert kept == [f"anbu.sqlite3.bak-daily-202612{d:02d}T030000Z" for d in (4, 5, 6)]
    with sqlite3.connect(tmp_path / kept[-1]) as con:
        assert con.execute("select count(*) from household").fetchone() == (10,)
        assert con.execute("pragma journal_mode").fetchone() == ("delete",)


def test_daily_maintenance_refuses_a_damaged_file_and_keeps_the_backups(tmp_path):
    path = _filled(tmp_path / "anbu.sqlite3")
    db = open_database(str(path))
    try:
        good = daily_maintenance(db, datetime(2026, 12, 1, tzinfo=UTC), keep=1).backup
        db.engine.dispose()
        _damage(path)
        with pytest.raises(DatabaseCorruptError, match=str(good)):  # the message names the backup to restore
            daily_maintenance(db, datetime(2026, 12, 2, tzinfo=UTC), keep=1)
    finally:
        db.dispose()
    assert list(tmp_path.glob("anbu.sqlite3.bak-daily-*")) == [good]
    restored = open_database(str(good))
    with restored.session() as s:
        assert s.scalar(select(func.count(Household.id))) == 300
    restored.dispose()


def test_postgres_or_memory_databases_are_left_alone(tmp_path):
    db = open_database("sqlite://")
    try:
        assert daily_maintenance(db).checked is False
    finally:
        db.dispose()


def test_kept_count_comes_from_the_environment_and_the_cli_runs_it(tmp_path, monkeypatch, capsys):
    import json

    from storage.maintenance import _main, backups_kept

    monkeypatch.setenv("ANBU_BACKUPS_KEPT", "99999999999999999999")
    assert backups_kept() == 7  # nonsense falls back to the default
    monkeypatch.setenv("ANBU_BACKUPS_KEPT", "2")
    assert backups_kept() == 2
    path = _filled(tmp_path / "anbu.sqlite3", rows=5)
    assert _main(["--db", str(path)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["checked"] and out["backup"].startswith(str(path) + ".bak-daily-")
    with pytest.raises(SystemExit) as exit_:
        _main(["--db", str(path), "--keep", "inf"])
    assert exit_.value.code == 2 and "--keep" in capsys.readouterr().err
