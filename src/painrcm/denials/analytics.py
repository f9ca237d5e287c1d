"""Root-cause analytics: denial rates by CPT, payer, CARC, provider and month, and the top
upstream causes with the fix that prevents them.

A rate is denied lines / adjudicated lines (lines of claims the payer answered) in the group;
for CARCs, the share of all denied lines. Amounts are the denied lines' expected amounts.

>>> from painrcm.denials.testing import make_claim, make_denial
>>> from painrcm.denials.worklist import ClassifiedDenial
>>> from painrcm.denials.classify import classify
>>> from painrcm.denials.routing import Route
>>> c = make_claim(lines=(("64483", "555.00"), ("77003", "100.00")))
>>> d = ClassifiedDenial(make_denial(c, ["CO-197"]), classify(["CO-197"]), Route("retro_auth", "x"))
>>> [(r.key, r.denied, r.lines, str(r.rate)) for r in denial_rates([c], [d], "cpt")]
[('64483', 1, 1, '1.0000'), ('77003', 0, 1, '0.0000')]
>>> top_causes([d])[0].fix.startswith("Renew")
True
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable, Sequence

from painrcm.claims.model import Claim
from painrcm.denials.classify import ROOT_CAUSE_LABELS
from painrcm.denials.worklist import ClassifiedDenial

ZERO = Decimal("0.00")
DIMENSIONS = ("cpt", "payer", "carc", "provider", "month")

#: the upstream fix per root cause (what the front office / coder changes so it stops happening)
UPSTREAM_FIXES = {
    "authorization": "Renew authorizations earlier: track remaining units and expiry per patient and start the "
                     "renewal before the payer's lead time; check auth on the schedule the day before",
    "eligibility": "Run a 270/271 eligibility check before every procedure visit and at each new year / plan change",
    "medical_necessity": "Pre-visit documentation check: conservative care weeks, pain scores, functional limits and "
                         "prior-block relief against the payer's LCD/policy before scheduling",
    "coding_bundling": "Scrub NCCI pairs and add-on/primary rules before submission; use XS/XU only with a "
                       "documented distinct site or session",
    "modifier": "Scrub laterality, 50 vs RT/LT and distinct-service modifiers against the payer's style",
    "frequency": "Count sessions per spinal region against the payer's frequency limit before scheduling",
    "documentation": "Sign notes within 48 hours and attach operative reports to high-value claims",
    "timely_filing": "Submit within 7 days of service and work 999/277CA rejections the same week",
    "duplicate": "Check claim status (276) before resubmitting; send corrections as frequency 7, never as new claims",
    "credentialing": "Track payer enrollment per rendering provider; hold claims until the effective date",
    "coordination_of_benefits": "Confirm primary/secondary order at check-in (MSP questionnaire for Medicare)",
    "other": "Read the remark codes of these denials; add a scrub rule once a pattern repeats",
}


@dataclass(frozen=True, slots=True)
class RateRow:
    key: str
    denied: int
    lines: int
    amount: Decimal

    @property
    def rate(self) -> Decimal:
        return (Decimal(self.denied) / Decimal(self.lines)).quantize(Decimal("0.0001")) if self.lines else Decimal(0)

    def to_json(self) -> dict:
        return {"key": self.key, "denied": self.denied, "lines": self.lines, "rate": str(self.rate),
                "amount": str(self.amount)}


def _provider(c: Claim) -> str:
    p = c.rendering_provider or c.billing_provider
    return p.npi or p.name.last


def denial_rates(claims: Iterable[Claim], denials: Sequence[ClassifiedDenial], by: str) -> list[RateRow]:
    """Denial rate per group, highest count of denials first. ``claims`` are the adjudicated claims."""
    if by not in DIMENSIONS:
        raise ValueError(f"unknown dimension {by!r}; one of {', '.join(DIMENSIONS)}")
    claims = list(claims)
    by_id = {c.claim_id: c for c in claims}
    if by == "carc":
        total = len(denials)
        counts: Counter = Counter()
        amounts: dict[str, Decimal] = {}
        for d in denials:
            k = d.classification.code
            counts[k] += 1
            amounts[k] = amounts.get(k, ZERO) + d.amount
        return sorted((RateRow(k, n, total, amounts[k]) for k, n in counts.items()), key=lambda r: (-r.denied, r.key))

    def key(c: Claim, code: str | None) -> str:
        if by == "cpt":
            return code or "(claim)"
        if by == "payer":
            return c.payer_id
        if by == "provider":
            return _provider(c)
        return c.service_date.strftime("%Y-%m")

    lines: Counter = Counter()
    for c in claims:
        for ln in c.lines:
            lines[key(c, ln.code)] += 1
    denied: Counter = Counter()
    amount: dict[str, Decimal] = {}
    for d in denials:
        c = by_id.get(d.claim_id)
        if c is None:
            continue
        k = key(c, d.denial.code)
        denied[k] += 1
        amount[k] = amount.get(k, ZERO) + d.amount
    keys = set(lines) | set(denied)
    rows = [RateRow(k, denied[k], max(lines[k], denied[k]), amount.get(k, ZERO)) for k in keys]
    return sorted(rows, key=lambda r: (-r.denied, -r.rate, r.key))


@dataclass(frozen=True, slots=True)
class Cause:
    root_cause: str
    label: str
    count: int
    amount: Decimal
    top_codes: tuple[str, ...]
    fix: str

    def to_json(self) -> dict:
        return {"root_cause": self.root_cause, "label": self.label, "count": self.count, "amount": str(self.amount),
                "top_codes": list(self.top_codes), "fix": self.fix}


def top_causes(denials: Sequence[ClassifiedDenial], limit: int = 5) -> list[Cause]:
    """The upstream causes costing the most (by amount, then count), each with its suggested fix."""
    groups: dict[str, list[ClassifiedDenial]] = {}
    for d in denials:
        groups.setdefault(d.classification.root_cause, []).append(d)
    out = []
    for root, ds in groups.items():
        codes = Counter(d.classification.code for d in ds)
        out.append(Cause(root, ROOT_CAUSE_LABELS.get(root, root), len(ds), sum((d.amount for d in ds), ZERO),
                         tuple(c for c, _ in codes.most_common(3)), UPSTREAM_FIXES.get(root, UPSTREAM_FIXES["other"])))
    out.sort(key=lambda c: (-c.amount, -c.count, c.root_cause))
    return out[:limit]


__all__ = ["DIMENSIONS", "UPSTREAM_FIXES", "RateRow", "denial_rates", "Cause", "top_causes"]
