"""What each patient owes after adjudication, claim by claim, in plain words.

A claim's patient share is the PR adjustments of its remittances (deductible, coinsurance,
copay, non-covered with a waiver) minus what the patient paid at the visit. A claim the payer has
not answered (no 835, pended, or a secondary payer still to bill) is *insurance pending*: it
never appears as an amount due.

>>> from painrcm.denials.testing import make_claim, make_payment, make_remittance
>>> c = make_claim(lines=(("64483", "555.00"),), patient_paid="20.00")
>>> r = make_remittance([make_payment(c, [("300.00", ["CO-45:180.00", "PR-2:75.00"])])])
>>> ch = patient_charges([c], [r])["PT1"][0]
>>> ch.patient_owes, ch.pending, ch.lines[0].description
(Decimal('55.00'), False, 'Epidural steroid injection')
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Iterable

from painrcm.ar.ledger import PENDING_STATUSES, payments_by_claim
from painrcm.claims.model import Claim
from painrcm.remit.model import Remittance

ZERO = Decimal("0.00")

PLAIN_FAMILY = {
    "esi": "Epidural steroid injection", "facet": "Facet joint injection", "rfa": "Radiofrequency nerve ablation",
    "scs": "Spinal cord stimulator", "scs_programming": "Stimulator programming", "em": "Office visit",
    "imaging_guidance": "Imaging guidance (X-ray / ultrasound)", "drug": "Medication",
    "drug_administration": "Injection of medication", "tpi": "Trigger point injection", "joint": "Joint injection",
    "nerve_block": "Nerve block", "sympathetic_block": "Sympathetic nerve block", "si_joint": "Sacroiliac joint "
    "injection", "neurolysis": "Nerve destruction procedure", "vertebral_augmentation": "Vertebral augmentation",
    "pns": "Peripheral nerve stimulator", "intrathecal_pump": "Pain pump service", "device": "Implanted device",
    "discography": "Discography", "cpm": "Chronic pain management", "care_management": "Care management",
    "epidural_other": "Epidural procedure",
}
PLAIN_PR = {"1": "deductible", "2": "coinsurance", "3": "copay", "66": "blood deductible"}


def plain_description(code: str) -> str:
    """A patient-friendly name of a procedure code.

    >>> plain_description("64635"), plain_description("99214"), plain_description("XXXXX")
    ('Radiofrequency nerve ablation', 'Office visit', 'Medical service')
    """
    from painrcm.policy import PARENT_FAMILIES, families_of

    try:
        fams = families_of(code)
    except Exception:
        fams = ()
    for fam in fams:
        if fam in PARENT_FAMILIES and fam in PLAIN_FAMILY:
            return PLAIN_FAMILY[fam]
    for fam in fams:
        if fam in PLAIN_FAMILY:
            return PLAIN_FAMILY[fam]
    return "Medical service"


@dataclass(frozen=True, slots=True)
class ChargeLine:
    code: str
    description: str
    billed: Decimal
    insurance_paid: Decimal
    adjusted: Decimal            # contractual / not billable to the patient
    patient_owes: Decimal
    why: str                     # "coinsurance", "deductible and copay", ...


@dataclass(frozen=True, slots=True)
class PatientCharge:
    patient_id: str
    claim_id: str
    service_date: date
    payer_name: str
    billed: Decimal
    insurance_paid: Decimal
    adjusted: Decimal
    paid_at_visit: Decimal
    patient_owes: Decimal        # after what was paid at the visit
    pending: bool                # insurance has not finished with the claim
    adjudicated_on: date | None
    lines: tuple[ChargeLine, ...] = ()


def _why(reasons: list[str]) -> str:
    words = list(dict.fromkeys(PLAIN_PR.get(r, "not covered by your plan") for r in reasons))
    return " and ".join(words) if words else ""


def patient_charges(claims: Iterable[Claim], remittances: Iterable[Remittance], *,
                    secondary_pending: Iterable[str] = ()) -> dict[str, list[PatientCharge]]:
    """Each patient's claims with the patient share; ``secondary_pending`` lists claim ids still
    waiting for a secondary payer (their share is held too)."""
    pays = payments_by_claim(remittances)
    held = set(secondary_pending)
    out: dict[str, list[PatientCharge]] = {}
    for c in claims:
        ps = pays.get(c.claim_id, [])
        pending = not ps or any(cp.status in PENDING_STATUSES for cp, _ in ps) or c.claim_id in held
        paid = sum((cp.paid for cp, _ in ps), ZERO)
        pr = ZERO
        other = ZERO
        lines: list[ChargeLine] = []
        decided = max((d for _, d in ps if d is not None), default=None)
        for i, ln in enumerate(c.lines):
            lp_paid = lp_pr = lp_adj = ZERO
            reasons: list[str] = []
            for cp, _ in ps:
                if i < len(cp.lines):
                    lp = cp.lines[i]
                    lp_paid += lp.paid
                    for a in lp.adjustments:
                        if a.group == "PR":
                            lp_pr += a.amount
                            reasons.append(a.reason)
                        else:
                            lp_adj += a.amount
            lines.append(ChargeLine(ln.code, plain_description(ln.code), ln.charge, lp_paid, lp_adj, lp_pr,
                                    _why(reasons)))
        for cp, _ in ps:
            for a in cp.adjustments:  # claim-level adjustments
                if a.group == "PR":
                    pr += a.amount
                else:
                    other += a.amount
        pr += sum((ln.patient_owes for ln in lines), ZERO)
        other += sum((ln.adjusted for ln in lines), ZERO)
        owes = pr - c.patient_paid
        out.setdefault(c.patient_id, []).append(PatientCharge(
            c.patient_id, c.claim_id, c.service_date, c.payer_name, c.total_charge, paid, other, c.patient_paid,
            owes if not pending else ZERO, pending, decided, tuple(lines)))
    for items in out.values():
        items.sort(key=lambda x: (x.service_date, x.claim_id))
    return out


__all__ = ["PLAIN_FAMILY", "plain_description", "ChargeLine", "PatientCharge", "patient_charges"]
