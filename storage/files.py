"""Files holding residents' data are readable by their owner only.

On POSIX the data folder, recordings and logs folders are created 0700 and the database, its
-wal/-shm files (SQLite gives them the database file's mode), backups, recordings and logs 0600;
`owner_only_umask()` (called once at start-up by main.py) makes every file the process creates
0600/0700 unless it says otherwise. On Windows the data folder lives in the user's profile
(%LOCALAPPDATA%), whose ACL already grants only that user (plus SYSTEM and Administrators), and
POSIX modes mean nothing there, so these calls change nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

POSIX = os.name == "posix"
DIR_MODE, FILE_MODE = 0o700, 0o600


def owner_only_umask() -> None:
    """New files and folders of this process: owner only (umask 077)."""
    if POSIX:
        os.umask(0o077)


def private_dir(path: Path) -> Path:
    """mkdir -p, with every folder it creates (and `path` itself) set to 0700."""
    path = Path(path)
    missing: list[Path] = []
    probe = path
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    path.mkdir(parents=True, exist_ok=True)
    if POSIX:
        for created in missing:
            os.chmod(created, DIR_MODE)
        if path.stat().st_mode & 0o777 != DIR_MODE:
            os.chmod(path, DIR_MODE)
    return path


def private_file(path: Path) -> Path:
    """Set an existing file to 0600 (a database, backup, recording or log)."""
    if POSIX and Path(path).exists():
        os.chmod(path, FILE_MODE)
    return Path(path)


def create_private_file(path: Path) -> None:
    """Create an empty file that is 0600 from its first moment (no window where others can open it)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE)
    os.close(fd)
    private_file(path)
