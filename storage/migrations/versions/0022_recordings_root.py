"""recordings root: call_attempt.recording_path relative to the shared recordings root

Revision ID: 0022_recordings_root
Revises: 0014_escalation
Create Date: 2026-12-02 11:00:00

Issue 18: a console on another PC must find the runner's recordings. Rows now keep the path
relative to the recordings root (runner setting `recordings_root`, the district's file share;
ANBU_RECORDINGS_ROOT on this PC; default the data folder's recordings/). This data migration turns
every absolute path under that root into a relative one. A path outside it (another PC's data
folder) is left absolute: it is still read as it is (care.checkins.recordings.resolve_recording).
No schema change; downgrade writes the absolute paths back.
"""

from __future__ import annotations

import json
import os
from pathlib import Path, PurePath

import sqlalchemy as sa
from alembic import op

revision = '0022_recordings_root'
down_revision = '0020_scale'
branch_labels = None
depends_on = None

_attempt = sa.table('call_attempt', sa.column('id', sa.Integer), sa.column('recording_path', sa.String))
_setting = sa.table('app_setting', sa.column('key', sa.String), sa.column('value', sa.JSON))


def _root(conn) -> Path:
    """The same root care.checkins.recordings.recordings_root finds (without importing care/)."""
    if os.environ.get("ANBU_RECORDINGS_ROOT"):
        return Path(os.environ["ANBU_RECORDINGS_ROOT"]).expanduser()
    value = conn.execute(sa.select(_setting.c.value).where(_setting.c.key == 'runner')).scalar()
    if isinstance(value, str):
        value = json.loads(value)
    configured = str((value or {}).get('recordings_root') or '').strip()
    if configured:
        return Path(configured).expanduser()
    from storage.db import data_dir

    return data_dir() / 'recordings'


def upgrade() -> None:
    conn = op.get_bind()
    root = _root(conn).resolve()
    rows = conn.execute(sa.select(_attempt.c.id, _attempt.c.recording_path)
                        .where(_attempt.c.recording_path.is_not(None))).all()
    for attempt_id, path_text in rows:
        path = PurePath(path_text)
        if not path.is_absolute():
            continue
        try:
            relative = Path(path_text).resolve().relative_to(root)
        except (ValueError, OSError):
            continue  # outside the root: read as it is
        conn.execute(sa.update(_attempt).where(_attempt.c.id == attempt_id)
                     .values(recording_path=relative.as_posix()))


def downgrade() -> None:
    conn = op.get_bind()
    root = _root(conn).resolve()
    rows = conn.execute(sa.select(_attempt.c.id, _attempt.c.recording_path)
                        .where(_attempt.c.recording_path.is_not(None))).all()
    for attempt_id, path_text in rows:
        if not PurePath(path_text).is_absolute():
            conn.execute(sa.update(_attempt).where(_attempt.c.id == attempt_id)
                         .values(recording_path=str(root / path_text)))
