"""Contract files and expected payment on the date of service."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from painrcm.errors import PolicyError
from painrcm.reference.mpfs import medicare_allowed
from painrcm.remit.contracts import contract_for, load_contract_file, shipped_contracts
from painrcm.remit.pricing import PricingLine, price_lines

DEMO_PAYERS = {"medicare", "medicare-advantage", "summit-health", "lakeshore-ppo", "granite-mutual"}


def test_shipped_contracts_cover_the_demo_payers():
    contracts = shipped_contracts()
    assert {c.payer_id for c in contracts} == DEMO_PAYERS
    granite = contract_for(contracts, "granite-mutual", date(2026, 5, 1))
    assert granite.terms.multiple_procedure_payment == (D("1.00"), D("0.75"), D("0.50"))
    assert granite.terms.dispute_window_days == 540  # from the payer file's deadlines.dispute_days


def test_percent_of_medicare_facility_and_office():
    lake = contract_for(shipped_contracts(), "lakeshore-ppo", date(2026, 5, 1))
    office = price_lines([PricingLine("64483", ("RT",), D(1), D("900.00"))], lake, date(2026, 5, 1), "11")[0]
    asc = price_lines([PricingLine("64483", ("RT",), D(1), D("900.00"))], lake, date(2026, 5, 1), "24")[0]
    # 120 % of the Ohio (15202-00) amounts 221.22 (non-facility) and 104.23 (facility)
    assert medicare_allowed("64483", None, "15202-00", False) == D("221.22")
    assert office.expected_allowed == D("265.46")   # 221.22 x 1.2 = 265.464
    assert asc.expected_allowed == D("125.08")      # 104.23 x 1.2 = 125.076


def test_fee_schedule_by_date_of_service():
    summit = contract_for(shipped_contracts(), "summit-health", date(2025, 6, 1))
    line = [PricingLine("64483", ("RT",), D(1), D("900.00"))]
    old = price_lines(line, summit, date(2025, 6, 1), "11")[0]
    new = price_lines(line, summit, date(2026, 6, 1), "11")[0]
    assert (old.expected_allowed, new.expected_allowed) == (D("274.00"), D("288.00"))
    assert "2026-01-01" in new.basis


def test_ranking_bilateral_addon_and_exempt_codes():
    granite = contract_for(shipped_contracts(), "granite-mutual", date(2026, 5, 1))
    lines = [PricingLine("99214", ("25",), D(1), D("400")), PricingLine("27096", ("RT",), D(1), D("900")),
             PricingLine("64493", ("50",), D(1), D("1600")), PricingLine("64494", ("50",), D(1), D("900")),
             PricingLine("64483", ("LT",), D(1), D("900"))]
    p = {x.code: x for x in price_lines(lines, granite, date(2026, 5, 1), "11")}
    # 115 % of Medicare 15202-00: 64483 221.22 -> 254.40; 64493 161.78 -> 186.05 x 1.5 = 279.08; 27096 149.83 -> 172.30
    assert (p["64493"].mppr_rank, p["64493"].expected_allowed) == (1, D("279.08"))
    assert (p["64483"].mppr_rank, p["64483"].expected_allowed) == (2, D("190.80"))  # 254.40 x 0.75
    assert (p["27096"].mppr_rank, p["27096"].expected_allowed) == (3, D("86.15"))   # 172.30 x 0.50
    assert p["64494"].mppr_rank is None and p["64494"].expected_allowed == D("143.91")  # 83.43 x 1.15 = 95.94; x 1.5
    assert p["99214"].mppr_rank is None


def test_lesser_of_charge_and_carve_out():
    summit = contract_for(shipped_contracts(), "summit-health", date(2026, 5, 1))
    lines = [PricingLine("64483", ("RT",), D(1), D("100.00")), PricingLine("C1820", (), D(1), D("18500"))]
    low, device = price_lines(lines, summit, date(2026, 5, 1), "24")
    assert low.expected_allowed == D("100.00")
    assert device.carved_out and not device.priced


def test_bad_contract_file_names_file_line_and_key(tmp_path):
    bad = tmp_path / "acme.yaml"
    bad.write_text("payer: acme\nname: Acme\neffective_from: 2026-01-01\nbasis: percent_of_medicare\n"
                   "percent_of_medicare: 120\nterms:\n  bilateral_payment: lots\n")
    with pytest.raises(PolicyError) as err:
        load_contract_file(bad)
    text = str(err.value)
    assert "acme.yaml" in text and "terms.bilateral_payment" in text and "line 7" in text and "not a number" in text


def test_bad_fee_schedule_row(tmp_path):
    (tmp_path / "fees.csv").write_text("code,modifier,allowed\n64483,,500.00\n64484,,lots\n")
    (tmp_path / "acme.yaml").write_text("payer: acme\nname: Acme\neffective_from: 2026-01-01\nbasis: fee_schedule\n"
                                        "fee_schedule_csv: fees.csv\n")
    with pytest.raises(PolicyError) as err:
        load_contract_file(tmp_path / "acme.yaml")
    assert "fees.csv" in str(err.value) and "row 3" in str(err.value) and "allowed" in str(err.value)
