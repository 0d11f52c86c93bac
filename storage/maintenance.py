"""Keeping the SQLite file healthy: SQLite's quick_check (at start-up and daily) and periodic online
backups with rotation, besides the pre-migration copies storage/migrate.py takes.

    check_sqlite(path)                  # raises DatabaseCorruptError naming the file and what to do
    report = daily_maintenance(db)      # quick_check, then one backup a day, the newest `keep` kept

    python -m storage.maintenance [--db URL] [--keep N]   # the same now (cron, or by hand); JSON out

daily_maintenance is idempotent within a day (the runner may call it on every planning pass); it
never backs up a damaged file and never rotates a good backup away because of one. Backups sit
beside the database as `<name>.bak-daily-<UTC stamp>`, one self-contained SQLite file each.
How many are kept: the `keep` argument, else ANBU_BACKUPS_KEPT, else 7.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import DatabaseCorruptError, DatabaseLockedError, StorageError
from .files import private_file

if TYPE_CHECKING:
    from .db import Database

DEFAULT_BACKUPS_KEPT = 7  # daily backups: a week back
KEPT_ENV = "ANBU_BACKUPS_KEPT"  # 1..3650
DAILY_MARK = ".bak-daily-"
MAX_REPORTED = 20  # quick_check stops after this many problems


@dataclass
class MaintenanceReport:
    checked: bool = False
    backup: Path | None = None
    removed: list[Path] = field(default_factory=list)


def quick_check(path: Path) -> list[str]:
    """SQLite's quick_check on the file (read-only); [] when healthy. O(size), no index cross-check."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
    except sqlite3.Error as exc:
        return [str(exc)]
    try:
        rows = con.execute(f"PRAGMA quick_check({MAX_REPORTED})").fetchall()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise DatabaseLockedError(f"the database {path} is locked by another program (another Anbu, a backup "
                                      "tool or an SQLite browser). Close it and try again.") from exc
        return [str(exc)]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        con.close()
    return [str(r[0]) for r in rows if r[0] != "ok"]


def backups(path: Path) -> list[Path]:
    """Every backup beside the database (daily and pre-migration), newest first."""
    found = [p for p in path.parent.glob(f"{path.name}.bak-*") if not p.name.endswith(("-wal", "-shm", "-journal"))]
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def check_sqlite(path: Path) -> None:
    """Raise DatabaseCorruptError, worded for the person at the keyboard, when quick_check finds damage."""
    problems = quick_check(path)
    if not problems:
        return
    newest = next(iter(backups(path)), None)
    restore = (f"copy the newest backup {newest} over it" if newest
               else f"restore it from your own backup (no {path.name}.bak-* copy is beside it)")
    raise DatabaseCorruptError(
        f"the database file {path} is damaged: SQLite's check found {len(problems)} problem(s), first: "
        f"{problems[0]}. Stop Anbu on every PC, keep the damaged file aside, then {restore}; "
        "or name another file with --db."
    )


def backup_sqlite(path: Path, target: Path) -> Path:
    """A consistent copy through SQLite's online backup (WAL contents included, writers not blocked
    for long), as one self-contained file."""
    partial = target.with_name(target.name + ".partial")
    src = sqlite3.connect(path, timeout=30)
    try:
        dst = sqlite3.connect(partial)
        try:
            with dst:
                src.backup(dst, pages=1024)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise StorageError(f"cannot back up the database {path} to {target}: {exc}") from exc
    finally:
        src.close()
    private_file(partial)  # a copy of residents' data: owner only, like the database
    partial.replace(target)  # a backup file is either whole or absent
    return target


def backups_kept() -> int:
    """ANBU_BACKUPS_KEPT when it is a whole number 1..3650, else the default."""
    raw = os.environ.get(KEPT_ENV, "").strip()
    if raw.isascii() and raw.isdigit() and len(raw) <= 4 and 1 <= int(raw) <= 3650:
        return int(raw)
    return DEFAULT_BACKUPS_KEPT


def daily_maintenance(db: Database, now: datetime | None = None, keep: int | None = None) -> MaintenanceReport:
    """quick_check, then today's backup if none was taken yet, then rotation to the newest `keep`
    daily backups. A server database (PostgreSQL) is left to its own tools: nothing happens."""
    report = MaintenanceReport()
    keep = backups_kept() if keep is None else keep
    path = db.path
    if path is None or not path.exists():
        return report
    check_sqlite(path)
    report.checked = True
    now = now or datetime.now(UTC)
    daily = sorted(path.parent.glob(f"{path.name}{DAILY_MARK}*"))
    daily = [p for p in daily if not p.name.endswith(".partial")]
    today = now.astimezone(UTC).strftime("%Y%m%d")
    if not any(p.name[len(path.name) + len(DAILY_MARK):].startswith(today) for p in daily):
        stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        report.backup = backup_sqlite(path, path.with_name(f"{path.name}{DAILY_MARK}{stamp}"))
        daily.append(report.backup)
    for old in sorted(daily)[: max(0, len(daily) - max(1, keep))]:
        old.unlink(missing_ok=True)
        report.removed.append(old)
    return report


def _kept(text: str) -> int:
    import argparse

    raw = text.strip()
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 4 and 1 <= int(raw) <= 3650):
        raise argparse.ArgumentTypeError(f"{text[:20]!r} is not a number of backups between 1 and 3650")
    return int(raw)


def _main(argv: list[str]) -> int:
    import argparse

    from .db import open_database

    p = argparse.ArgumentParser(prog="python -m storage.maintenance",
                                description="check the SQLite file now and take today's backup if none yet")
    p.add_argument("--db", help="database URL or SQLite file path (default: ANBU_DB_URL, then the user data dir)")
    p.add_argument("--keep", type=_kept, metavar="N", help=f"daily backups kept, 1..3650 (default: {KEPT_ENV} or 7)")
    args = p.parse_args(argv)
    try:
        db = open_database(args.db)
        try:
            report = daily_maintenance(db, keep=args.keep)
        finally:
            db.dispose()
    except StorageError as exc:
        print(f"anbu: {exc}", file=sys.stderr)
        return exc.exit_code
    print(json.dumps({"checked": report.checked, "backup": str(report.backup) if report.backup else None,
                      "removed": [str(p) for p in report.removed]}))
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
