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


BACKENDS = ("sqlite", "postgresql")
# Test folders whose `db` tests run on both backends; everything else (the console) stays on SQLite,
# except a test marked `postgresql_smoke`.
# the directories whose tests run on both backends: the storage, the domain's workflows and the
# runner (what several PCs share). devices/telephony/risk/speech stay on SQLite for suite time (their
# PostgreSQL-specific proofs are marked postgresql_only); a full doubled run took 15 min on CI.
BOTH_BACKENDS = ("storage", "care", "runner")


def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_only(reason): the test is about SQLite itself (a file, pragmas, "
                                       "its locking); it runs on SQLite only")
    config.addinivalue_line("markers", "postgresql_smoke: a test outside the both-backend directories that also runs on PostgreSQL")
    config.addinivalue_line("markers", "postgresql_only(reason): about the shared server itself (several PCs on "
                                       "one database); it runs on PostgreSQL only")


def db_backends(metafunc) -> tuple[str, ...]:
    node = metafunc.definition
    if node.get_closest_marker("postgresql_only"):
        return ("postgresql",)
    if node.get_closest_marker("sqlite_only"):
        return ("sqlite",)
    if node.get_closest_marker("postgresql_smoke"):
        return BACKENDS
    if "qtbot" in metafunc.fixturenames or "qapp" in metafunc.fixturenames:
        return ("sqlite",)  # console tests stay on SQLite (one smoke test on PostgreSQL)
    parts = Path(str(metafunc.definition.path)).relative_to(ROOT / "tests").parts
    return BACKENDS if parts and parts[0] in BOTH_BACKENDS else ("sqlite",)


def pytest_generate_tests(metafunc):
    """`db` (and every fixture built on it) is parametrised by backend: one fixture, one migrated
    template per backend, not a copied suite."""
    if "db" in metafunc.fixturenames:
        metafunc.parametrize("db", db_backends(metafunc), indirect=True)


@pytest.fixture
def db_backend(request) -> str:
    """The backend of this test's `db` ("sqlite" for tests that have none)."""
    callspec = getattr(request.node, "callspec", None)
    return callspec.params.get("db", "sqlite") if callspec else "sqlite"


@pytest.fixture
def db(request, tmp_path, migrated_template, monkeypatch):
    """A real, migrated database: on SQLite a file in tmp_path (a copy of the session's migrated
    template), on PostgreSQL a database of the session's server (a copy of its migrated template,
    by CREATE DATABASE ... TEMPLATE). PGPASSWORD is set, so `db.url` carries no password and works
    as `--db` in a subprocess too."""
    from storage.db import open_database

    backend = getattr(request, "param", "sqlite")
    if backend == "sqlite":
        database = open_database(str(copy_migrated(migrated_template, tmp_path / "anbu.sqlite3")))
        yield database
        database.dispose()
        return
    from tests.fixtures.postgres import PASSWORD, copy_postgres_template, drop_postgres_database

    server = request.getfixturevalue("postgres_server")
    template = request.getfixturevalue("postgres_template")
    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    url = copy_postgres_template(server, template)
    database = open_database(url)
    yield database
    database.dispose()
    drop_postgres_database(server, url)
