"""denials and AR: follow-up touches (ar_touches), patient statements sent, payment plans, patient payments

Revision ID: 0003_denials_ar
Revises: 0004_charge_capture
Create Date: 2026-11-22 10:25:00
"""

from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = '0003_denials_ar'
down_revision = '0004_charge_capture'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('ar_touches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('practice_id', sa.String(length=64), nullable=False),
    sa.Column('claim_id', sa.String(length=38), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('who', sa.String(length=254), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('reference', sa.String(length=80), nullable=True),
    sa.Column('outcome', sa.String(length=500), nullable=False),
    sa.Column('next_action', sa.String(length=40), nullable=True),
    sa.Column('next_date', sa.Date(), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.Column('status', sa.String(length=30), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['practice_id'], ['practices.id'], name=op.f('fk_ar_touches_practice_id_practices'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ar_touches'))
    )
    with op.batch_alter_table('ar_touches', schema=None) as batch_op:
        batch_op.create_index('ix_ar_touches_practice_claim', ['practice_id', 'claim_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ar_touches_practice_id'), ['practice_id'], unique=False)
        batch_op.create_index('ix_ar_touches_practice_next_date', ['practice_id', 'next_date'], unique=False)

    op.create_table('patient_payments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('practice_id', sa.String(length=64), nullable=False),
    sa.Column('patient_id', sa.String(length=64), nullable=False),
    sa.Column('amount', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.Column('claim_id', sa.String(length=38), nullable=True),
    sa.Column('method', sa.String(length=20), nullable=True),
    sa.Column('reference', sa.String(length=80), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['practice_id'], ['practices.id'], name=op.f('fk_patient_payments_practice_id_practices'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_patient_payments'))
    )
    with op.batch_alter_table('patient_payments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_patient_payments_practice_id'), ['practice_id'], unique=False)
        batch_op.create_index('ix_patient_payments_practice_patient', ['practice_id', 'patient_id'], unique=False)

    op.create_table('patient_statements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('practice_id', sa.String(length=64), nullable=False),
    sa.Column('patient_id', sa.String(length=64), nullable=False),
    sa.Column('statement_date', sa.Date(), nullable=False),
    sa.Column('cycle', sa.Integer(), nullable=False),
    sa.Column('balance', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('amount_due', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['practice_id'], ['practices.id'], name=op.f('fk_patient_statements_practice_id_practices'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_patient_statements'))
    )
    with op.batch_alter_table('patient_statements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_patient_statements_practice_id'), ['practice_id'], unique=False)
        batch_op.create_index('ix_patient_statements_practice_patient', ['practice_id', 'patient_id'], unique=False)

    op.create_table('payment_plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('practice_id', sa.String(length=64), nullable=False),
    sa.Column('patient_id', sa.String(length=64), nullable=False),
    sa.Column('total', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('monthly', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('start', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['practice_id'], ['practices.id'], name=op.f('fk_payment_plans_practice_id_practices'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_plans'))
    )
    with op.batch_alter_table('payment_plans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payment_plans_practice_id'), ['practice_id'], unique=False)
        batch_op.create_index('ix_payment_plans_practice_patient', ['practice_id', 'patient_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('payment_plans', schema=None) as batch_op:
        batch_op.drop_index('ix_payment_plans_practice_patient')
        batch_op.drop_index(batch_op.f('ix_payment_plans_practice_id'))

    op.drop_table('payment_plans')
    with op.batch_alter_table('patient_statements', schema=None) as batch_op:
        batch_op.drop_index('ix_patient_statements_practice_patient')
        batch_op.drop_index(batch_op.f('ix_patient_statements_practice_id'))

    op.drop_table('patient_statements')
    with op.batch_alter_table('patient_payments', schema=None) as batch_op:
        batch_op.drop_index('ix_patient_payments_practice_patient')
        batch_op.drop_index(batch_op.f('ix_patient_payments_practice_id'))

    op.drop_table('patient_payments')
    with op.batch_alter_table('ar_touches', schema=None) as batch_op:
        batch_op.drop_index('ix_ar_touches_practice_next_date')
        batch_op.drop_index(batch_op.f('ix_ar_touches_practice_id'))
        batch_op.drop_index('ix_ar_touches_practice_claim')

    op.drop_table('ar_touches')
