from datetime import date
from decimal import Decimal

import pytest

from painrcm.claims.builder import SimpleLine, build_claim
from painrcm.claims.charges import ChargeEntry, ChargeMaster
from painrcm.domain import Address, Coverage, Encounter, Patient, Payer, PlanType, Practice, Provider
from painrcm.errors import NotFound

ADDR = Address("1 Main St", "Springfield", "OH", "45501")
PRACTICE = Practice(id="p1", name="Test Pain", npi="1234567893", tax_id="311234567", address=ADDR)
DOC = Provider(npi="1003000126", last_name="Lee", first_name="Ann")
PAYER = Payer(id="medicare", name="Medicare", plan_type=PlanType.MEDICARE, x12_payer_id="15202", policy_id="medicare")
PATIENT = Patient(id="pt1", practice_id="p1", last_name="Doe", first_name="Jo", birth_date=date(1950, 1, 2), sex="F", address=ADDR)
COV = Coverage(patient_id="pt1", payer_id="medicare", member_id="1EG4TE5MK73")
ENC = Encounter(id="e1", practice_id="p1", patient_id="pt1", date_of_service=date(2026, 3, 4),
                place_of_service="11", rendering_npi=DOC.npi, payer_id="medicare")
CM = ChargeMaster((ChargeEntry("64483", Decimal("900.00")), ChargeEntry("64484", Decimal("400.00"))))


def test_bilateral_one_line_bills_both_sides_and_pointers_follow_diagnoses():
    claim = build_claim(claim_id="C1", practice=PRACTICE, payer=PAYER, patient=PATIENT, coverage=COV,
                        encounter=ENC, rendering=DOC, charge_master=CM, lines=[
                            SimpleLine("64483", ("50",), 1, ("M54.16",)),
                            SimpleLine("64484", ("RT",), 2, ("M48.062", "M54.16"))])
    assert claim.diagnoses == ("M5416", "M48062")
    assert [l.charge for l in claim.lines] == [Decimal("1800.00"), Decimal("800.00")]
    assert claim.lines[1].diagnosis_pointers == (2, 1)
    assert claim.total_charge == Decimal("2600.00")
    assert claim.subscriber.plan_type_code == "MB"


def test_code_missing_from_charge_master_is_a_clear_error():
    with pytest.raises(NotFound, match="no charge"):
        build_claim(claim_id="C1", practice=PRACTICE, payer=PAYER, patient=PATIENT, coverage=COV, encounter=ENC,
                    rendering=DOC, charge_master=CM, lines=[SimpleLine("20552", (), 1, ("M79.18",))])
