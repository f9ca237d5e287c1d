"""Small synthetic practice data for the store tests (imported by conftest and tests)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from painrcm.claims.model import (
    Adjustment, Claim, ClaimLine, OtherPayer, OtherPayerLine, Party, PersonName, Subscriber,
)
from painrcm.domain.npi import npi_check_digit
from painrcm.domain.parties import (
    Address, ClinicalNote, Encounter, Patient, Payer, PlanType, Practice, Provider,
    VisitType,
)


def npi(body: str) -> str:
    return body + npi_check_digit(body)


ADDRESS = Address("100 Main St", "Austin", "TX", "787010000", line2="Suite 2")


def make_practice(pid: str = "spine-austin") -> Practice:
    return Practice(id=pid, name="Austin Spine & Pain", npi=npi("123456789"), tax_id="741234567",
                    address=ADDRESS, pay_to_address=Address("PO Box 9", "Austin", "TX", "78702"),
                    phone="5125550100", mpfs_locality="04412-31")


def make_payer(pid: str = "medicare-tx") -> Payer:
    return Payer(id=pid, name="Novitas Medicare TX", plan_type=PlanType.MEDICARE, x12_payer_id="04412",
                 policy_id="medicare")


def make_provider(practice_id: str) -> Provider:
    return Provider(npi=npi("198765432"), last_name="Nguyen", first_name="Ann", practice_id=practice_id,
                    id="prov-1")


def make_patient(practice_id: str, pid: str = "pt-1") -> Patient:
    return Patient(id=pid, practice_id=practice_id, last_name="Doe", first_name="Jane",
                   birth_date=date(1950, 2, 3), sex="F", address=ADDRESS, account_number="A" + pid)


def make_encounter(practice_id: str, patient_id: str = "pt-1", eid: str = "enc-1",
                   payer_id: str = "medicare-tx", dos: date = date(2025, 3, 4)) -> Encounter:
    return Encounter(
        id=eid, practice_id=practice_id, patient_id=patient_id, date_of_service=dos, place_of_service="11",
        rendering_npi=npi("198765432"), payer_id=payer_id, visit_type=VisitType.PROCEDURE,
        notes=(ClinicalNote(id=eid + "-n1", text="Right L4-5 TFESI under fluoroscopy.", author_npi=npi("198765432"),
                            signed_at=datetime(2025, 3, 4, 14, 30)),
               ClinicalNote(id=eid + "-n2", text="Addendum.", kind="addendum")))


def make_claim(practice_id: str, claim_id: str = "CLM0001", patient_id: str = "pt-1",
               encounter_id: str | None = "enc-1", payer_id: str = "medicare-tx",
               dos: date = date(2025, 3, 4)) -> Claim:
    sub = Subscriber(member_id="1EG4TE5MK73", name=PersonName("Doe", "Jane", "Q"), birth_date=date(1950, 2, 3),
                     sex="F", address=ADDRESS, plan_type_code="MB")
    billing = Party(name=PersonName("Austin Spine & Pain"), npi=npi("123456789"), tax_id="741234567",
                    taxonomy="208VP0014X", address=ADDRESS, is_organization=True)
    rendering = Party(name=PersonName("Nguyen", "Ann"), npi=npi("198765432"), taxonomy="208VP0014X")
    return Claim(
        claim_id=claim_id, practice_id=practice_id, payer_id=payer_id, payer_name="Novitas Medicare TX",
        x12_payer_id="04412", billing_provider=billing, subscriber=sub, patient_id=patient_id,
        patient_name=PersonName("Doe", "Jane", "Q"), patient_birth_date=date(1950, 2, 3), patient_sex="F",
        service_date=dos, place_of_service="11", diagnoses=("M5416", "M4806"),
        lines=(ClaimLine("64483", Decimal("850.00"), modifiers=("RT",), diagnosis_pointers=(1, 2)),
               ClaimLine("64484", Decimal("12345.67"), units=Decimal("2"), modifiers=("RT", "59"),
                         service_date=dos, authorization_number="AUTH1", note="second level", line_id="L2")),
        patient_address=ADDRESS, rendering_provider=rendering,
        other_payers=(OtherPayer("MCD", "Texas Medicaid", sub, paid=Decimal("10.50"),
                                 adjustments=(Adjustment("CO", "45", Decimal("1.25"), Decimal("1")),),
                                 adjudication_date=date(2025, 4, 1),
                                 line_adjudications=(OtherPayerLine(1, "MCD", "64483", ("RT",), Decimal("5.00"),
                                                                    Decimal("1"), date(2025, 4, 1)),)),),
        encounter_id=encounter_id, patient_paid=Decimal("20.00"), prior_authorization="AUTH1",
        note="test claim", extra={"source": "test"},
    )
