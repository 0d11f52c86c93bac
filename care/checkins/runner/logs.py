"""The runner's log file in the app data dir (logs/runner.log), rotated at local midnight with
DAYS_KEPT days kept (issue 19: 2 MB x 5 kept less than a week at district scale; by days, the
office knows what it has). Owner-only (0600), the rotated files too. Household ids only: no phone
numbers, names or secrets are logged."""

from __future__ import annotations

import io
import logging
import logging.handlers
import os
from pathlib import Path

from storage.db import data_dir
from storage.files import private_dir, private_file

DAYS_KEPT = 30


class PrivateDailyHandler(logging.handlers.TimedRotatingFileHandler):
    """Rotated at midnight, DAYS_KEPT files kept; every file it opens is created 0600 (a rollover
    opens a new one: the umask's default mode would let other accounts on the PC read it)."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, when="midnight", backupCount=DAYS_KEPT, encoding="utf-8")

    def _open(self) -> io.TextIOWrapper:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        return open(fd, "a", encoding=self.encoding, errors=self.errors)


def setup_runner_logging(verbose: bool = False) -> Path:
    path = data_dir() / "logs" / "runner.log"
    private_dir(path.parent)
    logger = logging.getLogger("anbu")
    logger.setLevel(logging.INFO)
    ours = [h for h in logger.handlers if getattr(h, "_anbu_runner", False)]
    if any(isinstance(h, logging.FileHandler) and Path(h.baseFilename) != path.resolve() for h in ours):
        for h in ours:  # set up before for another data folder (a test, a second database): re-point
            logger.removeHandler(h)
            h.close()
        ours = []
    if not ours:
        fmt = logging.Formatter("%(asctime)s %(levelname)s %(threadName)s %(message)s")
        file_handler = PrivateDailyHandler(path)
        private_file(path)  # owner only, also a file an older version created
        file_handler.setFormatter(fmt)
        file_handler._anbu_runner = True  # type: ignore[attr-defined]
        console = logging.StreamHandler()
        console.setFormatter(fmt)
        console.setLevel(logging.INFO if verbose else logging.WARNING)
        console._anbu_runner = True  # type: ignore[attr-defined]
        logger.addHandler(file_handler)
        logger.addHandler(console)
    return path
