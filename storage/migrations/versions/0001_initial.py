"""initial schema

Revision ID: 0001_initial
Revises: 
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types


revision = '0001_initial'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('app_setting',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('value', storage.types.JSONText(), nullable=False),
    sa.Column('updated_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_app_setting'))
    )
    op.create_table('app_user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=100), nullable=False),
    sa.Column('display_name', sa.String(length=100), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_app_user')),
    sa.UniqueConstraint('username', name=op.f('uq_app_user_username'))
    )
    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ts', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=100), nullable=False),
    sa.Column('action', sa.String(length=50), nullable=False),
    sa.Column('entity', sa.String(length=50), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=True),
    sa.Column('detail', storage.types.JSONText(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_event'))
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_event_ts'), ['ts'], unique=False)

    op.create_table('household',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ref', sa.String(length=32), nullable=True),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('birth_year', sa.Integer(), nullable=True),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('dong', sa.String(length=50), nullable=False),
    sa.Column('worker', sa.String(length=100), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('consent_recording', sa.Boolean(), nullable=False),
    sa.Column('consent_date', sa.Date(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('is_demo', sa.Boolean(), nullable=False),
    sa.Column('created_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_household')),
    sa.UniqueConstraint('phone', name=op.f('uq_household_phone')),
    sa.UniqueConstraint('ref', name=op.f('uq_household_ref'))
    )
    with op.batch_alter_table('household', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_household_dong'), ['dong'], unique=False)
        batch_op.create_index('ix_household_name', ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_household_worker'), ['worker'], unique=False)

    op.create_table('call_attempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=False),
    sa.Column('slot', sa.String(length=40), nullable=False),
    sa.Column('attempt_no', sa.Integer(), nullable=False),
    sa.Column('idempotency_key', sa.String(length=100), nullable=False),
    sa.Column('status', sa.String(length=30), nullable=False),
    sa.Column('provider', sa.String(length=20), nullable=False),
    sa.Column('provider_call_sid', sa.String(length=64), nullable=True),
    sa.Column('call_status', sa.String(length=20), nullable=True),
    sa.Column('answered_by', sa.String(length=20), nullable=True),
    sa.Column('scheduled_at', storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('dialed_at', storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('ended_at', storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('duration_s', sa.Float(), nullable=True),
    sa.Column('recording_path', sa.String(length=500), nullable=True),
    sa.Column('recording_deleted_remote', sa.Boolean(), nullable=False),
    sa.Column('recording_purged_at', storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('outcome', sa.String(length=20), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('is_demo', sa.Boolean(), nullable=False),
    sa.Column('created_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['household_id'], ['household.id'], name=op.f('fk_call_attempt_household_id_household'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_call_attempt')),
    sa.UniqueConstraint('household_id', 'slot', 'attempt_no', name=op.f('uq_call_attempt_household_id_slot_attempt_no')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_call_attempt_idempotency_key'))
    )
    with op.batch_alter_table('call_attempt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_call_attempt_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_call_attempt_provider_call_sid'), ['provider_call_sid'], unique=False)
        batch_op.create_index(batch_op.f('ix_call_attempt_scheduled_at'), ['scheduled_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_call_attempt_slot'), ['slot'], unique=False)
        batch_op.create_index(batch_op.f('ix_call_attempt_status'), ['status'], unique=False)

    op.create_table('check_in_plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=False),
    sa.Column('weekdays', sa.String(length=40), nullable=False),
    sa.Column('window_start', sa.String(length=5), nullable=False),
    sa.Column('window_end', sa.String(length=5), nullable=False),
    sa.Column('timezone', sa.String(length=50), nullable=False),
    sa.Column('cadence', sa.String(length=20), nullable=False),
    sa.Column('script', sa.String(length=50), nullable=False),
    sa.Column('paused', sa.Boolean(), nullable=False),
    sa.Column('pause_reason', sa.String(length=200), nullable=False),
    sa.Column('paused_until', sa.Date(), nullable=True),
    sa.Column('created_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['household_id'], ['household.id'], name=op.f('fk_check_in_plan_household_id_household'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_check_in_plan')),
    sa.UniqueConstraint('household_id', name=op.f('uq_check_in_plan_household_id'))
    )
    op.create_table('contact',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('relation', sa.String(length=50), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('priority', sa.Integer(), nullable=False),
    sa.Column('has_key', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['household_id'], ['household.id'], name=op.f('fk_contact_household_id_household'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contact')),
    sa.UniqueConstraint('household_id', 'priority', name=op.f('uq_contact_household_id_priority'))
    )
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contact_household_id'), ['household_id'], unique=False)

    op.create_table('device',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=False),
    sa.Column('ref', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('vendor', sa.String(length=50), nullable=False),
    sa.Column('external_id', sa.String(length=100), nullable=False),
    sa.Column('installed_on', sa.Date(), nullable=True),
    sa.Column('last_seen_at', storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_value', sa.Float(), nullable=True),
    sa.Column('battery', sa.Float(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('is_demo', sa.Boolean(), nullable=False),
    sa.Column('created_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['household_id'], ['household.id'], name=op.f('fk_device_household_id_household'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_device')),
    sa.UniqueConstraint('household_id', 'ref', name=op.f('uq_device_household_id_ref'))
    )
    with op.batch_alter_table('device', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_device_household_id'), ['household_id'], unique=False)

    op.create_table('call_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('question_index', sa.Integer(), nullable=False),
    sa.Column('question_key', sa.String(length=40), nullable=False),
    sa.Column('text_raw', sa.Text(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('words', storage.types.JSONText(), nullable=True),
    sa.Column('start_s', sa.Float(), nullable=True),
    sa.Column('end_s', sa.Float(), nullable=True),
    sa.Column('confidence', sa.Float(), nullable=True),
    sa.Column('silence_ratio', sa.Float(), nullable=True),
    sa.Column('keypad', sa.String(length=20), nullable=False),
    sa.Column('intelligible', sa.Boolean(), nullable=False),
    sa.Column('reason', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['attempt_id'], ['call_attempt.id'], name=op.f('fk_call_answer_attempt_id_call_attempt'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_call_answer')),
    sa.UniqueConstraint('attempt_id', 'question_index', name=op.f('uq_call_answer_attempt_id_question_index'))
    )
    with op.batch_alter_table('call_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_call_answer_attempt_id'), ['attempt_id'], unique=False)

    op.create_table('risk_flag',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('category', sa.String(length=30), nullable=False),
    sa.Column('severity', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=15), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('evidence', storage.types.JSONText(), nullable=True),
    sa.Column('attempt_id', sa.Integer(), nullable=True),
    sa.Column('device_id', sa.Integer(), nullable=True),
    sa.Column('dedupe_key', sa.String(length=200), nullable=True),
    sa.Column('assignee', sa.String(length=100), nullable=True),
    sa.Column('acknowledged_at', storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('acknowledged_by', sa.String(length=100), nullable=True),
    sa.Column('resolved_at', storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('resolved_by', sa.String(length=100), nullable=True),
    sa.Column('resolution', sa.String(length=20), nullable=True),
    sa.Column('resolution_note', sa.Text(), nullable=False),
    sa.Column('is_demo', sa.Boolean(), nullable=False),
    sa.Column('created_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['attempt_id'], ['call_attempt.id'], name=op.f('fk_risk_flag_attempt_id_call_attempt'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['device_id'], ['device.id'], name=op.f('fk_risk_flag_device_id_device'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['household_id'], ['household.id'], name=op.f('fk_risk_flag_household_id_household'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_risk_flag')),
    sa.UniqueConstraint('dedupe_key', name=op.f('uq_risk_flag_dedupe_key'))
    )
    with op.batch_alter_table('risk_flag', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_risk_flag_category'), ['category'], unique=False)
        batch_op.create_index(batch_op.f('ix_risk_flag_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_risk_flag_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_risk_flag_status'), ['status'], unique=False)

    op.create_table('robot_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('device_id', sa.Integer(), nullable=False),
    sa.Column('ts', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('detail', storage.types.JSONText(), nullable=True),
    sa.ForeignKeyConstraint(['device_id'], ['device.id'], name=op.f('fk_robot_event_device_id_device'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_robot_event')),
    sa.UniqueConstraint('device_id', 'kind', 'ts', name=op.f('uq_robot_event_device_id_kind_ts'))
    )
    with op.batch_alter_table('robot_event', schema=None) as batch_op:
        batch_op.create_index('ix_robot_event_device_ts', ['device_id', 'ts'], unique=False)

    op.create_table('sensor_reading',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('device_id', sa.Integer(), nullable=False),
    sa.Column('metric', sa.String(length=30), nullable=False),
    sa.Column('ts', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('unit', sa.String(length=10), nullable=False),
    sa.ForeignKeyConstraint(['device_id'], ['device.id'], name=op.f('fk_sensor_reading_device_id_device'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sensor_reading')),
    sa.UniqueConstraint('device_id', 'metric', 'ts', name=op.f('uq_sensor_reading_device_id_metric_ts'))
    )
    with op.batch_alter_table('sensor_reading', schema=None) as batch_op:
        batch_op.create_index('ix_sensor_reading_device_ts', ['device_id', 'ts'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('sensor_reading', schema=None) as batch_op:
        batch_op.drop_index('ix_sensor_reading_device_ts')

    op.drop_table('sensor_reading')
    with op.batch_alter_table('robot_event', schema=None) as batch_op:
        batch_op.drop_index('ix_robot_event_device_ts')

    op.drop_table('robot_event')
    with op.batch_alter_table('risk_flag', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_risk_flag_status'))
        batch_op.drop_index(batch_op.f('ix_risk_flag_household_id'))
        batch_op.drop_index(batch_op.f('ix_risk_flag_created_at'))
        batch_op.drop_index(batch_op.f('ix_risk_flag_category'))

    op.drop_table('risk_flag')
    with op.batch_alter_table('call_answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_call_answer_attempt_id'))

    op.drop_table('call_answer')
    with op.batch_alter_table('device', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_device_household_id'))

    op.drop_table('device')
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contact_household_id'))

    op.drop_table('contact')
    op.drop_table('check_in_plan')
    with op.batch_alter_table('call_attempt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_call_attempt_status'))
        batch_op.drop_index(batch_op.f('ix_call_attempt_slot'))
        batch_op.drop_index(batch_op.f('ix_call_attempt_scheduled_at'))
        batch_op.drop_index(batch_op.f('ix_call_attempt_provider_call_sid'))
        batch_op.drop_index(batch_op.f('ix_call_attempt_household_id'))

    op.drop_table('call_attempt')
    with op.batch_alter_table('household', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_household_worker'))
        batch_op.drop_index('ix_household_name')
        batch_op.drop_index(batch_op.f('ix_household_dong'))

    op.drop_table('household')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_event_ts'))

    op.drop_table('audit_event')
    op.drop_table('app_user')
    op.drop_table('app_setting')
