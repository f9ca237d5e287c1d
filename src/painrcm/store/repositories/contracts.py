"""Save and load payer contracts with their fee schedules (``painrcm.remit.contract``)."""

from __future__ import annotations

from typing import Iterable

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from painrcm.remit.contract import Contract, ContractTerms, FeeScheduleEntry
from painrcm.store import codec
from painrcm.store.models import ContractRow, FeeScheduleEntryRow
from painrcm.store.repositories._rows import assign


def save_contract(session: Session, practice_id: str, contract: Contract) -> int:
    """Upsert by (practice, payer, name, effective from); the fee schedule is replaced. Returns the row id."""
    row = session.scalars(sa.select(ContractRow).where(
        ContractRow.practice_id == practice_id, ContractRow.payer_id == contract.payer_id,
        ContractRow.name == contract.name, ContractRow.effective_from == contract.effective_from)
    ).one_or_none()
    values = dict(basis=contract.basis, effective_to=contract.effective_to,
                  percent_of_medicare=contract.percent_of_medicare, locality=contract.locality,
                  terms=codec.dump(ContractTerms, contract.terms))
    entries = [FeeScheduleEntryRow(practice_id=practice_id, seq=i, code=e.code, modifier=e.modifier,
                                   allowed=e.allowed, effective_from=e.effective_from,
                                   effective_to=e.effective_to)
               for i, e in enumerate(contract.fee_schedule)]
    if row is None:
        row = ContractRow(practice_id=practice_id, payer_id=contract.payer_id, name=contract.name,
                          effective_from=contract.effective_from, **values)
        row.fee_schedule = entries
        session.add(row)
    else:
        session.execute(sa.delete(FeeScheduleEntryRow).where(FeeScheduleEntryRow.contract_id == row.id))
        assign(row, values)
        set_committed_value(row, "fee_schedule", [])
        row.fee_schedule = entries
    session.flush()
    return row.id


def save_contracts(session: Session, practice_id: str, contracts: Iterable[Contract]) -> list[int]:
    return [save_contract(session, practice_id, c) for c in contracts]


def load_contracts(session: Session, practice_id: str, payer_id: str | None = None) -> list[Contract]:
    stmt = (sa.select(ContractRow).where(ContractRow.practice_id == practice_id)
            .options(selectinload(ContractRow.fee_schedule))
            .order_by(ContractRow.payer_id, ContractRow.effective_from, ContractRow.name))
    if payer_id is not None:
        stmt = stmt.where(ContractRow.payer_id == payer_id)
    return [Contract(
        payer_id=r.payer_id, name=r.name, basis=r.basis, effective_from=r.effective_from,
        effective_to=r.effective_to, percent_of_medicare=r.percent_of_medicare, locality=r.locality,
        fee_schedule=tuple(FeeScheduleEntry(code=e.code, allowed=e.allowed, modifier=e.modifier,
                                            effective_from=e.effective_from, effective_to=e.effective_to)
                           for e in r.fee_schedule),
        terms=codec.load(ContractTerms, r.terms)) for r in session.scalars(stmt)]
