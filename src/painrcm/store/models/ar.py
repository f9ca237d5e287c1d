"""Tables of AR follow-up and patient billing: follow-up touches on claims, patient
statements sent (the 30/60/90 cycle's history), payment plans and patient payments.

Touch notes and outcomes are the biller's words about the claim; callers keep patient
names and dates of birth out of them.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from painrcm.store.models.base import Base, created_at, practice_fk
from painrcm.store.types import UTCDateTime


class ArTouchRow(Base):
    __tablename__ = "ar_touches"
    __table_args__ = (
        sa.Index("ix_ar_touches_practice_claim", "practice_id", "claim_id"),
        sa.Index("ix_ar_touches_practice_next_date", "practice_id", "next_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[str] = practice_fk()
    claim_id: Mapped[str] = mapped_column(sa.String(38))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    who: Mapped[str] = mapped_column(sa.String(254))
    channel: Mapped[str] = mapped_column(sa.String(20))
    reference: Mapped[str | None] = mapped_column(sa.String(80))
    outcome: Mapped[str] = mapped_column(sa.String(500))
    next_action: Mapped[str | None] = mapped_column(sa.String(40))
    next_date: Mapped[date | None]
    note: Mapped[str | None] = mapped_column(sa.String(500))
    status: Mapped[str | None] = mapped_column(sa.String(30))  # payer claim status learned (277)
    created_at: Mapped[datetime] = created_at()


class PatientStatementRow(Base):
    __tablename__ = "patient_statements"
    __table_args__ = (
        sa.Index("ix_patient_statements_practice_patient", "practice_id", "patient_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[str] = practice_fk()
    patient_id: Mapped[str] = mapped_column(sa.String(64))
    statement_date: Mapped[date]
    cycle: Mapped[int]
    balance: Mapped[Decimal]
    amount_due: Mapped[Decimal]
    file_name: Mapped[str | None] = mapped_column(sa.String(255))
    created_at: Mapped[datetime] = created_at()


class PaymentPlanRow(Base):
    __tablename__ = "payment_plans"
    __table_args__ = (
        sa.Index("ix_payment_plans_practice_patient", "practice_id", "patient_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[str] = practice_fk()
    patient_id: Mapped[str] = mapped_column(sa.String(64))
    total: Mapped[Decimal]
    monthly: Mapped[Decimal]
    start: Mapped[date]
    status: Mapped[str] = mapped_column(sa.String(20), default="active")  # active | completed | cancelled
    created_at: Mapped[datetime] = created_at()


class PatientPaymentRow(Base):
    __tablename__ = "patient_payments"
    __table_args__ = (
        sa.Index("ix_patient_payments_practice_patient", "practice_id", "patient_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[str] = practice_fk()
    patient_id: Mapped[str] = mapped_column(sa.String(64))
    amount: Mapped[Decimal]
    paid_on: Mapped[date]
    claim_id: Mapped[str | None] = mapped_column(sa.String(38))
    method: Mapped[str | None] = mapped_column(sa.String(20))
    reference: Mapped[str | None] = mapped_column(sa.String(80))
    created_at: Mapped[datetime] = created_at()
