"""Fee schedule check: charges at or above every allowable, current for the date of service."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from charges_helpers import claim

from painrcm.claims.charge_master_io import charge_master_from_csv, charge_master_to_csv, read_charge_master_csv
from painrcm.claims.charges import ChargeEntry, ChargeMaster
from painrcm.claims.fee_schedule_check import check_fee_schedule, highest_allowable
from painrcm.errors import InputError
from painrcm.reference.mpfs import medicare_allowed
from painrcm.remit.contracts import contract_from_data

AS_OF = date(2026, 6, 30)
ACME = contract_from_data({"payer": "acme", "name": "Acme", "effective_from": "2026-01-01",
                           "basis": "fee_schedule", "fee_schedule": [{"code": "64483", "allowed": "500.00"}],
                           "percent_of_medicare": 140, "locality": "15202-00"})
OLD = contract_from_data({"payer": "old", "name": "Old", "effective_from": "2020-01-01", "effective_to": "2024-12-31",
                          "basis": "fee_schedule", "fee_schedule": [{"code": "64483", "allowed": "900.00"}]})


def test_highest_allowable_takes_contracts_in_effect_and_medicare():
    a = highest_allowable("64483", None, AS_OF, [ACME, OLD], "15202-00")
    assert a.amount == Decimal("500.00") and a.source.startswith("acme: fee schedule 64483")
    b = highest_allowable("99213", None, AS_OF, [ACME], "15202-00")  # 140 % of Medicare, non-facility
    assert b.amount == (medicare_allowed("99213", None, "15202-00", False) * Decimal("1.4")).quantize(Decimal("0.01"))
    assert highest_allowable("99213", None, AS_OF, [], None).source == "Medicare (national, non-facility)"


def test_codes_to_raise_with_12_month_dollar_effect():
    cm = ChargeMaster((ChargeEntry("64483", Decimal("450.00")), ChargeEntry("99213", Decimal("400.00")),
                       ChargeEntry("64483", Decimal("300.00"), effective_to=date(2025, 12, 31))))
    claims = [claim("C1", date(2026, 2, 1), [("64483", ("50",), 1, "900.00")]),  # bilateral: 2 units
              claim("C2", date(2026, 3, 1), [("64483", ("RT",), 1, "450.00")]),
              claim("C3", date(2025, 5, 1), [("64483", ("RT",), 1, "300.00")]),  # outside the 12 months
              claim("C4", date(2026, 4, 1), [("99213", (), 1, "400.00")])]
    r = check_fee_schedule(cm, [ACME], claims, as_of=AS_OF, locality="15202-00")
    (g,) = r.below
    assert (g.code, g.charge, g.highest_allowable, g.gap, g.volume) == (
        "64483", Decimal("450.00"), Decimal("500.00"), Decimal("50.00"), 3)
    assert g.dollar_effect == Decimal("150.00") and r.dollar_effect == Decimal("150.00")
    assert g.suggested_charge == Decimal("500.00")
    assert r.checked == 2 and r.stale == ()


def test_stale_charges_billed_from_an_old_fee_schedule():
    cm = ChargeMaster((ChargeEntry("99213", Decimal("180.00"), effective_from=date(2026, 1, 1)),
                       ChargeEntry("99213", Decimal("160.00"), effective_to=date(2025, 12, 31))))
    claims = [claim("C1", date(2026, 2, 2), [("99213", (), 1, "160.00")]),
              claim("C2", date(2026, 2, 3), [("99213", (), 1, "180.00")]),
              claim("C3", date(2026, 2, 4), [("20552", (), 1, "99.00")])]
    r = check_fee_schedule(cm, [], claims, as_of=AS_OF, locality=None)
    assert [(s.claim_id, s.billed_unit_charge, s.current_charge) for s in r.stale] == [
        ("C1", Decimal("160.00"), Decimal("180.00")), ("C3", Decimal("99.00"), None)]


def test_codes_nobody_prices_are_listed_not_flagged():
    cm = ChargeMaster((ChargeEntry("C1820", Decimal("18500.00")),))
    r = check_fee_schedule(cm, [], [], as_of=AS_OF, locality=None)
    assert r.below == () and r.unpriced == ("C1820",)


def test_charge_master_csv_round_trip_and_errors(tmp_path):
    cm = charge_master_from_csv("code,modifier,charge,effective_from,effective_to\n"
                                "64483,,$1,250.00,2026-01-01,\n".replace("$1,250.00", "\"$1,250.00\"")
                                + "77003,26,120,,2025-12-31\n")
    assert cm.charge("64483", date(2026, 2, 1)) == Decimal("1250.00")
    f = tmp_path / "cm.csv"
    f.write_text(charge_master_to_csv(cm))
    assert read_charge_master_csv(f).entries == cm.entries
    with pytest.raises(InputError) as exc:
        charge_master_from_csv("code,charge,effective_from\n6448,10,\n64483,x,\n64483,10,2026-13-01\n", file="cm.csv")
    assert str(exc.value) == "cm.csv, row 2, field code: not a CPT/HCPCS code (5 characters) (and 2 more bad row(s))"
    with pytest.raises(InputError):
        charge_master_from_csv("code,price\n64483,10\n")


def test_component_charge_not_compared_with_a_global_fee_schedule_row():
    # Acme lists 77003 globally; a 77003-26 charge is compared with 140 % of Medicare's 26 amount
    acme = contract_from_data({"payer": "acme", "name": "Acme", "effective_from": "2026-01-01",
                               "basis": "fee_schedule", "fee_schedule": [{"code": "77003", "allowed": "400.00"}],
                               "percent_of_medicare": 140, "locality": "15202-00"})
    a = highest_allowable("77003", "26", AS_OF, [acme], "15202-00")
    assert a.amount < Decimal("100.00") and "77003-26" in a.source
    assert highest_allowable("77003", None, AS_OF, [acme], "15202-00").amount == Decimal("400.00")
