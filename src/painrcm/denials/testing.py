"""Small synthetic claims, denials and remittances for tests and docstring examples (no real data).

>>> make_claim().claim_id, make_denial(make_claim(), ["CO-197"]).adjustments
('CLM1', ('CO-197',))
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Iterable, Sequence

from painrcm.claims.model import Adjustment, Claim, ClaimLine, Party, PersonName, Subscriber
from painrcm.remit.model import ClaimPayment, LinePayment, Remittance
from painrcm.remit.variances import Denial

BILLING = Party(PersonName("RIVERSIDE INTERVENTIONAL PAIN"), npi="1990000014", tax_id="842917365",
                is_organization=True)
RENDERING = Party(PersonName("NGUYEN", "ANN"), npi="1987654325")


def make_claim(claim_id: str = "CLM1", *, payer_id: str = "medicare", lines: Sequence[tuple] = (("64483", "555.00"),),
               service_date: date = date(2026, 3, 2), prior_authorization: str | None = None,
               payer_claim_number: str | None = None, patient_id: str = "PT1", patient_paid: str = "0.00",
               diagnoses: tuple[str, ...] = ("M5416",)) -> Claim:
    """A claim; ``lines`` are (code, charge[, modifiers[, authorization_number]]) tuples."""
    built = []
    for ln in lines:
        code, charge = ln[0], ln[1]
        mods = tuple(ln[2]) if len(ln) > 2 else ()
        auth = ln[3] if len(ln) > 3 else None
        built.append(ClaimLine(code, Decimal(charge), modifiers=mods, authorization_number=auth))
    pt = PersonName("PATIENT", "TEST")
    return Claim(claim_id=claim_id, practice_id="riverside", payer_id=payer_id, payer_name=payer_id.upper(),
                 x12_payer_id="DMC01", billing_provider=BILLING, subscriber=Subscriber("M00000001", pt),
                 patient_id=patient_id, patient_name=pt, patient_birth_date=date(1950, 1, 1), patient_sex="F",
                 service_date=service_date, place_of_service="11", diagnoses=diagnoses, lines=tuple(built),
                 rendering_provider=RENDERING, prior_authorization=prior_authorization,
                 payer_claim_number=payer_claim_number, patient_paid=Decimal(patient_paid))


def make_denial(claim: Claim, adjustments: Iterable[str], remarks: Iterable[str] = (), *, line_number: int | None = 1,
                decision: date = date(2026, 4, 1), expected: str | None = None,
                payer_claim_number: str | None = "PCN1") -> Denial:
    line = claim.lines[line_number - 1] if line_number else None
    charge = line.charge if line else claim.total_charge
    return Denial(claim.payer_id, claim.claim_id, line_number, line.code if line else None,
                  line.modifiers if line else (), claim.service_date, charge,
                  Decimal(expected) if expected is not None else charge, tuple(adjustments), tuple(remarks),
                  payer_claim_number=payer_claim_number, trn="TRN1", payment_date=decision)


def _adj(text: str, amount: Decimal) -> Adjustment:
    group, reason = text.split("-", 1)
    return Adjustment(group, reason, amount)


def make_payment(claim: Claim, outcomes: Sequence[tuple], *, status: str = "1",
                 payer_claim_number: str = "PCN1") -> ClaimPayment:
    """A claim payment; ``outcomes`` per line: (paid, ["CO-45:100.00", "PR-2:20.00" ...], [RARCs])."""
    lines = []
    for line, (paid, adjs, *rest) in zip(claim.lines, outcomes):
        paid = Decimal(paid)
        parsed = []
        for a in adjs:
            code, _, amount = a.partition(":")
            parsed.append(_adj(code, Decimal(amount) if amount else line.charge - paid))
        lines.append(LinePayment(line.code, line.modifiers, line.charge, paid, line.units, tuple(parsed),
                                 tuple(rest[0]) if rest else (), service_date=claim.service_date))
    paid_total = sum((lp.paid for lp in lines), Decimal("0.00"))
    pr = sum((a.amount for lp in lines for a in lp.adjustments if a.group == "PR"), Decimal("0.00"))
    return ClaimPayment(claim.claim_id, "4" if paid_total == 0 and status == "1" else status, claim.total_charge,
                        paid_total, pr, payer_claim_number, lines=tuple(lines))


def make_remittance(payments: Sequence[ClaimPayment], *, payment_date: date = date(2026, 4, 1),
                    trn: str = "TRN1", payer_name: str = "MEDICARE") -> Remittance:
    total = sum((p.paid for p in payments), Decimal("0.00"))
    return Remittance(trn, payer_name, "DMC01", "RIVERSIDE INTERVENTIONAL PAIN", "1990000014", total, "ACH",
                      payment_date, tuple(payments))


__all__ = ["make_claim", "make_denial", "make_payment", "make_remittance"]
