"""CARC/RARC/group codes, place of service, PFS pricing, ICD-10-CM."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from painrcm.errors import NotFound
from painrcm.reference import adjustments, icd10, mpfs, pos


def test_carc_rarc_group():
    assert adjustments.carc("CO-45").description.startswith("Charge exceeds fee schedule")
    assert adjustments.carc("16").kind == "CARC"
    assert adjustments.rarc("N290").kind == "RARC"
    assert adjustments.group("co").name == "Contractual Obligations"
    assert adjustments.group("XX") is None
    assert adjustments.carc("nope") is None


def test_deactivated_codes_stay_readable():
    stopped = [c for c in adjustments.all_carcs() if c.stop_date is not None]
    assert stopped
    code = stopped[0]
    assert not code.active
    assert not code.active_on(code.stop_date)
    assert code.active_on(date(code.stop_date.year - 1, 1, 1)) or code.start_date > date(
        code.stop_date.year - 1, 1, 1)


def test_place_of_service():
    assert pos.place_of_service("11").facility is False
    assert pos.place_of_service("24").name == "Ambulatory Surgical Center"
    assert pos.is_facility("22") and pos.is_facility("24") and not pos.is_facility("11")
    with pytest.raises(NotFound):
        pos.is_facility("00")


def test_medicare_allowed_national_matches_cms_calc():
    # shared pprrvu_2025_oct_pain_codes.csv: national_nonfac_amount_calc / fac
    assert mpfs.medicare_allowed("64483", None, None, facility=False) == Decimal("236.13")
    assert mpfs.medicare_allowed("64483", None, None, facility=True) == Decimal("107.71")
    assert mpfs.medicare_allowed("77003", "TC", None, facility=False) == Decimal("72.46")


def test_medicare_allowed_locality():
    la = mpfs.medicare_allowed("64483", "LT", "01182-18", facility=False)
    al = mpfs.medicare_allowed("64483", "LT", "10112-00", facility=False)
    assert la > al
    assert mpfs.medicare_allowed("64483", None, "1182-18", False) == la
    with pytest.raises(NotFound):
        mpfs.medicare_allowed("64483", None, "99999-99", False)
    with pytest.raises(NotFound):
        mpfs.medicare_allowed("ZZZZZ", None, None, False)


def test_na_nonfacility_uses_facility_pe():
    row = mpfs.rvu("63655")
    assert row.nonfac_pe is None
    assert mpfs.medicare_allowed("63655", None, None, False) == mpfs.medicare_allowed(
        "63655", None, None, True)


def test_not_payable_is_zero():
    assert mpfs.medicare_allowed("0213T", None, None, False) == Decimal("0.00")


def test_icd10():
    assert icd10.is_billable("M54.16")
    assert not icd10.is_billable("M54.4")
    assert not icd10.is_billable("M48.06")
    assert icd10.is_billable("M48.061")
    assert icd10.is_valid("M4806") and not icd10.is_valid("X99.999")
    assert "without myelopathy or radiculopathy" in icd10.description("M47.816")
    assert icd10.description("nonsense") is None
    assert icd10.with_dot("m5416") == "M54.16" and icd10.normalize("M54.16") == "M5416"
