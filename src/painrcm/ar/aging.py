"""AR aging: open insurance balances in 0-30, 31-60, 61-90, 91-120 and 120+ day buckets.

Age counts from the first submission (else the date of service) to the as-of date, and the
report groups by payer, rendering provider or procedure family (the claim's highest-charge line).

>>> bucket(0), bucket(30), bucket(31), bucket(120), bucket(121)
('0-30', '0-30', '31-60', '91-120', '120+')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Iterable

from painrcm.ar.ledger import ClaimBalance
from painrcm.claims.model import Claim

ZERO = Decimal("0.00")
BUCKETS = ("0-30", "31-60", "61-90", "91-120", "120+")
_LIMITS = (30, 60, 90, 120)
GROUPINGS = ("payer", "provider", "family")


def bucket(age_days: int) -> str:
    for limit, name in zip(_LIMITS, BUCKETS):
        if age_days <= limit:
            return name
    return BUCKETS[-1]


def procedure_family(claim: Claim) -> str:
    """The family of the claim's highest-charge line, as payers group it (``rfa``, ``esi``, ``em`` ...).

    >>> from painrcm.denials.testing import make_claim
    >>> procedure_family(make_claim(lines=(("99214", "200.00"), ("64635", "900.00"))))
    'rfa'
    """
    from painrcm.policy import PARENT_FAMILIES, families_of

    line = max(claim.lines, key=lambda ln: ln.charge)
    try:
        fams = families_of(line.code)
    except Exception:
        fams = ()
    for fam in fams:
        if fam in PARENT_FAMILIES:
            return fam
    return fams[0] if fams else "other"


def group_key(b: ClaimBalance, by: str) -> str:
    c = b.claim
    if by == "payer":
        return c.payer_id
    if by == "provider":
        p = c.rendering_provider or c.billing_provider
        return p.npi or p.name.last
    if by == "family":
        return procedure_family(c)
    raise ValueError(f"unknown grouping {by!r}; one of {', '.join(GROUPINGS)}")


@dataclass(slots=True)
class AgingRow:
    key: str
    amounts: dict[str, Decimal] = field(default_factory=lambda: {b: ZERO for b in BUCKETS})
    counts: dict[str, int] = field(default_factory=lambda: {b: 0 for b in BUCKETS})

    @property
    def total(self) -> Decimal:
        return sum(self.amounts.values(), ZERO)

    @property
    def claims(self) -> int:
        return sum(self.counts.values())

    def to_json(self) -> dict:
        return {"key": self.key, "buckets": {b: str(self.amounts[b]) for b in BUCKETS},
                "counts": dict(self.counts), "total": str(self.total), "claims": self.claims}


def aging(balances: Iterable[ClaimBalance], as_of: date, by: str = "payer") -> list[AgingRow]:
    """Aging rows (largest total first) plus a final ``TOTAL`` row; claims with no open balance are left out."""
    rows: dict[str, AgingRow] = {}
    total = AgingRow("TOTAL")
    for b in balances:
        if b.insurance_balance <= 0:
            continue
        key = group_key(b, by)
        name = bucket(b.age(as_of))
        row = rows.setdefault(key, AgingRow(key))
        for r in (row, total):
            r.amounts[name] += b.insurance_balance
            r.counts[name] += 1
    out = sorted(rows.values(), key=lambda r: (-r.total, r.key))
    out.append(total)
    return out


__all__ = ["BUCKETS", "GROUPINGS", "bucket", "procedure_family", "group_key", "AgingRow", "aging"]
