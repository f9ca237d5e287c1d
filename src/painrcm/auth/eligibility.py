"""Eligibility: 270 inquiries out, 271 answers in as coverage facts kept with their date.

The X12 work is the EDI stage's (``painrcm.edi.writer_270`` / ``reader_271``); this module turns
a patient's coverage into an inquiry and a response into ``CoverageFacts``: active or not, plan,
deductible and out-of-pocket remaining, whether the payer flags prior authorization (EB11, or a
MSG about authorization/certification), the rejection codes, and the date of the answer. An
answer is only as good as its date: ``is_stale`` says when to ask again before scheduling.

>>> from painrcm.edi.reader_271 import EligibilityResponse
>>> r = EligibilityResponse("ACME", "ACME01", None, None, "W1", "DOE, JANE", None, "T1", True, "PPO GOLD",
...                         None, Decimal("350.50"), Decimal("2100"), True)
>>> f = coverage_facts(r, answered_on=date(2026, 3, 1), patient_id="pt-1", payer_id="acme")
>>> f.active, f.deductible_remaining, f.auth_required, f.is_stale(date(2026, 3, 20))
(True, Decimal('350.50'), True, True)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Iterable, Mapping

from painrcm.domain.parties import Coverage, Patient, Payer, Practice, Provider
from painrcm.edi.reader_271 import EligibilityResponse, read_271
from painrcm.edi.writer_270 import EligibilityInquiry, write_270

#: Service type codes asked by default: 30 plan coverage, plus the pain-management ones a payer
#: answers with auth flags (BF physician visit - office, 2 surgical).
DEFAULT_SERVICE_TYPES = ("30",)
STALE_AFTER_DAYS = 14


@dataclass(frozen=True, slots=True)
class CoverageFacts:
    """What a 271 said about one patient's coverage, and when."""

    answered_on: date
    patient_id: str | None
    payer_id: str | None
    member_id: str | None
    active: bool | None
    plan: str | None
    deductible_remaining: Decimal | None
    out_of_pocket_remaining: Decimal | None
    auth_required: bool | None
    auth_messages: tuple[str, ...] = ()
    rejections: tuple[str, ...] = ()
    trace_number: str | None = None
    plan_begin: date | None = None

    def is_stale(self, on: date, max_age_days: int = STALE_AFTER_DAYS) -> bool:
        return (on - self.answered_on).days > max_age_days

    def to_json(self) -> dict:
        def s(v):
            return None if v is None else str(v)
        return {"answered_on": self.answered_on.isoformat(), "patient_id": self.patient_id, "payer_id": self.payer_id,
                "member_id": self.member_id, "active": self.active, "plan": self.plan,
                "deductible_remaining": s(self.deductible_remaining),
                "out_of_pocket_remaining": s(self.out_of_pocket_remaining), "auth_required": self.auth_required,
                "auth_messages": list(self.auth_messages), "rejections": list(self.rejections),
                "trace_number": self.trace_number,
                "plan_begin": self.plan_begin.isoformat() if self.plan_begin else None}


def inquiry(patient: Patient, coverage: Coverage, payer: Payer, provider: Provider | Practice, service_date: date,
            *, trace_number: str, service_types: tuple[str, ...] = DEFAULT_SERVICE_TYPES) -> EligibilityInquiry:
    """The 270 inquiry for a patient's coverage (subscriber = the patient unless relationship says not)."""
    is_org = isinstance(provider, Practice)
    name = provider.name if is_org else f"{provider.last_name}"
    last = coverage.subscriber_last_name or patient.last_name
    first = coverage.subscriber_first_name or patient.first_name
    birth = coverage.subscriber_birth_date or patient.birth_date
    return EligibilityInquiry(payer.name, payer.x12_payer_id, name, provider.npi, coverage.member_id, last, first,
                              birth, service_date, service_types, trace_number,
                              practice_id=patient.practice_id, provider_is_organization=is_org)


def write_inquiries(inquiries: Iterable[EligibilityInquiry], parties, control_numbers, *,
                    now: datetime | None = None) -> str:
    """A 270 file for the inquiries (``painrcm.edi.writer_270``)."""
    return write_270(inquiries, parties, control_numbers, now=now)


def coverage_facts(response: EligibilityResponse, *, answered_on: date, patient_id: str | None = None,
                   payer_id: str | None = None) -> CoverageFacts:
    auth = response.authorization_required
    msgs = response.prior_auth_messages
    if auth is None and msgs:
        auth = True
    return CoverageFacts(answered_on, patient_id, payer_id, response.member_id, response.coverage_active,
                         response.plan, response.deductible_remaining, response.out_of_pocket_remaining, auth,
                         tuple(msgs), tuple(response.rejections), response.trace_number, response.plan_begin)


def read_coverage(source: str | Path, *, answered_on: date, patients_by_trace: Mapping[str, str] | None = None,
                  payer_id: str | None = None) -> list[CoverageFacts]:
    """Coverage facts from a 271 file; ``patients_by_trace`` maps our 270 trace numbers to patient ids."""
    out = []
    for r in read_271(source):
        pid = (patients_by_trace or {}).get(r.trace_number or "")
        out.append(coverage_facts(r, answered_on=answered_on, patient_id=pid, payer_id=payer_id))
    return out


def latest(facts: Iterable[CoverageFacts], patient_id: str, payer_id: str | None = None) -> CoverageFacts | None:
    """The newest answer for a patient (and payer)."""
    rows = [f for f in facts if f.patient_id == patient_id and (payer_id is None or f.payer_id == payer_id)]
    return max(rows, key=lambda f: f.answered_on, default=None)


__all__ = ["CoverageFacts", "DEFAULT_SERVICE_TYPES", "coverage_facts", "inquiry", "latest", "read_coverage",
           "write_inquiries"]
