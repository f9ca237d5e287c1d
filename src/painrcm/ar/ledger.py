"""Claim balances: what each claim still owes after its remittances (the AR ledger).

``balances(claims, remittances, as_of)`` sums every claim payment of a claim (primary,
secondary, reversals) and splits the charge into paid, contractual (CO/OA/PI codes that are not
denials), patient responsibility (PR) and the insurance balance still open. A denied line stays
in the insurance balance until it is appealed, corrected or written off with approval.

>>> from painrcm.denials.testing import make_claim, make_payment, make_remittance
>>> c = make_claim(lines=(("64483", "555.00"), ("77003", "100.00")))
>>> r = make_remittance([make_payment(c, [("300.00", ["CO-45:200.00", "PR-2:55.00"]), ("0.00", ["CO-97"])])])
>>> b = balances([c], [r], date(2026, 5, 1))[0]
>>> b.paid, b.contractual, b.patient_responsibility, b.insurance_balance, b.status
(Decimal('300.00'), Decimal('200.00'), Decimal('55.00'), Decimal('100.00'), 'partially_denied')
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Iterable, Mapping

from painrcm.claims.model import Claim
from painrcm.denials.classify import rule
from painrcm.remit.model import ClaimPayment, Remittance

ZERO = Decimal("0.00")
PENDING_STATUSES = frozenset({"13", "14", "15", "16", "17", "25", "27"})  # CLP02 pended / predetermination


@dataclass(frozen=True, slots=True)
class ClaimBalance:
    claim: Claim
    billed_on: date                 # first submission, else the date of service
    charge: Decimal
    paid: Decimal
    contractual: Decimal
    patient_responsibility: Decimal
    denied: Decimal                 # charge of lines paid nothing with a denial CARC
    insurance_balance: Decimal
    status: str                     # no_response | pending | paid | partially_denied | denied | partially_paid
    decided_on: date | None = None  # last payment date
    payer_claim_number: str | None = None

    @property
    def claim_id(self) -> str:
        return self.claim.claim_id

    def age(self, as_of: date) -> int:
        return (as_of - self.billed_on).days


def _is_denial_code(group: str, reason: str) -> bool:
    r = rule(reason)
    return r is None or r.severity != "none"


def claim_balance(claim: Claim, payments: Iterable[tuple[ClaimPayment, date | None]], *,
                  billed_on: date | None = None) -> ClaimBalance:
    paid = contractual = pr = denied = ZERO
    decided: date | None = None
    pcn = claim.payer_claim_number
    n = 0
    pending = False
    for cp, when in payments:
        n += 1
        pending = cp.status in PENDING_STATUSES
        paid += cp.paid
        pcn = cp.payer_claim_number or pcn
        if when and (decided is None or when > decided):
            decided = when
        adjs = list(cp.adjustments)
        for lp in cp.lines:
            line_denial = lp.paid == 0 and any(_is_denial_code(a.group, a.reason) and a.group != "PR"
                                               for a in lp.adjustments)
            if line_denial:
                denied += lp.charge
                pr += sum((a.amount for a in lp.adjustments if a.group == "PR"), ZERO)
                continue
            adjs.extend(lp.adjustments)
        if not cp.lines and cp.paid == 0 and any(_is_denial_code(a.group, a.reason) and a.group != "PR"
                                                 for a in cp.adjustments):
            denied += cp.charge
            adjs = [a for a in adjs if a.group == "PR"]
        for a in adjs:
            if a.group == "PR":
                pr += a.amount
            elif not _is_denial_code(a.group, a.reason):
                contractual += a.amount
            else:  # a partial denial reduction on a paid line stays open
                pass
    charge = claim.total_charge
    balance = charge - paid - contractual - pr
    if balance < 0:
        balance = ZERO
    if n == 0:
        status = "no_response"
    elif pending:
        status = "pending"
    elif balance <= 0:
        status = "paid"
    elif denied and denied >= balance and paid == 0:
        status = "denied"
    elif denied:
        status = "partially_denied"
    elif balance > 0:
        status = "partially_paid"
    else:
        status = "paid"
    return ClaimBalance(claim, billed_on or claim.service_date, charge, paid, contractual, pr, denied, balance,
                        status, decided, pcn)


def payments_by_claim(remittances: Iterable[Remittance]) -> dict[str, list[tuple[ClaimPayment, date | None]]]:
    out: dict[str, list[tuple[ClaimPayment, date | None]]] = {}
    for r in remittances:
        for cp in r.claims:
            out.setdefault(cp.patient_control_number, []).append((cp, r.payment_date))
    return out


def balances(claims: Iterable[Claim], remittances: Iterable[Remittance], as_of: date, *,
             submitted_on: Mapping[str, date] | None = None) -> list[ClaimBalance]:
    """Every claim's balance as of a date (claims with a date of service after ``as_of`` are left out)."""
    by_claim = payments_by_claim(remittances)
    sub = submitted_on or {}
    out = []
    for c in claims:
        if c.service_date > as_of:
            continue
        pays = [(cp, d) for cp, d in by_claim.get(c.claim_id, []) if d is None or d <= as_of]
        out.append(claim_balance(c, pays, billed_on=sub.get(c.claim_id)))
    return out


__all__ = ["ClaimBalance", "claim_balance", "balances", "payments_by_claim"]
