"""Each variance type with a hand-computed amount to the cent, and denials kept apart.

Contract (fee schedule, hand-checkable): 64483 500.00, 64484 200.00, 64493 400.00, 27096 300.00,
99214 120.00, 64510 250.00, 77003 80.00; multiple procedures 100 % / 75 %; bilateral 150 %.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from painrcm.claims.model import Adjustment, Claim, ClaimLine, Party, PersonName, Subscriber
from painrcm.remit.contracts import contract_from_data
from painrcm.remit.model import ClaimPayment, LinePayment, Remittance
from painrcm.remit.reconcile import reconcile
from painrcm.remit.variances import (BILATERAL_UNDERPAID, BUNDLED_DESPITE_MODIFIER, FEE_SCHEDULE_UNDERPAID,
                                     IMAGING_UNDERPAID, MPPR_MISAPPLIED, MPPR_OVERAPPLIED, OVERPAYMENT,
                                     PATIENT_RESPONSIBILITY_MISMATCH)

DOS = date(2026, 3, 2)
CONTRACT = contract_from_data({
    "payer": "acme", "name": "Acme PPO 2026", "effective_from": "2026-01-01", "basis": "fee_schedule",
    "fee_schedule": [{"code": c, "allowed": a} for c, a in (
        ("64483", "500.00"), ("64484", "200.00"), ("64493", "400.00"), ("27096", "300.00"),
        ("99214", "120.00"), ("64510", "250.00"), ("77003", "80.00"))],
    "terms": {"multiple_procedure_payment": [1.00, 0.75], "bilateral_payment": 1.50,
              "clauses": {"multiple_procedure": "Section 4.3", "bilateral": "Section 4.4"}}})
PT = PersonName("TEST", "PAT")


def claim(*lines) -> Claim:
    return Claim(claim_id="C1", practice_id="p", payer_id="acme", payer_name="ACME", x12_payer_id="ACM01",
                 billing_provider=Party(PersonName("PRACTICE"), npi="1234567893"),
                 subscriber=Subscriber("M1", PT), patient_id="pt", patient_name=PT, patient_birth_date=date(1950, 1, 1),
                 patient_sex="F", service_date=DOS, place_of_service="11", diagnoses=("M5416",),
                 lines=tuple(ClaimLine(code, D(charge), modifiers=mods) for code, mods, charge in lines))


def paid_line(code, mods, charge, allowed, *extra, coins="0.00", paid=None):
    """A line paid at ``allowed`` with coinsurance; CO-45 balances the rest (plus ``extra`` CAS)."""
    charge, allowed, coins = D(charge), D(allowed), D(coins)
    extra_total = sum((a.amount for a in extra), D("0.00"))
    paid = D(paid) if paid is not None else allowed - coins
    adjs = [Adjustment("CO", "45", charge - allowed - extra_total)] if charge - allowed - extra_total else []
    adjs += list(extra)
    if coins:
        adjs.append(Adjustment("PR", "2", coins))
    return LinePayment(code, mods, charge, paid, adjustments=tuple(adjs), service_date=DOS)


def remit(c: Claim, *lines: LinePayment, pr=None, status="1") -> Remittance:
    paid = sum((l.paid for l in lines), D("0.00"))
    pr_sum = sum((a.amount for l in lines for a in l.adjustments if a.group == "PR"), D("0.00"))
    cp = ClaimPayment(c.claim_id, status, c.total_charge, paid, D(pr) if pr is not None else pr_sum, "ICN9",
                      lines=lines)
    return Remittance("TRN1", "ACME", "ACM01", "PRACTICE", "1234567893", paid, "ACH", date(2026, 4, 1), (cp,))


def run(c, r):
    return reconcile([c], [r], [CONTRACT])


def only(result, kind):
    found = [v for v in result.variances if v.kind == kind]
    assert len(found) == 1, result.variances
    return found[0]


def test_paid_per_contract_has_no_variance():
    c = claim(("64483", ("RT",), "900.00"), ("27096", ("RT",), "600.00"))
    r = remit(c, paid_line("64483", ("RT",), "900.00", "500.00", coins="50.00"),
              paid_line("27096", ("RT",), "600.00", "225.00", Adjustment("CO", "59", D("75.00")), coins="22.50"))
    res = run(c, r)
    assert res.variances == () and res.denials == () and res.unmatched == ()


def test_mppr_overapplied():
    # 27096 ranks second: contract 75 % of 300.00 = 225.00; payer allowed 50 % = 150.00 -> 75.00
    c = claim(("64483", ("RT",), "900.00"), ("27096", ("RT",), "600.00"))
    r = remit(c, paid_line("64483", ("RT",), "900.00", "500.00"),
              paid_line("27096", ("RT",), "600.00", "150.00", Adjustment("CO", "59", D("150.00"))))
    v = only(run(c, r), MPPR_OVERAPPLIED)
    assert (v.line_number, v.expected, v.actual, v.amount) == (2, D("225.00"), D("150.00"), D("75.00"))
    assert v.clause == "Section 4.3" and v.is_underpayment
    assert any("rank 2" in e for e in v.evidence)


def test_mppr_misapplied_on_addon():
    # 64484 is an add-on: no reduction; payer cut it to 50 % (100.00) with CO-59 -> 100.00
    c = claim(("64483", ("RT",), "900.00"), ("64484", ("RT",), "400.00"))
    r = remit(c, paid_line("64483", ("RT",), "900.00", "500.00"),
              paid_line("64484", ("RT",), "400.00", "100.00", Adjustment("CO", "59", D("100.00"))))
    v = only(run(c, r), MPPR_MISAPPLIED)
    assert (v.line_number, v.amount) == (2, D("100.00"))


def test_mppr_misapplied_on_primary():
    # the payer ranked the cheaper code first: 64483 (rank 1) paid at 75 % = 375.00 -> 125.00
    c = claim(("64483", ("RT",), "900.00"), ("27096", ("RT",), "600.00"))
    r = remit(c, paid_line("64483", ("RT",), "900.00", "375.00", Adjustment("CO", "59", D("125.00"))),
              paid_line("27096", ("RT",), "600.00", "300.00"))
    res = run(c, r)
    assert only(res, MPPR_MISAPPLIED).amount == D("125.00")
    assert only(res, OVERPAYMENT).amount == D("75.00")  # 27096 allowed 300.00, contract 225.00


def test_fee_schedule_underpaid_with_coinsurance():
    # allowed 480.00 (paid 432.00 + PR-2 48.00) against 500.00 -> 20.00
    c = claim(("64483", ("LT",), "900.00"),)
    r = remit(c, paid_line("64483", ("LT",), "900.00", "480.00", coins="48.00"))
    v = only(run(c, r), FEE_SCHEDULE_UNDERPAID)
    assert (v.expected, v.actual, v.amount) == (D("500.00"), D("480.00"), D("20.00"))


def test_bilateral_underpaid():
    # 64493-50: 400.00 x 150 % = 600.00; payer allowed 100 % = 400.00 -> 200.00
    c = claim(("64493", ("50",), "1600.00"),)
    r = remit(c, paid_line("64493", ("50",), "1600.00", "400.00"))
    v = only(run(c, r), BILATERAL_UNDERPAID)
    assert (v.expected, v.amount, v.clause) == (D("600.00"), D("200.00"), "Section 4.4")


def test_bundled_despite_modifier_25():
    # 99214-25 bundled (CO-97) with the injection: the E/M's 120.00 is owed
    c = claim(("99214", ("25",), "250.00"), ("64483", ("RT",), "900.00"))
    r = remit(c, LinePayment("99214", ("25",), D("250.00"), D("0.00"), adjustments=(Adjustment("CO", "97", D("250.00")),),
                             service_date=DOS),
              paid_line("64483", ("RT",), "900.00", "500.00"))
    res = run(c, r)
    v = only(res, BUNDLED_DESPITE_MODIFIER)
    assert (v.line_number, v.amount) == (1, D("120.00"))
    assert res.denials == ()


def test_imaging_underpaid():
    # 64510 + 77003 (add-on imaging, no reduction): 80.00 expected, 48.00 allowed -> 32.00
    c = claim(("64510", ("LT",), "400.00"), ("77003", (), "200.00"))
    r = remit(c, paid_line("64510", ("LT",), "400.00", "250.00"), paid_line("77003", (), "200.00", "48.00"))
    v = only(run(c, r), IMAGING_UNDERPAID)
    assert (v.code, v.amount) == ("77003", D("32.00"))


def test_patient_responsibility_mismatch():
    # PR-45: 35.00 of the charge above the fee schedule billed to the patient; CLP05 says 60.00, CAS PR sum 85.00
    c = claim(("64483", ("RT",), "900.00"),)
    line = paid_line("64483", ("RT",), "900.00", "500.00", Adjustment("PR", "45", D("35.00")), coins="50.00")
    res = run(c, remit(c, line, pr="60.00"))
    kinds = sorted(((v.kind, v.line_number or 0, v.amount) for v in res.variances))
    assert kinds == [(PATIENT_RESPONSIBILITY_MISMATCH, 0, D("25.00")),
                     (PATIENT_RESPONSIBILITY_MISMATCH, 1, D("35.00"))]


def test_overpayment():
    # allowed 520.00 against 500.00: a 20.00 credit to refund
    c = claim(("64483", ("RT",), "900.00"),)
    v = only(run(c, remit(c, paid_line("64483", ("RT",), "900.00", "520.00"))), OVERPAYMENT)
    assert v.amount == D("20.00") and not v.is_underpayment


def test_denial_goes_to_denials_not_variances():
    c = claim(("64483", ("RT",), "900.00"), ("64484", ("RT",), "400.00"))
    r = remit(c, LinePayment("64483", ("RT",), D("900.00"), D("0.00"), adjustments=(Adjustment("CO", "197", D("900.00")),),
                             remarks=("N54",), service_date=DOS),
              LinePayment("64484", ("RT",), D("400.00"), D("0.00"), adjustments=(Adjustment("CO", "197", D("400.00")),),
                          service_date=DOS), status="4")
    res = run(c, r)
    assert res.variances == ()
    assert [(d.line_number, d.adjustments, d.expected) for d in res.denials] == [
        (1, ("CO-197",), D("500.00")), (2, ("CO-197",), D("200.00"))]


def test_bundled_without_modifier_is_a_denial():
    c = claim(("99214", (), "250.00"), ("64483", ("RT",), "900.00"))
    r = remit(c, LinePayment("99214", (), D("250.00"), D("0.00"), adjustments=(Adjustment("CO", "97", D("250.00")),),
                             service_date=DOS), paid_line("64483", ("RT",), "900.00", "500.00"))
    res = run(c, r)
    assert res.variances == () and [d.code for d in res.denials] == ["99214"]
