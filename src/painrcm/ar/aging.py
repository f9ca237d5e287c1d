"""AR aging: open insurance balances in 0-30, 31-60, 61-90, 91-120 and 120+ day buckets.

Age counts from the date of service (``basis="service"``, the default: what "AR over 90 days"
usually means) or from the first submission (``basis="submitted"``, else the date of service) to
the as-of date; the report groups by payer, rendering provider or procedure family (of the
claim's highest-charge procedure line: an SCS claim is ``scs`` even when the device line costs more).

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
BASES = ("service", "submitted")


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
    >>> procedure_family(make_claim(lines=(("63650", "900.00"), ("C1778", "9000.00"))))
    'scs'
    """
    from painrcm.policy import PARENT_FAMILIES, families_of

    from painrcm.denials.routing import NON_PROCEDURE_FAMILIES

    def fams_of(code: str) -> tuple[str, ...]:
        try:
            return families_of(code)
        except Exception:
            return ()

    procedures = [ln for ln in claim.lines if fams_of(ln.code) and not NON_PROCEDURE_FAMILIES.intersection(
        fams_of(ln.code))]
    line = max(procedures or claim.lines, key=lambda ln: ln.charge)
    fams = fams_of(line.code)
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


def aging(balances: Iterable[ClaimBalance], as_of: date, by: str = "payer", basis: str = "service") -> list[AgingRow]:
    """Aging rows (largest total first) plus a final ``TOTAL`` row; claims with no open balance are left out."""
    if basis not in BASES:
        raise ValueError(f"unknown aging basis {basis!r}; one of {', '.join(BASES)}")
    rows: dict[str, AgingRow] = {}
    total = AgingRow("TOTAL")
    for b in balances:
        if b.insurance_balance <= 0:
            continue
        key = group_key(b, by)
        age = (as_of - b.claim.service_date).days if basis == "service" else b.age(as_of)
        name = bucket(age)
        row = rows.setdefault(key, AgingRow(key))
        for r in (row, total):
            r.amounts[name] += b.insurance_balance
            r.counts[name] += 1
    out = sorted(rows.values(), key=lambda r: (-r.total, r.key))
    out.append(total)
    return out


__all__ = ["BUCKETS", "GROUPINGS", "BASES", "bucket", "procedure_family", "group_key", "AgingRow", "aging"]
