"""Place of service: pricing setting, bilateral style, device codes, appointment vs claim mismatch."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from charges_helpers import appt, claim

from painrcm.claims.place_of_service import Setting, check_pos_mismatches, medicare_amount, pos_rules
from painrcm.errors import NotFound
from painrcm.policy import load_policy

D = date(2026, 3, 2)


def test_rules_by_setting():
    office, asc, hopd = pos_rules("11"), pos_rules("24"), pos_rules("22")
    assert (office.setting, office.facility_pricing, office.device_codes) == (Setting.OFFICE, False, False)
    assert (asc.setting, asc.facility_pricing, asc.device_codes) == (Setting.ASC, True, True)
    assert hopd.setting is Setting.HOSPITAL_OUTPATIENT and hopd.facility_pricing
    assert office.bilateral_style == load_policy("medicare").bilateral_style("11").value
    with pytest.raises(NotFound):
        pos_rules("00")


def test_mismatch_flagged_with_medicare_difference():
    appts = [appt("A1", D, pos="24", encounter="E1"), appt("A2", D, patient="P2", pos="11")]
    c1 = claim("C1", D, [("64483", ("RT",), 1, "900")], encounter="E1", pos="11")  # ASC visit billed as office
    c2 = claim("C2", D, [("99213", (), 1, "150")], patient="P2", pos="11")  # matches
    (m,) = check_pos_mismatches([c1, c2], appts, locality="15202-00")
    assert (m.claim_id, m.appointment_pos, m.claim_pos) == ("C1", "24", "11")
    office = medicare_amount(c1.lines, "11", "15202-00")
    asc = medicare_amount(c1.lines, "24", "15202-00")
    assert m.medicare_difference == office - asc and m.medicare_difference > Decimal("0")
    assert "Ambulatory Surgical Center" in m.message


def test_mismatch_through_reconcile_encounter_map():
    appts = [appt("A1", D, pos="22")]
    c = claim("C1", D, [("99213", (), 1, "150")], encounter="E9", pos="11")
    assert [m.claim_id for m in check_pos_mismatches([c], appts, encounter_of={"A1": "E9"})] == ["C1"]
