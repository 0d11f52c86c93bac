"""overview: one covering index for each household's calls

Revision ID: 0018_overview
Revises: 0013_accounts
Create Date: 2026-12-02 08:00:00

The overview reads, per household, the last finished call and every call since the resident was
last reached (care.review.overview_query, care.households.reachability). Attempts are written in
time order, so one household's rows are scattered over the table: at 10,000 households that was a
random page read per attempt. This index holds everything those two reads need, in household
order, so both are index-only scans.
"""

from __future__ import annotations

from alembic import op

revision = '0018_overview'
down_revision = '0013_accounts'
branch_labels = None
depends_on = None

COLUMNS = ['household_id', 'ended_at', 'id', 'outcome', 'answered_by', 'slot_key', 'dialed_at', 'scheduled_at']


def upgrade() -> None:
    op.create_index('ix_call_attempt_household_calls', 'call_attempt', COLUMNS, unique=False)


def downgrade() -> None:
    op.drop_index('ix_call_attempt_household_calls', table_name='call_attempt')
