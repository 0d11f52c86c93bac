"""Residents' data on disk is readable by its owner only: a new data folder 0700, the database and
its -wal/-shm 0600, backups, recordings and runner logs likewise (POSIX; on Windows the folder is
in the user's profile, whose ACL is per-user)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from storage.files import private_dir

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes; Windows relies on the profile's ACL")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_data_folder_database_and_its_wal_are_owner_only(tmp_path):
    data = tmp_path / "fresh" / "anbu"
    env = {**os.environ, "ANBU_DATA_DIR": str(data), "PYTHONPATH": str(ROOT)}
    env.pop("ANBU_DB_URL", None)
    # a permissive umask in the caller: the files must be private anyway
    r = subprocess.run([sys.executable, "-c", "import os, sys; os.umask(0o022); import main; "
                        "sys.exit(main.main(['plan', '--show']))"], cwd=ROOT, env=env, capture_output=True, timeout=120)
    assert r.returncode == 0, r.stderr.decode()
    assert mode(data) == 0o700
    db = data / "anbu.sqlite3"
    assert mode(db) == 0o600
    # keep a connection open so the -wal/-shm files exist, then look at them
    import sqlite3

    con = sqlite3.connect(db)
    try:
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("CREATE TABLE IF NOT EXISTS probe (x)")
        con.execute("INSERT INTO probe VALUES (1)")
        con.commit()
        for suffix in ("-wal", "-shm"):
            side = db.with_name(db.name + suffix)
            assert side.exists() and mode(side) == 0o600, suffix
    finally:
        con.close()


def test_the_database_opened_in_process_is_owner_only_even_with_a_permissive_umask(tmp_path, monkeypatch):
    from storage.db import data_dir, open_database

    old = os.umask(0o022)
    try:
        monkeypatch.setenv("ANBU_DATA_DIR", str(tmp_path / "d"))
        assert mode(data_dir()) == 0o700
        db = open_database(str(tmp_path / "d" / "x.sqlite3"))
        db.dispose()
        assert mode(tmp_path / "d" / "x.sqlite3") == 0o600
    finally:
        os.umask(old)


def test_runner_logs_recordings_and_backups_are_owner_only(tmp_path, monkeypatch):
    from care.checkins.runner.logs import setup_runner_logging
    from storage.maintenance import backup_sqlite

    old = os.umask(0o022)
    try:
        log = setup_runner_logging()
        assert mode(log.parent) == 0o700 and mode(log) == 0o600
        rec = private_dir(tmp_path / "rec" / "2026-12-01")
        assert mode(rec) == 0o700 and mode(rec.parent) == 0o700
        src = tmp_path / "src.sqlite3"
        import sqlite3

        sqlite3.connect(src).close()
        backup = backup_sqlite(src, tmp_path / "copy.bak")
        assert mode(backup) == 0o600
    finally:
        os.umask(old)
        import logging

        logger = logging.getLogger("anbu")
        for h in [h for h in logger.handlers if getattr(h, "_anbu_runner", False)]:
            logger.removeHandler(h)
            h.close()


def test_runner_logging_set_up_again_for_another_data_folder_writes_there(tmp_path, monkeypatch):
    """A second set-up in the same process (another data folder) re-points the log file; it used to
    keep the first folder's handler and leave the new log missing (failed once on a fresh clone)."""
    import logging

    from care.checkins.runner.logs import setup_runner_logging

    logger = logging.getLogger("anbu")
    try:
        for name in ("first", "second"):
            monkeypatch.setenv("ANBU_DATA_DIR", str(tmp_path / name))
            log = setup_runner_logging()
            logger.warning("hello from %s", name)
            assert log.is_file() and f"hello from {name}" in log.read_text(encoding="utf-8")
    finally:
        for h in [h for h in logger.handlers if getattr(h, "_anbu_runner", False)]:
            logger.removeHandler(h)
            h.close()


def test_the_runner_log_is_rotated_at_midnight_keeps_30_days_and_every_file_is_owner_only(tmp_path, monkeypatch):
    """Issue 19: sized by days, not bytes (2 MB x 5 kept less than a week at district scale)."""
    import logging

    from care.checkins.runner.logs import DAYS_KEPT, PrivateDailyHandler, setup_runner_logging

    logger = logging.getLogger("anbu")
    monkeypatch.setenv("ANBU_DATA_DIR", str(tmp_path / "data"))
    old = os.umask(0o022)
    try:
        log = setup_runner_logging()
        handler, = [h for h in logger.handlers if isinstance(h, PrivateDailyHandler)]
        assert (handler.when, handler.backupCount, DAYS_KEPT) == ("MIDNIGHT", 30, 30)
        logger.warning("before midnight")
        handler.doRollover()  # what midnight does
        logger.warning("after midnight")
        rotated = [p for p in log.parent.iterdir() if p.name.startswith("runner.log.")]
        assert len(rotated) == 1 and "before midnight" in rotated[0].read_text(encoding="utf-8")
        assert "after midnight" in log.read_text(encoding="utf-8")
        assert mode(log) == 0o600 and mode(rotated[0]) == 0o600
    finally:
        os.umask(old)
        for h in [h for h in logger.handlers if getattr(h, "_anbu_runner", False)]:
            logger.removeHandler(h)
            h.close()
