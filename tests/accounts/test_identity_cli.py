"""Who a CLI command acts as: the OS account from the real user id (never LOGNAME/USER), or
`--user NAME --password-stdin`; and the `users` command's contract."""

from __future__ import annotations

import io
import json
import os
import pwd
import sys

import pytest
from sqlalchemy import select

from care.accounts.identity import os_account
from main import main
from storage.models import AuditEvent


def _run(argv: list[str], stdin: str = "", monkeypatch=None) -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return main(argv)


def _actors(db_path) -> list[tuple[str, str]]:
    from storage.db import open_database

    db = open_database(str(db_path))
    try:
        with db.session() as s:
            return [(e.actor, e.action) for e in s.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    finally:
        db.dispose()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX real user id")
def test_the_os_account_comes_from_the_real_user_id_not_the_environment(monkeypatch):
    monkeypatch.setenv("LOGNAME", "kim_supervisor")
    monkeypatch.setenv("USER", "kim_supervisor")
    monkeypatch.setenv("USERNAME", "kim_supervisor")
    assert os_account() == pwd.getpwuid(os.getuid()).pw_name != "kim_supervisor"


def test_users_cli_first_admin_then_signed_in_admin_adds_and_lists(tmp_path, monkeypatch, capsys):
    path = tmp_path / "u.sqlite3"
    db = ["--db", str(path)]
    me = os_account()
    # the first run on an empty database: anyone may create the admin, nobody else first
    assert _run(["users", "add", "--name", "kim", "--display", "김주무관", "--role", "social_worker",
                 "--password-stdin", *db], "password1\n", monkeypatch) == 2
    assert "--role admin" in capsys.readouterr().err
    assert _run(["users", "add", "--name", "boss", "--display", "관리자", "--role", "admin",
                 "--password-stdin", *db], "admin-pass1\n", monkeypatch) == 0
    # LOGNAME does not make anyone the admin: the OS account is not a user, so it is refused
    monkeypatch.setenv("LOGNAME", "boss")
    monkeypatch.setenv("USER", "boss")
    assert _run(["users", "add", "--name", "kim", "--display", "김주무관", "--role", "social_worker",
                 "--dong", "화곡1동", "--password-stdin", *db], "password1\n", monkeypatch) == 7
    assert f"'{me}'" in capsys.readouterr().err
    # signed in as the admin: her password first, then the new user's
    assert _run(["users", "--user", "boss", "--password-stdin", "add", "--name", "kim", "--display", "김주무관",
                 "--role", "social_worker", "--dong", "화곡1동", "--password-stdin", *db],
                "admin-pass1\npassword1\n", monkeypatch) == 0
    capsys.readouterr()
    assert _run(["users", "list", "--json", "--user", "boss", *db], "", monkeypatch) == 7  # no keyring token
    capsys.readouterr()
    assert _run(["--user", "boss", "--password-stdin", "users", "list", "--json", *db], "admin-pass1\n",
                monkeypatch) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["username"], r["display_name"], r["role"], r["dong"]) for r in rows] == [
        ("boss", "관리자", "admin", ""), ("kim", "김주무관", "social_worker", "화곡1동")]
    assert _run(["users", "--user", "boss", "--password-stdin", "disable", "kim", *db], "admin-pass1\n",
                monkeypatch) == 0
    assert _run(["users", "--user", "kim", "--password-stdin", "list", *db], "password1\n", monkeypatch) == 7
    assert "disabled" in capsys.readouterr().err
    actors = _actors(path)
    assert (me, "denied") in actors and ("boss", "disable") in actors and ("boss", "create") in actors
    assert not any(a == "boss" and act == "denied" for a, act in actors)


def test_review_cli_acts_as_the_signed_in_user(tmp_path, monkeypatch, capsys, accounts_demo_template):
    import shutil

    path = tmp_path / "demo.sqlite3"
    shutil.copyfile(accounts_demo_template, path)
    db = ["--db", str(path)]
    assert _run(["review", "--json", *db], "", monkeypatch) == 7  # the OS account is not a user here
    capsys.readouterr()
    assert _run(["review", "--json", "--user", "choi.minho", "--password-stdin", *db], "anbu-demo\n",
                monkeypatch) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows
    first = rows[0]["id"]
    assert _run(["review", "--ack", str(first), "--user", "choi.minho", "--password-stdin", *db], "anbu-demo\n",
                monkeypatch) == 0
    assert ("choi.minho", "acknowledge") in _actors(path)
    assert _run(["review", "--ack", str(first), "--user", "choi.minho", "--password-stdin", *db], "wrong-one\n",
                monkeypatch) == 7


def test_an_os_account_an_admin_mapped_signs_on_as_its_user(accounts_db):
    from care.accounts import users
    from care.accounts.identity import command_actor

    me = os_account()
    assert command_actor(accounts_db) == me  # not mapped: the OS account itself (refused by services)
    users.set_os_account(accounts_db, "admin", "lee.sujin", me)
    with pytest.raises(users.AccountError, match="mapped to another user"):
        users.set_os_account(accounts_db, "admin", "park.jieun", me)
    assert command_actor(accounts_db) == "lee.sujin"
    assert users.sign_in_by_os_account(accounts_db, me).username == "lee.sujin"
    users.set_active(accounts_db, "admin", "lee.sujin", False)
    assert command_actor(accounts_db) == me  # a disabled user's mapping no longer signs on
