"""The AR work queue: open claims ranked by expected recoverable dollars x deadline proximity x
likelihood of recovery, each score explained by its parts.

- **Expected recoverable dollars**: for a denied claim, the expected allowed of the denied lines
  (the charge when no contract amount is known); for an unanswered or partly paid claim, the open
  insurance balance (or the caller's expected amount).
- **Deadline proximity** (``urgency``): from the nearest open deadline (timely filing for an
  unanswered claim; the route's appeal / peer-to-peer / corrected-claim / retro-auth deadline for
  a denial): 1.0 at 90 days or more, rising linearly to 3.0 on the last day; 0 once it passed
  (nothing is recoverable; the item asks for a write-off decision instead).
- **Likelihood of recovery**: by the denial's root cause and severity (:data:`LIKELIHOOD`), 0.90
  for a claim with no answer yet, lower past 120 days.

High-value claims (RFA, SCS, multi-procedure sessions) escalate at day 30 of the follow-up cycle.

>>> urgency(90), urgency(45), urgency(0), urgency(-1)
(Decimal('1.00'), Decimal('2.00'), Decimal('3.00'), Decimal('0.00'))
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable, Mapping, Sequence

from painrcm.ar.aging import bucket
from painrcm.ar.cycle import HIGH_VALUE_ESCALATION_DAY, FollowUp, Touch, next_follow_up
from painrcm.ar.ledger import ClaimBalance
from painrcm.denials.deadlines import Deadline, appeal_deadline, timely_filing_deadline, windows_for
from painrcm.denials.routing import WRITE_OFF, high_value_reasons
from painrcm.denials.worklist import ClassifiedDenial

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
HORIZON_DAYS = 90
MAX_URGENCY = Decimal("3.00")

#: likelihood of recovery by (root cause, severity)
LIKELIHOOD: dict[tuple[str, str], Decimal] = {
    ("coding_bundling", "soft"): Decimal("0.80"), ("coding_bundling", "hard"): Decimal("0.45"),
    ("modifier", "soft"): Decimal("0.85"),
    ("documentation", "soft"): Decimal("0.75"), ("documentation", "hard"): Decimal("0.40"),
    ("authorization", "soft"): Decimal("0.60"), ("authorization", "hard"): Decimal("0.35"),
    ("medical_necessity", "soft"): Decimal("0.70"), ("medical_necessity", "hard"): Decimal("0.45"),
    ("frequency", "soft"): Decimal("0.80"), ("frequency", "hard"): Decimal("0.30"),
    ("eligibility", "soft"): Decimal("0.85"), ("eligibility", "hard"): Decimal("0.30"),
    ("coordination_of_benefits", "soft"): Decimal("0.80"), ("coordination_of_benefits", "hard"): Decimal("0.25"),
    ("credentialing", "soft"): Decimal("0.85"), ("credentialing", "hard"): Decimal("0.25"),
    ("timely_filing", "hard"): Decimal("0.10"), ("duplicate", "hard"): Decimal("0.15"),
    ("other", "soft"): Decimal("0.60"), ("other", "hard"): Decimal("0.35"),
}
NO_RESPONSE_LIKELIHOOD = Decimal("0.90")
REJECTED_LIKELIHOOD = Decimal("0.85")          # a 277 rejection: correct and resubmit
REJECTED_STATUSES = frozenset({"rejected", "not_on_file"})
OLD_NO_RESPONSE_LIKELIHOOD = Decimal("0.60")  # no answer after 120 days
PARTIAL_LIKELIHOOD = Decimal("0.50")           # paid in part, the rest open without a denial
WRITE_OFF_LIKELIHOOD = Decimal("0.05")
PEER_TO_PEER_BONUS = Decimal("0.10")           # a peer-to-peer lifts a medical-necessity denial


def urgency(days_left: int | None) -> Decimal:
    """Deadline proximity factor: 1.00 (>= 90 days) .. 3.00 (last day); 0 when the deadline passed."""
    if days_left is None:
        return Decimal("1.00")
    if days_left < 0:
        return ZERO
    d = min(days_left, HORIZON_DAYS)
    value = 1 + (MAX_URGENCY - 1) * Decimal(HORIZON_DAYS - d) / HORIZON_DAYS
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class QueueItem:
    claim_id: str
    payer_id: str
    kind: str                        # denial | no_response | rejected | partially_paid | pending
    amount: Decimal                  # expected recoverable dollars
    urgency: Decimal
    likelihood: Decimal
    score: Decimal
    parts: tuple[tuple[str, str], ...]  # (part, explanation)
    deadlines: tuple[Deadline, ...]
    follow_up: FollowUp
    age_days: int
    bucket: str
    high_value: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()    # routed actions of the denied lines
    service_date: date | None = None
    denials: tuple[ClassifiedDenial, ...] = field(default=(), repr=False)
    payer_status: str | None = None  # the latest claim status learned from the payer (277 / call)
    deadline: Deadline | None = None  # the deadline that set the urgency

    @property
    def escalated(self) -> bool:
        return self.follow_up.escalated

    def explain(self) -> str:
        """The score as a sentence: its three parts and their product."""
        return (f"score {self.score} = {self.amount} x {self.urgency} x {self.likelihood}; "
                + "; ".join(f"{k}: {v}" for k, v in self.parts))

    def to_json(self, as_of: date | None = None) -> dict:
        return {"claim_id": self.claim_id, "payer_id": self.payer_id, "kind": self.kind, "score": str(self.score),
                "amount": str(self.amount), "urgency": str(self.urgency), "likelihood": str(self.likelihood),
                "parts": {k: v for k, v in self.parts}, "explain": self.explain(),
                "deadlines": [d.to_json(as_of) for d in self.deadlines], "age_days": self.age_days,
                "deadline": self.deadline.to_json(as_of) if self.deadline else None,
                "bucket": self.bucket, "high_value": list(self.high_value), "escalated": self.escalated,
                "actions": list(self.actions), "payer_status": self.payer_status,
                "service_date": self.service_date.isoformat() if self.service_date else None,
                "follow_up": {"step": self.follow_up.step, "due": self.follow_up.due.isoformat(),
                              "reason": self.follow_up.reason, "is_due": self.follow_up.is_due},
                "denials": [d.to_json(as_of) for d in self.denials]}


def _q(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def denial_likelihood(d: ClassifiedDenial) -> Decimal:
    c = d.classification
    if d.route.action == WRITE_OFF:
        return WRITE_OFF_LIKELIHOOD
    base = LIKELIHOOD.get((c.root_cause, c.severity), Decimal("0.35"))
    if d.route.action == "peer_to_peer":
        base = min(base + PEER_TO_PEER_BONUS, Decimal("0.95"))
    if c.root_cause == "timely_filing" and d.route.action == "written_appeal":
        base = Decimal("0.60")  # proof of timely filing on hand
    return base


def queue_item(balance: ClaimBalance, denials: Sequence[ClassifiedDenial], as_of: date,
               touches: Sequence[Touch] = (), expected: Decimal | None = None) -> QueueItem | None:
    """One claim's queue item, or None when nothing is open."""
    claim = balance.claim
    if balance.insurance_balance <= 0:
        return None  # paid, adjusted or moved to the patient: nothing left to work
    w = windows_for(claim.payer_id)
    age = balance.age(as_of)
    payer_status = next((t.status for t in sorted(touches, key=lambda t: t.at, reverse=True) if t.status), None)
    high = high_value_reasons(claim)
    tf = timely_filing_deadline(claim.service_date, w)
    deadlines: list[Deadline] = [tf]
    parts: list[tuple[str, str]] = []
    if denials:
        kind = "denial"
        amount = sum((d.amount for d in denials), ZERO)
        weighted = sum((d.amount * denial_likelihood(d) for d in denials), ZERO)
        likelihood = _q(weighted / amount) if amount else ZERO
        route_deadlines = [d.route.deadline for d in denials if d.route.deadline is not None]
        for dl in route_deadlines:
            if all(dl != x for x in deadlines):
                deadlines.append(dl)
        still_open = [x for x in route_deadlines if not x.expired(as_of)]
        nearest = (min(still_open, key=lambda x: x.due) if still_open
                   else max(route_deadlines, key=lambda x: x.due, default=None))
        src = ", ".join(f"line {d.denial.line_number or '-'} {d.denial.code or ''} {d.classification.code} "
                        f"{d.amount}" for d in denials)
        parts.append(("expected_dollars", f"{amount} denied ({src})"))
        causes = ", ".join(sorted({f"{d.classification.root_cause}/{d.classification.severity} -> {d.route.action}"
                                   f" {denial_likelihood(d)}" for d in denials}))
        like_text = f"{likelihood} ({causes})"
    else:
        kind = {"no_response": "no_response", "pending": "pending"}.get(balance.status, "partially_paid")
        if kind == "no_response" and payer_status in REJECTED_STATUSES:
            kind = "rejected"
        amount = expected if expected is not None else balance.insurance_balance
        parts.append(("expected_dollars", f"{amount} open insurance balance"
                      + (" (expected allowed)" if expected is not None else "")))
        if kind == "rejected":
            likelihood = REJECTED_LIKELIHOOD
            like_text = f"{likelihood} (payer status {payer_status}: correct and resubmit before timely filing)"
        elif kind in ("no_response", "pending"):
            likelihood = NO_RESPONSE_LIKELIHOOD if age <= 120 else OLD_NO_RESPONSE_LIKELIHOOD
            like_text = f"{likelihood} ({'no answer' if kind == 'no_response' else 'pending'} at {age} days)"
        else:
            likelihood = PARTIAL_LIKELIHOOD
            like_text = f"{likelihood} (paid in part, rest open without a denial)"
        # unanswered: the filing limit; paid in part: the window to dispute the payment
        nearest = tf if kind != "partially_paid" else (
            appeal_deadline(balance.decided_on, w) if balance.decided_on else None)
        if nearest is not None and nearest is not tf:
            deadlines.append(nearest)
    days = nearest.days_left(as_of) if nearest is not None else None
    u = urgency(days)
    if nearest is None:
        parts.append(("deadline", "no open deadline -> x1.00"))
    elif days is not None and days < 0:
        parts.append(("deadline", f"{nearest.name} passed {nearest.due.isoformat()} -> x0 (write-off decision)"))
    else:
        parts.append(("deadline", f"{nearest.name} due {nearest.due.isoformat()}, {days} days left -> x{u}"))
    parts.append(("likelihood", like_text))
    follow = next_follow_up(balance.billed_on, as_of, touches, high_value=bool(high))
    if denials and not any(t.next_date for t in touches):
        # a denial is worked now, by its route (the largest denied line's), not by the no-answer cycle
        lead = max(denials, key=lambda d: d.amount)
        decided = lead.denial.payment_date or as_of
        follow = FollowUp(lead.route.action, min(decided, as_of), lead.route.reason, True,
                          bool(high) and age >= HIGH_VALUE_ESCALATION_DAY)
    if follow.escalated:
        parts.append(("escalation", "high-value claim escalated at day 30: " + "; ".join(high)))
    score = _q(amount * u * likelihood)
    return QueueItem(claim.claim_id, claim.payer_id, kind, _q(amount), u, likelihood, score, tuple(parts),
                     tuple(sorted(deadlines, key=lambda d: d.due)), follow, age, bucket(age), high,
                     tuple(dict.fromkeys(d.route.action for d in denials)), claim.service_date, tuple(denials),
                     payer_status, nearest)


def build_queue(balances: Iterable[ClaimBalance], denials: Iterable[ClassifiedDenial], as_of: date, *,
                touches: Mapping[str, Sequence[Touch]] | None = None,
                expected: Mapping[str, Decimal] | None = None, include_waiting: bool = False) -> list[QueueItem]:
    """The ranked queue (highest score first; ties: nearest deadline, then claim id).

    Unanswered claims younger than day 15 wait (left out unless ``include_waiting``).
    """
    by_claim: dict[str, list[ClassifiedDenial]] = {}
    for d in denials:
        by_claim.setdefault(d.claim_id, []).append(d)
    touches = touches or {}
    expected = expected or {}
    items = []
    for b in balances:
        ds = by_claim.get(b.claim_id, [])
        item = queue_item(b, ds, as_of, touches.get(b.claim_id, ()), expected.get(b.claim_id))
        if item is None:
            continue
        if not ds and not include_waiting and item.kind == "no_response" and item.age_days < 15:
            continue
        items.append(item)
    items.sort(key=lambda i: (-i.score, min((d.due for d in i.deadlines), default=date.max), i.claim_id))
    return items


__all__ = ["LIKELIHOOD", "QueueItem", "urgency", "denial_likelihood", "queue_item", "build_queue"]
