"""devices: dead letters and hourly aggregates

Revision ID: 0005_devices
Revises: 0001_initial
Create Date: 2026-11-22 00:33:33.175323
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types


revision = '0005_devices'
down_revision = '0001_initial'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('device_dead_letter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('received_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('topic', sa.String(length=300), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('reason', sa.String(length=30), nullable=False),
    sa.Column('detail', sa.String(length=300), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_device_dead_letter'))
    )
    with op.batch_alter_table('device_dead_letter', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_device_dead_letter_reason'), ['reason'], unique=False)
        batch_op.create_index(batch_op.f('ix_device_dead_letter_received_at'), ['received_at'], unique=False)

    op.create_table('sensor_hourly',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('device_id', sa.Integer(), nullable=False),
    sa.Column('metric', sa.String(length=30), nullable=False),
    sa.Column('hour', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.Column('min_value', sa.Float(), nullable=False),
    sa.Column('max_value', sa.Float(), nullable=False),
    sa.Column('mean_value', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['device_id'], ['device.id'], name=op.f('fk_sensor_hourly_device_id_device'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sensor_hourly')),
    sa.UniqueConstraint('device_id', 'metric', 'hour', name=op.f('uq_sensor_hourly_device_id_metric_hour'))
    )


def downgrade() -> None:
    op.drop_table('sensor_hourly')
    with op.batch_alter_table('device_dead_letter', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_device_dead_letter_received_at'))
        batch_op.drop_index(batch_op.f('ix_device_dead_letter_reason'))

    op.drop_table('device_dead_letter')
