"""Tests only: stop the engine at a named point so a test can SIGKILL the runner process exactly
there (tests/escalation/test_sigkill.py). Without ANBU_ESCALATION_HOLD this is one environment
lookup and returns; with it, the point holds only if the file `<point>.hold` is in that folder:
the engine writes `<point>.reached` and waits there for the kill.

Points: "committed" (every due step's row is committed, nothing of it sent yet) and "sent" (the
line has taken the step, the row does not say so yet)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

HOLD_ENV = "ANBU_ESCALATION_HOLD"


def hold(point: str) -> None:
    folder = os.environ.get(HOLD_ENV)
    if not folder or not (Path(folder) / f"{point}.hold").exists():
        return
    (Path(folder) / f"{point}.reached").write_text(str(os.getpid()), encoding="utf-8")
    threading.Event().wait()  # until the test kills the process
