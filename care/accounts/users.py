"""Local users: argon2 password hashes, sign-in with a lock-out after repeated failures, password
change and admin reset, and the first admin of an empty database.

A username is the actor written to the access log; the display name ("최민호 주무관") is what the
household's `worker` field and a flag's assignee hold. Services hand out `UserView`, never the row.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from care import audit
from care.accounts import access
from care.errors import AnbuError
from storage.db import Database
from storage.models import AppUser
from storage.types import utcnow
from storage.vocabulary import Role

MAX_FAILURES = 5  # failed sign-ins in a row before the account locks
LOCK_MINUTES = 15
MIN_PASSWORD = 8
USERNAME = re.compile(r"^[a-z][a-z0-9._-]{1,49}$")
ENTITY = "app_user"
_hasher = PasswordHasher()


class AccountError(AnbuError):
    """Bad input for an account: an unknown role, a taken name, a short password."""


class SignInError(AnbuError):
    """Wrong name or password, a disabled or locked account. `reason` is a key the console words:
    wrong | locked | disabled; `locked_until` is set for a lock."""

    exit_code = 7

    def __init__(self, message: str, reason: str, locked_until: datetime | None = None,
                 attempts_left: int | None = None) -> None:
        super().__init__(message)
        self.reason = reason
        self.locked_until = locked_until
        self.attempts_left = attempts_left


@dataclass(frozen=True)
class UserView:
    id: int
    username: str
    display_name: str
    role: Role
    dong: str
    active: bool
    is_demo: bool
    last_login: datetime | None
    failed_logins: int
    locked_until: datetime | None
    os_account: str | None

    @property
    def names(self) -> tuple[str, ...]:
        """What a household's worker field or a flag's assignee may hold for this person."""
        return tuple(n for n in (self.display_name, self.username) if n)

    def to_json(self) -> dict[str, Any]:
        return {"username": self.username, "display_name": self.display_name, "role": str(self.role),
                "dong": self.dong, "active": self.active, "is_demo": self.is_demo,
                "last_login": self.last_login.isoformat() if self.last_login else None,
                "failed_logins": self.failed_logins,
                "locked_until": self.locked_until.isoformat() if self.locked_until else None,
                "os_account": self.os_account}


def view_of(u: AppUser) -> UserView:
    return UserView(u.id, u.username, u.display_name or u.username, Role(u.role), u.dong or "", bool(u.active),
                    bool(u.is_demo), u.last_login, int(u.failed_logins or 0), u.locked_until, u.os_account)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"비밀번호는 {MIN_PASSWORD}자 이상이어야 합니다 "
                           f"(the password must have at least {MIN_PASSWORD} characters)")
    if password != password.strip():
        raise AccountError("비밀번호 앞뒤에 공백이 있습니다 (the password starts or ends with a space)")


def parse_role(text: str) -> Role:
    try:
        return Role(text.strip())
    except ValueError:
        raise AccountError(f"알 수 없는 역할 '{text}' (role must be one of: "
                           f"{', '.join(r.value for r in Role)})") from None


def _find(s: Session, username: str) -> AppUser:
    u = s.scalar(select(AppUser).where(AppUser.username == username.strip().lower()))
    if u is None:
        raise AccountError(f"사용자 '{username}'이(가) 없습니다 (no user named '{username}')")
    return u


def user_count(db: Database) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count(AppUser.id))) or 0)


def add_user_in(s: Session, actor: str, username: str, display_name: str, role: Role | str, password: str, *,
                dong: str = "", is_demo: bool = False, os_account: str | None = None) -> UserView:
    """Add a user in the caller's transaction. Only an admin may, except for the very first user
    of an empty database, who must be an admin (the first run creates the admin)."""
    first = not s.scalar(select(func.count(AppUser.id)))
    role = parse_role(str(role))
    if first and role != Role.ADMIN:
        raise AccountError("첫 사용자는 관리자여야 합니다 (the first user of a database must have --role admin)")
    if not first:
        access.require(s, actor, access.Permission.MANAGE_USERS)
    name = username.strip().lower()
    if not USERNAME.match(name):
        raise AccountError(f"사용자 이름 '{username}'을(를) 쓸 수 없습니다:영문 소문자로 시작하고 영문·숫자·._- 만 "
                           f"(a username is 2-50 of a-z 0-9 . _ -, starting with a letter)")
    display = display_name.strip() or name
    if len(display) > 100 or len(dong) > 50:
        raise AccountError("표시 이름(100자) 또는 동(50자)이 너무 깁니다 (display name or 동 too long)")
    _check_password(password)
    if s.scalar(select(AppUser.id).where(AppUser.username == name)) is not None:
        raise AccountError(f"사용자 '{name}'이(가) 이미 있습니다 (a user named '{name}' exists)")
    if os_account and s.scalar(select(AppUser.id).where(AppUser.os_account == os_account)) is not None:
        raise AccountError(f"OS 계정 '{os_account}'은(는) 이미 다른 사용자에 연결되어 있습니다 "
                           f"(the OS account '{os_account}' is mapped to another user)")
    u = AppUser(username=name, display_name=display, role=str(role), dong=dong.strip(), active=True,
                password_hash=hash_password(password), is_demo=is_demo, os_account=os_account or None)
    s.add(u)
    s.flush()
    audit.record(s, actor, "create", ENTITY, u.id,
                 {"username": name, "role": str(role), "first_admin": first, "is_demo": is_demo})
    return view_of(u)


def add_user(db: Database, actor: str, username: str, display_name: str, role: Role | str, password: str, *,
             dong: str = "", os_account: str | None = None) -> UserView:
    with db.session() as s:
        return add_user_in(s, actor, username, display_name, role, password, dong=dong, os_account=os_account)


def list_users(db: Database, actor: str) -> list[UserView]:
    """Every user (admins; supervisors too, to assign flags); logged as a list view."""
    with db.session() as s:
        access.require(s, actor, access.Permission.LIST_USERS)
        rows = [view_of(u) for u in s.scalars(select(AppUser).order_by(AppUser.username))]
        audit.record(s, actor, "list", ENTITY, None, {"rows": len(rows)})
        return rows


def assignable_users(db: Database) -> list[UserView]:
    """Active users a flag may be assigned to (the console's list): no password data, no log row
    (names and roles only, no resident's data)."""
    with db.session() as s:
        return [view_of(u) for u in s.scalars(select(AppUser).where(AppUser.active.is_(True))
                                              .order_by(AppUser.display_name))]


def set_active(db: Database, actor: str, username: str, active: bool) -> UserView:
    with db.session() as s:
        access.require(s, actor, access.Permission.MANAGE_USERS)
        u = _find(s, username)
        if not active and u.role == Role.ADMIN and u.active:
            others = s.scalar(select(func.count(AppUser.id)).where(
                AppUser.role == Role.ADMIN, AppUser.active.is_(True), AppUser.id != u.id))
            if not others:
                raise AccountError("마지막 관리자는 비활성화할 수 없습니다 (cannot disable the last active admin)")
        u.active = active
        audit.record(s, actor, "enable" if active else "disable", ENTITY, u.id, {"username": u.username})
        return view_of(u)


def set_os_account(db: Database, actor: str, username: str, os_account: str | None) -> UserView:
    """Trust an OS account (Windows log-on or POSIX login) as this user's single sign-on."""
    with db.session() as s:
        access.require(s, actor, access.Permission.MANAGE_USERS)
        u = _find(s, username)
        if os_account and s.scalar(select(AppUser.id).where(AppUser.os_account == os_account,
                                                            AppUser.id != u.id)) is not None:
            raise AccountError(f"OS 계정 '{os_account}'은(는) 이미 다른 사용자에 연결되어 있습니다 "
                               f"(the OS account '{os_account}' is mapped to another user)")
        u.os_account = os_account or None
        audit.record(s, actor, "map_os_account", ENTITY, u.id, {"username": u.username, "os_account": os_account})
        return view_of(u)


def change_password(db: Database, username: str, old: str, new: str) -> UserView:
    """A user changes her own password (the old one proves it is her)."""
    authenticate(db, username, old)
    _check_password(new)
    with db.session() as s:
        u = _find(s, username)
        u.password_hash = hash_password(new)
        audit.record(s, u.username, "change_password", ENTITY, u.id, {"username": u.username})
        return view_of(u)


def reset_password(db: Database, actor: str, username: str, new: str | None = None) -> tuple[UserView, str]:
    """An admin sets a new password (a random one when `new` is None) and unlocks the account.
    Returns the user and the password to hand over."""
    password = new if new is not None else secrets.token_urlsafe(12)
    _check_password(password)
    with db.session() as s:
        access.require(s, actor, access.Permission.MANAGE_USERS)
        u = _find(s, username)
        u.password_hash = hash_password(password)
        u.failed_logins = 0
        u.locked_until = None
        audit.record(s, actor, "reset_password", ENTITY, u.id, {"username": u.username})
        return view_of(u), password


def authenticate(db: Database, username: str, password: str, *, now: datetime | None = None) -> UserView:
    """Sign in: the user when the password is right; SignInError otherwise. MAX_FAILURES wrong
    passwords in a row lock the account for LOCK_MINUTES; every attempt is in the access log."""
    now = now or utcnow()
    name = (username or "").strip().lower()
    with db.session() as s:
        u = s.scalar(select(AppUser).where(AppUser.username == name))
        if u is None:
            audit.record(s, name or "?", "login_failed", ENTITY, None, {"reason": "unknown_user"})
            failure = SignInError("사용자 이름 또는 비밀번호가 틀렸습니다 (wrong username or password)", "wrong")
        elif not u.active:
            audit.record(s, u.username, "login_failed", ENTITY, u.id, {"reason": "disabled"})
            failure = SignInError(f"'{u.username}' 계정은 사용 중지되었습니다 (the account is disabled)", "disabled")
        elif u.locked_until is not None and u.locked_until > now:
            audit.record(s, u.username, "login_failed", ENTITY, u.id, {"reason": "locked"})
            failure = _locked(u.locked_until, now)
        else:
            try:
                ok = bool(u.password_hash) and _hasher.verify(u.password_hash, password)
            except (VerificationError, InvalidHashError):
                ok = False
            if ok:
                u.failed_logins = 0
                u.locked_until = None
                u.last_login = now
                if _hasher.check_needs_rehash(u.password_hash):
                    u.password_hash = hash_password(password)
                audit.record(s, u.username, "login", ENTITY, u.id)
                return view_of(u)
            u.failed_logins = int(u.failed_logins or 0) + 1
            if u.failed_logins >= MAX_FAILURES:
                u.locked_until = now + timedelta(minutes=LOCK_MINUTES)
                u.failed_logins = 0
                audit.record(s, u.username, "lock", ENTITY, u.id, {"minutes": LOCK_MINUTES})
                failure = _locked(u.locked_until, now)
            else:
                left = MAX_FAILURES - u.failed_logins
                audit.record(s, u.username, "login_failed", ENTITY, u.id, {"reason": "wrong_password"})
                failure = SignInError(f"사용자 이름 또는 비밀번호가 틀렸습니다. {left}번 더 틀리면 "
                                      f"{LOCK_MINUTES}분 동안 잠깁니다 (wrong username or password; "
                                      f"{left} more and the account locks for {LOCK_MINUTES} minutes)", "wrong",
                                      attempts_left=left)
    raise failure  # after the block: the counter and the log rows are committed


def issue_token(db: Database, actor: str, username: str) -> str:
    """An admin issues a CLI sign-in token for `username` (its hash is stored, the token returned
    once, to be kept in the OS keyring of the PC where that person runs commands)."""
    token = secrets.token_urlsafe(24)
    with db.session() as s:
        access.require(s, actor, access.Permission.MANAGE_USERS)
        u = _find(s, username)
        u.token_hash = hash_password(token)
        audit.record(s, actor, "issue_token", ENTITY, u.id, {"username": u.username})
    return token


def authenticate_token(db: Database, username: str, token: str) -> UserView:
    """Sign in with an admin-issued token: the same lock-out and access-log rows as a password."""
    with db.session() as s:
        u = _find(s, username)
        ok = False
        if u.active and u.token_hash and not (u.locked_until is not None and u.locked_until > utcnow()):
            try:
                ok = _hasher.verify(u.token_hash, token)
            except (VerificationError, InvalidHashError):
                ok = False
        if ok:
            u.last_login = utcnow()
            audit.record(s, u.username, "login", ENTITY, u.id, {"with": "token"})
            return view_of(u)
        audit.record(s, u.username, "login_failed", ENTITY, u.id, {"reason": "token"})
    raise SignInError(f"'{username}'의 로그인 토큰이 맞지 않거나 계정이 잠겼습니다 (the sign-in token for "
                      f"'{username}' is not valid, or the account is disabled or locked)", "wrong")


def _locked(until: datetime, now: datetime) -> SignInError:
    minutes = max(1, int((until - now).total_seconds() // 60) + 1)
    return SignInError(f"비밀번호를 {MAX_FAILURES}번 틀려 계정이 잠겼습니다. {minutes}분 뒤에 다시 시도하거나 관리자에게 "
                       f"초기화를 요청하세요 (locked after {MAX_FAILURES} wrong passwords; try again in {minutes} "
                       f"minutes or ask an admin to reset it)", "locked", until)


def sign_in_by_os_account(db: Database, account: str) -> UserView | None:
    """Single sign-on: the active, unlocked user an admin mapped this OS account to (the sign-in
    is logged), or None."""
    with db.session() as s:
        u = s.scalar(select(AppUser).where(AppUser.os_account == account, AppUser.active.is_(True)))
        if u is None or (u.locked_until is not None and u.locked_until > utcnow()):
            return None
        u.last_login = utcnow()
        audit.record(s, u.username, "login", ENTITY, u.id, {"with": "os_account", "os_account": account})
        return view_of(u)


def user_by_os_account(db: Database, os_account: str) -> UserView | None:
    with db.session() as s:
        u = s.scalar(select(AppUser).where(AppUser.os_account == os_account, AppUser.active.is_(True)))
        return view_of(u) if u is not None else None


def user_named(db: Database, username: str) -> UserView | None:
    with db.session() as s:
        u = s.scalar(select(AppUser).where(AppUser.username == username.strip().lower()))
        return view_of(u) if u is not None else None
