"""Accounts without Qt: the first admin, adding and disabling users, passwords, lock-out."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from care.accounts import users
from care.accounts.access import AccessDenied
from storage.models import AppUser, AuditEvent
from storage.types import utcnow


def _actions(db, actor=None):
    with db.session() as s:
        q = select(AuditEvent.actor, AuditEvent.action).order_by(AuditEvent.id)
        return [tuple(r) for r in s.execute(q) if actor is None or r[0] == actor]


def test_the_first_user_must_be_an_admin_then_only_admins_add_users(db):
    with pytest.raises(users.AccountError, match="--role admin"):
        users.add_user(db, "root", "kim", "김주무관", "social_worker", "password1")
    boss = users.add_user(db, "root", "boss", "관리자", "admin", "admin-pass1")
    assert boss.role == "admin" and boss.username == "boss"
    with db.session() as s:
        stored = s.scalar(select(AppUser.password_hash).where(AppUser.username == "boss"))
    assert stored.startswith("$argon2") and "admin-pass1" not in stored
    # once a user exists, an OS account that is not a user may not add one (refusal logged)
    with pytest.raises(AccessDenied, match="not a user"):
        users.add_user(db, "root", "kim", "김주무관", "social_worker", "password1")
    assert ("root", "denied") in _actions(db)
    kim = users.add_user(db, "boss", "kim", "김주무관", "social_worker", "password1", dong="화곡1동")
    assert (kim.display_name, kim.dong, kim.names) == ("김주무관", "화곡1동", ("김주무관", "kim"))
    # a social worker manages no users
    with pytest.raises(AccessDenied, match="social_worker"):
        users.add_user(db, "kim", "lee", "이주무관", "social_worker", "password1")
    with pytest.raises(AccessDenied):
        users.list_users(db, "kim")
    assert [u.username for u in users.list_users(db, "boss")] == ["boss", "kim"]
    assert _actions(db, "kim") == [("kim", "denied"), ("kim", "denied")]


def test_bad_account_input_names_what_is_wrong(db):
    users.add_user(db, "root", "boss", "관리자", "admin", "admin-pass1")
    with pytest.raises(users.AccountError, match="8"):
        users.add_user(db, "boss", "kim", "", "social_worker", "short")
    with pytest.raises(users.AccountError, match="role must be one of"):
        users.add_user(db, "boss", "kim", "", "worker", "password1")
    with pytest.raises(users.AccountError, match="username"):
        users.add_user(db, "boss", "Kim Lee", "", "social_worker", "password1")
    with pytest.raises(users.AccountError, match="exists"):
        users.add_user(db, "boss", "boss", "", "admin", "password1")


def test_sign_in_locks_after_five_wrong_passwords_and_an_admin_reset_unlocks(db):
    users.add_user(db, "root", "boss", "관리자", "admin", "admin-pass1")
    users.add_user(db, "boss", "kim", "김주무관", "social_worker", "password1")
    now = utcnow()
    assert users.authenticate(db, "kim", "password1", now=now).last_login == now
    for i in range(4):
        with pytest.raises(users.SignInError, match=f"{4 - i} more") as e:
            users.authenticate(db, "kim", "nope", now=now)
        assert e.value.reason == "wrong"
    with pytest.raises(users.SignInError, match="locked") as e:
        users.authenticate(db, "kim", "nope", now=now)
    assert e.value.reason == "locked" and e.value.locked_until == now + timedelta(minutes=users.LOCK_MINUTES)
    # the right password does not open a locked account ...
    with pytest.raises(users.SignInError, match="try again in 15 minutes"):
        users.authenticate(db, "kim", "password1", now=now + timedelta(minutes=1))
    # ... until the lock ends
    assert users.authenticate(db, "kim", "password1", now=now + timedelta(minutes=16)).username == "kim"
    for _ in range(5):
        with pytest.raises(users.SignInError):
            users.authenticate(db, "kim", "nope", now=now + timedelta(minutes=20))
    _, password = users.reset_password(db, "boss", "kim")
    assert users.authenticate(db, "kim", password, now=now + timedelta(minutes=21)).failed_logins == 0
    actions = [a for _, a in _actions(db, "kim")]
    assert actions.count("lock") == 2 and "login_failed" in actions and actions.count("login") == 3
    assert ("boss", "reset_password") in _actions(db)


def test_unknown_or_disabled_users_cannot_sign_in_and_passwords_change(db):
    users.add_user(db, "root", "boss", "관리자", "admin", "admin-pass1")
    users.add_user(db, "boss", "kim", "김주무관", "social_worker", "password1")
    with pytest.raises(users.SignInError, match="wrong username or password"):
        users.authenticate(db, "nobody", "password1")
    users.change_password(db, "kim", "password1", "password2")
    with pytest.raises(users.SignInError):
        users.authenticate(db, "kim", "password1")
    assert users.authenticate(db, "kim", "password2").username == "kim"
    users.set_active(db, "boss", "kim", False)
    with pytest.raises(users.SignInError, match="disabled") as e:
        users.authenticate(db, "kim", "password2")
    assert e.value.reason == "disabled"
    with pytest.raises(AccessDenied, match="disabled"):  # a disabled user's services refuse her too
        users.list_users(db, "kim")
    with pytest.raises(users.AccountError, match="last active admin"):
        users.set_active(db, "boss", "boss", False)


def test_demo_accounts_are_marked_and_use_the_demo_password(accounts_db):
    from care.accounts.demo import DEMO_PASSWORD, DEMO_WORKERS
    from care.demo.seed import WORKERS

    listed = {u.username: u for u in users.list_users(accounts_db, "admin")}
    assert all(u.is_demo for u in listed.values()) and len(listed) == len(WORKERS) + 2
    assert sorted(listed[u].display_name for u in DEMO_WORKERS) == sorted(WORKERS)
    assert (listed["kim.supervisor"].role, listed["admin"].role) == ("supervisor", "admin")
    assert users.authenticate(accounts_db, "choi.minho", DEMO_PASSWORD).display_name == "최민호 주무관"
