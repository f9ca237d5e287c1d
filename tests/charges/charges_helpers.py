"""Small builders shared by the charge-capture tests (fictional people, valid NPIs)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from painrcm.claims.model import Claim, ClaimLine, Party, PersonName, Subscriber
from painrcm.claims.schedule import Appointment, AppointmentStatus
from painrcm.demo.practice import fake_npi
from painrcm.domain.parties import Address, ClinicalNote, Encounter, Provider, VisitType

GROUP = fake_npi("199000001")
MD = Provider(fake_npi("199000102"), "Marsh", "Elena", "MD", id="prov-marsh")
DO = Provider(fake_npi("199000203"), "Okoye", "Samuel", "DO", id="prov-okoye")
NP = Provider(fake_npi("199000304"), "Nandakumar", "Priya", "NP", id="prov-np")
PROVIDERS = (MD, DO, NP)
BY_NPI = {p.npi: p for p in PROVIDERS}


def appt(aid: str, day: date, *, patient: str = "PT1", npi: str = MD.npi, status: str = "completed",
         pos: str = "11", visit: VisitType = VisitType.ESTABLISHED, payer: str | None = "medicare",
         encounter: str | None = None, reason: str | None = None, location: str | None = "Main office",
         new_problem: bool = False) -> Appointment:
    return Appointment(aid, "P", patient, npi, day, pos, visit, AppointmentStatus(status), payer_id=payer,
                       encounter_id=encounter, no_charge_reason=reason, location=location, new_problem=new_problem)


def enc(eid: str, day: date, *, patient: str = "PT1", npi: str = MD.npi, author: str | None = None,
        signed: bool = True, pos: str = "11", payer: str = "medicare",
        visit: VisitType = VisitType.ESTABLISHED, supervising: str | None = None) -> Encounter:
    note = ClinicalNote(f"n-{eid}", "note", kind="visit", author_npi=author or npi,
                        signed_at=datetime(day.year, day.month, day.day, 17) if signed else None)
    return Encounter(eid, "P", patient, day, pos, npi, payer, visit, (note,), supervising)


def claim(cid: str, day: date, lines: list[tuple[str, tuple[str, ...], int, str]], *, patient: str = "PT1",
          encounter: str | None = None, pos: str = "11", rendering: str = MD.npi, payer: str = "medicare") -> Claim:
    addr = Address("1 Main St", "Millbrook", "OH", "43999")
    return Claim(
        claim_id=cid, practice_id="P", payer_id=payer, payer_name=payer, x12_payer_id="X",
        billing_provider=Party(PersonName("Group"), npi=GROUP, tax_id="1", address=addr, is_organization=True),
        subscriber=Subscriber("M1", PersonName("Doe", "Pat")), patient_id=patient,
        patient_name=PersonName("Doe", "Pat"), patient_birth_date=date(1960, 1, 1), patient_sex="F",
        service_date=day, place_of_service=pos, diagnoses=("M5416",),
        lines=tuple(ClaimLine(code, Decimal(charge), Decimal(units), mods) for code, mods, units, charge in lines),
        rendering_provider=Party(PersonName("X"), npi=rendering), encounter_id=encounter)
