"""Synthetic claims for tests, benchmarks and examples (no real patient data).

``sample_claims(n)`` cycles through pain-practice claim shapes: a self-insured
commercial claim with a prior auth, a Medicare claim with bilateral facet blocks,
a dependant (spouse) with modifiers and a line-level auth and note, a replacement
claim (frequency 7, REF*F8), and a secondary claim with COB loops 2320/2330/2430.

>>> claims = sample_claims(5)
>>> [c.frequency_code for c in claims]
['1', '1', '1', '7', '1']
>>> claims[4].other_payers[0].payer_name
'MEDICARE PART B'
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from painrcm.claims.model import (Adjustment, Claim, ClaimLine, OtherPayer, OtherPayerLine, Party,
                                  PersonName, Subscriber)
from painrcm.domain.parties import Address
from painrcm.edi.writer_837p import SubmissionParties

PRACTICE_ADDRESS = Address("100 SPINE WAY", "COLUMBUS", "OH", "432150001", "SUITE 200")
BILLING = Party(PersonName("DESERT PAIN SPECIALISTS"), npi="1234567893", tax_id="123456789",
                taxonomy="208VP0014X", address=PRACTICE_ADDRESS, is_organization=True)
RENDERING = Party(PersonName("LOPEZ", "MARIA", "A"), npi="1245319599", taxonomy="208VP0014X")
PAY_TO = Address("PO BOX 4000", "COLUMBUS", "OH", "432160400")

PARTIES = SubmissionParties(sender_id="PAINRCM01", receiver_id="CLEARHOUSE", submitter_name="DESERT PAIN SPECIALISTS",
                            submitter_contact="BILLING OFFICE", submitter_phone="6145550100",
                            receiver_name="CLEARINGHOUSE INC", usage="T")


def _patient(i: int) -> tuple[PersonName, Address, date, str]:
    name = PersonName(f"PATIENT{i % 997}", f"TEST{i % 31}", "Q" if i % 2 else None)
    addr = Address(f"{100 + i % 900} MAIN ST", "DAYTON", "OH", "45402")
    return name, addr, date(1950, 1, 1) + timedelta(days=i % 15000), "F" if i % 2 else "M"


def sample_claim(i: int, practice_id: str = "demo") -> Claim:
    kind = i % 5
    name, addr, dob, sex = _patient(i)
    dos = date(2026, 1, 5) + timedelta(days=i % 300)
    common = dict(claim_id=f"C{i:08d}", practice_id=practice_id, billing_provider=BILLING,
                  patient_id=f"P{i % 50000:06d}", patient_birth_date=dob, patient_sex=sex,
                  service_date=dos, rendering_provider=RENDERING, patient_address=addr)
    if kind == 0:
        sub = Subscriber(f"W{i:09d}", name, dob, sex, addr, "GRP100", "18", "P", "CI")
        return Claim(payer_id="aetna", payer_name="AETNA", x12_payer_id="60054", subscriber=sub,
                     patient_name=name, place_of_service="11", diagnoses=("M5416", "G8929"),
                     lines=(ClaimLine("64483", Decimal("950.00"), modifiers=("RT",), diagnosis_pointers=(1, 2)),
                            ClaimLine("64484", Decimal("400.00"), Decimal(2), ("RT",), (1,))),
                     prior_authorization=f"AUTH{i}", pay_to_address=PAY_TO, **common)
    if kind == 1:
        sub = Subscriber(f"{i % 100000:05d}ABC1A", name, dob, sex, addr, None, "18", "P", "MB")
        return Claim(payer_id="medicare", payer_name="MEDICARE PART B", x12_payer_id="15202",
                     subscriber=sub, patient_name=name, place_of_service="22",
                     diagnoses=("M47816",),
                     lines=(ClaimLine("64493", Decimal("610.00"), modifiers=("50",)),
                            ClaimLine("64494", Decimal("320.50"), modifiers=("50",)),
                            ClaimLine("J1030", Decimal("25.00"), Decimal(2))),
                     **common)
    if kind == 2:
        spouse = PersonName(f"SUBSCRIBER{i % 997}", "PAT")
        sub = Subscriber(f"U{i:09d}", spouse, date(1960, 5, 5), "M", addr, "G77", "01", "P", "CI")
        return Claim(payer_id="uhc", payer_name="UNITED HEALTHCARE", x12_payer_id="87726",
                     subscriber=sub, patient_name=name, place_of_service="24",
                     diagnoses=("M5412", "M5416", "G894"),
                     lines=(ClaimLine("62321", Decimal("780.00"), diagnosis_pointers=(1, 3),
                                      authorization_number=f"LA{i}", note="CERVICAL ILESI",
                                      line_id=f"L{i}-1"),
                            ClaimLine("99214", Decimal("210.00"), modifiers=("25",),
                                      diagnosis_pointers=(2,), place_of_service="11",
                                      service_date=dos + timedelta(days=1))),
                     note="PATIENT SEEN FOR FOLLOW UP", patient_paid=Decimal("40.00"), **common)
    if kind == 3:
        sub = Subscriber(f"B{i:09d}", name, dob, sex, addr, "GRP9", "18", "P", "CI")
        return Claim(payer_id="bcbs", payer_name="BLUE CROSS", x12_payer_id="00710",
                     subscriber=sub, patient_name=name, place_of_service="11",
                     diagnoses=("M545",),
                     lines=(ClaimLine("20552", Decimal("150.00")),),
                     frequency_code="7", payer_claim_number=f"PCN{i:010d}", **common)
    sub = Subscriber(f"M{i:09d}", name, dob, sex, addr, "SUPP1", "18", "S", "CI")
    primary_sub = Subscriber(f"{i % 100000:05d}XYZ1A", name, None, None, addr, None, "18", "P", "MB")
    paid_day = dos + timedelta(days=20)
    primary = OtherPayer(
        payer_id="15202", payer_name="MEDICARE PART B", subscriber=primary_sub, paid=Decimal("480.00"),
        adjudication_date=paid_day,
        line_adjudications=(OtherPayerLine(1, "15202", "64635", ("RT",), Decimal("480.00"), Decimal(1),
                                           paid_day, (Adjustment("CO", "45", Decimal("400.00")),
                                                      Adjustment("PR", "2", Decimal("120.00")))),))
    return Claim(payer_id="aarp", payer_name="AARP MEDIGAP", x12_payer_id="36273", subscriber=sub,
                 patient_name=name, place_of_service="11", diagnoses=("M47817", "M5136"),
                 lines=(ClaimLine("64635", Decimal("1000.00"), modifiers=("RT",), diagnosis_pointers=(1, 2)),),
                 other_payers=(primary,), **common)


def sample_claims(n: int, practice_id: str = "demo") -> list[Claim]:
    return [sample_claim(i, practice_id) for i in range(n)]
