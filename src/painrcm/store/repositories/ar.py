"""AR follow-up touches, patient statements sent, payment plans and patient payments.

Rows in, domain dataclasses out (:mod:`painrcm.ar.cycle`, :mod:`painrcm.patients.statements`).
Callers commit (``store.engine.session_scope``).
"""

from __future__ import annotations

from datetime import date
from typing import Iterable

import sqlalchemy as sa
from sqlalchemy.orm import Session

from painrcm.ar.cycle import Touch
from painrcm.patients.statements import PatientPayment, PaymentPlan, StatementRecord
from painrcm.store.models import ArTouchRow, PatientPaymentRow, PatientStatementRow, PaymentPlanRow


def add_touch(session: Session, practice_id: str, touch: Touch) -> int:
    row = ArTouchRow(practice_id=practice_id, claim_id=touch.claim_id, at=touch.at, who=touch.who,
                     channel=touch.channel, reference=touch.reference, outcome=touch.outcome[:500],
                     next_action=touch.next_action, next_date=touch.next_date,
                     note=touch.note[:500] if touch.note else None, status=touch.status)
    session.add(row)
    session.flush()
    return row.id


def _touch(r: ArTouchRow) -> Touch:
    return Touch(r.claim_id, r.at, r.who, r.channel, r.outcome, r.reference, r.next_action, r.next_date, r.note,
                 r.status)


def load_touches(session: Session, practice_id: str, claim_ids: Iterable[str] | None = None) -> dict[str, list[Touch]]:
    """Touches by claim id, oldest first."""
    stmt = sa.select(ArTouchRow).where(ArTouchRow.practice_id == practice_id)
    if claim_ids is not None:
        stmt = stmt.where(ArTouchRow.claim_id.in_(list(claim_ids)))
    out: dict[str, list[Touch]] = {}
    for r in session.scalars(stmt.order_by(ArTouchRow.at, ArTouchRow.id)):
        out.setdefault(r.claim_id, []).append(_touch(r))
    return out


def add_statement(session: Session, practice_id: str, record: StatementRecord, *, amount_due=None,
                  file_name: str | None = None) -> int:
    row = PatientStatementRow(practice_id=practice_id, patient_id=record.patient_id,
                              statement_date=record.statement_date, cycle=record.cycle, balance=record.balance,
                              amount_due=amount_due if amount_due is not None else record.balance, file_name=file_name)
    session.add(row)
    session.flush()
    return row.id


def load_statements(session: Session, practice_id: str) -> list[StatementRecord]:
    rows = session.scalars(sa.select(PatientStatementRow).where(PatientStatementRow.practice_id == practice_id)
                           .order_by(PatientStatementRow.statement_date, PatientStatementRow.id))
    return [StatementRecord(r.patient_id, r.statement_date, r.cycle, r.balance) for r in rows]


def add_payment_plan(session: Session, practice_id: str, plan: PaymentPlan) -> int:
    row = PaymentPlanRow(practice_id=practice_id, patient_id=plan.patient_id, total=plan.total,
                         monthly=plan.monthly, start=plan.start, status="active")
    session.add(row)
    session.flush()
    return row.id


def load_payment_plans(session: Session, practice_id: str, *, active_only: bool = True) -> list[PaymentPlan]:
    stmt = sa.select(PaymentPlanRow).where(PaymentPlanRow.practice_id == practice_id)
    if active_only:
        stmt = stmt.where(PaymentPlanRow.status == "active")
    return [PaymentPlan(r.patient_id, r.total, r.monthly, r.start, str(r.id))
            for r in session.scalars(stmt.order_by(PaymentPlanRow.id))]


def add_patient_payment(session: Session, practice_id: str, payment: PatientPayment, *, method: str | None = None,
                        reference: str | None = None) -> int:
    row = PatientPaymentRow(practice_id=practice_id, patient_id=payment.patient_id, amount=payment.amount,
                            paid_on=payment.paid_on, claim_id=payment.claim_id, method=method, reference=reference)
    session.add(row)
    session.flush()
    return row.id


def load_patient_payments(session: Session, practice_id: str, *, until: date | None = None) -> list[PatientPayment]:
    stmt = sa.select(PatientPaymentRow).where(PatientPaymentRow.practice_id == practice_id)
    if until is not None:
        stmt = stmt.where(PatientPaymentRow.paid_on <= until)
    return [PatientPayment(r.patient_id, r.amount, r.paid_on, r.claim_id)
            for r in session.scalars(stmt.order_by(PatientPaymentRow.paid_on, PatientPaymentRow.id))]


__all__ = ["add_touch", "load_touches", "add_statement", "load_statements", "add_payment_plan",
           "load_payment_plans", "add_patient_payment", "load_patient_payments"]
