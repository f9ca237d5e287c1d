"""835 balancing (X12 005010X221A1 section 1.10.2).

* Service line: SVC02 charge - SVC03 paid = sum of the line's CAS amounts.
* Claim: CLP03 charge - CLP04 paid = sum of claim-level CAS + sum of all line-level CAS.
* Transaction: BPR02 total = sum of CLP04 - sum of PLB amounts.

An unbalanced remittance raises :class:`X12Error` naming the segment (SVC, CLP or BPR)
and the element (SVC03, CLP04, BPR02) with the two amounts that differ.
"""

from __future__ import annotations

from painrcm.domain.money import ZERO
from painrcm.edi.tokenizer import SegmentReader
from painrcm.remit.model import ClaimPayment, Remittance


def claim_problems(claim: ClaimPayment) -> list[tuple[int | None, str, str]]:
    """(line index or None for the claim, element, message) for each imbalance."""
    out = []
    line_total = ZERO
    for i, line in enumerate(claim.lines):
        adj = sum((a.amount for a in line.adjustments), ZERO)
        line_total += adj
        if line.charge - line.paid != adj:
            out.append((i, "SVC03", f"service line does not balance: charge {line.charge:.2f} -"
                        f" paid {line.paid:.2f} != line adjustments {adj:.2f}"))
    adj = sum((a.amount for a in claim.adjustments), ZERO) + line_total
    if claim.charge - claim.paid != adj:
        out.append((None, "CLP04", f"claim does not balance: charge {claim.charge:.2f} - paid"
                    f" {claim.paid:.2f} != claim and line adjustments {adj:.2f}"))
    return out


def check_claims(r: SegmentReader, checks) -> None:
    """Raise on the first unbalanced claim or line; ``checks`` holds (claim, CLP number, SVC numbers)."""
    for claim, clp_number, svc_numbers in checks:
        for line_index, element, message in claim_problems(claim):
            if line_index is None:
                raise r.error(message, ["CLP"], 4, number=clp_number)
            raise r.error(message, ["SVC"], 3, number=svc_numbers[line_index])


def check_payment(r: SegmentReader, rem: Remittance, bpr_number: int, paid) -> None:
    """BPR02 = ``paid`` (sum of CLP04) - sum of PLB amounts."""
    plb = sum((p.amount for p in rem.provider_adjustments), ZERO)
    if rem.total_paid != paid - plb:
        raise r.error(f"payment does not balance: BPR02 {rem.total_paid:.2f} != claim payments"
                      f" {paid:.2f} - provider adjustments {plb:.2f}", ["BPR"], 2, number=bpr_number)


def check_remittance(r: SegmentReader, rem: Remittance, bpr_number: int, checks) -> None:
    """Raise on the first imbalance of a whole remittance."""
    check_claims(r, checks)
    check_payment(r, rem, bpr_number, sum((c.paid for c in rem.claims), ZERO))
