"""Variances: where a payment differs from the contract, with the amount and the evidence.

Pure: ``claim_variances(price, matched, remittance, contract)`` compares each matched 835 line
with the contract's expectation (:mod:`painrcm.remit.pricing`). Amounts are allowed amounts, to
the cent. The *paid allowed* of a line is what the payer recognised: paid + patient cost sharing
(PR 1 deductible, 2 coinsurance, 3 copay, 66 blood deductible) + sequestration (CO-253).

Kinds (first that applies):

- ``BUNDLED_DESPITE_MODIFIER``: a line with 25, 59 or XE/XP/XS/XU paid nothing with a bundling
  CARC (97, B15, 234, 236); amount = the expected allowed.
- ``MPPR_MISAPPLIED``: a multiple-procedure reduction (CO-59, or a payment of exactly 75/60/50/40/25 %)
  on the primary procedure, an add-on or an exempt code; amount = expected - paid allowed.
- ``MPPR_OVERAPPLIED``: the reduction on a second or later procedure is deeper than the contract's.
- ``BILATERAL_UNDERPAID``: a modifier-50 line paid below the contract's bilateral percentage.
- ``IMAGING_UNDERPAID``: imaging guidance (77002, 77003, 76942 ...) paid below the contract.
- ``FEE_SCHEDULE_UNDERPAID``: any other line paid below the contracted amount.
- ``OVERPAYMENT``: paid allowed above the contract: a credit the practice must refund.
- ``PATIENT_RESPONSIBILITY_MISMATCH``: patient responsibility that is not cost sharing (e.g.
  PR-45, the charge above the fee schedule billed to the patient), or CLP05 differing from the
  sum of the PR adjustments.

A line paid nothing with a denial CARC is a :class:`Denial` (for the denials stage), not a variance.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache

from painrcm.reference import codes
from painrcm.remit.contract import Contract
from painrcm.remit.matching import MatchedClaim
from painrcm.remit.model import ClaimPayment, LinePayment, Remittance
from painrcm.remit.pricing import ClaimPrice, LinePrice, q

ZERO = Decimal("0.00")
MPPR_OVERAPPLIED = "MPPR_OVERAPPLIED"
MPPR_MISAPPLIED = "MPPR_MISAPPLIED"
FEE_SCHEDULE_UNDERPAID = "FEE_SCHEDULE_UNDERPAID"
BILATERAL_UNDERPAID = "BILATERAL_UNDERPAID"
BUNDLED_DESPITE_MODIFIER = "BUNDLED_DESPITE_MODIFIER"
IMAGING_UNDERPAID = "IMAGING_UNDERPAID"
PATIENT_RESPONSIBILITY_MISMATCH = "PATIENT_RESPONSIBILITY_MISMATCH"
OVERPAYMENT = "OVERPAYMENT"
UNDERPAYMENT_KINDS = frozenset({MPPR_OVERAPPLIED, MPPR_MISAPPLIED, FEE_SCHEDULE_UNDERPAID, BILATERAL_UNDERPAID,
                                BUNDLED_DESPITE_MODIFIER, IMAGING_UNDERPAID})
KINDS = tuple(sorted(UNDERPAYMENT_KINDS)) + (PATIENT_RESPONSIBILITY_MISMATCH, OVERPAYMENT)
CLAUSE_TOPIC = {MPPR_OVERAPPLIED: "multiple_procedure", MPPR_MISAPPLIED: "multiple_procedure",
                FEE_SCHEDULE_UNDERPAID: "fee_schedule", BILATERAL_UNDERPAID: "bilateral",
                BUNDLED_DESPITE_MODIFIER: "modifiers", IMAGING_UNDERPAID: "imaging",
                PATIENT_RESPONSIBILITY_MISMATCH: "patient_responsibility", OVERPAYMENT: "overpayment"}

COST_SHARE_CARCS = frozenset({"1", "2", "3", "66"})
SEQUESTRATION_CARC = "253"
CONTRACTUAL_CARCS = frozenset({"45", "59", "253"})
BUNDLING_CARCS = frozenset({"97", "B15", "234", "236"})
DISTINCT_MODIFIERS = frozenset({"25", "59", "XE", "XP", "XS", "XU"})
MPPR_CARC = "59"
_FRACTIONS = (Decimal("0.75"), Decimal("0.60"), Decimal("0.50"), Decimal("0.40"), Decimal("0.25"))
PRIMARY_STATUSES = frozenset({"1", "19", "4"})


@dataclass(frozen=True, slots=True)
class Variance:
    """One difference between a payment and the contract. ``amount`` > 0 (owed to the practice for
    underpayments, to the payer or patient for OVERPAYMENT / PATIENT_RESPONSIBILITY_MISMATCH)."""

    kind: str
    payer_id: str
    claim_id: str
    line_number: int | None
    code: str | None
    modifiers: tuple[str, ...]
    service_date: date | None
    expected: Decimal          # expected allowed
    actual: Decimal            # paid allowed
    amount: Decimal
    evidence: tuple[str, ...]
    clause: str | None = None
    contract_name: str | None = None
    payer_claim_number: str | None = None
    trn: str | None = None
    payment_date: date | None = None

    @property
    def is_underpayment(self) -> bool:
        return self.kind in UNDERPAYMENT_KINDS


@dataclass(frozen=True, slots=True)
class Denial:
    """A line (or a whole claim, ``line_number`` None) the payer paid nothing on with a denial CARC."""

    payer_id: str
    claim_id: str
    line_number: int | None
    code: str | None
    modifiers: tuple[str, ...]
    service_date: date | None
    charge: Decimal
    expected: Decimal
    adjustments: tuple[str, ...]   # "CO-197", ...
    remarks: tuple[str, ...]
    payer_claim_number: str | None = None
    trn: str | None = None
    payment_date: date | None = None


@lru_cache(maxsize=4096)
def is_imaging(code: str) -> bool:
    """Imaging guidance or radiology code.

    >>> is_imaging("77003"), is_imaging("64483")
    (True, False)
    """
    info = codes.lookup(code)
    if info is not None:
        return info.family == "imaging_guidance"
    return code[:1] == "7" and code.isdigit()


def paid_allowed(lp: LinePayment) -> Decimal:
    """Paid + cost sharing + sequestration: the allowed amount the payer recognised."""
    total = lp.paid
    for a in lp.adjustments:
        if (a.group == "PR" and a.reason in COST_SHARE_CARCS) or a.reason == SEQUESTRATION_CARC:
            total += a.amount
    return total


def _codes(adjs) -> tuple[str, ...]:
    return tuple(f"{a.group}-{a.reason}" for a in adjs)


def is_denied(lp: LinePayment) -> bool:
    """Zero paid with a CARC that is neither contractual nor cost sharing."""
    if lp.paid != 0:
        return False
    return any(not (a.reason in CONTRACTUAL_CARCS or (a.group == "PR" and a.reason in COST_SHARE_CARCS))
               for a in lp.adjustments)


def _mppr_like(lp: LinePayment, actual: Decimal, full: Decimal, below: Decimal, heuristic: bool) -> bool:
    if any(a.reason == MPPR_CARC for a in lp.adjustments):
        return True
    if not heuristic or full <= 0:
        return False
    return any(f < below and abs(actual - q(full * f)) <= Decimal("0.01") for f in _FRACTIONS)


def _evidence(price: LinePrice, lp: LinePayment, expected: Decimal, actual: Decimal) -> list[str]:
    adj = " ".join(f"{a.group}-{a.reason} {a.amount}" for a in lp.adjustments)
    return [f"contract: {price.basis}: {price.unit_amount} per unit",
            f"expected allowed {expected} (full {price.full_amount}"
            + (f", bilateral x{price.bilateral_factor}" if price.bilateral_factor != 1 else "")
            + (f", procedure rank {price.mppr_rank} at {price.mppr_fraction}" if price.mppr_rank else
               f", {price.exempt_reason}" if price.exempt_reason else "") + ")",
            f"835: charge {lp.charge}, paid {lp.paid}, paid allowed {actual}" + (f", adjustments {adj}" if adj else "")]


def classify_line(price: LinePrice, lp: LinePayment) -> tuple[str, Decimal, Decimal, list[str]] | None:
    """(kind, expected, actual, evidence) for one matched line, or None when paid per contract."""
    if not price.priced:
        return None
    expected = price.expected_allowed
    actual = paid_allowed(lp)
    if lp.paid == 0 and any(a.reason in BUNDLING_CARCS for a in lp.adjustments):
        distinct = DISTINCT_MODIFIERS.intersection(lp.modifiers) or DISTINCT_MODIFIERS.intersection(price.modifiers)
        if distinct:
            ev = _evidence(price, lp, expected, ZERO)
            ev.append(f"bundled ({', '.join(f'{a.group}-{a.reason}' for a in lp.adjustments if a.reason in BUNDLING_CARCS)}) "
                      f"despite modifier {', '.join(sorted(distinct))}")
            return BUNDLED_DESPITE_MODIFIER, expected, ZERO, ev
    diff = expected - actual
    if diff == 0:
        return None
    ev = _evidence(price, lp, expected, actual)
    if diff < 0:
        return OVERPAYMENT, expected, actual, ev
    imaging = is_imaging(price.code)
    bilateral = "50" in price.modifiers and price.bilateral_factor > 1
    contract_fraction = price.mppr_fraction if price.mppr_rank else Decimal("1.00")
    if _mppr_like(lp, actual, price.full_amount, contract_fraction, heuristic=not (imaging or bilateral)):
        if price.mppr_rank is None or price.mppr_rank == 1:
            what = ("the primary procedure" if price.mppr_rank == 1 else price.exempt_reason or "an exempt code")
            ev.append(f"multiple-procedure reduction applied to {what}")
            return MPPR_MISAPPLIED, expected, actual, ev
        applied = (actual / price.full_amount) if price.full_amount else ZERO
        ev.append(f"reduction applied {q(applied * 100)}% of full; contract pays rank {price.mppr_rank} "
                  f"at {q(price.mppr_fraction * 100)}%")
        return MPPR_OVERAPPLIED, expected, actual, ev
    if bilateral:
        ev.append(f"bilateral paid {q(actual / price.unit_amount * 100) if price.unit_amount else 0}% of the unit "
                  f"amount; contract {q(price.bilateral_factor * 100)}%")
        return BILATERAL_UNDERPAID, expected, actual, ev
    if imaging:
        return IMAGING_UNDERPAID, expected, actual, ev
    return FEE_SCHEDULE_UNDERPAID, expected, actual, ev


def claim_variances(price: ClaimPrice, matched: MatchedClaim, remittance: Remittance,
                    contract: Contract | None) -> tuple[list[Variance], list[Denial]]:
    """Variances and denials of one matched claim payment."""
    cp: ClaimPayment = matched.payment
    claim = matched.claim
    variances: list[Variance] = []
    denials: list[Denial] = []
    if cp.status not in PRIMARY_STATUSES:
        return variances, denials  # secondary/tertiary payments and reversals: COB, not the contract
    common = dict(payer_claim_number=cp.payer_claim_number, trn=remittance.trn,
                  payment_date=remittance.payment_date)
    clause_of = (lambda kind: contract.terms.clause(CLAUSE_TOPIC[kind])) if contract else (lambda kind: None)
    cname = contract.name if contract else None
    if not cp.lines:
        if cp.paid == 0 and cp.status == "4" or (cp.paid == 0 and any(
                not (a.reason in CONTRACTUAL_CARCS or a.reason in COST_SHARE_CARCS) for a in cp.adjustments)):
            denials.append(Denial(claim.payer_id, claim.claim_id, None, None, (), claim.service_date, cp.charge,
                                  price.expected_allowed, _codes(cp.adjustments), cp.remarks, **common))
        return variances, denials
    pr_total = ZERO
    for n, i in matched.line_pairs:
        lp = cp.lines[i]
        lprice = price.lines[n - 1]
        line = claim.lines[n - 1]
        for a in lp.adjustments:
            if a.group == "PR":
                pr_total += a.amount
        if is_denied(lp) and not (DISTINCT_MODIFIERS.intersection(line.modifiers)
                                  and any(a.reason in BUNDLING_CARCS for a in lp.adjustments)):
            denials.append(Denial(claim.payer_id, claim.claim_id, n, line.code, line.modifiers,
                                  claim.line_date(line), line.charge, lprice.expected_allowed,
                                  _codes(lp.adjustments), lp.remarks, **common))
            continue
        base = dict(payer_id=claim.payer_id, claim_id=claim.claim_id, line_number=n, code=line.code,
                    modifiers=line.modifiers, service_date=claim.line_date(line), contract_name=cname, **common)
        wrong_pr = [a for a in lp.adjustments if a.group == "PR" and a.reason not in COST_SHARE_CARCS]
        if wrong_pr:
            amount = sum((a.amount for a in wrong_pr), ZERO)
            variances.append(Variance(
                PATIENT_RESPONSIBILITY_MISMATCH, expected=lprice.expected_allowed, actual=paid_allowed(lp),
                amount=amount, evidence=(f"patient responsibility that is not cost sharing: "
                                         f"{', '.join(f'PR-{a.reason} {a.amount}' for a in wrong_pr)}",),
                clause=clause_of(PATIENT_RESPONSIBILITY_MISMATCH), **base))
        found = classify_line(lprice, lp)
        if found is None:
            continue
        kind, expected, actual, ev = found
        amount = abs(expected - actual)
        variances.append(Variance(kind, expected=expected, actual=actual, amount=amount, evidence=tuple(ev),
                                  clause=clause_of(kind), **base))
    matched_idx = {i for _, i in matched.line_pairs}
    for i, lp in enumerate(cp.lines):
        if i not in matched_idx:
            pr_total += sum((a.amount for a in lp.adjustments if a.group == "PR"), ZERO)
    pr_total += sum((a.amount for a in cp.adjustments if a.group == "PR"), ZERO)
    if pr_total != cp.patient_responsibility:
        variances.append(Variance(
            PATIENT_RESPONSIBILITY_MISMATCH, claim.payer_id, claim.claim_id, None, None, (), claim.service_date,
            expected=pr_total, actual=cp.patient_responsibility, amount=abs(cp.patient_responsibility - pr_total),
            evidence=(f"CLP05 patient responsibility {cp.patient_responsibility} != sum of PR adjustments {pr_total}",),
            clause=clause_of(PATIENT_RESPONSIBILITY_MISMATCH), contract_name=cname, **common))
    return variances, denials


__all__ = ["Variance", "Denial", "claim_variances", "classify_line", "paid_allowed", "is_denied", "is_imaging",
           "KINDS", "UNDERPAYMENT_KINDS", "MPPR_OVERAPPLIED", "MPPR_MISAPPLIED", "FEE_SCHEDULE_UNDERPAID",
           "BILATERAL_UNDERPAID", "BUNDLED_DESPITE_MODIFIER", "IMAGING_UNDERPAID",
           "PATIENT_RESPONSIBILITY_MISMATCH", "OVERPAYMENT"]
