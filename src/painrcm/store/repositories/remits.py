"""Save and load remittances (``painrcm.remit.model.Remittance``).

An 835 posts once: ``UNIQUE(practice_id, payer_key, trn)``. ``save_remittance``
checks first and raises ``DuplicateRemittance`` (an ``InputError``) for a repeat, and
the constraint stops a concurrent double post. On saving, each claim payment whose
patient control number is one of the practice's claims is linked to it (``claim_id``).
"""

from __future__ import annotations

from typing import Iterable

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from painrcm.claims.model import Adjustment
from painrcm.errors import InputError, NotFound
from painrcm.remit.model import ClaimPayment, LinePayment, ProviderAdjustment, Remittance
from painrcm.store.models import (
    ClaimPaymentRow, ClaimRow, LinePaymentRow, ProviderAdjustmentRow, RemitAdjustmentRow, RemittanceRow,
)
from painrcm.store.repositories._rows import chunks
from painrcm.store.types import utcnow


class DuplicateRemittance(InputError):
    """This payer's payment with this trace number is already posted for the practice."""


def payer_key(remittance: Remittance) -> str:
    """The payer part of the posting key: TRN03/REF*2U id when known, else the payer name."""
    return (remittance.payer_id or remittance.payer_name).strip()


def find_remittance_id(session: Session, practice_id: str, remittance: Remittance) -> int | None:
    return session.scalar(sa.select(RemittanceRow.id).where(
        RemittanceRow.practice_id == practice_id, RemittanceRow.payer_key == payer_key(remittance),
        RemittanceRow.trn == remittance.trn))


def _adjustment_values(practice_id: str, level: str, adjustments: Iterable[Adjustment], claim_payment_id: int,
                       line_payment_id: int | None, out: list[dict]) -> None:
    out.extend({"practice_id": practice_id, "claim_payment_id": claim_payment_id,
                "line_payment_id": line_payment_id, "level": level, "seq": i, "group_code": a.group,
                "reason": a.reason, "amount": a.amount, "quantity": a.quantity}
               for i, a in enumerate(adjustments))


def _insert_returning_ids(session: Session, model, rows: list[dict]) -> list[int]:
    """``INSERT`` every row in one executemany and return the new primary keys in the order of ``rows``.

    PostgreSQL: ``RETURNING`` with SQLAlchemy's "insertmanyvalues" batches, sorted back to parameter
    order. SQLite cannot promise the order of a multi-row ``RETURNING``, so SQLAlchemy would send one
    ``INSERT`` per row; there the ids are assigned here, after ``MAX(id)``: safe because the
    transaction already wrote (the ``remittances`` row) and so holds SQLite's single write lock.
    """
    if not rows:
        return []
    table = model.__table__
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        start = connection.execute(sa.select(sa.func.coalesce(sa.func.max(table.c.id), 0))).scalar_one() + 1
        ids = list(range(start, start + len(rows)))
        for row, new_id in zip(rows, ids):
            row["id"] = new_id
        connection.execute(table.insert(), rows)
        return ids
    stmt = table.insert().returning(table.c.id, sort_by_parameter_order=True)
    return list(connection.execute(stmt, rows).scalars())


def save_remittance(session: Session, practice_id: str, remittance: Remittance, *,
                    edi_file_id: int | None = None) -> int:
    """Post ``remittance`` for the practice; returns its row id. Raises ``DuplicateRemittance``.

    The rows are written with Core bulk ``INSERT``s (one executemany per table, the new ids from
    ``_insert_returning_ids``) inside a savepoint: an ORM unit of work row by row was the posting
    bottleneck.
    """
    if find_remittance_id(session, practice_id, remittance) is not None:
        raise DuplicateRemittance(
            f"payment {remittance.trn} from {payer_key(remittance)} is already posted", field="TRN02")
    pcns = list({cp.patient_control_number for cp in remittance.claims})
    claim_ids: set[str] = set()
    for part in chunks(pcns):
        claim_ids.update(session.scalars(sa.select(ClaimRow.claim_id).where(
            ClaimRow.practice_id == practice_id, ClaimRow.claim_id.in_(part))))
    try:
        with session.begin_nested():
            remittance_id = session.scalar(sa.insert(RemittanceRow).returning(RemittanceRow.id).values(
                practice_id=practice_id, payer_key=payer_key(remittance), trn=remittance.trn,
                payer_id=remittance.payer_id, payer_name=remittance.payer_name,
                payee_name=remittance.payee_name, payee_npi=remittance.payee_npi,
                payee_tax_id=remittance.payee_tax_id, total_paid=remittance.total_paid,
                payment_method=remittance.payment_method, payment_date=remittance.payment_date,
                edi_file_id=edi_file_id, status="posted", posted_at=utcnow()))
            _save_children(session, practice_id, remittance, remittance_id, claim_ids)
    except sa.exc.IntegrityError:
        raise DuplicateRemittance(
            f"payment {remittance.trn} from {payer_key(remittance)} is already posted", field="TRN02") from None
    return remittance_id


def _save_children(session: Session, practice_id: str, remittance: Remittance, remittance_id: int,
                   claim_ids: set[str]) -> None:
    claim_ids_of = _insert_returning_ids(session, ClaimPaymentRow, [dict(
        practice_id=practice_id, remittance_id=remittance_id, seq=seq,
        patient_control_number=cp.patient_control_number,
        claim_id=cp.patient_control_number if cp.patient_control_number in claim_ids else None,
        status=cp.status, charge=cp.charge, paid=cp.paid, patient_responsibility=cp.patient_responsibility,
        payer_claim_number=cp.payer_claim_number, claim_filing_indicator=cp.claim_filing_indicator,
        patient_name=cp.patient_name, member_id=cp.member_id, service_date_from=cp.service_date_from,
        service_date_to=cp.service_date_to, received_date=cp.received_date, remarks=list(cp.remarks))
        for seq, cp in enumerate(remittance.claims)])
    lines: list[dict] = []
    owners: list[tuple[int, object]] = []  # (claim payment id, line payment) of each line row
    adjustments: list[dict] = []
    for cp_id, cp in zip(claim_ids_of, remittance.claims):
        _adjustment_values(practice_id, "claim", cp.adjustments, cp_id, None, adjustments)
        for n, lp in enumerate(cp.lines):
            lines.append(dict(
                practice_id=practice_id, claim_payment_id=cp_id, seq=n, code=lp.code,
                modifiers=list(lp.modifiers), charge=lp.charge, paid=lp.paid, units=lp.units,
                allowed=lp.allowed, remarks=list(lp.remarks), original_code=lp.original_code,
                original_modifiers=list(lp.original_modifiers), service_date=lp.service_date,
                line_id=lp.line_id, claim_line_number=None))
            owners.append((cp_id, lp))
    for line_id, (cp_id, lp) in zip(_insert_returning_ids(session, LinePaymentRow, lines), owners):
        _adjustment_values(practice_id, "line", lp.adjustments, cp_id, line_id, adjustments)
    if adjustments:
        session.connection().execute(RemitAdjustmentRow.__table__.insert(), adjustments)
    if remittance.provider_adjustments:
        session.connection().execute(ProviderAdjustmentRow.__table__.insert(), [dict(
            practice_id=practice_id, remittance_id=remittance_id, seq=i, provider_id=p.provider_id,
            fiscal_period_date=p.fiscal_period_date, reason=p.reason, reference=p.reference, amount=p.amount)
            for i, p in enumerate(remittance.provider_adjustments)])


def _adjustment(r: RemitAdjustmentRow) -> Adjustment:
    return Adjustment(group=r.group_code, reason=r.reason, amount=r.amount, quantity=r.quantity)


def remittance_from_row(row: RemittanceRow) -> Remittance:
    claims = []
    for cp in row.claims:
        lines = tuple(LinePayment(
            code=lp.code, modifiers=tuple(lp.modifiers), charge=lp.charge, paid=lp.paid, units=lp.units,
            adjustments=tuple(_adjustment(a) for a in lp.adjustments), remarks=tuple(lp.remarks),
            original_code=lp.original_code, original_modifiers=tuple(lp.original_modifiers),
            service_date=lp.service_date, line_id=lp.line_id, allowed=lp.allowed) for lp in cp.lines)
        claims.append(ClaimPayment(
            patient_control_number=cp.patient_control_number, status=cp.status, charge=cp.charge,
            paid=cp.paid, patient_responsibility=cp.patient_responsibility,
            payer_claim_number=cp.payer_claim_number, claim_filing_indicator=cp.claim_filing_indicator,
            adjustments=tuple(_adjustment(a) for a in cp.adjustments if a.level == "claim"),
            lines=lines, patient_name=cp.patient_name, member_id=cp.member_id,
            service_date_from=cp.service_date_from, service_date_to=cp.service_date_to,
            received_date=cp.received_date, remarks=tuple(cp.remarks)))
    return Remittance(
        trn=row.trn, payer_name=row.payer_name, payer_id=row.payer_id, payee_name=row.payee_name,
        payee_npi=row.payee_npi, total_paid=row.total_paid, payment_method=row.payment_method,
        payment_date=row.payment_date, claims=tuple(claims),
        provider_adjustments=tuple(ProviderAdjustment(
            provider_id=p.provider_id, fiscal_period_date=p.fiscal_period_date, reason=p.reason,
            reference=p.reference, amount=p.amount) for p in row.provider_adjustments),
        payee_tax_id=row.payee_tax_id)


def _options():
    return (selectinload(RemittanceRow.claims).selectinload(ClaimPaymentRow.lines)
            .selectinload(LinePaymentRow.adjustments),
            selectinload(RemittanceRow.claims).selectinload(ClaimPaymentRow.adjustments),
            selectinload(RemittanceRow.provider_adjustments))


def load_remittance(session: Session, practice_id: str, remittance_id: int) -> Remittance:
    row = session.scalars(sa.select(RemittanceRow).where(
        RemittanceRow.practice_id == practice_id, RemittanceRow.id == remittance_id).options(*_options())
    ).one_or_none()
    if row is None:
        raise NotFound(f"no remittance {remittance_id} in practice {practice_id!r}")
    return remittance_from_row(row)


def load_remittances(session: Session, practice_id: str, *, date_from=None, date_to=None) -> list[tuple[int, Remittance]]:
    """(row id, remittance) of a practice, by payment date then id."""
    stmt = (sa.select(RemittanceRow).where(RemittanceRow.practice_id == practice_id).options(*_options())
            .order_by(RemittanceRow.payment_date, RemittanceRow.id))
    if date_from is not None:
        stmt = stmt.where(RemittanceRow.payment_date >= date_from)
    if date_to is not None:
        stmt = stmt.where(RemittanceRow.payment_date <= date_to)
    return [(r.id, remittance_from_row(r)) for r in session.scalars(stmt)]
