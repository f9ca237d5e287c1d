"""Matching an 835 to our claims: claims by patient control number (CLP01 = CLM01), lines by
line control number (REF*6R) when echoed, else by code, modifiers and date of service.

Pure: ``match_remittance(remittance, claims_by_id)`` -> :class:`RemittanceMatch`. Nothing is
dropped: a claim payment whose control number is not one of ours, or a service line that matches
no line of the claim, is returned as an :class:`UnmatchedItem` for the work list.

A payer that changed the code reports ours in SVC06 (``original_code``); that code is used for
matching. Modifiers are compared as sets (payers reorder them). Failing an exact match, a line
matches an unused claim line with the same code and date (payers drop or add modifiers), then
with the same code only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Mapping

from painrcm.claims.model import Claim
from painrcm.remit.model import ClaimPayment, LinePayment, Remittance


@dataclass(frozen=True, slots=True)
class MatchedClaim:
    claim: Claim
    payment: ClaimPayment
    # (claim line number 1-based, index of the payment line) for each matched line
    line_pairs: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class UnmatchedItem:
    """A claim payment or service line that matches none of our claims or lines (work list)."""

    kind: str  # "claim" | "line"
    trn: str
    payer_name: str
    patient_control_number: str
    payer_claim_number: str | None
    paid: object  # Decimal
    code: str | None = None
    modifiers: tuple[str, ...] = ()
    service_date: date | None = None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class RemittanceMatch:
    remittance: Remittance
    matched: tuple[MatchedClaim, ...]
    unmatched: tuple[UnmatchedItem, ...]


def _billed_code(lp: LinePayment) -> tuple[str, tuple[str, ...]]:
    if lp.original_code:
        return lp.original_code, lp.original_modifiers or lp.modifiers
    return lp.code, lp.modifiers


def match_lines(claim: Claim, payment: ClaimPayment) -> tuple[list[tuple[int, int]], list[int]]:
    """(claim line number, payment line index) pairs, and the payment lines left unmatched."""
    lines = claim.lines
    used: set[int] = set()
    pairs: list[tuple[int, int]] = []
    left: list[int] = []
    by_id = {l.line_id: n for n, l in enumerate(lines, start=1) if l.line_id}
    default_day = payment.service_date_from or claim.service_date
    pending: list[tuple[int, str, frozenset, date]] = []
    for i, lp in enumerate(payment.lines):
        if lp.line_id and lp.line_id in by_id and by_id[lp.line_id] not in used:
            n = by_id[lp.line_id]
            used.add(n)
            pairs.append((n, i))
            continue
        code, mods = _billed_code(lp)
        pending.append((i, code, frozenset(mods), lp.service_date or default_day))
    for strictness in (2, 1, 0):
        still = []
        for i, code, mods, day in pending:
            found = None
            for n, l in enumerate(lines, start=1):
                if n in used or l.code != code:
                    continue
                if strictness >= 1 and (l.service_date or claim.service_date) != day:
                    continue
                if strictness == 2 and frozenset(l.modifiers) != mods:
                    continue
                found = n
                break
            if found is None:
                still.append((i, code, mods, day))
            else:
                used.add(found)
                pairs.append((found, i))
        pending = still
    left = [i for i, *_ in pending]
    pairs.sort(key=lambda p: p[1])
    return pairs, left


def match_remittance(remittance: Remittance, claims_by_id: Mapping[str, Claim]) -> RemittanceMatch:
    """Match each claim payment of an 835 to our claims and lines (see module docstring)."""
    matched = []
    unmatched = []
    for cp in remittance.claims:
        claim = claims_by_id.get(cp.patient_control_number)
        if claim is None:
            unmatched.append(UnmatchedItem("claim", remittance.trn, remittance.payer_name,
                                           cp.patient_control_number, cp.payer_claim_number, cp.paid,
                                           service_date=cp.service_date_from,
                                           reason="no claim with this patient control number"))
            continue
        pairs, left = match_lines(claim, cp)
        for i in left:
            lp = cp.lines[i]
            unmatched.append(UnmatchedItem("line", remittance.trn, remittance.payer_name,
                                           cp.patient_control_number, cp.payer_claim_number, lp.paid,
                                           lp.code, lp.modifiers, lp.service_date,
                                           reason="no line of the claim with this code, modifiers and date"))
        matched.append(MatchedClaim(claim, cp, tuple(pairs)))
    return RemittanceMatch(remittance, tuple(matched), tuple(unmatched))


__all__ = ["MatchedClaim", "UnmatchedItem", "RemittanceMatch", "match_remittance", "match_lines"]
