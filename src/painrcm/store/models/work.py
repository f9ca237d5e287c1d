"""Tables of the work queue (unmatched payments, denials, variances, queries to
providers) and the audit log (who did what to which record; never PHI values)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from painrcm.store.models.base import Base, created_at, practice_fk
from painrcm.store.types import UTCDateTime, utcnow


class WorkItemRow(Base):
    __tablename__ = "work_items"
    __table_args__ = (
        sa.Index("ix_work_items_practice_status_kind", "practice_id", "status", "kind"),
        sa.Index("ix_work_items_practice_due", "practice_id", "due_date"),
        sa.Index("ix_work_items_practice_claim", "practice_id", "claim_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[str] = practice_fk()
    kind: Mapped[str] = mapped_column(sa.String(40))  # unmatched_payment | denial | variance | query ...
    status: Mapped[str] = mapped_column(sa.String(20), default="open")  # open | in_progress | closed
    title: Mapped[str] = mapped_column(sa.String(200))
    claim_id: Mapped[str | None] = mapped_column(sa.String(38))
    entity: Mapped[str | None] = mapped_column(sa.String(40))
    entity_id: Mapped[str | None] = mapped_column(sa.String(64))
    amount: Mapped[Decimal | None]
    due_date: Mapped[date | None]
    priority: Mapped[int] = mapped_column(default=0)
    assigned_to: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    details: Mapped[dict[str, Any] | None]
    created_at: Mapped[datetime] = created_at()
    closed_at: Mapped[datetime | None]


class AuditLogRow(Base):
    __tablename__ = "audit_log"
    __table_args__ = (
        sa.Index("ix_audit_log_practice_at", "practice_id", "at"),
        sa.Index("ix_audit_log_entity", "entity", "entity_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[str | None] = mapped_column(
        sa.String(64), sa.ForeignKey("practices.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    actor: Mapped[str] = mapped_column(sa.String(254))  # user e-mail or "system"/"cli"
    action: Mapped[str] = mapped_column(sa.String(40))
    entity: Mapped[str] = mapped_column(sa.String(40))
    entity_id: Mapped[str | None] = mapped_column(sa.String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    details: Mapped[dict[str, Any] | None]  # codes, counts, amounts - never names, dates of birth
