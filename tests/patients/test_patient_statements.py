"""Patient statements: after adjudication only, 30/60/90 cycle, small balances, payment plans, PDF."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from painrcm.denials.testing import make_claim, make_payment, make_remittance
from painrcm.domain.parties import Address, Patient, Practice
from painrcm.errors import InputError
from painrcm.patients import statements as S
from painrcm.patients.balances import patient_charges
from painrcm.patients.render import write_statement_pdf

DOS = date(2026, 3, 2)
PAID = date(2026, 4, 1)


def adjudicated(pr="75.00", patient_id="PT1", claim_id="CLM1", patient_paid="0.00"):
    c = make_claim(claim_id, lines=(("64483", "555.00"),), patient_id=patient_id, patient_paid=patient_paid)
    adjs = ["CO-45:180.00"] + ([f"PR-2:{pr}"] if Decimal(pr) else [])
    paid = Decimal("555.00") - Decimal("180.00") - Decimal(pr)
    return c, make_payment(c, [(str(paid), adjs)])


def run(claims, claim_payments, as_of, **kw):
    r = make_remittance(claim_payments, payment_date=PAID) if claim_payments else None
    return {d.patient_id: d for d in S.statement_run(claims, [r] if r else [], as_of, **kw)}


def test_first_statement_after_adjudication():
    c, p = adjudicated()
    d = run([c], [p], date(2026, 4, 5))["PT1"]
    assert d.action == S.SEND and d.statement.cycle == 1 and d.statement.label == "Statement"
    assert d.statement.amount_due == Decimal("75.00") and d.statement.due_date == date(2026, 4, 26)


def test_none_while_insurance_is_pending():
    c = make_claim("CLM9", lines=(("64483", "555.00"),))
    assert run([c], [], date(2026, 4, 5))["PT1"].action == S.HOLD_PENDING
    # a secondary payer still to bill holds the claim too
    c2, p2 = adjudicated()
    d = S.statement_run([c2], [make_remittance([p2], payment_date=PAID)], date(2026, 4, 5),
                        secondary_pending=["CLM1"])[0]
    assert d.action == S.HOLD_PENDING


def test_pending_claims_are_listed_but_never_due():
    c, p = adjudicated()
    pending = make_claim("CLM2", lines=(("99213", "150.00"),))
    d = run([c, pending], [p], date(2026, 4, 5))["PT1"]
    assert d.action == S.SEND and d.statement.amount_due == Decimal("75.00")
    assert [x.claim_id for x in d.statement.pending] == ["CLM2"]


def test_thirty_sixty_ninety_cycle_then_collections_review():
    c, p = adjudicated()
    history = []
    as_of = date(2026, 4, 5)
    labels = []
    for _ in range(4):
        d = run([c], [p], as_of, history=history)["PT1"]
        assert d.action == S.SEND
        labels.append(d.statement.label)
        history.append(S.StatementRecord("PT1", as_of, d.statement.cycle, d.balance))
        assert run([c], [p], as_of + timedelta(days=29), history=history)["PT1"].action == S.NOT_DUE
        as_of += timedelta(days=30)
    assert labels == ["Statement", "Second statement", "Past due notice", "Final notice"]
    assert not run([c], [p], date(2026, 4, 5))["PT1"].statement.phone_follow_up  # $75: under the threshold
    assert run([c], [p], as_of, history=history)["PT1"].action == S.COLLECTIONS_REVIEW


def test_payment_reduces_balance_and_paid_in_full_stops_statements():
    c, p = adjudicated()
    d = run([c], [p], date(2026, 4, 5), payments=[S.PatientPayment("PT1", Decimal("25.00"), date(2026, 4, 3))])
    assert d["PT1"].statement.balance == Decimal("50.00")
    d = run([c], [p], date(2026, 4, 5), payments=[S.PatientPayment("PT1", Decimal("75.00"), date(2026, 4, 3))])
    assert d["PT1"].action == S.NOTHING_OWED


def test_copay_at_visit_is_credited():
    c, p = adjudicated(patient_paid="20.00")
    assert run([c], [p], date(2026, 4, 5))["PT1"].statement.balance == Decimal("55.00")


def test_small_balance_rules():
    c, p = adjudicated(pr="3.50")
    assert run([c], [p], date(2026, 4, 5))["PT1"].action == S.SMALL_BALANCE_WAIT
    assert run([c], [p], PAID + timedelta(days=95))["PT1"].action == S.SMALL_BALANCE_ADJUSTMENT


def test_payment_plan_in_good_standing_asks_for_the_installment_and_does_not_escalate():
    c, p = adjudicated(pr="300.00")
    plan = S.PaymentPlan("PT1", Decimal("300.00"), Decimal("100.00"), date(2026, 4, 10))
    hist = [S.StatementRecord("PT1", date(2026, 4, 5), 1, Decimal("300.00"))]
    pays = [S.PatientPayment("PT1", Decimal("100.00"), date(2026, 4, 10))]
    d = run([c], [p], date(2026, 5, 6), history=hist, plans=[plan], payments=pays)["PT1"]
    assert d.action == S.SEND and d.statement.cycle == 1
    assert d.statement.amount_due == Decimal("100.00") and d.statement.balance == Decimal("200.00")
    assert d.statement.label.startswith("Payment plan statement")


def test_payment_plan_behind_falls_back_to_the_cycle():
    c, p = adjudicated(pr="300.00")
    plan = S.PaymentPlan("PT1", Decimal("300.00"), Decimal("100.00"), date(2026, 4, 10))
    hist = [S.StatementRecord("PT1", date(2026, 5, 6), 2, Decimal("300.00"))]
    d = run([c], [p], date(2026, 6, 15), history=hist, plans=[plan])["PT1"]
    assert d.statement.label == "Past due notice" and d.statement.amount_due == Decimal("300.00")
    assert any("payment plan is behind" in m for m in d.statement.messages)


def test_plan_validation():
    with pytest.raises(InputError):
        S.PaymentPlan("PT1", Decimal("100.00"), Decimal("0"), DOS)


def test_plain_language_lines():
    c, p = adjudicated()
    ch = patient_charges([c], [make_remittance([p])])["PT1"][0]
    line = ch.lines[0]
    assert (line.description, line.why, line.patient_owes) == ("Epidural steroid injection", "coinsurance",
                                                               Decimal("75.00"))


def test_statement_pdf_text(tmp_path):
    from pypdf import PdfReader

    c, p = adjudicated()
    pending = make_claim("CLM2", lines=(("99213", "150.00"),))
    patient = Patient("PT1", "riverside", "Doe", "Jane", date(1950, 1, 1), "F",
                      Address("1 Elm St", "Dayton", "OH", "45402"), "ACC-1")
    practice = Practice(id="riverside", name="Riverside Interventional Pain", npi="1990000014", tax_id="842917365",
                        address=Address("100 Main St", "Dayton", "OH", "45402"), phone="9375550100")
    d = run([c, pending], [p], date(2026, 4, 5), patients={"PT1": patient})["PT1"]
    out = write_statement_pdf(d.statement, tmp_path / "s.pdf", practice=practice)
    text = " ".join(" ".join((pg.extract_text() or "").split()) for pg in PdfReader(str(out)).pages)
    assert "Amount due: $75.00 by 2026-04-26" in text
    assert "Epidural steroid injection" in text and "coinsurance" in text
    assert "Jane Doe" in text and "Account ACC-1" in text and "9375550100" in text
    assert "still with your insurance" in text


def test_phone_follow_up_above_threshold_from_the_second_statement():
    c, p = adjudicated(pr="300.00")
    first = run([c], [p], date(2026, 4, 5))["PT1"].statement
    assert not first.phone_follow_up
    hist = [S.StatementRecord("PT1", date(2026, 4, 5), 1, Decimal("300.00"))]
    assert run([c], [p], date(2026, 5, 5), history=hist)["PT1"].statement.phone_follow_up
