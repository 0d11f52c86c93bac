"""attempts point at their slot; slot keys named as keys; honest attempt states; CHECKs; claims

Revision ID: 0010_attempt_slot_fk
Revises: 0009_follow_up
Create Date: 2026-12-02 05:30:00

- check_in_slot.slot -> slot_key; call_attempt.slot -> slot_key, plus call_attempt.slot_id, a
  foreign key to check_in_slot filled from the old (household, key) match. Attempts with no
  matching slot (written before the runner kept slots) keep slot_id NULL.
- An attempt recorded `remote_deleted` whose remote copy was NOT deleted
  (recording_deleted_remote false) becomes `remote_delete_failed`.
- CHECK constraints hold status/outcome/kind/answered_by (call_attempt, check_in_slot) and
  status/severity (risk_flag) to storage/vocabulary.py's enums. A value outside them (none is
  written by any released code) is made fail-safe first: an attempt status -> failed, an outcome
  -> needs_review, a slot status -> failed, answered_by -> unknown (Twilio's machine_start/fax...
  -> machine), a flag status -> open and severity -> high (back in front of a person); the old
  value is kept in error/reason.
- SQLite rebuilds tables here (batch mode): storage.migrate.upgrade runs migrations with foreign
  keys off (SQLite's documented recipe) and checks them before committing, so the rebuild does not
  cascade-delete answers and flags.
- call_attempt.claimed_by/claimed_until: the lease a manual `call` holds on its attempt.

The allowed values are written out here (not imported) so this revision never changes later.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types

revision = '0010_attempt_slot_fk'
down_revision = '0009_follow_up'
branch_labels = None
depends_on = None

ATTEMPT_STATUS = ('planned', 'dialing', 'polling', 'ended', 'recording_downloaded', 'remote_deleted',
                  'remote_delete_failed', 'remote_kept', 'transcribed', 'assessed', 'done', 'failed')
OUTCOME = ('well', 'flagged', 'needs_review', 'no_answer', 'busy', 'machine', 'silent', 'failed', 'not_placed',
           'unreachable', 'paused', 'cancelled')
SLOT_STATUS = ('due', 'in_progress', 'retry_wait', 'completed', 'missed', 'failed', 'skipped')
SLOT_KIND = ('plan', 'manual')
ANSWERED_BY = ('human', 'machine', 'unknown')
FLAG_STATUS = ('open', 'acknowledged', 'resolved')
SEVERITY = ('high', 'medium', 'low')


def _in(column: str, allowed: tuple[str, ...], nullable: bool = False) -> str:
    cond = f"{column} IN ({', '.join(repr(v) for v in allowed)})"
    return f"{column} IS NULL OR {cond}" if nullable else cond


def _not_in(column: str, allowed: tuple[str, ...]) -> str:
    return f"{column} IS NOT NULL AND {column} NOT IN ({', '.join(repr(v) for v in allowed)})"


def _fail_safe(table: str, column: str, allowed: tuple[str, ...], to: str, note: str) -> None:
    old = "'migrated from ' || " + column
    op.execute(f"UPDATE {table} SET {note} = CASE WHEN {note} IS NULL OR {note} = '' THEN {old} "
               f"ELSE {note} || '; ' || {old} END, {column} = '{to}' WHERE {_not_in(column, allowed)}")


def upgrade() -> None:
    with op.batch_alter_table('check_in_slot', schema=None) as batch_op:
        batch_op.drop_constraint('uq_check_in_slot_household_id_slot', type_='unique')
        batch_op.alter_column('slot', new_column_name='slot_key', existing_type=sa.String(length=40),
                              existing_nullable=False)
    with op.batch_alter_table('check_in_slot', schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f('uq_check_in_slot_household_id_slot_key'),
                                          ['household_id', 'slot_key'])

    with op.batch_alter_table('call_attempt', schema=None) as batch_op:
        batch_op.drop_constraint('uq_call_attempt_household_id_slot_attempt_no', type_='unique')
        batch_op.drop_index('ix_call_attempt_slot')
        batch_op.alter_column('slot', new_column_name='slot_key', existing_type=sa.String(length=40),
                              existing_nullable=False)
        batch_op.add_column(sa.Column('slot_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('claimed_by', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('claimed_until', storage.types.UTCDateTime(timezone=True), nullable=True))

    # data: the slot each attempt belongs to, honest states, nothing outside the vocabulary
    op.execute("UPDATE call_attempt SET slot_id = (SELECT s.id FROM check_in_slot s "
               "WHERE s.household_id = call_attempt.household_id AND s.slot_key = call_attempt.slot_key)")
    op.execute(sa.text("UPDATE call_attempt SET status = 'remote_delete_failed' "
                       "WHERE status = 'remote_deleted' AND recording_deleted_remote = :no").bindparams(no=False))
    op.execute("UPDATE call_attempt SET answered_by = 'machine' WHERE answered_by LIKE 'machine%' OR answered_by = 'fax'")
    _fail_safe('call_attempt', 'status', ATTEMPT_STATUS, 'failed', 'error')
    _fail_safe('call_attempt', 'outcome', OUTCOME, 'needs_review', 'error')
    _fail_safe('call_attempt', 'answered_by', ANSWERED_BY, 'unknown', 'error')
    _fail_safe('check_in_slot', 'status', SLOT_STATUS, 'failed', 'reason')
    _fail_safe('check_in_slot', 'outcome', OUTCOME, 'needs_review', 'reason')
    _fail_safe('check_in_slot', 'kind', SLOT_KIND, 'manual', 'reason')
    _fail_safe('risk_flag', 'status', FLAG_STATUS, 'open', 'reason')
    _fail_safe('risk_flag', 'severity', SEVERITY, 'high', 'reason')

    with op.batch_alter_table('call_attempt', schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f('uq_call_attempt_household_id_slot_key_attempt_no'),
                                          ['household_id', 'slot_key', 'attempt_no'])
        batch_op.create_index(batch_op.f('ix_call_attempt_slot_key'), ['slot_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_call_attempt_slot_id'), ['slot_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_call_attempt_slot_id_check_in_slot'), 'check_in_slot',
                                    ['slot_id'], ['id'], ondelete='CASCADE')
        batch_op.create_check_constraint(op.f('ck_call_attempt_status'), _in('status', ATTEMPT_STATUS))
        batch_op.create_check_constraint(op.f('ck_call_attempt_outcome'), _in('outcome', OUTCOME, nullable=True))
        batch_op.create_check_constraint(op.f('ck_call_attempt_answered_by'), _in('answered_by', ANSWERED_BY, nullable=True))

    with op.batch_alter_table('check_in_slot', schema=None) as batch_op:
        batch_op.create_check_constraint(op.f('ck_check_in_slot_status'), _in('status', SLOT_STATUS))
        batch_op.create_check_constraint(op.f('ck_check_in_slot_kind'), _in('kind', SLOT_KIND))
        batch_op.create_check_constraint(op.f('ck_check_in_slot_outcome'), _in('outcome', OUTCOME, nullable=True))

    with op.batch_alter_table('risk_flag', schema=None) as batch_op:
        batch_op.create_check_constraint(op.f('ck_risk_flag_status'), _in('status', FLAG_STATUS))
        batch_op.create_check_constraint(op.f('ck_risk_flag_severity'), _in('severity', SEVERITY))


def downgrade() -> None:
    with op.batch_alter_table('risk_flag', schema=None) as batch_op:
        for name in ('status', 'severity'):
            batch_op.drop_constraint(op.f(f'ck_risk_flag_{name}'), type_='check')
    with op.batch_alter_table('check_in_slot', schema=None) as batch_op:
        for name in ('status', 'kind', 'outcome'):
            batch_op.drop_constraint(op.f(f'ck_check_in_slot_{name}'), type_='check')
    with op.batch_alter_table('call_attempt', schema=None) as batch_op:
        for name in ('status', 'outcome', 'answered_by'):
            batch_op.drop_constraint(op.f(f'ck_call_attempt_{name}'), type_='check')
        batch_op.drop_constraint('fk_call_attempt_slot_id_check_in_slot', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_call_attempt_slot_id'))
        batch_op.drop_index(batch_op.f('ix_call_attempt_slot_key'))
        batch_op.drop_constraint('uq_call_attempt_household_id_slot_key_attempt_no', type_='unique')
    op.execute("UPDATE call_attempt SET status = 'remote_deleted' "
               "WHERE status IN ('remote_delete_failed', 'remote_kept')")
    with op.batch_alter_table('call_attempt', schema=None) as batch_op:
        batch_op.drop_column('claimed_until')
        batch_op.drop_column('claimed_by')
        batch_op.drop_column('slot_id')
        batch_op.alter_column('slot_key', new_column_name='slot', existing_type=sa.String(length=40),
                              existing_nullable=False)
    with op.batch_alter_table('call_attempt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_call_attempt_slot'), ['slot'], unique=False)
        batch_op.create_unique_constraint('uq_call_attempt_household_id_slot_attempt_no',
                                          ['household_id', 'slot', 'attempt_no'])
    with op.batch_alter_table('check_in_slot', schema=None) as batch_op:
        batch_op.drop_constraint('uq_check_in_slot_household_id_slot_key', type_='unique')
        batch_op.alter_column('slot_key', new_column_name='slot', existing_type=sa.String(length=40),
                              existing_nullable=False)
    with op.batch_alter_table('check_in_slot', schema=None) as batch_op:
        batch_op.create_unique_constraint('uq_check_in_slot_household_id_slot', ['household_id', 'slot'])
