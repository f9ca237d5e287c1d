"""Tables of payer contracts and their fee schedules."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from painrcm.store.models.base import Base, practice_fk
from painrcm.store.types import Amount


class ContractRow(Base):
    __tablename__ = "contracts"
    __table_args__ = (
        sa.UniqueConstraint("practice_id", "payer_id", "name", "effective_from"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[str] = practice_fk()
    payer_id: Mapped[str] = mapped_column(sa.String(64), sa.ForeignKey("payers.id"))
    name: Mapped[str] = mapped_column(sa.String(200))
    basis: Mapped[str] = mapped_column(sa.String(30))  # fee_schedule | percent_of_medicare
    effective_from: Mapped[date]
    effective_to: Mapped[date | None]
    percent_of_medicare: Mapped[Decimal | None] = mapped_column(Amount(9, 4))
    locality: Mapped[str | None] = mapped_column(sa.String(20))
    terms: Mapped[dict[str, Any]]

    fee_schedule: Mapped[list[FeeScheduleEntryRow]] = relationship(
        back_populates="contract", cascade="all, delete-orphan", order_by="FeeScheduleEntryRow.seq",
        passive_deletes=True)


class FeeScheduleEntryRow(Base):
    __tablename__ = "fee_schedule_entries"
    __table_args__ = (
        sa.Index("ix_fee_schedule_entries_contract_code", "contract_id", "code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[str] = practice_fk()
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"))
    seq: Mapped[int]
    code: Mapped[str] = mapped_column(sa.String(10))
    modifier: Mapped[str | None] = mapped_column(sa.String(2))
    allowed: Mapped[Decimal]
    effective_from: Mapped[date | None]
    effective_to: Mapped[date | None]

    contract: Mapped[ContractRow] = relationship(back_populates="fee_schedule")
