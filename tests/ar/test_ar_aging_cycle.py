"""Aging buckets, the claim ledger and the 15/30/60/90 follow-up cycle."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from painrcm.ar.aging import BUCKETS, aging, bucket, procedure_family
from painrcm.ar.cycle import Touch, next_follow_up, step_for
from painrcm.ar.ledger import balances
from painrcm.denials.testing import make_claim, make_payment, make_remittance
from painrcm.errors import InputError

AS_OF = date(2026, 6, 30)


@pytest.mark.parametrize("age,name", [(0, "0-30"), (30, "0-30"), (31, "31-60"), (60, "31-60"), (61, "61-90"),
                                      (90, "61-90"), (91, "91-120"), (120, "91-120"), (121, "120+"), (400, "120+")])
def test_bucket_edges(age, name):
    assert bucket(age) == name


def test_aging_by_payer_provider_family():
    claims = [
        make_claim("A", lines=(("64635", "1000.00"),), service_date=AS_OF - timedelta(days=10)),
        make_claim("B", lines=(("64483", "500.00"),), service_date=AS_OF - timedelta(days=45)),
        make_claim("C", lines=(("99213", "150.00"),), payer_id="granite-mutual", service_date=AS_OF - timedelta(days=130)),
        make_claim("D", lines=(("64483", "500.00"),), service_date=AS_OF - timedelta(days=100)),
    ]
    paid = make_remittance([make_payment(claims[3], [("400.00", ["CO-45:100.00"])])], payment_date=AS_OF)
    bals = balances(claims, [paid], AS_OF)
    rows = {r.key: r for r in aging(bals, AS_OF, "payer")}
    assert rows["medicare"].amounts["0-30"] == Decimal("1000.00")
    assert rows["medicare"].amounts["31-60"] == Decimal("500.00")
    assert rows["medicare"].amounts["91-120"] == 0          # D is paid
    assert rows["granite-mutual"].amounts["120+"] == Decimal("150.00")
    assert rows["TOTAL"].total == Decimal("1650.00") and rows["TOTAL"].claims == 3
    fam = {r.key: r.total for r in aging(bals, AS_OF, "family")}
    assert fam == {"rfa": Decimal("1000.00"), "esi": Decimal("500.00"), "em": Decimal("150.00"),
                   "TOTAL": Decimal("1650.00")}
    prov = aging(bals, AS_OF, "provider")
    assert prov[0].key == "1987654325"
    assert list(rows["TOTAL"].to_json()["buckets"]) == list(BUCKETS)


def test_submission_date_drives_age():
    c = make_claim("A", service_date=date(2026, 1, 1))
    b = balances([c], [], AS_OF, submitted_on={"A": date(2026, 6, 20)})[0]
    assert b.age(AS_OF) == 10 and b.status == "no_response"


def test_procedure_family_of_highest_charge_line():
    c = make_claim(lines=(("99214", "200.00"), ("63650", "900.00")))
    assert procedure_family(c) == "scs"


def test_cycle_steps():
    assert [step_for(d, False).name for d in (14, 15, 29, 30, 59, 60, 89, 90, 200)] == [
        "wait", "status_check", "status_check", "inquiry", "inquiry", "escalation", "escalation",
        "final_determination", "final_determination"]
    assert step_for(30, True).name == "escalation" and step_for(29, True).name == "status_check"


def test_follow_up_moves_on_after_a_touch():
    billed = date(2026, 3, 1)
    f = next_follow_up(billed, date(2026, 4, 5), ())
    assert (f.step, f.due, f.is_due) == ("inquiry", date(2026, 3, 31), True)
    t = Touch("C1", datetime(2026, 4, 2, tzinfo=timezone.utc), "dana", "phone", "payer has it, in process")
    f = next_follow_up(billed, date(2026, 4, 5), [t])
    assert (f.step, f.due, f.is_due) == ("escalation", date(2026, 4, 30), False)


def test_touch_validation():
    with pytest.raises(InputError):
        Touch("C1", datetime(2026, 4, 2, tzinfo=timezone.utc), "dana", "pigeon", "x")
    with pytest.raises(InputError):
        Touch("C1", datetime(2026, 4, 2, tzinfo=timezone.utc), "dana", "phone", " ")


def test_aging_from_service_or_submission():
    c = make_claim("A", lines=(("64483", "500.00"),), service_date=AS_OF - timedelta(days=100))
    bals = balances([c], [], AS_OF, submitted_on={"A": AS_OF - timedelta(days=20)})
    assert aging(bals, AS_OF)[-1].amounts["91-120"] == Decimal("500.00")
    assert aging(bals, AS_OF, basis="submitted")[-1].amounts["0-30"] == Decimal("500.00")
    with pytest.raises(ValueError):
        aging(bals, AS_OF, basis="billing")
