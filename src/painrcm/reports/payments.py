"""Findings from the 835s: underpayments, denials (with the preventable share), AR, timely filing, KPIs.

Everything here reuses the stages that already do the work: reconciliation against the contract
(:func:`painrcm.remit.reconcile.reconcile_match`), denial classification
(:func:`painrcm.denials.worklist.classify_denials`) and claim balances
(:func:`painrcm.ar.ledger.balances`); this module only turns their results into audit findings
and the five KPIs.

Preventable denials: root causes the practice controls before submission (eligibility,
authorization, coding/bundling, modifiers, frequency, documentation, timely filing, duplicates,
credentialing, coordination of benefits). Medical-necessity and unclassified denials are not
counted as preventable.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Iterable, Mapping

from painrcm.ar.ledger import ClaimBalance, balances
from painrcm.claims.model import Claim
from painrcm.denials.worklist import ClassifiedDenial, classify_denials
from painrcm.domain.money import ZERO
from painrcm.remit.model import Remittance
from painrcm.remit.pricing import q
from painrcm.remit.reconcile import ContractBook, ReconciliationResult, reconcile_match
from painrcm.remit.matching import match_remittance
from painrcm.reports.model import Finding, Kpi

PREVENTABLE = frozenset({"eligibility", "authorization", "coding_bundling", "modifier", "frequency", "documentation",
                         "timely_filing", "duplicate", "credentialing", "coordination_of_benefits"})
BENCHMARKS = {"clean_claim_rate": Decimal("95"), "denial_rate": Decimal("5"), "days_in_ar": Decimal("32"),
              "net_collection_ratio": Decimal("97")}
TIMELY_FILING_WARNING_DAYS = 30


@dataclass
class PaymentFacts:
    reconciliation: ReconciliationResult
    denials: list[ClassifiedDenial]
    balances: list[ClaimBalance]
    paid_by_line: dict[tuple[str, int], Decimal] = field(default_factory=dict)
    responses: dict[str, int] = field(default_factory=dict)      # claim id -> claim payments received
    first_clean: dict[str, bool] = field(default_factory=dict)   # claim id -> first response had no denial

    def paid(self, claim_id: str, line_number: int) -> Decimal:
        return self.paid_by_line.get((claim_id, line_number), ZERO)


def _provider(c: Claim) -> str:
    p = c.rendering_provider
    return (p.npi or p.name.last) if p else ""


def payment_facts(claims: list[Claim], remittances: list[Remittance], book: ContractBook, as_of: date,
                  submitted_on: Mapping[str, date] | None = None) -> PaymentFacts:
    by_id = {c.claim_id: c for c in claims}
    matches = [match_remittance(r, by_id) for r in remittances]
    result = reconcile_match(matches, book, keep_matches=False)
    paid_by_line: dict[tuple[str, int], Decimal] = defaultdict(lambda: ZERO)
    responses: Counter = Counter()
    firsts: dict[str, tuple] = {}
    for m in matches:
        when = m.remittance.payment_date or as_of
        for mc in m.matched:
            cid = mc.claim.claim_id
            responses[cid] += 1
            for n, idx in mc.line_pairs:
                paid_by_line[(cid, n)] += mc.payment.lines[idx].paid
            denied = mc.payment.status == "4" or any(
                lp.paid == 0 and any(a.group in ("CO", "OA", "PI") and a.reason not in ("45", "59", "253")
                                     for a in lp.adjustments) for lp in mc.payment.lines)
            key = (when, m.remittance.trn)
            if cid not in firsts or key < firsts[cid][0]:
                firsts[cid] = (key, not denied)
    denials = classify_denials(claims, result, as_of=as_of, submitted_on=submitted_on)
    bals = balances(claims, remittances, as_of, submitted_on=submitted_on)
    return PaymentFacts(result, denials, bals, dict(paid_by_line), dict(responses),
                        {k: v[1] for k, v in firsts.items()})


def underpayment_findings(facts: PaymentFacts, claims_by_id: Mapping[str, Claim]) -> list[Finding]:
    out = []
    for v in facts.reconciliation.underpayments:
        c = claims_by_id.get(v.claim_id)
        out.append(Finding("underpayment", v.claim_id, v.payer_id, v.service_date or (c.service_date if c else date.min),
                           v.amount, v.code, v.line_number, _provider(c) if c else "",
                           "; ".join(v.evidence[:2]), {"variance": v.kind, "expected": v.expected, "paid_allowed": v.actual}))
    return out


def denial_findings(facts: PaymentFacts, claims_by_id: Mapping[str, Claim],
                    skip: set | frozenset = frozenset()) -> tuple[list[Finding], list[Finding]]:
    """(every denied line, the authorization-related ones). ``skip``: (claim id, line) already counted
    as an underpayment (e.g. an E/M with modifier 25 bundled: CO-97 is both)."""
    out, auth = [], []
    for d in facts.denials:
        if (d.claim_id, d.denial.line_number) in skip:
            continue
        c = claims_by_id.get(d.claim_id)
        cls = d.classification
        f = Finding("denial", d.claim_id, d.payer_id, d.denial.service_date or (c.service_date if c else date.min),
                    q(d.amount), d.denial.code, d.denial.line_number, _provider(c) if c else "",
                    f"{cls.code} {cls.label}", {"root_cause": cls.root_cause, "carc": cls.code,
                                               "preventable": cls.root_cause in PREVENTABLE,
                                               "severity": cls.severity})
        out.append(f)
        if cls.root_cause == "authorization":
            auth.append(Finding("auth_denial", f.claim_id, f.payer_id, f.service_date, f.amount, f.code,
                                f.line_number, f.provider, f.detail, dict(f.extra)))
    return out, auth


def ar_findings(facts: PaymentFacts, as_of: date) -> tuple[list[Finding], list[Finding]]:
    over60, over90 = [], []
    for b in facts.balances:
        if b.insurance_balance <= 0:
            continue
        age = b.age(as_of)
        for limit, bucket in ((60, over60), (90, over90)):
            if age > limit:
                bucket.append(Finding(f"ar_over_{limit}", b.claim_id, b.claim.payer_id, b.claim.service_date,
                                      b.insurance_balance, None, None, _provider(b.claim),
                                      f"{b.status.replace('_', ' ')}, {age} days", {"age_days": age, "status": b.status}))
    return over60, over90


def timely_filing_findings(facts: PaymentFacts, as_of: date, filing_days: Mapping[str, int]) -> list[Finding]:
    out = []
    for b in facts.balances:
        if b.status not in ("no_response", "denied") or b.insurance_balance <= 0:
            continue
        days = filing_days.get(b.claim.payer_id, 365)
        deadline = b.claim.service_date + timedelta(days=days)
        left = (deadline - as_of).days
        if left <= TIMELY_FILING_WARNING_DAYS:
            out.append(Finding("timely_filing", b.claim_id, b.claim.payer_id, b.claim.service_date,
                               b.insurance_balance, None, None, _provider(b.claim),
                               f"filing limit {deadline.isoformat()} ({'passed' if left < 0 else f'{left} days left'})",
                               {"deadline": deadline.isoformat(), "days_left": left, "status": b.status}))
    return out


def _pct(n: Decimal | int, d: Decimal | int) -> Decimal | None:
    return q(Decimal(n) * 100 / Decimal(d)) if d else None


def kpis(facts: PaymentFacts, claims: list[Claim], as_of: date) -> list[Kpi]:
    responded = [c for c in claims if facts.responses.get(c.claim_id)]
    n = len(responded)
    clean = sum(1 for c in responded if facts.first_clean.get(c.claim_id))
    denied_claims = {d.claim_id for d in facts.denials}
    bal = {b.claim_id: b for b in facts.balances}
    fpr = sum(1 for c in responded if facts.responses[c.claim_id] == 1 and facts.first_clean.get(c.claim_id)
              and c.claim_id in bal and bal[c.claim_id].insurance_balance == 0)
    open_ar = sum((b.insurance_balance for b in facts.balances), ZERO)
    window = as_of - timedelta(days=90)
    recent = sum((c.total_charge for c in claims if window < c.service_date <= as_of), ZERO)
    dar = q(open_ar / (recent / 90)) if recent else None
    adjudicated = [bal[c.claim_id] for c in responded if c.claim_id in bal]
    collected = sum((b.paid + b.patient_responsibility for b in adjudicated), ZERO)
    collectible = sum((b.charge - b.contractual for b in adjudicated), ZERO)
    return [
        Kpi("clean_claim_rate", "Clean claim rate", _pct(clean, n), "%", BENCHMARKS["clean_claim_rate"], "higher",
            f"{clean} of {n} claims paid on the first response without a denial"),
        Kpi("first_pass_resolution", "First-pass resolution", _pct(fpr, n), "%", None,
            "higher", f"{fpr} of {n} claims closed by one payer response"),
        Kpi("denial_rate", "Denial rate", _pct(len(denied_claims & {c.claim_id for c in responded}), n), "%",
            BENCHMARKS["denial_rate"], "lower", f"{len(denied_claims)} of {n} adjudicated claims with a denied line"),
        Kpi("days_in_ar", "Days in AR", dar, "days", BENCHMARKS["days_in_ar"], "lower",
            f"open insurance AR ${open_ar:,.2f} / average daily charges of the last 90 days (${recent:,.2f} / 90)"),
        Kpi("net_collection_ratio", "Net collection ratio", _pct(collected, collectible), "%",
            BENCHMARKS["net_collection_ratio"], "higher",
            f"payer paid + patient responsibility ${collected:,.2f} / charges - contractual adjustments "
            f"${collectible:,.2f} (adjudicated claims; patient balances counted as collectible)"),
    ]


__all__ = ["PaymentFacts", "payment_facts", "underpayment_findings", "denial_findings", "ar_findings",
           "timely_filing_findings", "kpis", "PREVENTABLE", "BENCHMARKS"]
