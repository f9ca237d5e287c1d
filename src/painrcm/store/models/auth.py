"""Tables of prior authorizations (and which claims used them), provider credentials
and payer enrollments."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from painrcm.store.models.base import Base, practice_fk


class AuthorizationRow(Base):
    __tablename__ = "authorizations"
    __table_args__ = (
        sa.ForeignKeyConstraint(["practice_id", "patient_id"], ["patients.practice_id", "patients.id"],
                                ondelete="CASCADE"),
        sa.UniqueConstraint("practice_id", "payer_id", "number"),
        sa.Index("ix_authorizations_practice_patient", "practice_id", "patient_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[str] = practice_fk()
    number: Mapped[str] = mapped_column(sa.String(50))
    payer_id: Mapped[str] = mapped_column(sa.String(64), sa.ForeignKey("payers.id"))
    patient_id: Mapped[str] = mapped_column(sa.String(64))
    start_date: Mapped[date]
    end_date: Mapped[date]
    status: Mapped[str] = mapped_column(sa.String(20))
    codes: Mapped[list[Any]]
    family: Mapped[str | None] = mapped_column(sa.String(40))
    region: Mapped[str | None] = mapped_column(sa.String(20))
    levels: Mapped[list[Any]]
    side: Mapped[str | None] = mapped_column(sa.String(10))
    units: Mapped[int | None]
    units_used: Mapped[int] = mapped_column(default=0)
    place_of_service: Mapped[str | None] = mapped_column(sa.String(2))
    documents: Mapped[list[Any]]


class ClaimAuthorizationRow(Base):
    """A claim that used an authorization (and how many of its units)."""

    __tablename__ = "claim_authorizations"
    __table_args__ = (
        sa.ForeignKeyConstraint(["practice_id", "claim_id"], ["claims.practice_id", "claims.claim_id"],
                                ondelete="CASCADE"),
    )

    practice_id: Mapped[str] = practice_fk(primary_key=True)
    claim_id: Mapped[str] = mapped_column(sa.String(38), primary_key=True)
    authorization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("authorizations.id", ondelete="CASCADE"), primary_key=True, index=True)
    units: Mapped[int] = mapped_column(default=1)


class CredentialRow(Base):
    __tablename__ = "credentials"
    __table_args__ = (
        sa.ForeignKeyConstraint(["practice_id", "provider_npi"], ["providers.practice_id", "providers.npi"],
                                ondelete="CASCADE"),
        sa.UniqueConstraint("practice_id", "provider_npi", "kind", "number"),
        sa.Index("ix_credentials_practice_expires", "practice_id", "expires_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[str] = practice_fk()
    provider_npi: Mapped[str] = mapped_column(sa.String(10))
    kind: Mapped[str] = mapped_column(sa.String(30))
    number: Mapped[str] = mapped_column(sa.String(50))
    expires_on: Mapped[date]
    issued_on: Mapped[date | None]
    state: Mapped[str | None] = mapped_column(sa.String(2))


class PayerEnrollmentRow(Base):
    __tablename__ = "payer_enrollments"
    __table_args__ = (
        sa.ForeignKeyConstraint(["practice_id", "provider_npi"], ["providers.practice_id", "providers.npi"],
                                ondelete="CASCADE"),
        sa.UniqueConstraint("practice_id", "provider_npi", "payer_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[str] = practice_fk()
    provider_npi: Mapped[str] = mapped_column(sa.String(10))
    payer_id: Mapped[str] = mapped_column(sa.String(64), sa.ForeignKey("payers.id"))
    status: Mapped[str] = mapped_column(sa.String(20))
    effective_from: Mapped[date | None]
    effective_to: Mapped[date | None]
