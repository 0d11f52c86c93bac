"""access log: workstation, IP, data subject and reason

Revision ID: 0011_audit_fields
Revises: 0010_attempt_slot_fk
Create Date: 2026-12-02 07:30:00

audit_event gains the fields Korea's personal-information safety rules ask of an access log beside
account, time and action: the workstation name and IP the access came from, the household (data
subject) whose record was handled, and the reason given for a download or print. Old rows keep ""
for workstation/ip and NULL for the rest (they were written before these were known).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011_audit_fields'
down_revision = '0010_attempt_slot_fk'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('workstation', sa.String(length=255), server_default='', nullable=False))
        batch_op.add_column(sa.Column('ip', sa.String(length=64), server_default='', nullable=False))
        batch_op.add_column(sa.Column('household_ref', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('reason', sa.Text(), nullable=True))
        batch_op.create_index('ix_audit_event_household_ref', ['household_ref'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_event_household_ref')
        batch_op.drop_column('reason')
        batch_op.drop_column('household_ref')
        batch_op.drop_column('ip')
        batch_op.drop_column('workstation')
