"""accounts: passwords, lock-out, 동, demo mark, OS sign-on, and roles held to a CHECK

Revision ID: 0013_accounts
Revises: 0012_audit_chain
Create Date: 2026-12-02 07:40:00

app_user was created in 0001 and never used. It gains an argon2 password hash, the 동 its worker
serves, last sign-in, the failed-sign-in counter and lock-out time, a demo mark and an optional OS
account trusted as single sign-on and the hash of an admin-issued CLI token. The role is held to social_worker | supervisor | admin; the old
default 'worker' (and anything else unknown) becomes social_worker, the least privileged role.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types

revision = '0013_accounts'
down_revision = '0012_audit_chain'
branch_labels = None
depends_on = None

ROLES = ('social_worker', 'supervisor', 'admin')  # storage.vocabulary.Role, frozen here


def upgrade() -> None:
    allowed = ", ".join(f"'{r}'" for r in ROLES)
    op.execute(f"UPDATE app_user SET role = 'social_worker' WHERE role NOT IN ({allowed})")
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dong', sa.String(length=50), server_default='', nullable=False))
        batch_op.add_column(sa.Column('password_hash', sa.String(length=255), server_default='', nullable=False))
        batch_op.add_column(sa.Column('last_login', storage.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('failed_logins', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('locked_until', storage.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('is_demo', sa.Boolean(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('os_account', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('token_hash', sa.String(length=255), server_default='', nullable=False))
        batch_op.alter_column('role', existing_type=sa.String(length=20), server_default='social_worker')
        batch_op.create_unique_constraint(batch_op.f('uq_app_user_os_account'), ['os_account'])
        batch_op.create_check_constraint(op.f('ck_app_user_role'), f"role IN ({allowed})")


def downgrade() -> None:
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_app_user_role'), type_='check')
        batch_op.drop_constraint(batch_op.f('uq_app_user_os_account'), type_='unique')
        batch_op.alter_column('role', existing_type=sa.String(length=20), server_default=None)
        batch_op.drop_column('token_hash')
        batch_op.drop_column('os_account')
        batch_op.drop_column('is_demo')
        batch_op.drop_column('locked_until')
        batch_op.drop_column('failed_logins')
        batch_op.drop_column('last_login')
        batch_op.drop_column('password_hash')
        batch_op.drop_column('dong')
    op.execute("UPDATE app_user SET role = 'worker' WHERE role = 'social_worker'")
