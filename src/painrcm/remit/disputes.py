"""Disputes: a payer's underpayments grouped into one request for payment, with its deadline.

``build_disputes(variances, contracts, opened_on=...)`` is pure: one :class:`Dispute` per payer
with every underpaid line (claim, payer claim number, code, expected vs paid allowed, amount), the
contract clause of each kind of underpayment, the totals and the deadline: the earliest payment
date of the lines plus the dispute window (the contract's ``dispute_window_days``, which defaults to
the payer file's ``deadlines.dispute_days``; 365 days otherwise).

A dispute's status goes ``open`` -> ``sent`` -> ``partially_recovered`` / ``recovered`` -> ``closed``.
:func:`apply_recovery` books corrected payments (a later 835 for a disputed claim: reversal and
corrected claim, or an additional payment) against it. Output files: :mod:`painrcm.remit.dispute_files`.

>>> from painrcm.remit.variances import Variance
>>> v = Variance("MPPR_OVERAPPLIED", "acme", "C1", 2, "27096", ("RT",), date(2026, 3, 2), Decimal("225.00"),
...              Decimal("150.00"), Decimal("75.00"), ("...",), "Section 4.3", "Acme 2026", "ICN1", "T1",
...              date(2026, 4, 1))
>>> d = build_disputes([v], [], opened_on=date(2026, 4, 10))[0]
>>> d.total_underpaid, d.deadline, d.claim_ids
(Decimal('75.00'), datetime.date(2027, 4, 1), ('C1',))
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Iterable

from painrcm.remit.contract import Contract
from painrcm.remit.model import Remittance
from painrcm.remit.variances import Variance, paid_allowed

ZERO = Decimal("0.00")
STATUSES = ("open", "sent", "partially_recovered", "recovered", "closed")
DEFAULT_DISPUTE_DAYS = 365


@dataclass(frozen=True, slots=True)
class DisputeLine:
    claim_id: str
    line_number: int | None
    code: str | None
    modifiers: tuple[str, ...]
    service_date: date | None
    kind: str
    expected: Decimal
    paid_allowed: Decimal
    amount: Decimal
    payer_claim_number: str | None
    trn: str | None
    payment_date: date | None
    clause: str | None
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Dispute:
    dispute_id: str
    payer_id: str
    payer_name: str
    contract_name: str | None
    opened_on: date
    deadline: date
    lines: tuple[DisputeLine, ...]
    status: str = "open"
    recovered: Decimal = ZERO
    recovery_trns: tuple[str, ...] = ()

    @property
    def total_expected(self) -> Decimal:
        return sum((l.expected for l in self.lines), ZERO)

    @property
    def total_paid(self) -> Decimal:
        return sum((l.paid_allowed for l in self.lines), ZERO)

    @property
    def total_underpaid(self) -> Decimal:
        return sum((l.amount for l in self.lines), ZERO)

    @property
    def outstanding(self) -> Decimal:
        return max(self.total_underpaid - self.recovered, ZERO)

    @property
    def claim_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(l.claim_id for l in self.lines))

    def by_kind(self) -> list[tuple[str, str | None, int, Decimal]]:
        """(kind, contract clause, lines, amount) per kind of underpayment."""
        out: dict[str, list] = {}
        for l in self.lines:
            row = out.setdefault(l.kind, [l.clause, 0, ZERO])
            row[1] += 1
            row[2] += l.amount
        return [(k, c, n, a) for k, (c, n, a) in sorted(out.items())]


def dispute_window(payer_id: str, contracts: Iterable[Contract]) -> int:
    """Days to dispute from the payment date: the contract's window, else the payer file's, else 365."""
    for c in contracts:
        if c.payer_id == payer_id:
            return c.terms.dispute_window_days
    try:
        from painrcm.policy import load_policy
        return load_policy(payer_id).deadlines.dispute_days
    except Exception:  # noqa: BLE001 - no payer file for this payer
        return DEFAULT_DISPUTE_DAYS


def build_disputes(variances: Iterable[Variance], contracts: Iterable[Contract], *, opened_on: date,
                   payer_names: dict[str, str] | None = None) -> list[Dispute]:
    """One dispute per payer with every underpayment (overpayments and PR mismatches are not disputed)."""
    contracts = list(contracts)
    per_payer: dict[str, list[Variance]] = {}
    for v in variances:
        if v.is_underpayment:
            per_payer.setdefault(v.payer_id, []).append(v)
    out = []
    for payer_id, items in sorted(per_payer.items()):
        items.sort(key=lambda v: (v.service_date or date.min, v.claim_id, v.line_number or 0))
        paid_on = min((v.payment_date for v in items if v.payment_date), default=opened_on)
        deadline = paid_on + timedelta(days=dispute_window(payer_id, contracts))
        lines = tuple(DisputeLine(v.claim_id, v.line_number, v.code, v.modifiers, v.service_date, v.kind, v.expected,
                                  v.actual, v.amount, v.payer_claim_number, v.trn, v.payment_date, v.clause,
                                  v.evidence) for v in items)
        name = (payer_names or {}).get(payer_id, payer_id)
        out.append(Dispute(f"{payer_id}-{opened_on:%Y%m%d}", payer_id, name,
                           next((v.contract_name for v in items if v.contract_name), None), opened_on, deadline,
                           lines))
    return out


def apply_recovery(dispute: Dispute, remittances: Iterable[Remittance]) -> Dispute:
    """Book corrected payments for the dispute's claims (835s other than the ones disputed).

    A reversal (CLP02 22) counts negative and the corrected claim positive; the net allowed
    amount added is the recovery. Status becomes ``recovered`` when it covers the underpayment.
    """
    claims = set(dispute.claim_ids)
    original = {l.trn for l in dispute.lines}
    recovered = dispute.recovered
    trns = list(dispute.recovery_trns)
    for rem in remittances:
        if rem.trn in original or rem.trn in trns:
            continue
        delta = ZERO
        for cp in rem.claims:
            if cp.patient_control_number in claims:
                if cp.lines:
                    delta += sum((paid_allowed(lp) for lp in cp.lines), ZERO)
                else:
                    delta += cp.paid + cp.patient_responsibility
        if delta:
            recovered += delta
            trns.append(rem.trn)
    if recovered == dispute.recovered:
        return dispute
    status = "recovered" if recovered >= dispute.total_underpaid else (
        "partially_recovered" if recovered > 0 else dispute.status)
    return replace(dispute, recovered=recovered, status=status, recovery_trns=tuple(trns))


def set_status(dispute: Dispute, status: str) -> Dispute:
    if status not in STATUSES:
        raise ValueError(f"unknown dispute status {status!r} (known: {', '.join(STATUSES)})")
    return replace(dispute, status=status)


__all__ = ["Dispute", "DisputeLine", "build_disputes", "apply_recovery", "set_status", "dispute_window", "STATUSES"]
