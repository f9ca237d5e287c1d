"""Routing: the next action for a classified denial, with its deadline and why.

Actions: ``corrected_claim`` (frequency 7 with the payer claim number), ``written_appeal``,
``peer_to_peer`` (medical-necessity denials of high-value procedures: RFA, SCS, multi-procedure
sessions, or charge >= $1,000; not for traditional Medicare, whose first level is a written
redetermination), ``retro_auth`` (within the payer's retro-authorization window),
``documentation_request`` (to the provider), ``rebill_other_payer`` (coverage / COB),
``bill_patient`` (PR group), ``verify_original`` (duplicates) and ``write_off`` (only with a
reason and an approval, see :func:`approve_write_off`). Every route names its reason.

A route whose deadline has already passed becomes a written appeal while the appeal window is
still open, else a write-off proposal that needs approval.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache

from painrcm.claims.model import Claim
from painrcm.denials.classify import Classification
from painrcm.denials.deadlines import (Deadline, Windows, appeal_deadline, corrected_claim_deadline,
                                       peer_to_peer_deadline, retro_auth_deadline, timely_filing_deadline)
from painrcm.errors import InputError

CORRECTED_CLAIM = "corrected_claim"
WRITTEN_APPEAL = "written_appeal"
PEER_TO_PEER = "peer_to_peer"
RETRO_AUTH = "retro_auth"
DOCUMENTATION_REQUEST = "documentation_request"
REBILL_OTHER_PAYER = "rebill_other_payer"
BILL_PATIENT = "bill_patient"
VERIFY_ORIGINAL = "verify_original"
WRITE_OFF = "write_off"
ACTIONS = (CORRECTED_CLAIM, WRITTEN_APPEAL, PEER_TO_PEER, RETRO_AUTH, DOCUMENTATION_REQUEST, REBILL_OTHER_PAYER,
           BILL_PATIENT, VERIFY_ORIGINAL, WRITE_OFF)

HIGH_VALUE_AMOUNT = Decimal("1000.00")
HIGH_VALUE_FAMILIES = {"rfa": "RFA", "scs": "SCS", "intrathecal_pump": "intrathecal pump",
                       "vertebral_augmentation": "vertebral augmentation", "pns": "peripheral nerve stimulator"}
NON_PROCEDURE_FAMILIES = frozenset({"em", "em_office", "em_consult", "em_add_on", "imaging_guidance", "drug",
                                    "drug_administration", "device", "cpm", "care_management", "scs_programming"})
BUNDLING_CARCS = frozenset({"97", "231", "234", "236", "B15"})
DISTINCT_MODIFIERS = frozenset({"59", "XE", "XP", "XS", "XU", "25"})
DOCUMENTATION_TURNAROUND_DAYS = 7


@dataclass(frozen=True, slots=True)
class Route:
    action: str
    reason: str
    deadline: Deadline | None = None
    follow_up: tuple[str, ...] = ()          # what comes after, e.g. ("written_appeal",)
    requires_approval: bool = False
    internal_due: date | None = None         # when our side must be done (e.g. provider's records)
    alternatives: tuple[str, ...] = field(default=())

    def to_json(self, as_of: date | None = None) -> dict:
        return {"action": self.action, "reason": self.reason,
                "deadline": self.deadline.to_json(as_of) if self.deadline else None,
                "follow_up": list(self.follow_up), "requires_approval": self.requires_approval,
                "internal_due": self.internal_due.isoformat() if self.internal_due else None,
                "alternatives": list(self.alternatives)}


@lru_cache(maxsize=8192)
def _families(code: str) -> tuple[str, ...]:
    from painrcm.policy import families_of

    try:
        return families_of(code)
    except Exception:  # a code outside the pain code set
        return ()


def high_value_reasons(claim: Claim, amount: Decimal | None = None) -> tuple[str, ...]:
    """Why a claim counts as high value (RFA, SCS, multi-procedure session, amount), or ().

    >>> from painrcm.denials.testing import make_claim
    >>> high_value_reasons(make_claim(lines=(("64635", "1200.00"), ("64636", "600.00"))))
    ('RFA (64635)', 'multi-procedure session (2 procedures)', 'charge 1800.00 >= 1000.00')
    >>> high_value_reasons(make_claim(lines=(("99213", "150.00"),)))
    ()
    """
    out: list[str] = []
    seen: set[str] = set()
    procedures = 0
    for line in claim.lines:
        fams = _families(line.code)
        for fam, label in HIGH_VALUE_FAMILIES.items():
            if fam in fams and label not in seen:
                seen.add(label)
                out.append(f"{label} ({line.code})")
        if fams and not NON_PROCEDURE_FAMILIES.intersection(fams):
            procedures += 1
    if procedures >= 2:
        out.append(f"multi-procedure session ({procedures} procedures)")
    value = amount if amount is not None else claim.total_charge
    if value >= HIGH_VALUE_AMOUNT:
        out.append(f"charge {value} >= {HIGH_VALUE_AMOUNT}")
    return tuple(out)


def _auth_number(claim: Claim, line_number: int | None) -> str | None:
    if line_number is not None and 1 <= line_number <= len(claim.lines):
        num = claim.lines[line_number - 1].authorization_number
        if num:
            return num
    return claim.prior_authorization


def _line_modifiers(claim: Claim, line_number: int | None) -> tuple[str, ...]:
    if line_number is not None and 1 <= line_number <= len(claim.lines):
        return claim.lines[line_number - 1].modifiers
    return ()


def route(denial, cls: Classification, claim: Claim, *, as_of: date, windows: Windows | None = None,
          submitted_on: date | None = None) -> Route:
    """The recommended action for one denial (a :class:`painrcm.remit.variances.Denial`).

    ``submitted_on`` (first submission date) is the proof for a timely-filing appeal.
    """
    from painrcm.denials.deadlines import windows_for

    w = windows or windows_for(claim.payer_id)
    dos = denial.service_date or claim.service_date
    decided = denial.payment_date or as_of
    appeal = appeal_deadline(decided, w)
    corrected = corrected_claim_deadline(dos, decided, w)
    pcn = denial.payer_claim_number or claim.payer_claim_number
    freq7 = f"frequency 7 with payer claim number {pcn}" if pcn else "frequency 7 (get the payer claim number first)"
    high = high_value_reasons(claim)
    root, code = cls.root_cause, cls.code
    r: Route

    if cls.group == "PR" and cls.is_hard and root in ("eligibility", "other", "medical_necessity"):
        r = Route(BILL_PATIENT, f"{code}: the payer assigned the line to the patient ({cls.carc_text[:60]}); "
                                "bill the patient if a signed waiver (ABN) is on file, otherwise appeal",
                  appeal, alternatives=(WRITTEN_APPEAL,))
    elif root == "timely_filing":
        tf = timely_filing_deadline(dos, w)
        if submitted_on is not None and submitted_on <= tf.due:
            r = Route(WRITTEN_APPEAL, f"{code}: the claim first went out {submitted_on.isoformat()}, within the filing "
                                      f"limit {tf.due.isoformat()}; appeal with the proof of timely filing "
                                      "(999/277CA acceptance)", appeal)
        else:
            r = Route(WRITE_OFF, f"{code}: filed after the timely filing limit ({tf.basis}); no proof of an earlier "
                                 "submission", None, requires_approval=True)
    elif root == "duplicate":
        r = Route(VERIFY_ORIGINAL, f"{code}: duplicate of a claim on file; check the original's status with a 276 "
                                   "and do not rebill; appeal only if the original was wrongly denied", appeal)
    elif root == "authorization":
        auth = _auth_number(claim, denial.line_number)
        retro = retro_auth_deadline(dos, w)
        if auth and (cls.carc in ("15", "284", "296") or "M62" in cls.rarcs or "N54" in cls.rarcs):
            r = Route(CORRECTED_CLAIM, f"{code}: authorization {auth} is on file but the payer did not match it to "
                                       f"the line; send a corrected claim ({freq7}) with the number on the line",
                      corrected, alternatives=(WRITTEN_APPEAL,))
        elif auth:
            if cls.carc == "39" and high and not peer_to_peer_deadline(decided, w).expired(as_of):
                r = Route(PEER_TO_PEER, f"{code}: authorization request denied for a high-value service "
                                        f"({'; '.join(high)}); ask for a peer-to-peer review",
                          peer_to_peer_deadline(decided, w), follow_up=(WRITTEN_APPEAL,))
            else:
                r = Route(WRITTEN_APPEAL, f"{code}: authorization {auth} exists but the payer says it was exceeded or "
                                          "denied; appeal with the authorization record (codes, units, dates)", appeal)
        elif not retro.expired(as_of):
            r = Route(RETRO_AUTH, f"{code}: no authorization on the claim; the payer's retro-authorization window is "
                                  f"open until {retro.due.isoformat()}; request it, then send a corrected claim "
                                  f"({freq7}) with the number", retro, follow_up=(CORRECTED_CLAIM,))
        elif high:
            r = Route(WRITTEN_APPEAL, f"{code}: no authorization and the retro window closed {retro.due.isoformat()}; "
                                      f"high-value service ({'; '.join(high)}): appeal on medical need",
                      appeal, alternatives=(WRITE_OFF,))
        else:
            r = Route(WRITE_OFF, f"{code}: no authorization and the retro-authorization window closed "
                                 f"{retro.due.isoformat()} ({retro.basis})", None, requires_approval=True,
                      alternatives=(WRITTEN_APPEAL,))
    elif root == "medical_necessity":
        p2p = peer_to_peer_deadline(decided, w)
        if not cls.is_hard:
            r = Route(CORRECTED_CLAIM, f"{code}: the diagnosis on the claim does not support the procedure; if the note "
                                       f"documents a covered diagnosis, send a corrected claim ({freq7})",
                      corrected, alternatives=(WRITTEN_APPEAL,))
        elif high and w.plan_type == "medicare":
            r = Route(WRITTEN_APPEAL, f"{code}: medical-necessity denial of a high-value service ({'; '.join(high)}); "
                                      "traditional Medicare has no peer-to-peer for claim denials: request a "
                                      "redetermination quoting the note against the LCD", appeal)
        elif high and not p2p.expired(as_of):
            r = Route(PEER_TO_PEER, f"{code}: medical-necessity denial of a high-value service ({'; '.join(high)}); "
                                    f"request a peer-to-peer review before {p2p.due.isoformat()}, then a written appeal",
                      p2p, follow_up=(WRITTEN_APPEAL,))
        else:
            r = Route(WRITTEN_APPEAL, f"{code}: medical-necessity denial; appeal quoting the note against the payer's "
                                      "criteria (conservative care, pain scores, prior relief)", appeal)
    elif root == "documentation":
        due = min(as_of + timedelta(days=DOCUMENTATION_TURNAROUND_DAYS), appeal.due)
        then = WRITTEN_APPEAL if cls.is_hard else CORRECTED_CLAIM
        r = Route(DOCUMENTATION_REQUEST, f"{code}: the payer needs records"
                                         + (f" ({', '.join(cls.rarcs)})" if cls.rarcs else "")
                                         + f"; ask the rendering provider for the signed note by {due.isoformat()}, "
                                           "then send them to the payer", appeal, follow_up=(then,), internal_due=due)
    elif root in ("coding_bundling", "modifier"):
        mods = DISTINCT_MODIFIERS.intersection(_line_modifiers(claim, denial.line_number))
        if root == "coding_bundling" and cls.carc in BUNDLING_CARCS and mods:
            r = Route(WRITTEN_APPEAL, f"{code}: bundled although modifier {', '.join(sorted(mods))} was on the line; "
                                      "appeal with the note showing the separate site or session", appeal)
        else:
            what = "modifier" if root == "modifier" else "code set"
            r = Route(CORRECTED_CLAIM, f"{code}: correctable {what} error ({cls.carc_text[:70]}); fix it and send a "
                                       f"corrected claim ({freq7})", corrected, alternatives=(WRITTEN_APPEAL,))
    elif root == "frequency":
        if cls.is_hard:
            r = Route(WRITTEN_APPEAL, f"{code}: frequency limit; appeal with the documented relief and function "
                                      "from the prior sessions, or write off if the limit truly applies", appeal,
                      alternatives=(WRITE_OFF,))
        else:
            r = Route(CORRECTED_CLAIM, f"{code}: units over the payer maximum; correct the units and send a corrected "
                                       f"claim ({freq7})", corrected)
    elif root == "eligibility":
        if cls.is_hard:
            tf = timely_filing_deadline(dos, w)
            r = Route(REBILL_OTHER_PAYER, f"{code}: no coverage with this payer on the date of service; run a 270 and "
                                          "bill the coverage in effect, else the patient when a waiver is on file",
                      tf, alternatives=(BILL_PATIENT, WRITE_OFF))
        else:
            r = Route(CORRECTED_CLAIM, f"{code}: member identification mismatch; verify with a 270/271 and send a "
                                       f"corrected claim ({freq7})", corrected)
    elif root == "coordination_of_benefits":
        tf = timely_filing_deadline(dos, w)
        if cls.is_hard:
            r = Route(BILL_PATIENT, f"{code}: the liability payer denied; bill the patient or write off with approval",
                      None, alternatives=(WRITE_OFF,))
        else:
            r = Route(REBILL_OTHER_PAYER, f"{code}: another payer is primary or its EOB is missing; update the "
                                          "coverage order and bill the responsible payer with the prior EOB", tf)
    elif root == "credentialing":
        if cls.is_hard:
            r = Route(WRITTEN_APPEAL, f"{code}: provider not enrolled/eligible with the payer on the date of service; "
                                      "appeal with the enrollment approval if it covers the date, otherwise write off "
                                      "(not billable to the patient)", appeal, alternatives=(WRITE_OFF,))
        else:
            r = Route(CORRECTED_CLAIM, f"{code}: provider identifier missing or invalid; correct it and send a "
                                       f"corrected claim ({freq7})", corrected)
    else:
        if cls.is_hard:
            r = Route(WRITTEN_APPEAL, f"{code}: {cls.carc_text[:80] or 'denied'}; appeal when the record supports "
                                      "payment", appeal, alternatives=(WRITE_OFF,))
        else:
            r = Route(CORRECTED_CLAIM, f"{code}: correctable; fix and send a corrected claim ({freq7})", corrected)

    if r.action != WRITE_OFF and r.deadline is not None and r.deadline.expired(as_of):
        if r.action != WRITTEN_APPEAL and not appeal.expired(as_of):
            return Route(WRITTEN_APPEAL, f"{r.action.replace('_', ' ')} deadline passed {r.deadline.due.isoformat()}; "
                                         f"the appeal window is open until {appeal.due.isoformat()}: appeal instead "
                                         f"(was: {r.reason})", appeal, alternatives=(WRITE_OFF,))
        return Route(WRITE_OFF, f"{r.action.replace('_', ' ')} deadline passed {r.deadline.due.isoformat()} "
                                f"({r.deadline.basis}); was: {r.reason}", r.deadline, requires_approval=True)
    return r


@dataclass(frozen=True, slots=True)
class WriteOffApproval:
    claim_id: str
    line_number: int | None
    amount: Decimal
    reason: str
    approved_by: str
    approved_on: date


def approve_write_off(claim_id: str, line_number: int | None, amount: Decimal, *, reason: str, approved_by: str,
                      approved_on: date) -> WriteOffApproval:
    """A write-off needs a reason and an approver; both are checked.

    >>> from datetime import date
    >>> approve_write_off("C1", 1, Decimal("150.00"), reason="", approved_by="lead", approved_on=date(2026, 5, 1))
    Traceback (most recent call last):
    ...
    painrcm.errors.InputError: field reason: a write-off needs a reason
    """
    if not reason or not reason.strip():
        raise InputError("a write-off needs a reason", field="reason")
    if not approved_by or not approved_by.strip():
        raise InputError("a write-off needs an approver", field="approved_by")
    return WriteOffApproval(claim_id, line_number, amount, reason.strip(), approved_by.strip(), approved_on)


__all__ = ["ACTIONS", "CORRECTED_CLAIM", "WRITTEN_APPEAL", "PEER_TO_PEER", "RETRO_AUTH", "DOCUMENTATION_REQUEST",
           "REBILL_OTHER_PAYER", "BILL_PATIENT", "VERIFY_ORIGINAL", "WRITE_OFF", "HIGH_VALUE_AMOUNT", "Route",
           "route", "high_value_reasons", "WriteOffApproval", "approve_write_off"]
