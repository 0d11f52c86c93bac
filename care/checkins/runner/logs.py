"""The runner's rotating log file in the app data dir (logs/runner.log). Household ids only:
no phone numbers, names or secrets are logged."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from storage.db import data_dir
from storage.files import private_dir, private_file


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
        file_handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
        private_file(path)  # owner only (rotated files keep the mode: they are renamed)
        file_handler.setFormatter(fmt)
        file_handler._anbu_runner = True  # type: ignore[attr-defined]
        console = logging.StreamHandler()
        console.setFormatter(fmt)
        console.setLevel(logging.INFO if verbose else logging.WARNING)
        console._anbu_runner = True  # type: ignore[attr-defined]
        logger.addHandler(file_handler)
        logger.addHandler(console)
    return path
