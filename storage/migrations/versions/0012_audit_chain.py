"""access log: tamper-evident chain (seq, prev_mac, mac, key_id) and its head row

Revision ID: 0012_audit_chain
Revises: 0011_audit_fields
Create Date: 2026-12-02 08:00:00

Every audit_event row gets a place in a chain and an HMAC over its content and the previous row's
MAC (storage/audit_chain.py); audit_chain holds the single head row appenders lock.

Existing rows are chained here, in id order, with the access-log key from the OS keyring (created
on first use; hash-only where no keyring is usable, as for new rows), so the whole log -- old rows
included -- is covered from this revision on. The canonical form and MAC come from
storage.audit_chain, which must never change them (every chain written depends on them).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types

revision = '0012_audit_chain'
down_revision = '0011_audit_fields'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('seq', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('prev_mac', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('mac', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('key_id', sa.String(length=32), nullable=True))
        batch_op.create_unique_constraint('uq_audit_event_seq', ['seq'])
    op.create_table(
        'audit_chain',
        sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('seq', sa.BigInteger(), server_default='0', nullable=False),
        sa.Column('last_mac', sa.String(length=64), server_default='', nullable=False),
        sa.Column('base_seq', sa.BigInteger(), server_default='0', nullable=False),
        sa.Column('base_mac', sa.String(length=64), server_default='', nullable=False),
        sa.CheckConstraint('id = 1', name='ck_audit_chain_single_row'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_chain')),
    )
    _chain_existing_rows()


def _chain_existing_rows() -> None:
    from storage.audit_chain import canonical, compute_mac, signing_key

    bind = op.get_bind()
    events = sa.table(
        'audit_event', sa.column('id', sa.Integer), sa.column('ts', storage.types.UTCDateTime()),
        sa.column('actor', sa.String), sa.column('action', sa.String), sa.column('entity', sa.String),
        sa.column('entity_id', sa.Integer), sa.column('detail', storage.types.JSONText()),
        sa.column('workstation', sa.String), sa.column('ip', sa.String), sa.column('household_ref', sa.String),
        sa.column('reason', sa.Text), sa.column('seq', sa.BigInteger), sa.column('prev_mac', sa.String),
        sa.column('mac', sa.String), sa.column('key_id', sa.String))
    key_id, key = signing_key()
    seq, prev = 0, ""
    batch: list[dict] = []
    rows = bind.execute(sa.select(events).order_by(events.c.id)).mappings().all()
    for row in rows:
        seq += 1
        values = {**row, "seq": seq, "key_id": key_id}
        mac = compute_mac(key, canonical(values), prev)
        batch.append({"b_id": row["id"], "b_seq": seq, "b_prev": prev, "b_mac": mac, "b_key": key_id})
        prev = mac
    if batch:
        bind.execute(events.update().where(events.c.id == sa.bindparam('b_id'))
                     .values(seq=sa.bindparam('b_seq'), prev_mac=sa.bindparam('b_prev'),
                             mac=sa.bindparam('b_mac'), key_id=sa.bindparam('b_key')), batch)
    bind.execute(sa.text("INSERT INTO audit_chain (id, seq, last_mac, base_seq, base_mac) "
                         "VALUES (1, :seq, :mac, 0, '')"), {"seq": seq, "mac": prev})


def downgrade() -> None:
    op.drop_table('audit_chain')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_constraint('uq_audit_event_seq', type_='unique')
        batch_op.drop_column('key_id')
        batch_op.drop_column('mac')
        batch_op.drop_column('prev_mac')
        batch_op.drop_column('seq')
