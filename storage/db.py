"""Where the database is, how to open it, and the one unit-of-work helper.

    db = open_database(args.db)          # resolves the URL, checks the file, migrates, backs up
    with db.session() as s:              # one unit of work: commit on success, rollback on error
        s.add(...)
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import platformdirs
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from .credentials import KEYRING_SERVICE, connect_url, display_url, keyring_user
from .errors import ConnectionFailedError, DatabaseCorruptError, DatabaseLockedError, StorageError
from .files import create_private_file, private_dir

APP_NAME = "anbu"
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000


def data_dir() -> Path:
    """The per-user data folder (recordings, logs, the default database). ANBU_DATA_DIR overrides."""
    override = os.environ.get("ANBU_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return private_dir(path)  # owner only (storage/files.py)


def default_db_url() -> str:
    return f"sqlite:///{data_dir() / 'anbu.sqlite3'}"


def resolve_db_url(explicit: str | None = None) -> tuple[str, bool]:
    """`--db`, then ANBU_DB_URL, then the default file. A bare path means a SQLite file.
    Returns (url, is_default)."""
    for candidate in (explicit, os.environ.get("ANBU_DB_URL")):
        if candidate:
            if "://" not in candidate:
                candidate = f"sqlite:///{Path(candidate).expanduser().resolve()}"
            return candidate, False
    return default_db_url(), True


def sqlite_path(url: str) -> Path | None:
    u = make_url(url)
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    return Path(u.database)


def make_engine(url: str, *, explicit: bool = False) -> Engine:
    """An engine for the URL; a server password comes from the URL, the OS keyring or libpq's
    PGPASSWORD/pgpass (storage/credentials.py). The engine's repr masks it."""
    if make_url(url).get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        return engine
    target, _source = connect_url(url, explicit=explicit)
    return create_engine(target, pool_pre_ping=True)


def describe_db_error(exc: Exception, url: str) -> StorageError:
    """Turn a driver error into a sentence a social worker can act on."""
    where = sqlite_path(url) or display_url(url)
    detail = str(getattr(exc, "orig", exc))
    password = make_url(url).password
    if password:  # a driver message never repeats it, but make sure
        detail = detail.replace(str(password), "***")
    msg = detail.lower()
    if "locked" in msg or "busy" in msg:
        return DatabaseLockedError(
            f"the database {where} is locked by another program (another Anbu, a backup tool or an "
            "SQLite browser). Close it and try again."
        )
    if "not a database" in msg or "malformed" in msg or "file is encrypted" in msg:
        return DatabaseCorruptError(
            f"the database file {where} is damaged or is not an Anbu database. Restore the latest "
            "backup (anbu.sqlite3.bak-*) beside it, or name another file with --db."
        )
    if not sqlite_path(url) and (server := _server_failure(msg, url)):
        return ConnectionFailedError(f"cannot use the database {where}: {server[1]}", server[0])
    if "password" in msg and not sqlite_path(url):
        return StorageError(f"cannot use the database {where}: {detail}. Keep the password in the OS keyring "
                            f"(service {KEYRING_SERVICE}, user {keyring_user(url)}) or a pgpass file.")
    return StorageError(f"cannot use the database {where}: {detail}")


def _server_failure(msg: str, url: str) -> tuple[str, str] | None:
    """The four ways a database server refuses an office PC: (ConnectionFailedError kind, a
    sentence district IT can act on)."""
    u = make_url(url)
    server = f"{u.host or 'localhost'}:{u.port or 5432}"
    kinds = ConnectionFailedError
    if "password authentication failed" in msg or "no password supplied" in msg:
        return kinds.WRONG_PASSWORD, (
            f"the server {server} refused the password for user {u.username!r}. Check the password kept in "
            f"the OS keyring (service {KEYRING_SERVICE}, user {keyring_user(url)}) or the pgpass file, "
            "and that district IT gave this user access.")
    if "does not exist" in msg and "database" in msg:
        return kinds.DATABASE_MISSING, (
            f"the server {server} has no database {u.database!r}. Check the name in the URL, or ask district "
            f"IT to create it (createdb -O {u.username or 'anbu'} {u.database or 'anbu'}).")
    if "ssl" in msg and ("required" in msg or "no encryption" in msg or "pg_hba.conf" in msg
                         or "does not support ssl" in msg or "certificate" in msg):
        return kinds.TLS, (
            f"the server {server} and this PC disagree on an encrypted (TLS) connection: {msg.strip()[:160]}. "
            "Use the sslmode district IT gives (e.g. ?sslmode=verify-full&sslrootcert=PATH in the URL).")
    if ("connection refused" in msg or "could not connect" in msg or "timeout expired" in msg
            or "name or service not known" in msg or "could not translate host name" in msg
            or "server closed the connection" in msg or "connection is bad" in msg
            or "terminating connection" in msg or "the database system is shutting down" in msg
            or "consuming input failed" in msg):
        return kinds.SERVER_DOWN, (
            f"the database server {server} cannot be reached (it is down, or the network or a firewall "
            "blocks it). Check that the server is running and this PC is on the office network, then try "
            "again; no data was changed.")
    return None


@dataclass
class Database:
    url: str
    engine: Engine
    is_default: bool = False
    newly_created: bool = False

    def __post_init__(self) -> None:
        self._factory = sessionmaker(self.engine, expire_on_commit=False)

    def __repr__(self) -> str:
        return f"Database({self.display!r})"

    @property
    def display(self) -> str:
        """Where the data is, for people and logs: the SQLite file, or the URL with the password masked."""
        path = self.path
        return str(path) if path else display_url(self.url)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: commits when the block ends, rolls everything back on any error."""
        s = self._factory()
        try:
            yield s
            s.commit()
        except (OperationalError, DatabaseError) as exc:
            s.rollback()
            raise describe_db_error(exc, self.url) from exc
        except BaseException:
            s.rollback()
            raise
        finally:
            s.close()

    @property
    def path(self) -> Path | None:
        return sqlite_path(self.url)

    def dispose(self) -> None:
        self.engine.dispose()

    def ping(self) -> None:
        """One round trip to the database; raises the worded StorageError (ConnectionFailedError
        when the server is down or refuses) when it does not answer."""
        with self.session() as s:
            s.execute(text("SELECT 1"))


def _check_sqlite_file(path: Path) -> bool:
    """Returns True when the file is new. Refuses a file that is not SQLite, before anything
    writes to it."""
    if not path.exists() or path.stat().st_size == 0:
        if not path.parent.exists():
            private_dir(path.parent)
        create_private_file(path)  # 0600 before SQLite writes a byte; its -wal/-shm copy this mode
        return True
    try:
        with path.open("rb") as fh:
            header = fh.read(16)
    except OSError as exc:
        raise StorageError(f"cannot read the database file {path}: {exc.strerror}") from exc
    if header != SQLITE_HEADER:
        raise DatabaseCorruptError(
            f"the file {path} is not an SQLite database (it may be damaged or another kind of file). "
            "Restore a backup or name another file with --db."
        )
    return False


def open_database(explicit: str | None = None, *, migrate: bool = True) -> Database:
    """Resolve, check (header, then SQLite's quick_check on an existing file), migrate (backing the
    file up first) and return the database. migrate=False skips the quick_check as well."""
    url, is_default = resolve_db_url(explicit)
    path = sqlite_path(url)
    newly_created = _check_sqlite_file(path) if path else False
    engine = make_engine(url, explicit=bool(explicit))
    db = Database(url=url, engine=engine, is_default=is_default, newly_created=newly_created)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        if path is not None and not newly_created and migrate:
            from .maintenance import check_sqlite

            check_sqlite(path)  # damage is reported before anything (a migration) writes to the file
        if migrate:
            from .migrate import upgrade

            upgrade(db)
    except (OperationalError, DatabaseError) as exc:
        engine.dispose()
        raise describe_db_error(exc, url) from exc
    except StorageError:
        engine.dispose()
        raise
    return db
