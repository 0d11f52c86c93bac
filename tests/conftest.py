"""Session-wide test set-up.

- Qt runs offscreen; every test gets its own Anbu data dir (never the user's real one).
- Fixture modules in tests/fixtures/*.py are loaded as plugins, one per area, so areas can add
  session fixtures (the Vosk model, the fake Twilio server, the Mosquitto broker) without editing
  this file.
- Tests that need ../shared fail (not skip) when CI=true and the files are missing.
"""

from __future__ import annotations

import os
import pkgutil
import shutil
import sqlite3
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("ANBU_DB_URL", None)

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ANBU_SHARED_DIR", ROOT.parent / "shared"))

pytest_plugins = [
    f"tests.fixtures.{m.name}"
    for m in pkgutil.iter_modules([str(Path(__file__).with_name("fixtures"))])
    if not m.name.startswith("_")
]


def require_shared(*parts: str) -> Path:
    """Path under ../shared; fails under CI=true when missing, skips elsewhere."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        message = f"{path} is missing: tests need the shared speech clips beside the project"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture
def shared_speech_ko() -> Path:
    return require_shared("speech", "ko")


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory, monkeypatch):
    data = tmp_path_factory.mktemp("anbu-data")
    monkeypatch.setenv("ANBU_DATA_DIR", str(data))
    monkeypatch.delenv("ANBU_DB_URL", raising=False)
    return data


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory) -> Path:
    """One SQLite file migrated from empty once per session; fixtures copy it instead of migrating
    again (tests/storage/test_migrations.py keeps the migrate-from-empty test)."""
    from storage.db import open_database

    path = tmp_path_factory.mktemp("migrated-template") / "template.sqlite3"
    open_database(str(path)).dispose()
    with sqlite3.connect(path) as con:  # everything in the main file, no -wal beside it
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def copy_migrated(template: Path, target: Path) -> Path:
    """A fresh, migrated SQLite file at target (a copy of the session's template)."""
    shutil.copyfile(template, target)
    return target


@pytest.fixture
def db(tmp_path, migrated_template):
    """A real, migrated SQLite file in tmp_path (a copy of the session's migrated template)."""
    from storage.db import open_database

    database = open_database(str(copy_migrated(migrated_template, tmp_path / "anbu.sqlite3")))
    yield database
    database.dispose()
