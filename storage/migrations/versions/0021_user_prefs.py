"""user prefs: each person's remembered choices (the pages' household scope); an index for the
overview's "calls in 24 h"

Revision ID: 0021_user_prefs
Revises: 0014_escalation
Create Date: 2026-12-02 10:45:00

Issue 19: the scope selector (my households / 동 / district) is remembered per user, on every PC,
so it is a row in the database (user_pref), not a QSettings value. The overview's "calls in the
last 24 h" counted call_attempt by ended_at with no index that starts with it: a scan of the
whole history every reload; ix_call_attempt_ended_at makes it a range read of one day.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.types import JSONText, UTCDateTime

revision = '0021_user_prefs'
down_revision = '0022_recordings_root'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'user_pref',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=60), nullable=False),
        sa.Column('value', JSONText(), nullable=False),
        sa.Column('updated_at', UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name=op.f('fk_user_pref_user_id_app_user'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', 'key', name=op.f('pk_user_pref')),
    )
    op.create_index('ix_call_attempt_ended_at', 'call_attempt', ['ended_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_call_attempt_ended_at', table_name='call_attempt')
    op.drop_table('user_pref')
