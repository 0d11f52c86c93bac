"""flag_match: the words a call flag was raised on

Revision ID: 0008_flag_match
Revises: 0007_merge_heads
Create Date: 2026-12-02 04:46:12.905135

A call flag's evidence used to be a JSON copy of the answers with spans over Vosk's spaced words;
the review page moved those spans back onto the readable text. Now the speech path writes one
flag_match row per matched term, pointing at the stored call_answer, with the span already in
call_answer.text. Flags written before this revision keep their JSON and are read as before.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008_flag_match'
down_revision = '0007_merge_heads'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('flag_match',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('flag_id', sa.Integer(), nullable=False),
    sa.Column('call_answer_id', sa.Integer(), nullable=False),
    sa.Column('term', sa.String(length=100), nullable=False),
    sa.Column('category', sa.String(length=30), nullable=False),
    sa.Column('span_start', sa.Integer(), nullable=False),
    sa.Column('span_end', sa.Integer(), nullable=False),
    sa.Column('audio_start', sa.Float(), nullable=True),
    sa.Column('audio_end', sa.Float(), nullable=True),
    sa.CheckConstraint('span_start >= 0 AND span_end > span_start', name=op.f('ck_flag_match_span')),
    sa.ForeignKeyConstraint(['call_answer_id'], ['call_answer.id'], name=op.f('fk_flag_match_call_answer_id_call_answer'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['flag_id'], ['risk_flag.id'], name=op.f('fk_flag_match_flag_id_risk_flag'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_flag_match'))
    )
    with op.batch_alter_table('flag_match', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_flag_match_call_answer_id'), ['call_answer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_flag_match_flag_id'), ['flag_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('flag_match', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_flag_match_flag_id'))
        batch_op.drop_index(batch_op.f('ix_flag_match_call_answer_id'))

    op.drop_table('flag_match')
