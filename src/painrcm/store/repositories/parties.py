"""Save and load practices, providers, payers, patients, coverages and encounters."""

from __future__ import annotations

from collections import defaultdict
from datetime import timezone
from typing import Iterable

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from painrcm.domain.parties import (
    Address, ClinicalNote, Coverage, CoverageRank, Encounter, Patient, Payer, PlanType, Practice,
    Provider, VisitType,
)
from painrcm.errors import InputError, NotFound
from painrcm.store import codec
from painrcm.store.models import (
    ClinicalNoteRow, CoverageRow, EncounterRow, PatientRow, PayerRow, PracticeRow, ProviderRow,
)
from painrcm.store.repositories._rows import assign, chunks, existing_by_key


# --- practices -------------------------------------------------------------------------

def _practice_values(p: Practice) -> dict:
    return dict(name=p.name, npi=p.npi, tax_id=p.tax_id, taxonomy=p.taxonomy,
                address=codec.dump(Address, p.address),
                pay_to_address=codec.dump(Address | None, p.pay_to_address), phone=p.phone,
                mpfs_locality=p.mpfs_locality, time_zone=p.time_zone)


def save_practice(session: Session, practice: Practice) -> None:
    row = session.get(PracticeRow, practice.id)
    if row is None:
        session.add(PracticeRow(id=practice.id, **_practice_values(practice)))
    else:
        assign(row, _practice_values(practice))
    session.flush()


def _practice(row: PracticeRow) -> Practice:
    return Practice(id=row.id, name=row.name, npi=row.npi, tax_id=row.tax_id,
                    address=codec.load(Address, row.address), taxonomy=row.taxonomy,
                    pay_to_address=codec.load(Address | None, row.pay_to_address), phone=row.phone,
                    mpfs_locality=row.mpfs_locality, time_zone=row.time_zone)


def load_practice(session: Session, practice_id: str) -> Practice:
    row = session.get(PracticeRow, practice_id)
    if row is None:
        raise NotFound(f"no practice {practice_id!r}")
    return _practice(row)


def load_practices(session: Session) -> list[Practice]:
    return [_practice(r) for r in session.scalars(sa.select(PracticeRow).order_by(PracticeRow.id))]


# --- providers -------------------------------------------------------------------------

def save_providers(session: Session, providers: Iterable[Provider], practice_id: str | None = None) -> None:
    """Upsert providers by (practice, NPI); ``practice_id`` fills in ``Provider.practice_id`` when empty."""
    for p in providers:
        pid = p.practice_id or practice_id
        if pid is None:
            raise InputError(f"provider {p.npi}: no practice given", field="practice_id")
        values = dict(provider_key=p.id, last_name=p.last_name, first_name=p.first_name,
                      credential=p.credential, taxonomy=p.taxonomy)
        row = session.get(ProviderRow, (pid, p.npi))
        if row is None:
            session.add(ProviderRow(practice_id=pid, npi=p.npi, **values))
        else:
            assign(row, values)
    session.flush()


def load_providers(session: Session, practice_id: str) -> list[Provider]:
    rows = session.scalars(sa.select(ProviderRow).where(ProviderRow.practice_id == practice_id)
                           .order_by(ProviderRow.npi))
    return [Provider(npi=r.npi, last_name=r.last_name, first_name=r.first_name, credential=r.credential,
                     taxonomy=r.taxonomy, practice_id=r.practice_id, id=r.provider_key) for r in rows]


# --- payers ----------------------------------------------------------------------------

def save_payers(session: Session, payers: Iterable[Payer]) -> None:
    for p in payers:
        values = dict(name=p.name, plan_type=p.plan_type.value, x12_payer_id=p.x12_payer_id,
                      policy_id=p.policy_id, address=codec.dump(Address | None, p.address))
        row = session.get(PayerRow, p.id)
        if row is None:
            session.add(PayerRow(id=p.id, **values))
        else:
            assign(row, values)
    session.flush()


def _payer(r: PayerRow) -> Payer:
    return Payer(id=r.id, name=r.name, plan_type=PlanType(r.plan_type), x12_payer_id=r.x12_payer_id,
                 policy_id=r.policy_id, address=codec.load(Address | None, r.address))


def load_payers(session: Session) -> list[Payer]:
    return [_payer(r) for r in session.scalars(sa.select(PayerRow).order_by(PayerRow.id))]


def load_payer(session: Session, payer_id: str) -> Payer:
    row = session.get(PayerRow, payer_id)
    if row is None:
        raise NotFound(f"no payer {payer_id!r}")
    return _payer(row)


# --- patients and coverage -------------------------------------------------------------

def _patient_values(p: Patient) -> dict:
    return dict(last_name=p.last_name, first_name=p.first_name, birth_date=p.birth_date, sex=p.sex,
                address=codec.dump(Address | None, p.address), account_number=p.account_number)


def save_patients(session: Session, patients: Iterable[Patient]) -> None:
    by_practice: dict[str, list[Patient]] = defaultdict(list)
    for p in patients:
        by_practice[p.practice_id].append(p)
    for practice_id, group in by_practice.items():
        existing = existing_by_key(session, PatientRow, practice_id, PatientRow.id, (p.id for p in group))
        for p in group:
            row = existing.get(p.id)
            if row is None:
                session.add(PatientRow(practice_id=practice_id, id=p.id, **_patient_values(p)))
            else:
                assign(row, _patient_values(p))
    session.flush()


def _patient(r: PatientRow) -> Patient:
    return Patient(id=r.id, practice_id=r.practice_id, last_name=r.last_name, first_name=r.first_name,
                   birth_date=r.birth_date, sex=r.sex, address=codec.load(Address | None, r.address),
                   account_number=r.account_number)


def load_patient(session: Session, practice_id: str, patient_id: str) -> Patient:
    row = session.get(PatientRow, (practice_id, patient_id))
    if row is None:
        raise NotFound(f"no patient {patient_id!r} in practice {practice_id!r}")
    return _patient(row)


def load_patients(session: Session, practice_id: str, patient_ids: Iterable[str] | None = None) -> list[Patient]:
    if patient_ids is not None:
        rows = existing_by_key(session, PatientRow, practice_id, PatientRow.id, patient_ids).values()
        return sorted((_patient(r) for r in rows), key=lambda p: p.id)
    stmt = sa.select(PatientRow).where(PatientRow.practice_id == practice_id).order_by(PatientRow.id)
    return [_patient(r) for r in session.scalars(stmt)]


def save_coverages(session: Session, practice_id: str, coverages: Iterable[Coverage]) -> None:
    """Replace the coverage of every patient named in ``coverages`` with these plans."""
    coverages = list(coverages)
    patient_ids = list(dict.fromkeys(c.patient_id for c in coverages))
    for part in chunks(patient_ids):
        session.execute(sa.delete(CoverageRow).where(CoverageRow.practice_id == practice_id,
                                                     CoverageRow.patient_id.in_(part)))
    session.add_all(CoverageRow(
        practice_id=practice_id, patient_id=c.patient_id, payer_id=c.payer_id, member_id=c.member_id,
        rank=c.rank.value, group_number=c.group_number, plan_name=c.plan_name,
        relationship=c.relationship, subscriber_last_name=c.subscriber_last_name,
        subscriber_first_name=c.subscriber_first_name, subscriber_birth_date=c.subscriber_birth_date,
        subscriber_sex=c.subscriber_sex, effective_from=c.effective_from, effective_to=c.effective_to,
    ) for c in coverages)
    session.flush()


_RANK_ORDER = {CoverageRank.PRIMARY.value: 0, CoverageRank.SECONDARY.value: 1, CoverageRank.TERTIARY.value: 2}


def load_coverages(session: Session, practice_id: str, patient_id: str | None = None) -> list[Coverage]:
    """Coverages of one patient (or the whole practice), primary first."""
    stmt = sa.select(CoverageRow).where(CoverageRow.practice_id == practice_id)
    if patient_id is not None:
        stmt = stmt.where(CoverageRow.patient_id == patient_id)
    rows = sorted(session.scalars(stmt), key=lambda r: (r.patient_id, _RANK_ORDER.get(r.rank, 9), r.id))
    return [Coverage(patient_id=r.patient_id, payer_id=r.payer_id, member_id=r.member_id,
                     rank=CoverageRank(r.rank), group_number=r.group_number, plan_name=r.plan_name,
                     relationship=r.relationship, subscriber_last_name=r.subscriber_last_name,
                     subscriber_first_name=r.subscriber_first_name,
                     subscriber_birth_date=r.subscriber_birth_date, subscriber_sex=r.subscriber_sex,
                     effective_from=r.effective_from, effective_to=r.effective_to) for r in rows]


# --- encounters and notes --------------------------------------------------------------

def _encounter_values(e: Encounter) -> dict:
    return dict(patient_id=e.patient_id, date_of_service=e.date_of_service,
                place_of_service=e.place_of_service, rendering_npi=e.rendering_npi,
                supervising_npi=e.supervising_npi, payer_id=e.payer_id, visit_type=e.visit_type.value)


def _naive(value):
    if value is not None and value.tzinfo is not None:
        return value.astimezone(timezone.utc).replace(tzinfo=None)
    return value


def _note_rows(e: Encounter) -> list[ClinicalNoteRow]:
    return [ClinicalNoteRow(practice_id=e.practice_id, id=n.id, encounter_id=e.id, seq=i, kind=n.kind,
                            text=n.text, author_npi=n.author_npi, signed_at=_naive(n.signed_at))
            for i, n in enumerate(e.notes)]


def save_encounters(session: Session, encounters: Iterable[Encounter]) -> None:
    """Upsert encounters with their notes (the notes of a saved encounter are replaced).

    Note times are kept as written (naive); an aware ``signed_at`` is stored in UTC.
    """
    by_practice: dict[str, list[Encounter]] = defaultdict(list)
    for e in encounters:
        by_practice[e.practice_id].append(e)
    for practice_id, group in by_practice.items():
        existing = existing_by_key(session, EncounterRow, practice_id, EncounterRow.id, (e.id for e in group))
        if existing:
            for part in chunks(list(existing)):
                session.execute(sa.delete(ClinicalNoteRow).where(
                    ClinicalNoteRow.practice_id == practice_id, ClinicalNoteRow.encounter_id.in_(part)))
        for e in group:
            row = existing.get(e.id)
            if row is None:
                row = EncounterRow(practice_id=practice_id, id=e.id, **_encounter_values(e))
                row.notes = _note_rows(e)
                session.add(row)
            else:
                assign(row, _encounter_values(e))
                set_committed_value(row, "notes", [])
                row.notes = _note_rows(e)
    session.flush()


def _encounter(r: EncounterRow) -> Encounter:
    return Encounter(
        id=r.id, practice_id=r.practice_id, patient_id=r.patient_id, date_of_service=r.date_of_service,
        place_of_service=r.place_of_service, rendering_npi=r.rendering_npi, payer_id=r.payer_id,
        visit_type=VisitType(r.visit_type), supervising_npi=r.supervising_npi,
        notes=tuple(ClinicalNote(id=n.id, text=n.text, kind=n.kind, author_npi=n.author_npi,
                                 signed_at=n.signed_at) for n in r.notes))


def load_encounter(session: Session, practice_id: str, encounter_id: str) -> Encounter:
    row = session.get(EncounterRow, (practice_id, encounter_id), options=[selectinload(EncounterRow.notes)])
    if row is None:
        raise NotFound(f"no encounter {encounter_id!r} in practice {practice_id!r}")
    return _encounter(row)


def load_encounters(session: Session, practice_id: str, *, encounter_ids: Iterable[str] | None = None,
                    date_from=None, date_to=None, patient_id: str | None = None) -> list[Encounter]:
    """Encounters of a practice (optionally by ids, date-of-service range, patient), by date then id."""
    option = selectinload(EncounterRow.notes)
    if encounter_ids is not None:
        rows = list(existing_by_key(session, EncounterRow, practice_id, EncounterRow.id, encounter_ids,
                                    option).values())
    else:
        stmt = sa.select(EncounterRow).where(EncounterRow.practice_id == practice_id).options(option)
        if date_from is not None:
            stmt = stmt.where(EncounterRow.date_of_service >= date_from)
        if date_to is not None:
            stmt = stmt.where(EncounterRow.date_of_service <= date_to)
        if patient_id is not None:
            stmt = stmt.where(EncounterRow.patient_id == patient_id)
        rows = list(session.scalars(stmt))
    rows.sort(key=lambda r: (r.date_of_service, r.id))
    return [_encounter(r) for r in rows]
