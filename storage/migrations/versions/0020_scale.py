"""scale: daily sensor aggregates and change counters bumped by triggers

Revision ID: 0020_scale
Revises: 0014_escalation
Create Date: 2026-12-02 10:45:00

Issue 19 (a whole district on one install):
- sensor_daily: hourly aggregates older than the retention's `hourly_days` are rolled up into one
  row per device, metric and local day (care/devices/retention.py), so storage has a plan.
- change_counter: one row per watched table, bumped by a trigger on every insert, update or delete
  (row triggers on SQLite, statement triggers on PostgreSQL). The console's polled versions
  (care.review.queue.queue_version, care.review.overview.overview_version) read these rows instead
  of scanning risk_flag and friends every few seconds.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0020_scale'
down_revision = '0014_escalation'
branch_labels = None
depends_on = None

WATCHED = ('risk_flag', 'call_attempt', 'follow_up', 'check_in_plan', 'household')


def upgrade() -> None:
    op.create_table(
        'sensor_daily',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('device_id', sa.Integer(), nullable=False),
        sa.Column('metric', sa.String(length=30), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('n', sa.Integer(), nullable=False),
        sa.Column('min_value', sa.Float(), nullable=False),
        sa.Column('max_value', sa.Float(), nullable=False),
        sa.Column('mean_value', sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(['device_id'], ['device.id'], name=op.f('fk_sensor_daily_device_id_device'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_sensor_daily')),
        sa.UniqueConstraint('device_id', 'metric', 'day', name=op.f('uq_sensor_daily_device_id_metric_day')),
    )
    op.create_index('ix_sensor_daily_day', 'sensor_daily', ['day'], unique=False)
    # the roll-up finds hours older than `hourly_days` through this index, never by a table scan
    op.create_index('ix_sensor_hourly_hour', 'sensor_hourly', ['hour'], unique=False)
    counter = op.create_table(
        'change_counter',
        sa.Column('name', sa.String(length=40), nullable=False),
        sa.Column('version', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_change_counter')),
    )
    op.bulk_insert(counter, [{'name': t, 'version': 0} for t in WATCHED])
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("""
            CREATE FUNCTION anbu_bump_change_counter() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                UPDATE change_counter SET version = version + 1 WHERE name = TG_ARGV[0];
                RETURN NULL;
            END $$""")
        for table in WATCHED:
            op.execute(f"CREATE TRIGGER change_counter_{table} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                       f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION anbu_bump_change_counter('{table}')")
    else:
        for table in WATCHED:
            for event in ('insert', 'update', 'delete'):
                op.execute(f"CREATE TRIGGER change_counter_{table}_{event} AFTER {event.upper()} ON {table} "
                           f"BEGIN UPDATE change_counter SET version = version + 1 WHERE name = '{table}'; END")


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        for table in WATCHED:
            op.execute(f"DROP TRIGGER IF EXISTS change_counter_{table} ON {table}")
        op.execute("DROP FUNCTION IF EXISTS anbu_bump_change_counter()")
    else:
        for table in WATCHED:
            for event in ('insert', 'update', 'delete'):
                op.execute(f"DROP TRIGGER IF EXISTS change_counter_{table}_{event}")
    op.drop_table('change_counter')
    op.drop_index('ix_sensor_hourly_hour', table_name='sensor_hourly')
    op.drop_index('ix_sensor_daily_day', table_name='sensor_daily')
    op.drop_table('sensor_daily')
