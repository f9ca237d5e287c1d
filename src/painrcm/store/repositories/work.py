"""Work items (the billers' queue), the audit log and users.

The audit log records who did what to which record (action, entity, entity id,
counts and codes in ``details``); callers must not put names, dates of birth or
note text in it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Iterable

import sqlalchemy as sa
from sqlalchemy.orm import Session

from painrcm.errors import InputError, NotFound
from painrcm.store.models import AuditLogRow, UserPracticeRow, UserRow, WorkItemRow
from painrcm.store.types import utcnow


def add_work_item(session: Session, practice_id: str, *, kind: str, title: str, claim_id: str | None = None,
                  entity: str | None = None, entity_id: str | None = None, amount: Decimal | None = None,
                  due_date: date | None = None, priority: int = 0,
                  details: dict[str, Any] | None = None) -> int:
    row = WorkItemRow(practice_id=practice_id, kind=kind, title=title, claim_id=claim_id, entity=entity,
                      entity_id=entity_id, amount=amount, due_date=due_date, priority=priority,
                      details=details, status="open")
    session.add(row)
    session.flush()
    return row.id


def open_work_items(session: Session, practice_id: str, kind: str | None = None) -> list[WorkItemRow]:
    """Open items of a practice, highest priority then earliest due date first."""
    stmt = sa.select(WorkItemRow).where(WorkItemRow.practice_id == practice_id, WorkItemRow.status != "closed")
    if kind is not None:
        stmt = stmt.where(WorkItemRow.kind == kind)
    stmt = stmt.order_by(WorkItemRow.priority.desc(), WorkItemRow.due_date.is_(None), WorkItemRow.due_date,
                         WorkItemRow.id)
    return list(session.scalars(stmt))


def close_work_item(session: Session, practice_id: str, item_id: int) -> None:
    row = session.get(WorkItemRow, item_id)
    if row is None or row.practice_id != practice_id:
        raise NotFound(f"no work item {item_id} in practice {practice_id!r}")
    row.status = "closed"
    row.closed_at = utcnow()
    session.flush()


def audit(session: Session, action: str, entity: str, entity_id: str | None = None, *,
          practice_id: str | None = None, actor: str = "system", user_id: int | None = None,
          details: dict[str, Any] | None = None) -> None:
    """Append one line to the audit log (no PHI values in ``details``)."""
    session.add(AuditLogRow(practice_id=practice_id, user_id=user_id, actor=actor, action=action,
                            entity=entity, entity_id=entity_id, details=details))
    session.flush()


def audit_entries(session: Session, practice_id: str | None = None, *, entity: str | None = None,
                  entity_id: str | None = None, limit: int = 200) -> list[AuditLogRow]:
    stmt = sa.select(AuditLogRow)
    if practice_id is not None:
        stmt = stmt.where(AuditLogRow.practice_id == practice_id)
    if entity is not None:
        stmt = stmt.where(AuditLogRow.entity == entity)
    if entity_id is not None:
        stmt = stmt.where(AuditLogRow.entity_id == entity_id)
    return list(session.scalars(stmt.order_by(AuditLogRow.at.desc(), AuditLogRow.id.desc()).limit(limit)))


def create_user(session: Session, email: str, password_hash: str, role: str,
                practice_ids: Iterable[str] = (), display_name: str | None = None) -> int:
    """Add a user (the password is hashed by the caller) with the practices they may see."""
    email = email.strip().lower()
    if session.scalar(sa.select(UserRow.id).where(UserRow.email == email)) is not None:
        raise InputError("a user with this e-mail already exists", field="email")
    row = UserRow(email=email, password_hash=password_hash, role=role, display_name=display_name)
    session.add(row)
    session.flush()
    grant_practices(session, row.id, practice_ids)
    return row.id


def grant_practices(session: Session, user_id: int, practice_ids: Iterable[str]) -> None:
    for pid in practice_ids:
        if session.get(UserPracticeRow, (user_id, pid)) is None:
            session.add(UserPracticeRow(user_id=user_id, practice_id=pid))
    session.flush()


def find_user(session: Session, email: str) -> UserRow | None:
    return session.scalars(sa.select(UserRow).where(UserRow.email == email.strip().lower())).one_or_none()
