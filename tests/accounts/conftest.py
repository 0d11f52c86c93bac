"""A seeded demo database with its demo accounts, once per session (copied per test)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def accounts_demo_template(tmp_path_factory, review_demo_template) -> Path:
    from care.accounts.demo import seed_demo_accounts
    from storage.db import open_database

    path = tmp_path_factory.mktemp("accounts-demo") / "demo.sqlite3"
    shutil.copyfile(review_demo_template, path)
    db = open_database(str(path))
    seed_demo_accounts(db, "system:demo")
    db.dispose()
    return path


@pytest.fixture
def accounts_db(tmp_path, accounts_demo_template):
    from storage.db import open_database

    path = tmp_path / "accounts.sqlite3"
    shutil.copyfile(accounts_demo_template, path)
    database = open_database(str(path))
    yield database
    database.dispose()
