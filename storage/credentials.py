"""The database password: never printed, never needed on the command line.

A server URL should carry no password (`--db` is visible to every user in `ps`, ANBU_DB_URL in the
process environment). The password then comes from, in this order:

1. the OS keyring: service "anbu.database", user "<user>@<host>:<port>/<database>", e.g.
       python -m keyring set anbu.database anbu@db.example:5432/anbu
2. libpq's own sources, read by psycopg when the URL has none: PGPASSWORD, then the pgpass file
   (PGPASSFILE, default ~/.pgpass, mode 0600: `db.example:5432:anbu:anbu:secret`).

A password written in the URL still works (compatibility) but gives a warning. Wherever a URL is
shown (logs, messages, repr) it goes through display_url(), which masks the password.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from sqlalchemy.engine import URL, make_url

log = logging.getLogger("anbu.storage")

KEYRING_SERVICE = "anbu.database"
ALLOW_ALT_KEYRING = "ANBU_ALLOW_ALT_KEYRING"  # tests only: accept a keyrings.alt file backend


def display_url(url: str | URL) -> str:
    """The URL with its password masked (***), safe for logs and messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL is shown as a placeholder, never raw
        return "<database URL that cannot be read>"


def keyring_user(url: str | URL) -> str:
    """The keyring "user" under which a server's password is kept."""
    u = make_url(url)
    return f"{u.username or ''}@{u.host or 'localhost'}:{u.port or 5432}/{u.database or ''}"


def os_keyring(instead: str = "") -> tuple[Any, str]:
    """(backend or None, description). Only a real OS keyring counts: no backend, a fail/null one,
    or keyrings.alt (which keeps secrets in a plain file) is None. Every secret Anbu keeps (the
    database password here, the Twilio token, the MQTT password) goes through this one rule;
    `instead` says what the person can use instead (an environment variable)."""
    try:
        import keyring

        backend = keyring.get_keyring()
    except Exception as exc:  # a broken keyring configuration is "no keyring"
        return None, f"keyring unavailable: {exc}"
    module = type(backend).__module__
    name = f"{module}.{type(backend).__name__}"
    if module.endswith(("fail", "null")) or getattr(backend, "priority", 1) <= 0:
        return None, f"no usable OS keyring ({name}); {instead}".rstrip("; ")
    if module.startswith("keyrings.alt") and os.environ.get(ALLOW_ALT_KEYRING) != "1":
        return None, f"{name} is not an OS keyring (it keeps secrets in a file); {instead}".rstrip("; ")
    return backend, name


def _usable_keyring() -> Any:  # a keyring backend, or None
    return os_keyring()[0]


def keyring_password(url: str | URL) -> str | None:
    backend = _usable_keyring()
    if backend is None:
        return None
    try:
        return backend.get_password(KEYRING_SERVICE, keyring_user(url))
    except Exception as exc:  # a locked or failing keyring: fall back to libpq's sources
        log.warning("the OS keyring could not be read for the database password (%s)", type(exc).__name__)
        return None


def store_password(url: str | URL, password: str) -> None:
    """Keep a server's password in the OS keyring (refuses without one: use a pgpass file then)."""
    backend = _usable_keyring()
    if backend is None:
        raise RuntimeError("no usable OS keyring: put the password in a pgpass file (PGPASSFILE or ~/.pgpass)")
    backend.set_password(KEYRING_SERVICE, keyring_user(url), password)


def connect_url(url: str, *, explicit: bool = False) -> tuple[URL, str]:
    """(URL to connect with, where the password comes from: url|keyring|libpq|none).

    SQLite URLs come back unchanged. `explicit` says the URL was typed on the command line, where a
    password is visible to other users."""
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        return u, "none"
    if u.password:
        if explicit:
            log.warning("the database password given in --db is visible to other users of this computer "
                        "(ps); keep it in the OS keyring (service %s, user %s) or a pgpass file instead",
                        KEYRING_SERVICE, keyring_user(u))
        return u, "url"
    if os.environ.get("PGPASSWORD"):
        return u, "libpq"
    stored = keyring_password(u)
    if stored:
        return u.set(password=stored), "keyring"
    return u, "libpq"  # PGPASSFILE / ~/.pgpass, or a server that needs no password
