"""The denial worklist: every denied line of the remittances, classified and routed.

Input is what the remit stage produces: ``painrcm.remit.reconcile.reconcile(...)`` returns the
denials (zero-paid lines with a denial CARC) separately from the variances; pass its result, or
its ``denials``, or raw remittances (reconciled here without contracts, so the expected amount
falls back to the charge).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Iterable, Mapping

from painrcm.claims.model import Claim
from painrcm.denials.classify import Classification, classify_denial
from painrcm.denials.routing import Route, high_value_reasons, route
from painrcm.remit.model import Remittance
from painrcm.remit.variances import Denial


@dataclass(frozen=True, slots=True)
class ClassifiedDenial:
    denial: Denial
    classification: Classification
    route: Route
    high_value: tuple[str, ...] = ()

    @property
    def claim_id(self) -> str:
        return self.denial.claim_id

    @property
    def payer_id(self) -> str:
        return self.denial.payer_id

    @property
    def amount(self) -> Decimal:
        """What is at stake: the contract's expected allowed, else the charge."""
        return self.denial.expected if self.denial.expected and self.denial.expected > 0 else self.denial.charge

    def to_json(self, as_of: date | None = None) -> dict:
        d, c = self.denial, self.classification
        return {"claim_id": d.claim_id, "payer_id": d.payer_id, "line_number": d.line_number, "code": d.code,
                "modifiers": list(d.modifiers), "service_date": d.service_date.isoformat() if d.service_date else None,
                "charge": str(d.charge), "amount": str(self.amount), "adjustments": list(d.adjustments),
                "remarks": list(d.remarks), "payer_claim_number": d.payer_claim_number,
                "decision_date": d.payment_date.isoformat() if d.payment_date else None,
                "root_cause": c.root_cause, "severity": c.severity, "basis": c.basis, "fix": c.fix,
                "high_value": list(self.high_value), "route": self.route.to_json(as_of)}


def denials_of(source, claims: Iterable[Claim] = ()) -> tuple[Denial, ...]:
    """Denials from a ReconciliationResult, an iterable of Denial, or an iterable of Remittance."""
    if hasattr(source, "denials"):
        return tuple(source.denials)
    items = list(source)
    if items and not isinstance(items[0], Denial):
        from painrcm.remit.reconcile import reconcile

        return reconcile(claims, items, ()).denials
    return tuple(items)


def bundled_despite_modifier(result, remittances: Iterable[Remittance]) -> list[Denial]:
    """The zero-paid lines the remit stage lists as ``BUNDLED_DESPITE_MODIFIER`` variances, as denials.

    They are denied lines (CO-97/234/236/B15 with 25, 59 or X{EPSU} on the line) and go to the
    denials queue too (routed to a written appeal); the adjustments come from the 835 line.
    """
    from painrcm.remit.variances import BUNDLED_DESPITE_MODIFIER

    wanted = [v for v in getattr(result, "variances", ()) if v.kind == BUNDLED_DESPITE_MODIFIER]
    if not wanted:
        return []
    lines: dict[str, list] = {}
    for r in remittances:
        for cp in r.claims:
            lines.setdefault(cp.patient_control_number, []).extend(cp.lines)
    out = []
    for v in wanted:
        lp = next((x for x in lines.get(v.claim_id, ()) if x.paid == 0 and x.code == v.code
                   and tuple(x.modifiers) == tuple(v.modifiers)), None)
        adjs = tuple(f"{a.group}-{a.reason}" for a in lp.adjustments) if lp else ("CO-97",)
        out.append(Denial(v.payer_id, v.claim_id, v.line_number, v.code, v.modifiers, v.service_date,
                          lp.charge if lp else v.expected, v.expected, adjs, tuple(lp.remarks) if lp else (),
                          payer_claim_number=v.payer_claim_number, trn=v.trn, payment_date=v.payment_date))
    return out


def classify_denials(claims: Iterable[Claim], source, *, as_of: date,
                     submitted_on: Mapping[str, date] | None = None,
                     remittances: Iterable[Remittance] = ()) -> list[ClassifiedDenial]:
    """Classify and route every denial of ``source`` (see :func:`denials_of`) for claims we know.

    With a ``ReconciliationResult`` as ``source`` and its ``remittances``, the lines bundled
    despite a distinct-service modifier are included (see :func:`bundled_despite_modifier`).
    """
    by_id = {c.claim_id: c for c in claims}
    out: list[ClassifiedDenial] = []
    remittances = list(remittances)
    if not hasattr(source, "denials"):
        items = list(source)
        if items and isinstance(items[0], Remittance):
            from painrcm.remit.reconcile import reconcile

            remittances = remittances or items
            source = reconcile(by_id.values(), items, ())
        else:
            source = items
    found = list(denials_of(source, by_id.values()))
    if hasattr(source, "variances"):
        found.extend(bundled_despite_modifier(source, remittances))
    for d in found:
        claim = by_id.get(d.claim_id)
        cls = classify_denial(d)
        if claim is None or cls is None:
            continue
        r = route(d, cls, claim, as_of=as_of, submitted_on=(submitted_on or {}).get(d.claim_id))
        out.append(ClassifiedDenial(d, cls, r, high_value_reasons(claim)))
    return out


__all__ = ["ClassifiedDenial", "denials_of", "classify_denials", "bundled_despite_modifier"]
