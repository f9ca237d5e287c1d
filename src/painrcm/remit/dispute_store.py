"""Disputes in the database: one ``work_items`` row (kind ``dispute``) per dispute.

The dispute itself (lines, totals, status, recovered amount) is the row's ``details`` document
(dumped through ``store.codec``); ``amount`` is what is still outstanding and ``due_date`` the
dispute deadline, so the billers' queue sorts disputes by value and deadline like any other work.
Posting a later 835 calls :func:`apply_recoveries`, which books corrected payments and closes a
dispute once it is recovered.
"""

from __future__ import annotations

from typing import Iterable

import sqlalchemy as sa

from painrcm.remit.disputes import Dispute, apply_recovery
from painrcm.remit.model import Remittance

KIND = "dispute"


def _row(session, practice_id: str, dispute_id: str):
    from painrcm.store.models import WorkItemRow

    return session.scalars(sa.select(WorkItemRow).where(
        WorkItemRow.practice_id == practice_id, WorkItemRow.kind == KIND,
        WorkItemRow.entity_id == dispute_id)).one_or_none()


def save_dispute(session, practice_id: str, dispute: Dispute) -> int:
    """Insert or update the dispute's work item; returns its id."""
    from painrcm.store import codec
    from painrcm.store.repositories.work import add_work_item
    from painrcm.store.types import utcnow

    details = codec.dump(Dispute, dispute)
    title = f"Dispute {dispute.payer_name}: {len(dispute.lines)} line(s) underpaid {dispute.total_underpaid:.2f}"
    row = _row(session, practice_id, dispute.dispute_id)
    if row is None:
        return add_work_item(session, practice_id, kind=KIND, title=title[:200], entity="dispute",
                             entity_id=dispute.dispute_id, amount=dispute.outstanding, due_date=dispute.deadline,
                             priority=1, details=details)
    row.details = details
    row.amount = dispute.outstanding
    row.title = title[:200]
    if dispute.status in ("recovered", "closed"):
        row.status, row.closed_at = "closed", utcnow()
    session.flush()
    return row.id


def load_disputes(session, practice_id: str, *, payer_id: str | None = None,
                  open_only: bool = False) -> list[Dispute]:
    from painrcm.store import codec
    from painrcm.store.models import WorkItemRow

    stmt = sa.select(WorkItemRow).where(WorkItemRow.practice_id == practice_id, WorkItemRow.kind == KIND)
    if open_only:  # status IN (...) lets the (practice, status, kind) index answer: posting asks every file
        stmt = stmt.where(WorkItemRow.status.in_(("open", "in_progress")))
    out = [codec.load(Dispute, r.details) for r in session.scalars(stmt.order_by(WorkItemRow.id))]
    return [d for d in out if payer_id is None or d.payer_id == payer_id]


def apply_recoveries(session, practice_id: str, remittances: Iterable[Remittance]) -> list[Dispute]:
    """Book corrected payments against the open disputes; returns the disputes that changed."""
    remittances = list(remittances)
    changed = []
    for dispute in load_disputes(session, practice_id, open_only=True):
        updated = apply_recovery(dispute, remittances)
        if updated is not dispute:
            save_dispute(session, practice_id, updated)
            changed.append(updated)
    return changed


__all__ = ["save_dispute", "load_disputes", "apply_recoveries"]
