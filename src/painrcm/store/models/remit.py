"""Tables of posted remittances (835): payment, claim payments, line payments,
CAS adjustments and provider-level (PLB) adjustments.

``UNIQUE(practice_id, payer_key, trn)`` makes an 835 post once: ``payer_key`` is the
payer's id from TRN03/REF*2U when present, else its name.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from painrcm.store.models.base import Base, created_at, practice_fk
from painrcm.store.types import Amount


class RemittanceRow(Base):
    __tablename__ = "remittances"
    __table_args__ = (
        sa.UniqueConstraint("practice_id", "payer_key", "trn"),
        sa.Index("ix_remittances_practice_payment_date", "practice_id", "payment_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[str] = practice_fk()
    payer_key: Mapped[str] = mapped_column(sa.String(80))
    trn: Mapped[str] = mapped_column(sa.String(50))
    payer_id: Mapped[str | None] = mapped_column(sa.String(80))
    payer_name: Mapped[str] = mapped_column(sa.String(200))
    payee_name: Mapped[str] = mapped_column(sa.String(200))
    payee_npi: Mapped[str | None] = mapped_column(sa.String(10))
    payee_tax_id: Mapped[str | None] = mapped_column(sa.String(20))
    total_paid: Mapped[Decimal]
    payment_method: Mapped[str] = mapped_column(sa.String(3))
    payment_date: Mapped[date | None]
    edi_file_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("edi_files.id", ondelete="SET NULL"), index=True)
    status: Mapped[str] = mapped_column(sa.String(20), default="posted")
    posted_at: Mapped[datetime] = created_at()

    claims: Mapped[list[ClaimPaymentRow]] = relationship(
        back_populates="remittance", cascade="all, delete-orphan", order_by="ClaimPaymentRow.seq",
        passive_deletes=True)
    provider_adjustments: Mapped[list[ProviderAdjustmentRow]] = relationship(
        cascade="all, delete-orphan", order_by="ProviderAdjustmentRow.seq", passive_deletes=True)


class ClaimPaymentRow(Base):
    __tablename__ = "claim_payments"
    __table_args__ = (
        sa.Index("ix_claim_payments_practice_pcn", "practice_id", "patient_control_number"),
        sa.Index("ix_claim_payments_practice_claim", "practice_id", "claim_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[str] = practice_fk()
    remittance_id: Mapped[int] = mapped_column(
        sa.ForeignKey("remittances.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int]
    patient_control_number: Mapped[str] = mapped_column(sa.String(38))
    claim_id: Mapped[str | None] = mapped_column(sa.String(38))  # our claim, once matched
    status: Mapped[str] = mapped_column(sa.String(2))
    charge: Mapped[Decimal]
    paid: Mapped[Decimal]
    patient_responsibility: Mapped[Decimal]
    payer_claim_number: Mapped[str | None] = mapped_column(sa.String(50))
    claim_filing_indicator: Mapped[str | None] = mapped_column(sa.String(2))
    patient_name: Mapped[str | None] = mapped_column(sa.String(200))
    member_id: Mapped[str | None] = mapped_column(sa.String(80))
    service_date_from: Mapped[date | None]
    service_date_to: Mapped[date | None]
    received_date: Mapped[date | None]
    remarks: Mapped[list[Any]]

    remittance: Mapped[RemittanceRow] = relationship(back_populates="claims")
    lines: Mapped[list[LinePaymentRow]] = relationship(
        back_populates="claim_payment", cascade="all, delete-orphan", order_by="LinePaymentRow.seq",
        passive_deletes=True)
    # every CAS of the claim, claim level and line level (line ones also hang off their line)
    adjustments: Mapped[list[RemitAdjustmentRow]] = relationship(
        cascade="all, delete-orphan", order_by="RemitAdjustmentRow.seq", passive_deletes=True)


class LinePaymentRow(Base):
    __tablename__ = "line_payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[str] = practice_fk()
    claim_payment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("claim_payments.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int]
    code: Mapped[str] = mapped_column(sa.String(10))
    modifiers: Mapped[list[Any]]
    charge: Mapped[Decimal]
    paid: Mapped[Decimal]
    units: Mapped[Decimal] = mapped_column(Amount(9, 3))
    allowed: Mapped[Decimal | None]
    remarks: Mapped[list[Any]]
    original_code: Mapped[str | None] = mapped_column(sa.String(10))
    original_modifiers: Mapped[list[Any]]
    service_date: Mapped[date | None]
    line_id: Mapped[str | None] = mapped_column(sa.String(50))
    claim_line_number: Mapped[int | None]  # our claim line, once matched

    claim_payment: Mapped[ClaimPaymentRow] = relationship(back_populates="lines")
    adjustments: Mapped[list[RemitAdjustmentRow]] = relationship(
        cascade="save-update, merge", order_by="RemitAdjustmentRow.seq", passive_deletes=True)


class RemitAdjustmentRow(Base):
    """One CAS adjustment, at claim level (``line_payment_id`` empty) or line level."""

    __tablename__ = "remit_adjustments"
    __table_args__ = (
        sa.Index("ix_remit_adjustments_practice_reason", "practice_id", "group_code", "reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[str] = practice_fk()
    claim_payment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("claim_payments.id", ondelete="CASCADE"), index=True)
    line_payment_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("line_payments.id", ondelete="CASCADE"), index=True)
    level: Mapped[str] = mapped_column(sa.String(5))  # claim | line
    seq: Mapped[int]
    group_code: Mapped[str] = mapped_column(sa.String(2))
    reason: Mapped[str] = mapped_column(sa.String(5))
    amount: Mapped[Decimal]
    quantity: Mapped[Decimal | None] = mapped_column(Amount(9, 3))


class ProviderAdjustmentRow(Base):
    __tablename__ = "provider_adjustments"

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[str] = practice_fk()
    remittance_id: Mapped[int] = mapped_column(
        sa.ForeignKey("remittances.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int]
    provider_id: Mapped[str] = mapped_column(sa.String(50))
    fiscal_period_date: Mapped[date | None]
    reason: Mapped[str] = mapped_column(sa.String(2))
    reference: Mapped[str | None] = mapped_column(sa.String(50))
    amount: Mapped[Decimal]
