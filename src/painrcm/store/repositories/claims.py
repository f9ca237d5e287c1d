"""Save and load claims (``painrcm.claims.model.Claim``) and their lines.

Searchable parts of a claim are columns; the 837P parties (billing provider,
subscriber, patient name and demographics, other payers ...) are one JSON document
in ``claims.detail``, dumped and rebuilt through ``store.codec``. A claim keeps its
workflow ``status`` (draft, scrubbed, submitted, paid, denied ...) across re-saves.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace
from typing import Iterable

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from painrcm.claims.model import Claim, ClaimLine, OtherPayer, Party, PersonName, Subscriber
from painrcm.domain.parties import Address
from painrcm.errors import Conflict, NotFound
from painrcm.store import codec
from painrcm.store.models import ClaimLineRow, ClaimRow
from painrcm.store.repositories._rows import assign, chunks, existing_by_key
from painrcm.store.types import utcnow


@dataclass(frozen=True)
class _ClaimDetail:
    """What ``claims.detail`` holds."""

    billing_provider: Party
    subscriber: Subscriber
    patient_name: PersonName
    patient_birth_date: date
    patient_sex: str
    patient_address: Address | None = None
    rendering_provider: Party | None = None
    referring_provider: Party | None = None
    supervising_provider: Party | None = None
    service_facility: Party | None = None
    pay_to_address: Address | None = None
    other_payers: tuple[OtherPayer, ...] = ()
    note: str | None = None
    accept_assignment: str = "A"
    signature_on_file: str = "Y"
    release_of_info: str = "Y"
    benefits_assigned: str = "Y"
    extra: dict = field(default_factory=dict)


_DETAIL_FIELDS = tuple(_ClaimDetail.__dataclass_fields__)


def _claim_values(c: Claim) -> dict:
    detail = _ClaimDetail(**{name: getattr(c, name) for name in _DETAIL_FIELDS})
    rendering = c.rendering_provider or c.billing_provider
    return dict(
        encounter_id=c.encounter_id, payer_id=c.payer_id, payer_name=c.payer_name,
        x12_payer_id=c.x12_payer_id, patient_id=c.patient_id, rendering_npi=rendering.npi,
        service_date=c.service_date, place_of_service=c.place_of_service,
        frequency_code=c.frequency_code, payer_claim_number=c.payer_claim_number,
        prior_authorization=c.prior_authorization, total_charge=c.total_charge,
        patient_paid=c.patient_paid, diagnoses=list(c.diagnoses),
        detail=codec.dump(_ClaimDetail, detail),
    )


def _line_rows(c: Claim) -> list[ClaimLineRow]:
    return [ClaimLineRow(
        practice_id=c.practice_id, claim_id=c.claim_id, line_number=n, code=line.code,
        modifiers=list(line.modifiers), charge=line.charge, units=line.units,
        diagnosis_pointers=list(line.diagnosis_pointers), service_date=line.service_date,
        place_of_service=line.place_of_service, authorization_number=line.authorization_number,
        note=line.note, line_id=line.line_id) for n, line in enumerate(c.lines, start=1)]


def save_claims(session: Session, claims: Iterable[Claim], *, status: str | None = None) -> None:
    """Upsert claims by (practice, CLM01); lines of a re-saved claim are replaced.

    ``status`` sets the workflow status (new claims default to ``draft``; a re-saved
    claim keeps its status unless one is given).
    """
    by_practice: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        by_practice[c.practice_id].append(c)
    for practice_id, group in by_practice.items():
        existing = existing_by_key(session, ClaimRow, practice_id, ClaimRow.claim_id,
                                   (c.claim_id for c in group))
        for part in chunks(list(existing)):
            session.execute(sa.delete(ClaimLineRow).where(
                ClaimLineRow.practice_id == practice_id, ClaimLineRow.claim_id.in_(part)))
        for c in group:
            values = _claim_values(c)
            if status is not None:
                values["status"] = status
            row = existing.get(c.claim_id)
            if row is None:
                row = ClaimRow(practice_id=practice_id, claim_id=c.claim_id, **values)
                row.lines = _line_rows(c)
                session.add(row)
            else:
                assign(row, values)
                set_committed_value(row, "lines", [])
                row.lines = _line_rows(c)
    session.flush()


def save_claim(session: Session, claim: Claim, *, status: str | None = None) -> None:
    save_claims(session, [claim], status=status)


def claim_from_row(row: ClaimRow) -> Claim:
    detail: _ClaimDetail = codec.load(_ClaimDetail, row.detail)
    lines = tuple(ClaimLine(
        code=r.code, charge=r.charge, units=r.units, modifiers=tuple(r.modifiers),
        diagnosis_pointers=tuple(r.diagnosis_pointers), service_date=r.service_date,
        place_of_service=r.place_of_service, authorization_number=r.authorization_number,
        note=r.note, line_id=r.line_id) for r in row.lines)
    return Claim(
        claim_id=row.claim_id, practice_id=row.practice_id, payer_id=row.payer_id,
        payer_name=row.payer_name, x12_payer_id=row.x12_payer_id, patient_id=row.patient_id,
        service_date=row.service_date, place_of_service=row.place_of_service,
        diagnoses=tuple(row.diagnoses), lines=lines, frequency_code=row.frequency_code,
        payer_claim_number=row.payer_claim_number, prior_authorization=row.prior_authorization,
        encounter_id=row.encounter_id, patient_paid=row.patient_paid,
        **{name: getattr(detail, name) for name in _DETAIL_FIELDS},
    )


def load_claim(session: Session, practice_id: str, claim_id: str) -> Claim:
    row = session.get(ClaimRow, (practice_id, claim_id), options=[selectinload(ClaimRow.lines)])
    if row is None:
        raise NotFound(f"no claim {claim_id!r} in practice {practice_id!r}")
    return claim_from_row(row)


def claims_query(practice_id: str, *, claim_ids: Iterable[str] | None = None, status: str | Iterable[str] | None = None,
                 payer_id: str | None = None, patient_id: str | None = None,
                 date_from: date | None = None, date_to: date | None = None) -> sa.Select:
    """The ``SELECT`` of a practice's claims (lines loaded in one more query), by date then CLM01."""
    stmt = (sa.select(ClaimRow).where(ClaimRow.practice_id == practice_id)
            .options(selectinload(ClaimRow.lines))
            .order_by(ClaimRow.service_date, ClaimRow.claim_id))
    if claim_ids is not None:
        stmt = stmt.where(ClaimRow.claim_id.in_(list(claim_ids)))
    if status is not None:
        stmt = stmt.where(ClaimRow.status.in_([status] if isinstance(status, str) else list(status)))
    if payer_id is not None:
        stmt = stmt.where(ClaimRow.payer_id == payer_id)
    if patient_id is not None:
        stmt = stmt.where(ClaimRow.patient_id == patient_id)
    if date_from is not None:
        stmt = stmt.where(ClaimRow.service_date >= date_from)
    if date_to is not None:
        stmt = stmt.where(ClaimRow.service_date <= date_to)
    return stmt


def load_claims(session: Session, practice_id: str, **filters) -> list[Claim]:
    """A practice's claims as domain objects (filters as ``claims_query``)."""
    claim_ids = filters.pop("claim_ids", None)
    if claim_ids is not None:
        claim_ids = list(claim_ids)
        out: list[Claim] = []
        for part in chunks(claim_ids):
            if filters:
                out.extend(claim_from_row(r) for r in session.scalars(
                    claims_query(practice_id, claim_ids=part, **filters)))
            else:
                out.extend(_claims_by_core(session, practice_id, part))
        out.sort(key=lambda c: (c.service_date, c.claim_id))
        return out
    return [claim_from_row(r) for r in session.scalars(claims_query(practice_id, **filters))]


def _claims_by_core(session: Session, practice_id: str, ids) -> list[Claim]:
    """One chunk of claims by CLM01: one Core ``SELECT`` of the claims and one of their lines,
    mapped by ``claim_from_row`` on light stand-ins (building ORM objects cost more than the query)."""
    session.flush()  # what an ORM query would autoflush
    ct, lt = ClaimRow.__table__, ClaimLineRow.__table__
    lines: dict[str, list] = defaultdict(list)
    for r in session.execute(sa.select(lt).where(lt.c.practice_id == practice_id, lt.c.claim_id.in_(ids))
                             .order_by(lt.c.claim_id, lt.c.line_number)):
        lines[r.claim_id].append(r)
    return [claim_from_row(SimpleNamespace(**r._mapping, lines=lines.get(r.claim_id, ())))
            for r in session.execute(sa.select(ct).where(ct.c.practice_id == practice_id, ct.c.claim_id.in_(ids))
                                     .order_by(ct.c.service_date, ct.c.claim_id))]


def set_claim_status(session: Session, practice_id: str, claim_ids: Iterable[str], status: str, *,
                     submitted_on: date | None = None) -> int:
    """Set the workflow status of claims; returns how many rows changed."""
    values: dict = {"status": status}
    if submitted_on is not None:
        values["submitted_on"] = submitted_on
    changed = 0
    for part in chunks(list(claim_ids)):
        result = session.execute(sa.update(ClaimRow).where(
            ClaimRow.practice_id == practice_id, ClaimRow.claim_id.in_(part)).values(**values)
            .execution_options(synchronize_session="fetch"))
        changed += result.rowcount or 0
    return changed


def claim_version(session: Session, practice_id: str, claim_id: str) -> int:
    """The claim's optimistic-locking version: read it with the claim, hand it back to ``update_claim``."""
    version = session.scalar(sa.select(ClaimRow.version).where(
        ClaimRow.practice_id == practice_id, ClaimRow.claim_id == claim_id))
    if version is None:
        raise NotFound(f"no claim {claim_id!r} in practice {practice_id!r}")
    return version


def update_claim(session: Session, practice_id: str, claim: Claim, expected_version: int) -> int:
    """Save a biller's edit of an existing claim if nobody changed it since it was read.

    One compare-and-set ``UPDATE ... WHERE version = expected_version`` bumps the
    version; when it matches no row the claim changed (or vanished) meanwhile and
    ``Conflict`` (or ``NotFound``) is raised, so a concurrent edit is never lost.
    Lines are replaced. Returns the new version.
    """
    if claim.practice_id != practice_id:
        raise NotFound(f"no claim {claim.claim_id!r} in practice {practice_id!r}")
    new_version = expected_version + 1
    result = session.execute(
        sa.update(ClaimRow).where(ClaimRow.practice_id == practice_id, ClaimRow.claim_id == claim.claim_id,
                                  ClaimRow.version == expected_version)
        .values(**_claim_values(claim), version=new_version, updated_at=utcnow())
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        current = claim_version(session, practice_id, claim.claim_id)  # NotFound when gone
        raise Conflict(f"claim {claim.claim_id!r} was changed by someone else (version {current}, "
                       f"you edited version {expected_version}): reload it and edit again")
    session.execute(sa.delete(ClaimLineRow).where(
        ClaimLineRow.practice_id == practice_id, ClaimLineRow.claim_id == claim.claim_id))
    session.add_all(_line_rows(claim))
    session.flush()
    row = session.identity_map.get(session.identity_key(ClaimRow, (practice_id, claim.claim_id)))
    if row is not None:
        session.expire(row)
    return new_version


def claim_status(session: Session, practice_id: str, claim_id: str) -> str:
    status = session.scalar(sa.select(ClaimRow.status).where(
        ClaimRow.practice_id == practice_id, ClaimRow.claim_id == claim_id))
    if status is None:
        raise NotFound(f"no claim {claim_id!r} in practice {practice_id!r}")
    return status
