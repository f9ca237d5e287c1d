"""Reconciliation: every 835 line against the contract, in memory.

``reconcile(claims, remittances, contracts)`` matches each claim payment to our claim
(:mod:`painrcm.remit.matching`), prices the claim under the payer's contract in effect on the
date of service (:mod:`painrcm.remit.pricing`) and lists the variances and denials
(:mod:`painrcm.remit.variances`). Pure: no database; the CLI and the demo feed it what the store
holds, the benchmark feeds it 100,000 claim payments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterable

from painrcm.claims.model import Claim
from painrcm.remit.contract import Contract
from painrcm.remit.matching import MatchedClaim, UnmatchedItem, match_remittance
from painrcm.remit.model import ProviderAdjustment, Remittance
from painrcm.remit.pricing import price_claim
from painrcm.remit.variances import Denial, Variance, claim_variances

ZERO = Decimal("0.00")


@dataclass(frozen=True, slots=True)
class ReconciliationResult:
    variances: tuple[Variance, ...]
    denials: tuple[Denial, ...]
    unmatched: tuple[UnmatchedItem, ...]
    claims_reconciled: int = 0
    matched: tuple[MatchedClaim, ...] = field(default=(), repr=False)
    # PLB provider-level adjustments (recoupments WO, interest L6 ...) as (TRN, adjustment)
    provider_adjustments: tuple[tuple[str, ProviderAdjustment], ...] = ()

    @property
    def underpayments(self) -> tuple[Variance, ...]:
        return tuple(v for v in self.variances if v.is_underpayment)

    @property
    def underpaid_total(self) -> Decimal:
        return sum((v.amount for v in self.variances if v.is_underpayment), ZERO)

    def totals_by_kind(self) -> dict[str, tuple[int, Decimal]]:
        out: dict[str, tuple[int, Decimal]] = {}
        for v in self.variances:
            n, total = out.get(v.kind, (0, ZERO))
            out[v.kind] = (n + 1, total + v.amount)
        return dict(sorted(out.items()))


class ContractBook:
    """Contracts indexed by payer: the one in effect on a date of service."""

    def __init__(self, contracts: Iterable[Contract]):
        self.by_payer: dict[str, list[Contract]] = {}
        for c in contracts:
            self.by_payer.setdefault(c.payer_id, []).append(c)
        for items in self.by_payer.values():
            items.sort(key=lambda c: c.effective_from, reverse=True)

    def contract(self, payer_id: str, day) -> Contract | None:
        for c in self.by_payer.get(payer_id, ()):
            if c.in_effect(day):
                return c
        return None


def reconcile_match(matches, book: ContractBook, *, keep_matches: bool = False) -> ReconciliationResult:
    variances: list[Variance] = []
    denials: list[Denial] = []
    unmatched: list[UnmatchedItem] = []
    kept: list[MatchedClaim] = []
    plbs: list[tuple[str, ProviderAdjustment]] = []
    n = 0
    for m in matches:
        unmatched.extend(m.unmatched)
        plbs.extend((m.remittance.trn, p) for p in m.remittance.provider_adjustments)
        for mc in m.matched:
            contract = book.contract(mc.claim.payer_id, mc.claim.service_date)
            price = price_claim(mc.claim, contract)
            v, d = claim_variances(price, mc, m.remittance, contract)
            variances.extend(v)
            denials.extend(d)
            n += 1
            if keep_matches:
                kept.append(mc)
    return ReconciliationResult(tuple(variances), tuple(denials), tuple(unmatched), n, tuple(kept), tuple(plbs))


def reconcile(claims: Iterable[Claim], remittances: Iterable[Remittance], contracts: Iterable[Contract], *,
              keep_matches: bool = False) -> ReconciliationResult:
    """Match, price and compare every claim payment of ``remittances`` (see module docstring)."""
    by_id = {c.claim_id: c for c in claims}
    book = contracts if isinstance(contracts, ContractBook) else ContractBook(contracts)
    return reconcile_match((match_remittance(r, by_id) for r in remittances), book, keep_matches=keep_matches)


__all__ = ["ReconciliationResult", "ContractBook", "reconcile", "reconcile_match"]
