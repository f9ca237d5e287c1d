"""Tables of coding and billing: proposed code lines, claims, their lines, scrub findings.

A claim is keyed by ``(practice_id, claim_id)`` where ``claim_id`` is CLM01, the
patient control number, unique within a practice. The queryable parts of a claim
(payer, patient, date of service, totals, status) are columns; the parties printed
on the 837P (billing provider, subscriber, other payers ...) are one JSON document.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from painrcm.store.models.base import Base, created_at, practice_fk, updated_at
from painrcm.store.types import Amount


class CodedLineRow(Base):
    """A code line the coder proposed for an encounter, with its evidence."""

    __tablename__ = "coded_lines"
    __table_args__ = (
        sa.ForeignKeyConstraint(["practice_id", "encounter_id"],
                                ["encounters.practice_id", "encounters.id"], ondelete="CASCADE"),
        sa.Index("ix_coded_lines_practice_encounter", "practice_id", "encounter_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[str] = practice_fk()
    encounter_id: Mapped[str] = mapped_column(sa.String(64))
    seq: Mapped[int]
    code: Mapped[str] = mapped_column(sa.String(10))
    modifiers: Mapped[list[Any]]
    units: Mapped[int]
    diagnoses: Mapped[list[Any]]  # ICD-10-CM with the dot, as the coder writes them
    evidence: Mapped[list[Any]]
    status: Mapped[str] = mapped_column(sa.String(20))  # proposed | accepted | rejected | needs_review
    queries: Mapped[list[Any]]


class ClaimRow(Base):
    __tablename__ = "claims"
    __table_args__ = (
        sa.ForeignKeyConstraint(["practice_id", "patient_id"], ["patients.practice_id", "patients.id"]),
        sa.ForeignKeyConstraint(["practice_id", "encounter_id"],
                                ["encounters.practice_id", "encounters.id"]),
        sa.Index("ix_claims_practice_dos", "practice_id", "service_date"),
        sa.Index("ix_claims_practice_status", "practice_id", "status"),
        sa.Index("ix_claims_practice_payer", "practice_id", "payer_id"),
        sa.Index("ix_claims_practice_patient", "practice_id", "patient_id"),
        sa.Index("ix_claims_practice_encounter", "practice_id", "encounter_id"),
    )

    practice_id: Mapped[str] = practice_fk(primary_key=True)
    claim_id: Mapped[str] = mapped_column(sa.String(38), primary_key=True)  # CLM01
    encounter_id: Mapped[str | None] = mapped_column(sa.String(64))
    payer_id: Mapped[str] = mapped_column(sa.String(64), sa.ForeignKey("payers.id"))
    payer_name: Mapped[str] = mapped_column(sa.String(200))
    x12_payer_id: Mapped[str] = mapped_column(sa.String(80))
    patient_id: Mapped[str] = mapped_column(sa.String(64))
    rendering_npi: Mapped[str | None] = mapped_column(sa.String(10))
    service_date: Mapped[date]
    place_of_service: Mapped[str] = mapped_column(sa.String(2))
    frequency_code: Mapped[str] = mapped_column(sa.String(1))
    payer_claim_number: Mapped[str | None] = mapped_column(sa.String(50))
    prior_authorization: Mapped[str | None] = mapped_column(sa.String(50))
    total_charge: Mapped[Decimal]
    patient_paid: Mapped[Decimal]
    diagnoses: Mapped[list[Any]]  # ICD-10-CM without the dot, in HI order
    detail: Mapped[dict[str, Any]]  # parties and flags of the 837P (see repositories.claims)
    status: Mapped[str] = mapped_column(sa.String(20), default="draft")
    submitted_on: Mapped[date | None]
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()
    # optimistic locking: every ORM update checks and bumps it; see repositories.claims.update_claim
    version: Mapped[int] = mapped_column(nullable=False, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}

    lines: Mapped[list[ClaimLineRow]] = relationship(
        back_populates="claim", cascade="all, delete-orphan", order_by="ClaimLineRow.line_number",
        passive_deletes=True)


class ClaimLineRow(Base):
    __tablename__ = "claim_lines"
    __table_args__ = (
        sa.ForeignKeyConstraint(["practice_id", "claim_id"], ["claims.practice_id", "claims.claim_id"],
                                ondelete="CASCADE"),
        sa.UniqueConstraint("practice_id", "claim_id", "line_number"),
        sa.Index("ix_claim_lines_practice_code", "practice_id", "code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[str] = mapped_column(sa.String(64), sa.ForeignKey("practices.id", ondelete="CASCADE"))
    claim_id: Mapped[str] = mapped_column(sa.String(38))
    line_number: Mapped[int]
    code: Mapped[str] = mapped_column(sa.String(10))
    modifiers: Mapped[list[Any]]
    charge: Mapped[Decimal]
    units: Mapped[Decimal] = mapped_column(Amount(9, 3))
    diagnosis_pointers: Mapped[list[Any]]
    service_date: Mapped[date | None]
    place_of_service: Mapped[str | None] = mapped_column(sa.String(2))
    authorization_number: Mapped[str | None] = mapped_column(sa.String(50))
    note: Mapped[str | None] = mapped_column(sa.String(80))
    line_id: Mapped[str | None] = mapped_column(sa.String(50))

    claim: Mapped[ClaimRow] = relationship(back_populates="lines")


class ScrubFindingRow(Base):
    """One edit a claim failed (or warned on) before submission."""

    __tablename__ = "scrub_findings"
    __table_args__ = (
        sa.ForeignKeyConstraint(["practice_id", "claim_id"], ["claims.practice_id", "claims.claim_id"],
                                ondelete="CASCADE"),
        sa.Index("ix_scrub_findings_practice_claim", "practice_id", "claim_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[str] = practice_fk()
    claim_id: Mapped[str] = mapped_column(sa.String(38))
    seq: Mapped[int]
    edit: Mapped[str] = mapped_column(sa.String(40))  # stable edit id, e.g. NCCI_PAIR, MUE_EXCEEDED
    severity: Mapped[str] = mapped_column(sa.String(10))  # error | warning
    lines: Mapped[list[Any]]  # 1-based claim line positions; empty = the whole claim
    message: Mapped[str] = mapped_column(sa.Text)
    fix: Mapped[str] = mapped_column(sa.Text, default="")
    details: Mapped[dict[str, Any] | None]
    created_at: Mapped[datetime] = created_at()
    resolved_at: Mapped[datetime | None]
