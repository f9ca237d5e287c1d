"""Tables of the parties: practices, providers, payers, patients, coverages,
encounters and their clinical notes, plus users and which practices they see.

Practice data is keyed by ``(practice_id, id)`` with the domain's own identifiers,
and references between practice tables are composite foreign keys that include
``practice_id``: a row can never point at another practice's patient.
Payers are shared by every practice (a payer's identity is not practice data).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from painrcm.store.models.base import Base, created_at, practice_fk


class PracticeRow(Base):
    __tablename__ = "practices"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    npi: Mapped[str] = mapped_column(sa.String(10))
    tax_id: Mapped[str] = mapped_column(sa.String(20))
    taxonomy: Mapped[str] = mapped_column(sa.String(10))
    address: Mapped[dict[str, Any]]
    pay_to_address: Mapped[dict[str, Any] | None]
    phone: Mapped[str | None] = mapped_column(sa.String(20))
    mpfs_locality: Mapped[str | None] = mapped_column(sa.String(20))
    time_zone: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = created_at()


class ProviderRow(Base):
    __tablename__ = "providers"

    practice_id: Mapped[str] = practice_fk(primary_key=True)
    npi: Mapped[str] = mapped_column(sa.String(10), primary_key=True)
    provider_key: Mapped[str | None] = mapped_column(sa.String(64))  # Provider.id
    last_name: Mapped[str] = mapped_column(sa.String(100))
    first_name: Mapped[str] = mapped_column(sa.String(100))
    credential: Mapped[str] = mapped_column(sa.String(10))
    taxonomy: Mapped[str] = mapped_column(sa.String(10))


class PayerRow(Base):
    __tablename__ = "payers"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    plan_type: Mapped[str] = mapped_column(sa.String(30))
    x12_payer_id: Mapped[str] = mapped_column(sa.String(80))
    policy_id: Mapped[str] = mapped_column(sa.String(64))
    address: Mapped[dict[str, Any] | None]


class PatientRow(Base):
    __tablename__ = "patients"
    __table_args__ = (
        sa.Index("ix_patients_practice_name", "practice_id", "last_name", "first_name", "birth_date"),
        sa.Index("ix_patients_practice_account", "practice_id", "account_number"),
    )

    practice_id: Mapped[str] = practice_fk(primary_key=True)
    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    last_name: Mapped[str] = mapped_column(sa.String(100))
    first_name: Mapped[str] = mapped_column(sa.String(100))
    birth_date: Mapped[date]
    sex: Mapped[str] = mapped_column(sa.String(1))
    address: Mapped[dict[str, Any] | None]
    account_number: Mapped[str | None] = mapped_column(sa.String(50))


class CoverageRow(Base):
    __tablename__ = "coverages"
    __table_args__ = (
        sa.ForeignKeyConstraint(["practice_id", "patient_id"], ["patients.practice_id", "patients.id"],
                                ondelete="CASCADE"),
        sa.Index("ix_coverages_practice_patient", "practice_id", "patient_id"),
        sa.Index("ix_coverages_practice_member", "practice_id", "payer_id", "member_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[str] = practice_fk()
    patient_id: Mapped[str] = mapped_column(sa.String(64))
    payer_id: Mapped[str] = mapped_column(sa.String(64), sa.ForeignKey("payers.id"))
    member_id: Mapped[str] = mapped_column(sa.String(80))
    rank: Mapped[str] = mapped_column(sa.String(10))
    group_number: Mapped[str | None] = mapped_column(sa.String(50))
    plan_name: Mapped[str | None] = mapped_column(sa.String(200))
    relationship: Mapped[str] = mapped_column(sa.String(2))
    subscriber_last_name: Mapped[str | None] = mapped_column(sa.String(100))
    subscriber_first_name: Mapped[str | None] = mapped_column(sa.String(100))
    subscriber_birth_date: Mapped[date | None]
    subscriber_sex: Mapped[str | None] = mapped_column(sa.String(1))
    effective_from: Mapped[date | None]
    effective_to: Mapped[date | None]


class EncounterRow(Base):
    __tablename__ = "encounters"
    __table_args__ = (
        sa.ForeignKeyConstraint(["practice_id", "patient_id"], ["patients.practice_id", "patients.id"],
                                ondelete="CASCADE"),
        sa.Index("ix_encounters_practice_dos", "practice_id", "date_of_service"),
        sa.Index("ix_encounters_practice_patient", "practice_id", "patient_id"),
    )

    practice_id: Mapped[str] = practice_fk(primary_key=True)
    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    patient_id: Mapped[str] = mapped_column(sa.String(64))
    date_of_service: Mapped[date]
    place_of_service: Mapped[str] = mapped_column(sa.String(2))
    rendering_npi: Mapped[str] = mapped_column(sa.String(10))
    supervising_npi: Mapped[str | None] = mapped_column(sa.String(10))
    payer_id: Mapped[str] = mapped_column(sa.String(64), sa.ForeignKey("payers.id"))
    visit_type: Mapped[str] = mapped_column(sa.String(20))
    # coding outcome for the whole encounter (lines are in coded_lines)
    coding_status: Mapped[str | None] = mapped_column(sa.String(20))  # ready | needs_review | accepted
    coding_queries: Mapped[list[Any] | None]
    coding_facts: Mapped[dict[str, Any] | None]
    created_at: Mapped[datetime] = created_at()

    notes: Mapped[list[ClinicalNoteRow]] = relationship(
        back_populates="encounter", cascade="all, delete-orphan", order_by="ClinicalNoteRow.seq",
        passive_deletes=True)


class ClinicalNoteRow(Base):
    __tablename__ = "clinical_notes"
    __table_args__ = (
        sa.ForeignKeyConstraint(["practice_id", "encounter_id"],
                                ["encounters.practice_id", "encounters.id"], ondelete="CASCADE"),
        sa.Index("ix_clinical_notes_practice_encounter", "practice_id", "encounter_id"),
    )

    practice_id: Mapped[str] = practice_fk(primary_key=True)
    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    encounter_id: Mapped[str] = mapped_column(sa.String(64))
    seq: Mapped[int] = mapped_column(default=0)
    kind: Mapped[str] = mapped_column(sa.String(20))
    text: Mapped[str] = mapped_column(sa.Text)
    author_npi: Mapped[str | None] = mapped_column(sa.String(10))
    # wall-clock time as written on the note (naive; aware values are stored in UTC)
    signed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=False))

    encounter: Mapped[EncounterRow] = relationship(back_populates="notes")


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[str] = mapped_column(sa.String(20))  # admin | biller | coder | provider | viewer
    display_name: Mapped[str | None] = mapped_column(sa.String(200))
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = created_at()


class UserPracticeRow(Base):
    """Which practices a user may see (the scoping of every query they run)."""

    __tablename__ = "user_practices"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    practice_id: Mapped[str] = mapped_column(
        sa.String(64), sa.ForeignKey("practices.id", ondelete="CASCADE"), primary_key=True,
        index=True)
    role: Mapped[str | None] = mapped_column(sa.String(20))  # overrides users.role for this practice
