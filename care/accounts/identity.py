"""Who a process acts as.

- `os_account()`: the OS account of this process, from its real user id (POSIX: the passwd entry
  of os.getuid(); Windows: the logged-on user through the Win32 API). Never LOGNAME/USER/USERNAME,
  which anyone can set for one command.
- `command_actor(db, user=..., password=...)`: the actor a CLI command writes to the access log:
  * `--user NAME` with the password on stdin -> NAME, once the password is right (a wrong one counts
    towards the lock-out like a console sign-in);
  * `--user NAME` without a password -> NAME when this PC's OS keyring holds a sign-in token an admin
    issued for NAME (`users token NAME`), checked against its hash in app_user;
  * otherwise the OS account, or the user an admin mapped that OS account to (single sign-on).
  Whether that actor may do the command is the service's decision (care/accounts/access.py): an OS
  account that is not a user may act only on a database with no users yet.
- System actors (`access.RUNNER`, `access.INGEST`, `access.DEVICES`) are for unattended processes.
"""

from __future__ import annotations

import os
import sys

from care.accounts import users
from storage.db import Database

TOKEN_SERVICE = "anbu.user-token"  # OS keyring service holding admin-issued CLI tokens (user = username)


def os_account() -> str:
    """The OS account this process runs as, from the real user id (not the environment)."""
    if sys.platform == "win32":
        return _windows_account()
    import pwd

    try:
        return pwd.getpwuid(os.getuid()).pw_name
    except KeyError:  # a uid without a passwd entry (containers): the number is still who it is
        return f"uid:{os.getuid()}"


def _windows_account() -> str:  # pragma: no cover - Windows only
    import ctypes
    from ctypes import wintypes

    size = wintypes.DWORD(0)
    secur32 = ctypes.WinDLL("secur32")  # type: ignore[attr-defined]
    name_sam_compatible = 2  # DOMAIN\\user
    secur32.GetUserNameExW(name_sam_compatible, None, ctypes.byref(size))
    buf = ctypes.create_unicode_buffer(size.value or 256)
    if secur32.GetUserNameExW(name_sam_compatible, buf, ctypes.byref(size)):
        return buf.value
    advapi32 = ctypes.WinDLL("advapi32")  # type: ignore[attr-defined]
    size = wintypes.DWORD(256)
    buf = ctypes.create_unicode_buffer(256)
    if not advapi32.GetUserNameW(buf, ctypes.byref(size)):
        raise OSError("the Windows user name could not be read")
    return buf.value


def command_actor(db: Database, *, user: str | None = None, password: str | None = None) -> str:
    """The actor of one CLI command (see the module's docstring)."""
    if user:
        if password is not None:
            return users.authenticate(db, user, password).username
        return users.authenticate_token(db, user, _keyring_token(user)).username
    account = os_account()
    mapped = users.user_by_os_account(db, account)
    return mapped.username if mapped is not None else account


def _keyring_token(username: str) -> str:
    from storage.credentials import os_keyring

    backend, why = os_keyring("give --password-stdin instead")
    token = None
    if backend is not None:
        try:
            token = backend.get_password(TOKEN_SERVICE, username.strip().lower())
        except Exception:  # a locked keyring reads as no token
            token = None
    if not token:
        raise users.SignInError(f"'{username}'의 로그인 토큰이 이 PC의 키링에 없습니다: --password-stdin 으로 비밀번호를 "
                                f"주세요 (no sign-in token for '{username}' in this PC's keyring ({why}); give the "
                                f"password with --password-stdin)", "wrong")
    return token


def store_token(username: str, token: str) -> None:
    """Keep an admin-issued token in this PC's OS keyring (refused without a real keyring)."""
    from storage.credentials import os_keyring

    backend, why = os_keyring()
    if backend is None:
        raise users.AccountError(f"이 PC에는 토큰을 보관할 OS 키링이 없습니다 (no OS keyring for the token: {why})")
    backend.set_password(TOKEN_SERVICE, username.strip().lower(), token)
