"""Save and load the appointment schedule and the practice's charge master."""

from __future__ import annotations

from datetime import date, datetime
from typing import Iterable

import sqlalchemy as sa
from sqlalchemy.orm import Session

from painrcm.claims.charges import ChargeEntry, ChargeMaster
from painrcm.claims.schedule import Appointment, AppointmentStatus
from painrcm.domain.parties import VisitType
from painrcm.store.models import AppointmentRow, ChargeMasterEntryRow, ClaimRow
from painrcm.store.repositories._rows import assign, existing_by_key


def _values(a: Appointment) -> dict:
    return dict(patient_id=a.patient_id, provider_npi=a.provider_npi, date_of_service=a.date_of_service,
                starts_at=a.start, place_of_service=a.place_of_service, location=a.location,
                visit_type=a.visit_type.value, status=a.status.value, payer_id=a.payer_id,
                encounter_id=a.encounter_id, no_charge_reason=a.no_charge_reason, new_problem=a.new_problem,
                supervising_npi=a.supervising_npi)


def save_appointments(session: Session, appointments: Iterable[Appointment]) -> int:
    """Upsert appointments by (practice, id): a re-imported schedule updates statuses. Returns the count."""
    by_practice: dict[str, list[Appointment]] = {}
    for a in appointments:
        by_practice.setdefault(a.practice_id, []).append(a)
    n = 0
    for practice_id, group in by_practice.items():
        existing = existing_by_key(session, AppointmentRow, practice_id, AppointmentRow.id, (a.id for a in group))
        for a in group:
            row = existing.get(a.id)
            if row is None:
                row = AppointmentRow(practice_id=practice_id, id=a.id, **_values(a))
                session.add(row)
                existing[a.id] = row
            else:
                assign(row, _values(a))
            n += 1
    session.flush()
    return n


def _appointment(r: AppointmentRow) -> Appointment:
    return Appointment(
        id=r.id, practice_id=r.practice_id, patient_id=r.patient_id, provider_npi=r.provider_npi,
        date_of_service=r.date_of_service, place_of_service=r.place_of_service,
        visit_type=VisitType(r.visit_type), status=AppointmentStatus(r.status), start=r.starts_at,
        location=r.location, payer_id=r.payer_id, encounter_id=r.encounter_id,
        no_charge_reason=r.no_charge_reason, new_problem=bool(r.new_problem), supervising_npi=r.supervising_npi)


def load_appointments(session: Session, practice_id: str, *, date_from: date | None = None,
                      date_to: date | None = None) -> list[Appointment]:
    """Appointments of a practice (optionally within dates), by date then id."""
    stmt = sa.select(AppointmentRow).where(AppointmentRow.practice_id == practice_id)
    if date_from is not None:
        stmt = stmt.where(AppointmentRow.date_of_service >= date_from)
    if date_to is not None:
        stmt = stmt.where(AppointmentRow.date_of_service <= date_to)
    stmt = stmt.order_by(AppointmentRow.date_of_service, AppointmentRow.id)
    return [_appointment(r) for r in session.scalars(stmt)]


def save_charge_master(session: Session, practice_id: str, master: ChargeMaster) -> int:
    """Replace the practice's charge master with ``master``. Returns the number of entries."""
    session.execute(sa.delete(ChargeMasterEntryRow).where(ChargeMasterEntryRow.practice_id == practice_id))
    session.add_all(ChargeMasterEntryRow(practice_id=practice_id, code=e.code, modifier=e.modifier, charge=e.charge,
                                         effective_from=e.effective_from, effective_to=e.effective_to)
                    for e in master.entries)
    session.flush()
    return len(master.entries)


def load_charge_master(session: Session, practice_id: str) -> ChargeMaster | None:
    """The practice's charge master, or None when none was saved."""
    rows = list(session.scalars(sa.select(ChargeMasterEntryRow).where(
        ChargeMasterEntryRow.practice_id == practice_id).order_by(ChargeMasterEntryRow.id)))
    if not rows:
        return None
    return ChargeMaster(tuple(ChargeEntry(r.code, r.charge, r.modifier, r.effective_from, r.effective_to)
                              for r in rows))


def claim_entry_dates(session: Session, practice_id: str) -> dict[str, datetime]:
    """Claim id -> when the claim (the charge) was entered (``claims.created_at``, UTC)."""
    rows = session.execute(sa.select(ClaimRow.claim_id, ClaimRow.created_at).where(
        ClaimRow.practice_id == practice_id))
    return {cid: created for cid, created in rows}




# --- everything charge capture reads, in one place ------------------------------------------

def coded_line_counts(session: Session, practice_id: str) -> dict[str, int]:
    """Encounter id -> number of coded lines (encounters never coded are absent)."""
    from painrcm.store.models import CodedLineRow

    rows = session.execute(sa.select(CodedLineRow.encounter_id, sa.func.count()).where(
        CodedLineRow.practice_id == practice_id).group_by(CodedLineRow.encounter_id))
    return {eid: int(n) for eid, n in rows}


def filing_days_by_payer(session: Session) -> dict[str, int]:
    """Payer id -> timely filing days from the payer's policy file (payers without one: absent)."""
    from painrcm.errors import PainRCMError
    from painrcm.policy import load_policy
    from painrcm.store.repositories.parties import load_payers

    out = {}
    for p in load_payers(session):
        try:
            out[p.id] = load_policy(p.policy_id).deadlines.timely_filing_days
        except PainRCMError:
            continue
    return out


__all__ = ["save_appointments", "load_appointments", "save_charge_master", "load_charge_master",
           "claim_entry_dates", "coded_line_counts", "filing_days_by_payer"]
