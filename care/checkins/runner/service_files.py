"""Run the runner as a service: a systemd user unit (Linux) or a Windows scheduled task, filled in
with this installation's interpreter, main.py and database (resources/service/). The runner is
started with --standby, so a second PC given the same file waits and takes over when the first
stops. `python main.py runner --print-service systemd|windows` prints it; the Schedule page shows it.
"""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path
from xml.sax.saxutils import escape

from sqlalchemy.engine import make_url

KINDS = {"systemd": "anbu-runner.service", "windows": "anbu-runner.xml"}
ROOT = Path(__file__).resolve().parents[2]


def _quote(text: str) -> str:
    return f'"{text}"' if any(ch.isspace() for ch in text) else text


def _db_arg(db_url: str | None) -> str:
    """The database to name, never a password: a URL with one is printed masked, and the
    password belongs in the keyring or a pgpass file."""
    if not db_url:
        return ""
    url = make_url(db_url) if "://" in db_url else None
    shown = url.render_as_string(hide_password=True) if url is not None else db_url
    return f" --db {_quote(shown)}"


def service_definition(kind: str, db_url: str | None = None, python: str | None = None) -> str:
    """The unit / task XML for `kind` ("systemd" or "windows")."""
    if kind not in KINDS:
        raise ValueError(f"unknown service kind {kind!r}: use one of {', '.join(KINDS)}")
    template = (resources.files("resources") / "service" / KINDS[kind]).read_text(encoding="utf-8")
    values = {"python": _quote(python or sys.executable), "main": _quote(str(ROOT / "main.py")),
              "workdir": str(ROOT), "db_arg": _db_arg(db_url)}
    if kind == "windows":
        values = {k: escape(v) for k, v in values.items()}
    return template.format(**values)
