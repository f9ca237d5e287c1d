"""277 claim status responses -> AR status, next action and a recorded touch.

The EDI stage's ``painrcm.edi.reader_277ca.read_277ca`` reads both the 277CA and the 277
answer to our 276 (subscriber loop HL 22/23, TRN*2 echoing our trace number, which
:mod:`painrcm.ar.x12_276` sets to the claim id). Here each claim's STC category codes become
an AR status, the next action of the follow-up cycle and its date.

>>> from painrcm.edi.reader_277ca import StatusCode
>>> status_from_codes([StatusCode("P3", "21")]).status
'info_requested'
>>> status_from_codes([StatusCode("A7", "562")]).next_action
'corrected_claim'
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Iterable

from painrcm.ar.cycle import Touch

# category prefix -> (status, next action, days until the next action, explanation)
_RULES: tuple[tuple[str, tuple[str, str, int, str]], ...] = (
    ("A3", ("rejected", "corrected_claim", 0, "returned as unprocessable: correct and resubmit")),
    ("A4", ("not_on_file", "resubmit", 0, "payer has no record of the claim: resubmit with proof of filing")),
    ("A6", ("rejected", "corrected_claim", 0, "rejected for missing information: correct and resubmit")),
    ("A7", ("rejected", "corrected_claim", 0, "rejected for invalid information: correct and resubmit")),
    ("A8", ("rejected", "corrected_claim", 0, "rejected for a relational field error: correct and resubmit")),
    ("D0", ("not_on_file", "resubmit", 0, "data search unsuccessful: confirm the claim reached the payer")),
    ("E", ("error", "status_check", 1, "the status request could not be answered: check it and ask again")),
    ("R", ("info_requested", "documentation_request", 0, "the payer requests information")),
    ("P3", ("info_requested", "documentation_request", 0, "pending: the payer waits for provider information")),
    ("P4", ("patient_info_requested", "contact_patient", 0, "pending: the payer waits for patient information")),
    ("P", ("pending", "status_check", 15, "pending in adjudication")),
    ("F1", ("paid", "await_835", 10, "finalized with payment: post the 835")),
    ("F2", ("denied", "await_835", 10, "finalized as a denial: route it when the 835 arrives")),
    ("F4", ("denied", "await_835", 10, "adjudication complete, no payment forthcoming")),
    ("F", ("finalized", "await_835", 10, "finalized: post the 835")),
    ("A", ("in_process", "status_check", 15, "acknowledged / accepted into adjudication")),
)
_PRECEDENCE = ("rejected", "not_on_file", "info_requested", "patient_info_requested", "denied", "paid", "finalized",
               "pending", "in_process", "error")


@dataclass(frozen=True, slots=True)
class StatusUpdate:
    status: str
    next_action: str
    days: int
    reason: str
    codes: tuple[str, ...]


def _rule(category: str) -> tuple[str, str, int, str]:
    for prefix, value in _RULES:
        if category.startswith(prefix):
            return value
    return ("pending", "status_check", 15, f"unknown category {category}")


def status_from_codes(codes: Iterable) -> StatusUpdate:
    """The AR status of one claim from its STC codes (``StatusCode`` objects); the most pressing wins."""
    codes = list(codes)
    found = [_rule(c.category) for c in codes] or [("pending", "status_check", 15, "no status codes")]
    found.sort(key=lambda r: _PRECEDENCE.index(r[0]) if r[0] in _PRECEDENCE else len(_PRECEDENCE))
    status, action, days, reason = found[0]
    return StatusUpdate(status, action, days, reason, tuple(f"{c.category}:{c.code}" for c in codes))


def touches_from_277(reports: Iterable, *, received: date, who: str = "edi") -> list[tuple[Touch, StatusUpdate]]:
    """A recorded touch (channel ``edi_277``) and status update for every claim of the 277 reports."""
    out = []
    at = datetime(received.year, received.month, received.day, tzinfo=timezone.utc)
    for report in reports:
        for ack in report.claims:
            upd = status_from_codes(ack.codes)
            touch = Touch(ack.patient_control_number, at, who, "edi_277",
                          f"{upd.status}: {upd.reason} ({', '.join(upd.codes)})",
                          reference=ack.payer_claim_number or report.control_number, next_action=upd.next_action,
                          next_date=received + timedelta(days=upd.days), status=upd.status)
            out.append((touch, upd))
    return out


__all__ = ["StatusUpdate", "status_from_codes", "touches_from_277"]
