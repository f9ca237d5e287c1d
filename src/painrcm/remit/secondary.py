"""Secondary claims: after the primary pays and leaves patient responsibility, bill the secondary.

``build_secondary_claim(claim, payment, remittance, coverage, payer)`` is pure: the same lines
and diagnoses, the secondary plan's subscriber loop (SBR01 = S), and the primary payer's
adjudication as COB loops - 2320/2330 (:class:`OtherPayer`: primary paid amount, claim-level CAS,
adjudication date) and 2430 per line (:class:`OtherPayerLine`: paid, units, line CAS). The claim
id is the primary's with ``S`` appended (a new CLM01, traceable to the primary).

The secondary claim is due within one business day of posting the primary
(:func:`secondary_due_date`).

>>> secondary_due_date(date(2026, 3, 6))   # a Friday
datetime.date(2026, 3, 9)
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from painrcm.claims.model import Claim, OtherPayer, OtherPayerLine, Subscriber
from painrcm.domain.parties import Coverage, CoverageRank, Patient, Payer
from painrcm.remit.matching import match_lines
from painrcm.remit.model import ClaimPayment, Remittance

SECONDARY_SUFFIX = "S"


def secondary_due_date(posted_on: date) -> date:
    """The next business day (Monday to Friday; holidays are not modelled)."""
    day = posted_on + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def secondary_coverage(coverages, primary_payer_id: str, day: date) -> Coverage | None:
    """The active secondary coverage on the date of service, if any."""
    for c in coverages:
        if c.rank == CoverageRank.SECONDARY and c.active_on(day) and c.payer_id != primary_payer_id:
            return c
    return None


def needs_secondary(payment: ClaimPayment) -> bool:
    return payment.status in ("1", "19") and payment.patient_responsibility > 0


def build_secondary_claim(claim: Claim, payment: ClaimPayment, remittance: Remittance, coverage: Coverage,
                          payer: Payer, patient: Patient | None = None) -> Claim:
    """The secondary claim with the primary's adjudication in the COB loops."""
    from painrcm.claims.builder import CLAIM_FILING_INDICATOR

    adjudicated = remittance.payment_date or payment.received_date or claim.service_date
    primary_x12 = remittance.payer_id or claim.x12_payer_id
    pairs, _ = match_lines(claim, payment)
    line_adjs = []
    for n, i in pairs:
        lp = payment.lines[i]
        line = claim.lines[n - 1]
        line_adjs.append(OtherPayerLine(n, primary_x12, line.code, line.modifiers, lp.paid, lp.units,
                                        adjudicated, lp.adjustments))
    primary_sub = replace(claim.subscriber, payer_responsibility="P")
    other = OtherPayer(payer_id=primary_x12, payer_name=claim.payer_name, subscriber=primary_sub,
                       paid=payment.paid, adjustments=payment.adjustments, adjudication_date=adjudicated,
                       line_adjudications=tuple(line_adjs))
    if coverage.relationship == "18" or patient is None:
        name, birth, sex = claim.patient_name, claim.patient_birth_date, claim.patient_sex
    else:
        from painrcm.claims.model import PersonName
        name = PersonName(coverage.subscriber_last_name or claim.patient_name.last, coverage.subscriber_first_name)
        birth, sex = coverage.subscriber_birth_date, coverage.subscriber_sex
    subscriber = Subscriber(member_id=coverage.member_id, name=name, birth_date=birth, sex=sex,
                            address=claim.subscriber.address, group_number=coverage.group_number,
                            relationship=coverage.relationship, payer_responsibility="S",
                            plan_type_code=CLAIM_FILING_INDICATOR.get(payer.plan_type, "CI"))
    return replace(claim, claim_id=claim.claim_id + SECONDARY_SUFFIX, payer_id=payer.id, payer_name=payer.name,
                   x12_payer_id=payer.x12_payer_id, subscriber=subscriber, other_payers=(other,),
                   frequency_code="1", payer_claim_number=None)


__all__ = ["build_secondary_claim", "secondary_due_date", "secondary_coverage", "needs_secondary"]
