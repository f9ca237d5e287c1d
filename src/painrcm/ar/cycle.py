"""The AR follow-up cycle and the touches that record it.

Day 15: status check (a 276 claim status request); day 30: inquiry (phone or portal);
day 60: escalation (payer representative / provider relations); day 90+: final determination
(appeal, rebill or write off with approval). High-value claims (RFA, SCS, multi-procedure
sessions) escalate at day 30. Every touch is recorded: who, when, channel, reference number,
outcome, next action and its date; the latest touch's next date decides when the claim is due.

>>> from datetime import date
>>> step_for(10, False).name, step_for(20, False).name, step_for(45, False).name, step_for(45, True).name
('wait', 'status_check', 'inquiry', 'escalation')
>>> f = next_follow_up(date(2026, 3, 1), date(2026, 3, 20), ())
>>> f.step, f.due, f.is_due
('status_check', datetime.date(2026, 3, 16), True)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Iterable

from painrcm.errors import InputError

CHANNELS = ("phone", "portal", "edi_276", "edi_277", "fax", "mail", "email", "other")


@dataclass(frozen=True, slots=True)
class Step:
    name: str
    day: int
    what: str


WAIT = Step("wait", 0, "no follow-up before day 15")
STATUS_CHECK = Step("status_check", 15, "send a 276 claim status request")
INQUIRY = Step("inquiry", 30, "call the payer or check the portal; record the reference number")
ESCALATION = Step("escalation", 60, "escalate to the payer representative / provider relations")
FINAL = Step("final_determination", 90, "decide: appeal, rebill, or write off with approval")
STEPS = (STATUS_CHECK, INQUIRY, ESCALATION, FINAL)
HIGH_VALUE_ESCALATION_DAY = 30


def step_for(age_days: int, high_value: bool) -> Step:
    """The cycle step a claim of this age has reached (high-value claims escalate at day 30)."""
    if age_days >= FINAL.day:
        return FINAL
    if age_days >= ESCALATION.day or (high_value and age_days >= HIGH_VALUE_ESCALATION_DAY):
        return Step(ESCALATION.name, HIGH_VALUE_ESCALATION_DAY if high_value else ESCALATION.day, ESCALATION.what)
    if age_days >= INQUIRY.day:
        return INQUIRY
    if age_days >= STATUS_CHECK.day:
        return STATUS_CHECK
    return WAIT


@dataclass(frozen=True, slots=True)
class Touch:
    """One follow-up action on a claim. No patient data in ``note``."""

    claim_id: str
    at: datetime
    who: str
    channel: str
    outcome: str
    reference: str | None = None
    next_action: str | None = None
    next_date: date | None = None
    note: str | None = None
    status: str | None = None       # the payer's claim status when the touch learned it (e.g. from a 277)

    def __post_init__(self) -> None:
        if self.channel not in CHANNELS:
            raise InputError(f"unknown channel {self.channel!r}; one of {', '.join(CHANNELS)}", field="channel")
        if not self.outcome.strip():
            raise InputError("a touch needs an outcome", field="outcome")
        if not self.who.strip():
            raise InputError("a touch needs who made it", field="who")

    def to_json(self) -> dict:
        return {"claim_id": self.claim_id, "at": self.at.isoformat(), "who": self.who, "channel": self.channel,
                "reference": self.reference, "outcome": self.outcome, "next_action": self.next_action,
                "next_date": self.next_date.isoformat() if self.next_date else None, "note": self.note,
                "status": self.status}


@dataclass(frozen=True, slots=True)
class FollowUp:
    step: str
    due: date
    reason: str
    is_due: bool
    escalated: bool = False


def next_follow_up(billed_on: date, as_of: date, touches: Iterable[Touch], *, high_value: bool = False) -> FollowUp:
    """When and what the next follow-up is: the last touch's next action, else the cycle step."""
    last = max(touches, key=lambda t: t.at, default=None)
    age = (as_of - billed_on).days
    step = step_for(age, high_value)
    escalated = step.name == ESCALATION.name and high_value and age < ESCALATION.day
    if last is not None and last.next_date is not None:
        action = last.next_action or step.name
        return FollowUp(action, last.next_date, f"set by the {last.channel} touch of {last.at.date().isoformat()}"
                        + (f" (ref {last.reference})" if last.reference else ""), last.next_date <= as_of, escalated)
    if step is WAIT:
        due = billed_on + timedelta(days=STATUS_CHECK.day)
        return FollowUp(STATUS_CHECK.name, due, f"day {STATUS_CHECK.day}: {STATUS_CHECK.what}", False)
    due = billed_on + timedelta(days=step.day)
    if last is not None and last.at.date() >= due:
        # this step was already worked; the next step's day is due
        later = [s for s in STEPS if s.day > step.day]
        if later:
            nxt = later[0]
            due = billed_on + timedelta(days=nxt.day)
            return FollowUp(nxt.name, due, f"day {nxt.day}: {nxt.what}", due <= as_of)
        due = last.at.date() + timedelta(days=30)
    reason = f"day {step.day}: {step.what}" + (" (high-value claim escalated at day 30)" if escalated else "")
    return FollowUp(step.name, due, reason, due <= as_of, escalated)


__all__ = ["CHANNELS", "Step", "STEPS", "WAIT", "STATUS_CHECK", "INQUIRY", "ESCALATION", "FINAL", "step_for",
           "Touch", "FollowUp", "next_follow_up", "HIGH_VALUE_ESCALATION_DAY"]
