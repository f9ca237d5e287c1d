"""charge capture: the appointment schedule (appointments) and the practice charge master (charge_master_entries)

Revision ID: 0004_charge_capture
Revises: 0001
Create Date: 2026-11-22 10:17:13.054263
"""

from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = '0004_charge_capture'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('appointments',
    sa.Column('practice_id', sa.String(length=64), nullable=False),
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('patient_id', sa.String(length=64), nullable=False),
    sa.Column('provider_npi', sa.String(length=10), nullable=False),
    sa.Column('date_of_service', sa.Date(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('place_of_service', sa.String(length=2), nullable=False),
    sa.Column('location', sa.String(length=200), nullable=True),
    sa.Column('visit_type', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('payer_id', sa.String(length=64), nullable=True),
    sa.Column('encounter_id', sa.String(length=64), nullable=True),
    sa.Column('no_charge_reason', sa.String(length=20), nullable=True),
    sa.Column('new_problem', sa.Boolean(), nullable=False),
    sa.Column('supervising_npi', sa.String(length=10), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['practice_id'], ['practices.id'], name=op.f('fk_appointments_practice_id_practices'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('practice_id', 'id', name=op.f('pk_appointments'))
    )
    with op.batch_alter_table('appointments', schema=None) as batch_op:
        batch_op.create_index('ix_appointments_practice_dos', ['practice_id', 'date_of_service'], unique=False)
        batch_op.create_index('ix_appointments_practice_patient', ['practice_id', 'patient_id'], unique=False)

    op.create_table('charge_master_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('practice_id', sa.String(length=64), nullable=False),
    sa.Column('code', sa.String(length=10), nullable=False),
    sa.Column('modifier', sa.String(length=2), nullable=True),
    sa.Column('charge', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=True),
    sa.Column('effective_to', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['practice_id'], ['practices.id'], name=op.f('fk_charge_master_entries_practice_id_practices'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_charge_master_entries'))
    )
    with op.batch_alter_table('charge_master_entries', schema=None) as batch_op:
        batch_op.create_index('ix_charge_master_entries_practice_code', ['practice_id', 'code'], unique=False)
        batch_op.create_index(batch_op.f('ix_charge_master_entries_practice_id'), ['practice_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('charge_master_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_charge_master_entries_practice_id'))
        batch_op.drop_index('ix_charge_master_entries_practice_code')

    op.drop_table('charge_master_entries')
    with op.batch_alter_table('appointments', schema=None) as batch_op:
        batch_op.drop_index('ix_appointments_practice_patient')
        batch_op.drop_index('ix_appointments_practice_dos')

    op.drop_table('appointments')
