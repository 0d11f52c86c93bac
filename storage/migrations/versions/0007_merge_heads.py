"""merge the devices and runner branches into one head

Revision ID: 0007_merge_heads
Revises: 0005_devices, 0006_runner
Create Date: 2026-12-02 04:30:00

The devices and runner areas each branched from the initial revision. This revision changes no
schema; it rejoins the two heads so the history has one head again and every new revision goes on
top of it (`python -m storage.migrate revision ...` now defaults to `head`).
"""

from __future__ import annotations

revision = '0007_merge_heads'
down_revision = ('0005_devices', '0006_runner')
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
