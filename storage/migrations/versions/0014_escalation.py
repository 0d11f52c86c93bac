"""escalation: duty roster, each flag's escalation and its steps; keyholders' notify consent

Revision ID: 0014_escalation
Revises: 0018_overview
Create Date: 2026-12-02 07:40:00

Issue 15: an urgent flag at night reaches a person. duty_slot is the roster; flag_escalation is one
row per escalated flag (level, short code, state, who acknowledged); escalation_step is every SMS
or notification call, committed before it is sent. contact.notify_consent: only keyholders who
consented are told when the office cannot reach the resident (existing contacts: not consented).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime
from storage.vocabulary import EscalationLevel, EscalationState, EscalationStepKind, EscalationStepStatus, check_in

revision = '0014_escalation'
down_revision = '0018_overview'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'duty_slot',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('days', sa.String(length=40), nullable=False),
        sa.Column('start_time', sa.String(length=5), nullable=False),
        sa.Column('end_time', sa.String(length=5), nullable=False),
        sa.Column('phone', sa.String(length=20), nullable=False),
        sa.Column('username', sa.String(length=100), nullable=True),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_duty_slot')),
    )
    op.create_table(
        'flag_escalation',
        sa.Column('flag_id', sa.Integer(), nullable=False),
        sa.Column('level', sa.String(length=20), nullable=False),
        sa.Column('state', sa.String(length=20), nullable=False),
        sa.Column('code', sa.String(length=12), nullable=False),
        sa.Column('duty_slot_id', sa.Integer(), nullable=True),
        sa.Column('started_at', UTCDateTime(), nullable=False),
        sa.Column('ack_deadline', UTCDateTime(), nullable=True),
        sa.Column('next_at', UTCDateTime(), nullable=True),
        sa.Column('acknowledged_at', UTCDateTime(), nullable=True),
        sa.Column('acknowledged_by', sa.String(length=100), nullable=True),
        sa.Column('ack_channel', sa.String(length=20), nullable=True),
        sa.Column('note', sa.Text(), nullable=False),
        sa.CheckConstraint(check_in('level', EscalationLevel), name=op.f('ck_flag_escalation_level')),
        sa.CheckConstraint(check_in('state', EscalationState), name=op.f('ck_flag_escalation_state')),
        sa.ForeignKeyConstraint(['duty_slot_id'], ['duty_slot.id'], name=op.f('fk_flag_escalation_duty_slot_id_duty_slot'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['flag_id'], ['risk_flag.id'], name=op.f('fk_flag_escalation_flag_id_risk_flag'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('flag_id', name=op.f('pk_flag_escalation')),
        sa.UniqueConstraint('code', name=op.f('uq_flag_escalation_code')),
    )
    op.create_index(op.f('ix_flag_escalation_state'), 'flag_escalation', ['state'], unique=False)
    op.create_table(
        'escalation_step',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('flag_id', sa.Integer(), nullable=False),
        sa.Column('step_no', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('role', sa.String(length=20), nullable=False),
        sa.Column('target_name', sa.String(length=100), nullable=False),
        sa.Column('to', sa.String(length=20), nullable=False),
        sa.Column('duty_slot_id', sa.Integer(), nullable=True),
        sa.Column('contact_id', sa.Integer(), nullable=True),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('provider_sid', sa.String(length=64), nullable=True),
        sa.Column('due_at', UTCDateTime(), nullable=False),
        sa.Column('committed_at', UTCDateTime(), nullable=False),
        sa.Column('sent_at', UTCDateTime(), nullable=True),
        sa.Column('ended_at', UTCDateTime(), nullable=True),
        sa.Column('error', sa.Text(), nullable=True),
        sa.CheckConstraint(check_in('kind', EscalationStepKind), name=op.f('ck_escalation_step_kind')),
        sa.CheckConstraint(check_in('status', EscalationStepStatus), name=op.f('ck_escalation_step_status')),
        sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], name=op.f('fk_escalation_step_contact_id_contact'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['duty_slot_id'], ['duty_slot.id'], name=op.f('fk_escalation_step_duty_slot_id_duty_slot'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['flag_id'], ['risk_flag.id'], name=op.f('fk_escalation_step_flag_id_risk_flag'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_escalation_step')),
        sa.UniqueConstraint('flag_id', 'step_no', name=op.f('uq_escalation_step_flag_id_step_no')),
    )
    op.create_index(op.f('ix_escalation_step_flag_id'), 'escalation_step', ['flag_id'], unique=False)
    op.create_index(op.f('ix_escalation_step_status'), 'escalation_step', ['status'], unique=False)
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.add_column(sa.Column('notify_consent', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.drop_column('notify_consent')
    op.drop_index(op.f('ix_escalation_step_status'), table_name='escalation_step')
    op.drop_index(op.f('ix_escalation_step_flag_id'), table_name='escalation_step')
    op.drop_table('escalation_step')
    op.drop_index(op.f('ix_flag_escalation_state'), table_name='flag_escalation')
    op.drop_table('flag_escalation')
    op.drop_table('duty_slot')
