"""Tables of charge capture: the appointment schedule and the practice's charge master."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from painrcm.store.models.base import Base, created_at, practice_fk
from painrcm.store.types import UTCDateTime


class AppointmentRow(Base):
    """One booked visit (``painrcm.claims.schedule.Appointment``); ``date_of_service`` is practice-local."""

    __tablename__ = "appointments"
    __table_args__ = (
        sa.Index("ix_appointments_practice_dos", "practice_id", "date_of_service"),
        sa.Index("ix_appointments_practice_patient", "practice_id", "patient_id"),
    )

    practice_id: Mapped[str] = practice_fk(primary_key=True)
    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    patient_id: Mapped[str] = mapped_column(sa.String(64))
    provider_npi: Mapped[str] = mapped_column(sa.String(10))
    date_of_service: Mapped[date]
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    place_of_service: Mapped[str] = mapped_column(sa.String(2))
    location: Mapped[str | None] = mapped_column(sa.String(200))
    visit_type: Mapped[str] = mapped_column(sa.String(20))
    status: Mapped[str] = mapped_column(sa.String(20))
    payer_id: Mapped[str | None] = mapped_column(sa.String(64))
    encounter_id: Mapped[str | None] = mapped_column(sa.String(64))
    no_charge_reason: Mapped[str | None] = mapped_column(sa.String(20))
    new_problem: Mapped[bool] = mapped_column(sa.Boolean(), default=False)
    supervising_npi: Mapped[str | None] = mapped_column(sa.String(10))
    created_at: Mapped[datetime] = created_at()


class ChargeMasterEntryRow(Base):
    """One charge of the practice's charge master (``painrcm.claims.charges.ChargeEntry``)."""

    __tablename__ = "charge_master_entries"
    __table_args__ = (
        sa.Index("ix_charge_master_entries_practice_code", "practice_id", "code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[str] = practice_fk()
    code: Mapped[str] = mapped_column(sa.String(10))
    modifier: Mapped[str | None] = mapped_column(sa.String(2))
    charge: Mapped[Decimal]
    effective_from: Mapped[date | None]
    effective_to: Mapped[date | None]
