"""The AR work queue: score = expected dollars x deadline proximity x likelihood, explained and ordered."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from painrcm.ar.cycle import Touch
from painrcm.ar.queue import LIKELIHOOD, NO_RESPONSE_LIKELIHOOD, urgency
from painrcm.ar.work import ar_work
from painrcm.denials.testing import make_claim, make_payment, make_remittance

DOS = date(2026, 3, 2)
PAID = date(2026, 4, 1)
RFA = (("64635", "2000.00", ("RT",)), ("64636", "1000.00", ("RT",)))


def test_urgency_curve():
    assert urgency(None) == Decimal("1.00")
    assert urgency(200) == urgency(90) == Decimal("1.00")
    assert urgency(60) == Decimal("1.67")
    assert urgency(0) == Decimal("3.00")
    assert urgency(-1) == 0


def test_three_thousand_dollar_rfa_outranks_a_150_dollar_visit():
    rfa = make_claim("RFA", lines=RFA)
    visit = make_claim("VISIT", lines=(("99213", "150.00"),))
    r = make_remittance([make_payment(rfa, [("0.00", ["CO-50"]), ("0.00", ["CO-50"])]),
                         make_payment(visit, [("0.00", ["CO-50"])])], payment_date=PAID)
    q = ar_work([rfa, visit], [r], date(2026, 4, 10)).queue
    assert [i.claim_id for i in q] == ["RFA", "VISIT"]
    assert q[0].score > q[1].score


@pytest.mark.parametrize("as_of", [date(2026, 4, 10), date(2026, 4, 25), date(2026, 6, 1)])
def test_score_is_the_product_of_its_explained_parts(as_of):
    rfa = make_claim("RFA", lines=RFA)
    r = make_remittance([make_payment(rfa, [("0.00", ["CO-50"]), ("0.00", ["CO-50"])])], payment_date=PAID)
    item = ar_work([rfa], [r], as_of).queue[0]
    assert item.score == (item.amount * item.urgency * item.likelihood).quantize(Decimal("0.01"))
    parts = dict(item.parts)
    assert set(parts) >= {"expected_dollars", "deadline", "likelihood"}
    assert str(item.amount) in parts["expected_dollars"]
    assert f"x{item.urgency}" in parts["deadline"] or "x0" in parts["deadline"]
    assert str(item.likelihood) in parts["likelihood"]
    assert item.explain().startswith(f"score {item.score} = {item.amount} x {item.urgency} x {item.likelihood}")
    js = item.to_json(as_of)
    assert js["parts"]["deadline"] == parts["deadline"] and js["score"] == str(item.score)


def test_parts_of_a_peer_to_peer_denial():
    rfa = make_claim("RFA", lines=RFA, payer_id="lakeshore-ppo")
    r = make_remittance([make_payment(rfa, [("0.00", ["CO-50"]), ("0.00", ["CO-50"])])], payment_date=PAID)
    item = ar_work([rfa], [r], date(2026, 4, 16)).queue[0]
    # $3,000 at stake; peer-to-peer due 2026-05-01 (15 days -> 1 + 2 x 75/90 = 2.67);
    # medical necessity hard 0.45 + 0.10 for the peer-to-peer
    assert item.amount == Decimal("3000.00")
    assert item.urgency == Decimal("2.67")
    assert item.likelihood == LIKELIHOOD[("medical_necessity", "hard")] + Decimal("0.10")
    assert item.score == Decimal("4405.50")
    assert item.actions == ("peer_to_peer",)
    assert "peer_to_peer due 2026-05-01, 15 days left" in dict(item.parts)["deadline"]
    assert {d.name for d in item.deadlines} >= {"timely_filing", "peer_to_peer"}
    assert item.escalated and "escalation" in dict(item.parts)


def test_deadline_proximity_raises_the_rank():
    # same amount and cause; the one whose appeal window closes sooner ranks first
    a = make_claim("SOON", lines=(("99213", "150.00"),), payer_id="granite-mutual")
    b = make_claim("LATER", lines=(("99213", "150.00"),), payer_id="lakeshore-ppo")
    r = make_remittance([make_payment(a, [("0.00", ["CO-50"])]), make_payment(b, [("0.00", ["CO-50"])])],
                        payment_date=PAID)
    q = ar_work([a, b], [r], date(2026, 6, 1)).queue
    assert [i.claim_id for i in q] == ["SOON", "LATER"]
    assert q[0].urgency > q[1].urgency


def test_likelihood_raises_the_rank():
    soft = make_claim("SOFT", lines=(("64483", "500.00"),))
    hard = make_claim("HARD", lines=(("64483", "500.00"),))
    r = make_remittance([make_payment(soft, [("0.00", ["CO-4"])]), make_payment(hard, [("0.00", ["CO-119"])])],
                        payment_date=PAID)
    q = ar_work([soft, hard], [r], date(2026, 4, 10)).queue
    assert [i.claim_id for i in q] == ["SOFT", "HARD"]


def test_unanswered_claims_wait_until_day_15_then_use_timely_filing():
    c = make_claim("NR", lines=(("64483", "555.00"),), payer_id="granite-mutual")
    assert ar_work([c], [], DOS + timedelta(days=10)).queue == ()
    item = ar_work([c], [], DOS + timedelta(days=20)).queue[0]
    assert item.kind == "no_response" and item.likelihood == NO_RESPONSE_LIKELIHOOD
    assert item.follow_up.step == "status_check" and item.follow_up.is_due
    assert "timely_filing due 2026-05-31, 70 days left" in dict(item.parts)["deadline"]


def test_high_value_claims_escalate_at_day_30_others_at_day_60():
    rfa = make_claim("RFA", lines=RFA)
    visit = make_claim("VISIT", lines=(("99213", "150.00"),))
    q = {i.claim_id: i for i in ar_work([rfa, visit], [], DOS + timedelta(days=35)).queue}
    assert q["RFA"].follow_up.step == "escalation" and q["RFA"].escalated
    assert q["VISIT"].follow_up.step == "inquiry" and not q["VISIT"].escalated
    q = {i.claim_id: i for i in ar_work([rfa, visit], [], DOS + timedelta(days=61)).queue}
    assert q["VISIT"].follow_up.step == "escalation"


def test_touch_sets_the_next_follow_up():
    c = make_claim("NR", lines=(("64483", "555.00"),))
    t = Touch("NR", datetime(2026, 3, 20, tzinfo=timezone.utc), "dana", "phone", "in process", "REF9",
              "status_check", date(2026, 4, 15))
    item = ar_work([c], [], date(2026, 3, 25), touches={"NR": [t]}).queue[0]
    assert item.follow_up.due == date(2026, 4, 15) and not item.follow_up.is_due
    assert "REF9" in item.follow_up.reason


def test_paid_claims_leave_the_queue_and_denial_deadlines_are_on_items():
    paid = make_claim("PAID", lines=(("64483", "555.00"),))
    r = make_remittance([make_payment(paid, [("400.00", ["CO-45:155.00"])])], payment_date=PAID)
    assert ar_work([paid], [r], date(2026, 4, 10)).queue == ()


def test_expired_deadline_scores_zero_and_asks_for_a_write_off_decision():
    c = make_claim("OLD", lines=(("99213", "150.00"),), payer_id="granite-mutual")
    r = make_remittance([make_payment(c, [("0.00", ["CO-50"])])], payment_date=PAID)
    item = ar_work([c], [r], PAID + timedelta(days=100)).queue[0]
    assert item.score == 0 and item.actions == ("write_off",)
    assert "passed" in dict(item.parts)["deadline"]


def test_reconciliation_result_is_consumed_with_lines_bundled_despite_modifier():
    from painrcm.remit.contracts import shipped_contracts
    from painrcm.remit.reconcile import reconcile

    c = make_claim("B1", payer_id="summit-health", service_date=date(2026, 3, 11),
                   lines=(("99214", "300.00", ("25",)), ("64483", "555.00", ("RT",))))
    r = make_remittance([make_payment(c, [("0.00", ["CO-97"], ["M15"]),
                                          ("259.20", ["CO-45:267.00", "PR-2:28.80"])])], payment_date=PAID)
    res = reconcile([c], [r], shipped_contracts())
    assert not res.denials and res.variances[0].kind == "BUNDLED_DESPITE_MODIFIER"
    w = ar_work([c], [r], date(2026, 4, 10), reconciliation=res)
    (d,) = w.denials
    assert (d.denial.code, d.denial.adjustments, d.denial.remarks) == ("99214", ("CO-97",), ("M15",))
    assert d.route.action == "written_appeal" and "modifier 25" in d.route.reason
    assert d.amount == res.variances[0].expected
    assert w.queue[0].claim_id == "B1" and w.queue[0].kind == "denial"


def test_a_277_rejection_updates_the_queue_item():
    from painrcm.ar.claim_status import touches_from_277
    from painrcm.edi.reader_277ca import ClaimAcknowledgment, ClaimStatusReport, StatusCode

    c = make_claim("NR", lines=(("64483", "555.00"),), payer_id="granite-mutual")
    report = ClaimStatusReport("GRANITE", "0001", (ClaimAcknowledgment("NR", "rejected", (StatusCode("A7", "562"),)),))
    ((touch, upd),) = touches_from_277([report], received=DOS + timedelta(days=16))
    assert touch.status == "rejected"
    item = ar_work([c], [], DOS + timedelta(days=17), touches={"NR": [touch]}).queue[0]
    assert item.kind == "rejected" and item.payer_status == "rejected"
    assert item.follow_up.step == "corrected_claim" and item.follow_up.is_due
    assert "payer status rejected" in dict(item.parts)["likelihood"]


def test_a_denial_paid_later_leaves_the_denials_and_the_queue():
    c = make_claim("LATE", lines=(("64483", "555.00"),))
    denied = make_remittance([make_payment(c, [("0.00", ["CO-16"], ["M127"])])], payment_date=PAID, trn="T1")
    repaid = make_remittance([make_payment(c, [("400.00", ["CO-45:155.00"])])], payment_date=PAID + timedelta(days=20),
                             trn="T2")
    before = ar_work([c], [denied, repaid], PAID + timedelta(days=5))
    assert [d.route.action for d in before.denials] == ["documentation_request"]
    after = ar_work([c], [denied, repaid], PAID + timedelta(days=25))
    assert after.denials == () and after.queue == ()
    assert after.balances[0].status == "paid"
