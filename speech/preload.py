"""Imported by the pool's fork server (multiprocessing "forkserver" preload): loads the Vosk model
named by ANBU_PRELOAD_MODEL once, so every worker forked from the server shares the model's
memory pages instead of holding a private copy (~300 MB each). Measured on 2 shared cores, one
run each: spawn 1.03x the single-stream real-time factor per worker, fork server 0.99x — a small
gain, within run-to-run noise; the memory saving is the surer part.
"""

from __future__ import annotations

import os
from pathlib import Path

PRELOAD_ENV = "ANBU_PRELOAD_MODEL"

if os.environ.get(PRELOAD_ENV):
    try:
        from speech.model import load_model

        load_model(Path(os.environ[PRELOAD_ENV]))
    except Exception:
        pass
