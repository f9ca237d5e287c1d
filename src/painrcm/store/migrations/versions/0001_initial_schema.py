"""initial schema: every table of painrcm (parties, coding, claims, auth, contracts, EDI, remits, work)

Revision ID: 0001
Revises: 
Create Date: 2026-11-22 10:07:47.391478
"""

from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('payers',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('plan_type', sa.String(length=30), nullable=False),
    sa.Column('x12_payer_id', sa.String(length=80), nullable=False),
    sa.Column('policy_id', sa.String(length=64), nullable=False),
    sa.Column('address', sa.JSON(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payers'))
    )
    op.create_table('practices',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('npi', sa.String(length=10), nullable=False),
    sa.Column('tax_id', sa.String(length=20), nullable=False),
    sa.Column('taxonomy', sa.String(length=10), nullable=False),
    sa.Column('address', sa.JSON(), nullable=False),
    sa.Column('pay_to_address', sa.JSON(), nullable=True),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('mpfs_locality', sa.String(length=20), nullable=True),
    sa.Column('time_zone', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_practices'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=True),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('email', name=op.f('uq_users_email'))
    )
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('practice_id', sa.String(length=64), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('actor', sa.String(length=254), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.String(length=64), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('details', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['practice_id'], ['practices.id'], name=op.f('fk_audit_log_practice_id_practices'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_audit_log_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index('ix_audit_log_entity', ['entity', 'entity_id'], unique=False)
        batch_op.create_index('ix_audit_log_practice_at', ['practice_id', 'at'], unique=False)

    op.create_table('contracts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('practice_id', sa.String(length=64), nullable=False),
    sa.Column('payer_id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('basis', sa.String(length=30), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('effective_to', sa.Date(), nullable=True),
    sa.Column('percent_of_medicare', sa.Numeric(precision=9, scale=4), nullable=True),
    sa.Column('locality', sa.String(length=20), nullable=True),
    sa.Column('terms', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['payer_id'], ['payers.id'], name=op.f('fk_contracts_payer_id_payers')),
    sa.ForeignKeyConstraint(['practice_id'], ['practices.id'], name=op.f('fk_contracts_practice_id_practices'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contracts')),
    sa.UniqueConstraint('practice_id', 'payer_id', 'name', 'effective_from', name=op.f('uq_contracts_practice_id_payer_id_name_effective_from'))
    )
    with op.batch_alter_table('contracts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contracts_practice_id'), ['practice_id'], unique=False)

    op.create_table('edi_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('practice_id', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('direction', sa.String(length=3), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('interchange_control_number', sa.String(length=9), nullable=True),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('message', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['practice_id'], ['practices.id'], name=op.f('fk_edi_files_practice_id_practices'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_edi_files')),
    sa.UniqueConstraint('practice_id', 'sha256', name=op.f('uq_edi_files_practice_id_sha256'))
    )
    with op.batch_alter_table('edi_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_edi_files_practice_id'), ['practice_id'], unique=False)
        batch_op.create_index('ix_edi_files_practice_kind_received', ['practice_id', 'kind', 'received_at'], unique=False)

    op.create_table('patients',
    sa.Column('practice_id', sa.String(length=64), nullable=False),
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('last_name', sa.String(length=100), nullable=False),
    sa.Column('first_name', sa.String(length=100), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=False),
    sa.Column('sex', sa.String(length=1), nullable=False),
    sa.Column('address', sa.JSON(), nullable=True),
    sa.Column('account_number', sa.String(length=50), nullable=True),
    sa.ForeignKeyConstraint(['practice_id'], ['practices.id'], name=op.f('fk_patients_practice_id_practices'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('practice_id', 'id', name=op.f('pk_patients'))
    )
    with op.batch_alter_table('patients', schema=None) as batch_op:
        batch_op.create_index('ix_patients_practice_account', ['practice_id', 'account_number'], unique=False)
        batch_op.create_index('ix_patients_practice_name', ['practice_id', 'last_name', 'first_name', 'birth_date'], unique=False)

    op.create_table('providers',
    sa.Column('practice_id', sa.String(length=64), nullable=False),
    sa.Column('npi', sa.String(length=10), nullable=False),
    sa.Column('provider_key', sa.String(length=64), nullable=True),
    sa.Column('last_name', sa.String(length=100), nullable=False),
    sa.Column('first_name', sa.String(length=100), nullable=False),
    sa.Column('credential', sa.String(length=10), nullable=False),
    sa.Column('taxonomy', sa.String(length=10), nullable=False),
    sa.ForeignKeyConstraint(['practice_id'], ['practices.id'], name=op.f('fk_providers_practice_id_practices'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('practice_id', 'npi', name=op.f('pk_providers'))
    )
    op.create_table('user_practices',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('practice_id', sa.String(length=64), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=True),
    sa.ForeignKeyConstraint(['practice_id'], ['practices.id'], name=op.f('fk_user_practices_practice_id_practices'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_practices_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'practice_id', name=op.f('pk_user_practices'))
    )
    with op.batch_alter_table('user_practices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_practices_practice_id'), ['practice_id'], unique=False)

    op.create_table('work_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('practice_id', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('claim_id', sa.String(length=38), nullable=True),
    sa.Column('entity', sa.String(length=40), nullable=True),
    sa.Column('entity_id', sa.String(length=64), nullable=True),
    sa.Column('amount', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('priority', sa.Integer(), nullable=False),
    sa.Column('assigned_to', sa.Integer(), nullable=True),
    sa.Column('details', sa.JSON(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['assigned_to'], ['users.id'], name=op.f('fk_work_items_assigned_to_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['practice_id'], ['practices.id'], name=op.f('fk_work_items_practice_id_practices'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_items'))
    )
    with op.batch_alter_table('work_items', schema=None) as batch_op:
        batch_op.create_index('ix_work_items_practice_claim', ['practice_id', 'claim_id'], unique=False)
        batch_op.create_index('ix_work_items_practice_due', ['practice_id', 'due_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_work_items_practice_id'), ['practice_id'], unique=False)
        batch_op.create_index('ix_work_items_practice_status_kind', ['practice_id', 'status', 'kind'], unique=False)

    op.create_table('x12_control_numbers',
    sa.Column('practice_id', sa.String(length=64), nullable=False),
    sa.Column('receiver_id', sa.String(length=15), nullable=False),
    sa.Column('last_isa13', sa.Integer(), nullable=False),
    sa.Column('last_gs06', sa.Integer(), nullable=False),
    sa.Column('last_st02', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['practice_id'], ['practices.id'], name=op.f('fk_x12_control_numbers_practice_id_practices'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('practice_id', 'receiver_id', name=op.f('pk_x12_control_numbers'))
    )
    op.create_table('authorizations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('practice_id', sa.String(length=64), nullable=False),
    sa.Column('number', sa.String(length=50), nullable=False),
    sa.Column('payer_id', sa.String(length=64), nullable=False),
    sa.Column('patient_id', sa.String(length=64), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('codes', sa.JSON(), nullable=False),
    sa.Column('family', sa.String(length=40), nullable=True),
    sa.Column('region', sa.String(length=20), nullable=True),
    sa.Column('levels', sa.JSON(), nullable=False),
    sa.Column('side', sa.String(length=10), nullable=True),
    sa.Column('units', sa.Integer(), nullable=True),
    sa.Column('units_used', sa.Integer(), nullable=False),
    sa.Column('place_of_service', sa.String(length=2), nullable=True),
    sa.Column('documents', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['payer_id'], ['payers.id'], name=op.f('fk_authorizations_payer_id_payers')),
    sa.ForeignKeyConstraint(['practice_id', 'patient_id'], ['patients.practice_id', 'patients.id'], name=op.f('fk_authorizations_practice_id_patient_id_patients'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['practice_id'], ['practices.id'], name=op.f('fk_authorizations_practice_id_practices'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_authorizations')),
    sa.UniqueConstraint('practice_id', 'payer_id', 'number', name=op.f('uq_authorizations_practice_id_payer_id_number'))
    )
    with op.batch_alter_table('authorizations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_authorizations_practice_id'), ['practice_id'], unique=False)
        batch_op.create_index('ix_authorizations_practice_patient', ['practice_id', 'patient_id'], unique=False)

    op.create_table('coverages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('practice_id', sa.String(length=64), nullable=False),
    sa.Column('patient_id', sa.String(length=64), nullable=False),
    sa.Column('payer_id', sa.String(length=64), nullable=False),
    sa.Column('member_id', sa.String(length=80), nullable=False),
    sa.Column('rank', sa.String(length=10), nullable=False),
    sa.Column('group_number', sa.String(length=50), nullable=True),
    sa.Column('plan_name', sa.String(length=200), nullable=True),
    sa.Column('relationship', sa.String(length=2), nullable=False),
    sa.Column('subscriber_last_name', sa.String(length=100), nullable=True),
    sa.Column('subscriber_first_name', sa.String(length=100), nullable=True),
    sa.Column('subscriber_birth_date', sa.Date(), nullable=True),
    sa.Column('subscriber_sex', sa.String(length=1), nullable=True),
    sa.Column('effective_from', sa.Date(), nullable=True),
    sa.Column('effective_to', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['payer_id'], ['payers.id'], name=op.f('fk_coverages_payer_id_payers')),
    sa.ForeignKeyConstraint(['practice_id', 'patient_id'], ['patients.practice_id', 'patients.id'], name=op.f('fk_coverages_practice_id_patient_id_patients'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['practice_id'], ['practices.id'], name=op.f('fk_coverages_practice_id_practices'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coverages'))
    )
    with op.batch_alter_table('coverages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_coverages_practice_id'), ['practice_id'], unique=False)
        batch_op.create_index('ix_coverages_practice_member', ['practice_id', 'payer_id', 'member_id'], unique=False)
        batch_op.create_index('ix_coverages_practice_patient', ['practice_id', 'patient_id'], unique=False)

    op.create_table('credentials',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('practice_id', sa.String(length=64), nullable=False),
    sa.Column('provider_npi', sa.String(length=10), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('number', sa.String(length=50), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=True),
    sa.Column('state', sa.String(length=2), nullable=True),
    sa.ForeignKeyConstraint(['practice_id', 'provider_npi'], ['providers.practice_id', 'providers.npi'], name=op.f('fk_credentials_practice_id_provider_npi_providers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['practice_id'], ['practices.id'], name=op.f('fk_credentials_practice_id_practices'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_credentials')),
    sa.UniqueConstraint('practice_id', 'provider_npi', 'kind', 'number', name=op.f('uq_credentials_practice_id_provider_npi_kind_number'))
    )
    with op.batch_alter_table('credentials', schema=None) as batch_op:
        batch_op.create_index('ix_credentials_practice_expires', ['practice_id', 'expires_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_credentials_practice_id'), ['practice_id'], unique=False)

    op.create_table('encounters',
    sa.Column('practice_id', sa.String(length=64), nullable=False),
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('patient_id', sa.String(length=64), nullable=False),
    sa.Column('date_of_service', sa.Date(), nullable=False),
    sa.Column('place_of_service', sa.String(length=2), nullable=False),
    sa.Column('rendering_npi', sa.String(length=10), nullable=False),
    sa.Column('supervising_npi', sa.String(length=10), nullable=True),
    sa.Column('payer_id', sa.String(length=64), nullable=False),
    sa.Column('visit_type', sa.String(length=20), nullable=False),
    sa.Column('coding_status', sa.String(length=20), nullable=True),
    sa.Column('coding_queries', sa.JSON(), nullable=True),
    sa.Column('coding_facts', sa.JSON(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['payer_id'], ['payers.id'], name=op.f('fk_encounters_payer_id_payers')),
    sa.ForeignKeyConstraint(['practice_id', 'patient_id'], ['patients.practice_id', 'patients.id'], name=op.f('fk_encounters_practice_id_patient_id_patients'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['practice_id'], ['practices.id'], name=op.f('fk_encounters_practice_id_practices'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('practice_id', 'id', name=op.f('pk_encounters'))
    )
    with op.batch_alter_table('encounters', schema=None) as batch_op:
        batch_op.create_index('ix_encounters_practice_dos', ['practice_id', 'date_of_service'], unique=False)
        batch_op.create_index('ix_encounters_practice_patient', ['practice_id', 'patient_id'], unique=False)

    op.create_table('fee_schedule_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('practice_id', sa.String(length=64), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=10), nullable=False),
    sa.Column('modifier', sa.String(length=2), nullable=True),
    sa.Column('allowed', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=True),
    sa.Column('effective_to', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_fee_schedule_entries_contract_id_contracts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['practice_id'], ['practices.id'], name=op.f('fk_fee_schedule_entries_practice_id_practices'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fee_schedule_entries'))
    )
    with op.batch_alter_table('fee_schedule_entries', schema=None) as batch_op:
        batch_op.create_index('ix_fee_schedule_entries_contract_code', ['contract_id', 'code'], unique=False)
        batch_op.create_index(batch_op.f('ix_fee_schedule_entries_practice_id'), ['practice_id'], unique=False)

    op.create_table('payer_enrollments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('practice_id', sa.String(length=64), nullable=False),
    sa.Column('provider_npi', sa.String(length=10), nullable=False),
    sa.Column('payer_id', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=True),
    sa.Column('effective_to', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['payer_id'], ['payers.id'], name=op.f('fk_payer_enrollments_payer_id_payers')),
    sa.ForeignKeyConstraint(['practice_id', 'provider_npi'], ['providers.practice_id', 'providers.npi'], name=op.f('fk_payer_enrollments_practice_id_provider_npi_providers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['practice_id'], ['practices.id'], name=op.f('fk_payer_enrollments_practice_id_practices'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payer_enrollments')),
    sa.UniqueConstraint('practice_id', 'provider_npi', 'payer_id', name=op.f('uq_payer_enrollments_practice_id_provider_npi_payer_id'))
    )
    with op.batch_alter_table('payer_enrollments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payer_enrollments_practice_id'), ['practice_id'], unique=False)

    op.create_table('remittances',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('practice_id', sa.String(length=64), nullable=False),
    sa.Column('payer_key', sa.String(length=80), nullable=False),
    sa.Column('trn', sa.String(length=50), nullable=False),
    sa.Column('payer_id', sa.String(length=80), nullable=True),
    sa.Column('payer_name', sa.String(length=200), nullable=False),
    sa.Column('payee_name', sa.String(length=200), nullable=False),
    sa.Column('payee_npi', sa.String(length=10), nullable=True),
    sa.Column('payee_tax_id', sa.String(length=20), nullable=True),
    sa.Column('total_paid', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('payment_method', sa.String(length=3), nullable=False),
    sa.Column('payment_date', sa.Date(), nullable=True),
    sa.Column('edi_file_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('posted_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['edi_file_id'], ['edi_files.id'], name=op.f('fk_remittances_edi_file_id_edi_files'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['practice_id'], ['practices.id'], name=op.f('fk_remittances_practice_id_practices'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_remittances')),
    sa.UniqueConstraint('practice_id', 'payer_key', 'trn', name=op.f('uq_remittances_practice_id_payer_key_trn'))
    )
    with op.batch_alter_table('remittances', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_remittances_edi_file_id'), ['edi_file_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_remittances_practice_id'), ['practice_id'], unique=False)
        batch_op.create_index('ix_remittances_practice_payment_date', ['practice_id', 'payment_date'], unique=False)

    op.create_table('claim_payments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('practice_id', sa.String(length=64), nullable=False),
    sa.Column('remittance_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('patient_control_number', sa.String(length=38), nullable=False),
    sa.Column('claim_id', sa.String(length=38), nullable=True),
    sa.Column('status', sa.String(length=2), nullable=False),
    sa.Column('charge', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('paid', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('patient_responsibility', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('payer_claim_number', sa.String(length=50), nullable=True),
    sa.Column('claim_filing_indicator', sa.String(length=2), nullable=True),
    sa.Column('patient_name', sa.String(length=200), nullable=True),
    sa.Column('member_id', sa.String(length=80), nullable=True),
    sa.Column('service_date_from', sa.Date(), nullable=True),
    sa.Column('service_date_to', sa.Date(), nullable=True),
    sa.Column('received_date', sa.Date(), nullable=True),
    sa.Column('remarks', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['practice_id'], ['practices.id'], name=op.f('fk_claim_payments_practice_id_practices'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['remittance_id'], ['remittances.id'], name=op.f('fk_claim_payments_remittance_id_remittances'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claim_payments'))
    )
    with op.batch_alter_table('claim_payments', schema=None) as batch_op:
        batch_op.create_index('ix_claim_payments_practice_claim', ['practice_id', 'claim_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_claim_payments_practice_id'), ['practice_id'], unique=False)
        batch_op.create_index('ix_claim_payments_practice_pcn', ['practice_id', 'patient_control_number'], unique=False)
        batch_op.create_index(batch_op.f('ix_claim_payments_remittance_id'), ['remittance_id'], unique=False)

    op.create_table('claims',
    sa.Column('practice_id', sa.String(length=64), nullable=False),
    sa.Column('claim_id', sa.String(length=38), nullable=False),
    sa.Column('encounter_id', sa.String(length=64), nullable=True),
    sa.Column('payer_id', sa.String(length=64), nullable=False),
    sa.Column('payer_name', sa.String(length=200), nullable=False),
    sa.Column('x12_payer_id', sa.String(length=80), nullable=False),
    sa.Column('patient_id', sa.String(length=64), nullable=False),
    sa.Column('rendering_npi', sa.String(length=10), nullable=True),
    sa.Column('service_date', sa.Date(), nullable=False),
    sa.Column('place_of_service', sa.String(length=2), nullable=False),
    sa.Column('frequency_code', sa.String(length=1), nullable=False),
    sa.Column('payer_claim_number', sa.String(length=50), nullable=True),
    sa.Column('prior_authorization', sa.String(length=50), nullable=True),
    sa.Column('total_charge', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('patient_paid', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('diagnoses', sa.JSON(), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('submitted_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['payer_id'], ['payers.id'], name=op.f('fk_claims_payer_id_payers')),
    sa.ForeignKeyConstraint(['practice_id', 'encounter_id'], ['encounters.practice_id', 'encounters.id'], name=op.f('fk_claims_practice_id_encounter_id_encounters')),
    sa.ForeignKeyConstraint(['practice_id', 'patient_id'], ['patients.practice_id', 'patients.id'], name=op.f('fk_claims_practice_id_patient_id_patients')),
    sa.ForeignKeyConstraint(['practice_id'], ['practices.id'], name=op.f('fk_claims_practice_id_practices'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('practice_id', 'claim_id', name=op.f('pk_claims'))
    )
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.create_index('ix_claims_practice_dos', ['practice_id', 'service_date'], unique=False)
        batch_op.create_index('ix_claims_practice_encounter', ['practice_id', 'encounter_id'], unique=False)
        batch_op.create_index('ix_claims_practice_patient', ['practice_id', 'patient_id'], unique=False)
        batch_op.create_index('ix_claims_practice_payer', ['practice_id', 'payer_id'], unique=False)
        batch_op.create_index('ix_claims_practice_status', ['practice_id', 'status'], unique=False)

    op.create_table('clinical_notes',
    sa.Column('practice_id', sa.String(length=64), nullable=False),
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('encounter_id', sa.String(length=64), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('author_npi', sa.String(length=10), nullable=True),
    sa.Column('signed_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['practice_id', 'encounter_id'], ['encounters.practice_id', 'encounters.id'], name=op.f('fk_clinical_notes_practice_id_encounter_id_encounters'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['practice_id'], ['practices.id'], name=op.f('fk_clinical_notes_practice_id_practices'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('practice_id', 'id', name=op.f('pk_clinical_notes'))
    )
    with op.batch_alter_table('clinical_notes', schema=None) as batch_op:
        batch_op.create_index('ix_clinical_notes_practice_encounter', ['practice_id', 'encounter_id'], unique=False)

    op.create_table('coded_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('practice_id', sa.String(length=64), nullable=False),
    sa.Column('encounter_id', sa.String(length=64), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=10), nullable=False),
    sa.Column('modifiers', sa.JSON(), nullable=False),
    sa.Column('units', sa.Integer(), nullable=False),
    sa.Column('diagnoses', sa.JSON(), nullable=False),
    sa.Column('evidence', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('queries', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['practice_id', 'encounter_id'], ['encounters.practice_id', 'encounters.id'], name=op.f('fk_coded_lines_practice_id_encounter_id_encounters'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['practice_id'], ['practices.id'], name=op.f('fk_coded_lines_practice_id_practices'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coded_lines'))
    )
    with op.batch_alter_table('coded_lines', schema=None) as batch_op:
        batch_op.create_index('ix_coded_lines_practice_encounter', ['practice_id', 'encounter_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_coded_lines_practice_id'), ['practice_id'], unique=False)

    op.create_table('provider_adjustments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('practice_id', sa.String(length=64), nullable=False),
    sa.Column('remittance_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('provider_id', sa.String(length=50), nullable=False),
    sa.Column('fiscal_period_date', sa.Date(), nullable=True),
    sa.Column('reason', sa.String(length=2), nullable=False),
    sa.Column('reference', sa.String(length=50), nullable=True),
    sa.Column('amount', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.ForeignKeyConstraint(['practice_id'], ['practices.id'], name=op.f('fk_provider_adjustments_practice_id_practices'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['remittance_id'], ['remittances.id'], name=op.f('fk_provider_adjustments_remittance_id_remittances'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_provider_adjustments'))
    )
    with op.batch_alter_table('provider_adjustments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_provider_adjustments_practice_id'), ['practice_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_provider_adjustments_remittance_id'), ['remittance_id'], unique=False)

    op.create_table('claim_authorizations',
    sa.Column('practice_id', sa.String(length=64), nullable=False),
    sa.Column('claim_id', sa.String(length=38), nullable=False),
    sa.Column('authorization_id', sa.Integer(), nullable=False),
    sa.Column('units', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['authorization_id'], ['authorizations.id'], name=op.f('fk_claim_authorizations_authorization_id_authorizations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['practice_id', 'claim_id'], ['claims.practice_id', 'claims.claim_id'], name=op.f('fk_claim_authorizations_practice_id_claim_id_claims'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['practice_id'], ['practices.id'], name=op.f('fk_claim_authorizations_practice_id_practices'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('practice_id', 'claim_id', 'authorization_id', name=op.f('pk_claim_authorizations'))
    )
    with op.batch_alter_table('claim_authorizations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claim_authorizations_authorization_id'), ['authorization_id'], unique=False)

    op.create_table('claim_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('practice_id', sa.String(length=64), nullable=False),
    sa.Column('claim_id', sa.String(length=38), nullable=False),
    sa.Column('line_number', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=10), nullable=False),
    sa.Column('modifiers', sa.JSON(), nullable=False),
    sa.Column('charge', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('units', sa.Numeric(precision=9, scale=3), nullable=False),
    sa.Column('diagnosis_pointers', sa.JSON(), nullable=False),
    sa.Column('service_date', sa.Date(), nullable=True),
    sa.Column('place_of_service', sa.String(length=2), nullable=True),
    sa.Column('authorization_number', sa.String(length=50), nullable=True),
    sa.Column('note', sa.String(length=80), nullable=True),
    sa.Column('line_id', sa.String(length=50), nullable=True),
    sa.ForeignKeyConstraint(['practice_id', 'claim_id'], ['claims.practice_id', 'claims.claim_id'], name=op.f('fk_claim_lines_practice_id_claim_id_claims'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['practice_id'], ['practices.id'], name=op.f('fk_claim_lines_practice_id_practices'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claim_lines')),
    sa.UniqueConstraint('practice_id', 'claim_id', 'line_number', name=op.f('uq_claim_lines_practice_id_claim_id_line_number'))
    )
    with op.batch_alter_table('claim_lines', schema=None) as batch_op:
        batch_op.create_index('ix_claim_lines_practice_code', ['practice_id', 'code'], unique=False)

    op.create_table('line_payments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('practice_id', sa.String(length=64), nullable=False),
    sa.Column('claim_payment_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=10), nullable=False),
    sa.Column('modifiers', sa.JSON(), nullable=False),
    sa.Column('charge', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('paid', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('units', sa.Numeric(precision=9, scale=3), nullable=False),
    sa.Column('allowed', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('remarks', sa.JSON(), nullable=False),
    sa.Column('original_code', sa.String(length=10), nullable=True),
    sa.Column('original_modifiers', sa.JSON(), nullable=False),
    sa.Column('service_date', sa.Date(), nullable=True),
    sa.Column('line_id', sa.String(length=50), nullable=True),
    sa.Column('claim_line_number', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['claim_payment_id'], ['claim_payments.id'], name=op.f('fk_line_payments_claim_payment_id_claim_payments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['practice_id'], ['practices.id'], name=op.f('fk_line_payments_practice_id_practices'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_line_payments'))
    )
    with op.batch_alter_table('line_payments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_line_payments_claim_payment_id'), ['claim_payment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_line_payments_practice_id'), ['practice_id'], unique=False)

    op.create_table('scrub_findings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('practice_id', sa.String(length=64), nullable=False),
    sa.Column('claim_id', sa.String(length=38), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('edit', sa.String(length=40), nullable=False),
    sa.Column('severity', sa.String(length=10), nullable=False),
    sa.Column('lines', sa.JSON(), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('fix', sa.Text(), nullable=False),
    sa.Column('details', sa.JSON(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['practice_id', 'claim_id'], ['claims.practice_id', 'claims.claim_id'], name=op.f('fk_scrub_findings_practice_id_claim_id_claims'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['practice_id'], ['practices.id'], name=op.f('fk_scrub_findings_practice_id_practices'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scrub_findings'))
    )
    with op.batch_alter_table('scrub_findings', schema=None) as batch_op:
        batch_op.create_index('ix_scrub_findings_practice_claim', ['practice_id', 'claim_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_scrub_findings_practice_id'), ['practice_id'], unique=False)

    op.create_table('remit_adjustments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('practice_id', sa.String(length=64), nullable=False),
    sa.Column('claim_payment_id', sa.Integer(), nullable=False),
    sa.Column('line_payment_id', sa.Integer(), nullable=True),
    sa.Column('level', sa.String(length=5), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('group_code', sa.String(length=2), nullable=False),
    sa.Column('reason', sa.String(length=5), nullable=False),
    sa.Column('amount', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('quantity', sa.Numeric(precision=9, scale=3), nullable=True),
    sa.ForeignKeyConstraint(['claim_payment_id'], ['claim_payments.id'], name=op.f('fk_remit_adjustments_claim_payment_id_claim_payments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['line_payment_id'], ['line_payments.id'], name=op.f('fk_remit_adjustments_line_payment_id_line_payments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['practice_id'], ['practices.id'], name=op.f('fk_remit_adjustments_practice_id_practices'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_remit_adjustments'))
    )
    with op.batch_alter_table('remit_adjustments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_remit_adjustments_claim_payment_id'), ['claim_payment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_remit_adjustments_line_payment_id'), ['line_payment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_remit_adjustments_practice_id'), ['practice_id'], unique=False)
        batch_op.create_index('ix_remit_adjustments_practice_reason', ['practice_id', 'group_code', 'reason'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('remit_adjustments', schema=None) as batch_op:
        batch_op.drop_index('ix_remit_adjustments_practice_reason')
        batch_op.drop_index(batch_op.f('ix_remit_adjustments_practice_id'))
        batch_op.drop_index(batch_op.f('ix_remit_adjustments_line_payment_id'))
        batch_op.drop_index(batch_op.f('ix_remit_adjustments_claim_payment_id'))

    op.drop_table('remit_adjustments')
    with op.batch_alter_table('scrub_findings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scrub_findings_practice_id'))
        batch_op.drop_index('ix_scrub_findings_practice_claim')

    op.drop_table('scrub_findings')
    with op.batch_alter_table('line_payments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_line_payments_practice_id'))
        batch_op.drop_index(batch_op.f('ix_line_payments_claim_payment_id'))

    op.drop_table('line_payments')
    with op.batch_alter_table('claim_lines', schema=None) as batch_op:
        batch_op.drop_index('ix_claim_lines_practice_code')

    op.drop_table('claim_lines')
    with op.batch_alter_table('claim_authorizations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claim_authorizations_authorization_id'))

    op.drop_table('claim_authorizations')
    with op.batch_alter_table('provider_adjustments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_provider_adjustments_remittance_id'))
        batch_op.drop_index(batch_op.f('ix_provider_adjustments_practice_id'))

    op.drop_table('provider_adjustments')
    with op.batch_alter_table('coded_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_coded_lines_practice_id'))
        batch_op.drop_index('ix_coded_lines_practice_encounter')

    op.drop_table('coded_lines')
    with op.batch_alter_table('clinical_notes', schema=None) as batch_op:
        batch_op.drop_index('ix_clinical_notes_practice_encounter')

    op.drop_table('clinical_notes')
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_index('ix_claims_practice_status')
        batch_op.drop_index('ix_claims_practice_payer')
        batch_op.drop_index('ix_claims_practice_patient')
        batch_op.drop_index('ix_claims_practice_encounter')
        batch_op.drop_index('ix_claims_practice_dos')

    op.drop_table('claims')
    with op.batch_alter_table('claim_payments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claim_payments_remittance_id'))
        batch_op.drop_index('ix_claim_payments_practice_pcn')
        batch_op.drop_index(batch_op.f('ix_claim_payments_practice_id'))
        batch_op.drop_index('ix_claim_payments_practice_claim')

    op.drop_table('claim_payments')
    with op.batch_alter_table('remittances', schema=None) as batch_op:
        batch_op.drop_index('ix_remittances_practice_payment_date')
        batch_op.drop_index(batch_op.f('ix_remittances_practice_id'))
        batch_op.drop_index(batch_op.f('ix_remittances_edi_file_id'))

    op.drop_table('remittances')
    with op.batch_alter_table('payer_enrollments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payer_enrollments_practice_id'))

    op.drop_table('payer_enrollments')
    with op.batch_alter_table('fee_schedule_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fee_schedule_entries_practice_id'))
        batch_op.drop_index('ix_fee_schedule_entries_contract_code')

    op.drop_table('fee_schedule_entries')
    with op.batch_alter_table('encounters', schema=None) as batch_op:
        batch_op.drop_index('ix_encounters_practice_patient')
        batch_op.drop_index('ix_encounters_practice_dos')

    op.drop_table('encounters')
    with op.batch_alter_table('credentials', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_credentials_practice_id'))
        batch_op.drop_index('ix_credentials_practice_expires')

    op.drop_table('credentials')
    with op.batch_alter_table('coverages', schema=None) as batch_op:
        batch_op.drop_index('ix_coverages_practice_patient')
        batch_op.drop_index('ix_coverages_practice_member')
        batch_op.drop_index(batch_op.f('ix_coverages_practice_id'))

    op.drop_table('coverages')
    with op.batch_alter_table('authorizations', schema=None) as batch_op:
        batch_op.drop_index('ix_authorizations_practice_patient')
        batch_op.drop_index(batch_op.f('ix_authorizations_practice_id'))

    op.drop_table('authorizations')
    op.drop_table('x12_control_numbers')
    with op.batch_alter_table('work_items', schema=None) as batch_op:
        batch_op.drop_index('ix_work_items_practice_status_kind')
        batch_op.drop_index(batch_op.f('ix_work_items_practice_id'))
        batch_op.drop_index('ix_work_items_practice_due')
        batch_op.drop_index('ix_work_items_practice_claim')

    op.drop_table('work_items')
    with op.batch_alter_table('user_practices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_practices_practice_id'))

    op.drop_table('user_practices')
    op.drop_table('providers')
    with op.batch_alter_table('patients', schema=None) as batch_op:
        batch_op.drop_index('ix_patients_practice_name')
        batch_op.drop_index('ix_patients_practice_account')

    op.drop_table('patients')
    with op.batch_alter_table('edi_files', schema=None) as batch_op:
        batch_op.drop_index('ix_edi_files_practice_kind_received')
        batch_op.drop_index(batch_op.f('ix_edi_files_practice_id'))

    op.drop_table('edi_files')
    with op.batch_alter_table('contracts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contracts_practice_id'))

    op.drop_table('contracts')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_log_practice_at')
        batch_op.drop_index('ix_audit_log_entity')

    op.drop_table('audit_log')
    op.drop_table('users')
    op.drop_table('practices')
    op.drop_table('payers')
