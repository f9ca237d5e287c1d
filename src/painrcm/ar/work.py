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
>>> w.summary_lines(1)[0]
'3 denied line(s): peer_to_peer 2, written_appeal 1'

"""

from __future__ import annotations

from collections import Counter
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

    def aging(self, by: str = "payer", basis: str = "service") -> list[AgingRow]:
        return aging(self.balances, self.as_of, by, basis)

    def summary_lines(self, limit: int = 10) -> list[str]:
        """Plain-text lines for a console: denials by action, then the top of the queue with each score's parts."""
        actions = Counter(d.route.action for d in self.denials)
        out = [f"{len(self.denials)} denied line(s): " + (", ".join(f"{a} {n}" for a, n in actions.most_common())
                                                          or "none"),
               f"AR queue: {len(self.queue)} claim(s), ranked by expected $ x deadline proximity x likelihood"]
        for n, i in enumerate(self.queue[:limit], 1):
            dl = f"; {i.deadline.name} {i.deadline.due.isoformat()}" if i.deadline else ""
            out.append(f"{n:>3}. {i.claim_id} {i.payer_id} {i.kind}: {i.follow_up.step} "
                       f"(due {i.follow_up.due.isoformat()}){' [escalated]' if i.escalated else ''} "
                       f"score {i.score:,.2f} = {i.amount:,.2f} x {i.urgency} x {i.likelihood}{dl}")
        return out


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
    still_open = {b.claim_id for b in bals if b.insurance_balance > 0}
    denials = [d for d in denials if d.claim_id in still_open]  # a later payment or reversal settled the rest
    queue = build_queue(bals, denials, as_of, touches=touches, expected=expected, include_waiting=include_waiting)
    return ARWork(as_of, tuple(denials), tuple(bals), tuple(queue))


__all__ = ["ARWork", "ar_work"]
