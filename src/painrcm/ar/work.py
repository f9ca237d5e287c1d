"""One pure call for the demo and the CLI: claims + remittances + as-of date -> classified,
routed denials, claim balances, aging and the ranked AR queue.

>>> from datetime import date
>>> from painrcm.denials.testing import make_claim, make_payment, make_remittance
>>> rfa = make_claim("RFA1", payer_id="lakeshore-ppo", lines=(("64635", "1500.00", ("RT",)), ("64636", "700.00", ("RT",))))
>>> visit = make_claim("EM1", payer_id="lakeshore-ppo", lines=(("99213", "150.00"),))
>>> r = make_remittance([make_payment(rfa, [("0.00", ["CO-50"], ["N115"]), ("0.00", ["CO-50"])]),
...                      make_payment(visit, [("0.00", ["CO-50"])])])
>>> w = ar_work([rfa, visit], [r], date(2026, 4, 15))
>>> [(i.claim_id, i.actions) for i in w.queue]
[('RFA1', ('peer_to_peer',)), ('EM1', ('written_appeal',))]
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Iterable, Mapping, Sequence

from painrcm.ar.aging import AgingRow, aging
from painrcm.ar.cycle import Touch
from painrcm.ar.ledger import ClaimBalance, balances
from painrcm.ar.queue import QueueItem, build_queue
from painrcm.claims.model import Claim
from painrcm.denials.worklist import ClassifiedDenial, classify_denials
from painrcm.remit.model import Remittance


@dataclass(frozen=True, slots=True)
class ARWork:
    as_of: date
    denials: tuple[ClassifiedDenial, ...]
    balances: tuple[ClaimBalance, ...]
    queue: tuple[QueueItem, ...]

    def aging(self, by: str = "payer") -> list[AgingRow]:
        return aging(self.balances, self.as_of, by)


def ar_work(claims: Iterable[Claim], remittances: Iterable[Remittance], as_of: date, *, reconciliation=None,
            touches: Mapping[str, Sequence[Touch]] | None = None, submitted_on: Mapping[str, date] | None = None,
            expected: Mapping[str, Decimal] | None = None, include_waiting: bool = False) -> ARWork:
    """Classify and route the denials, balance every claim and rank the queue as of ``as_of``.

    ``reconciliation`` is the remit stage's ``ReconciliationResult`` for these remittances (its
    denials carry the contract's expected amounts); without it the remittances are reconciled
    here without contracts. ``submitted_on`` maps claim id -> first submission date (aging and
    proof of timely filing); ``touches`` maps claim id -> recorded follow-up touches.
    """
    claims = [c for c in claims if c.service_date <= as_of]
    remits = [r for r in remittances if r.payment_date is None or r.payment_date <= as_of]
    source = reconciliation if reconciliation is not None else remits
    denials = classify_denials(claims, source, as_of=as_of, submitted_on=submitted_on, remittances=remits)
    denials = [d for d in denials if d.denial.payment_date is None or d.denial.payment_date <= as_of]
    bals = balances(claims, remits, as_of, submitted_on=submitted_on)
    queue = build_queue(bals, denials, as_of, touches=touches, expected=expected, include_waiting=include_waiting)
    return ARWork(as_of, tuple(denials), tuple(bals), tuple(queue))


__all__ = ["ARWork", "ar_work"]
