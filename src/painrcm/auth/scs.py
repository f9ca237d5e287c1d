"""Spinal cord stimulation: the trial and the permanent implant are separate authorizations.

* The trial auth covers the trial leads (63650, or 63655 paddle); the permanent implant
  (63685 generator, with its permanent leads) needs its own approved auth (payer file
  ``scs.separate_trial_and_implant_auth``; every shipped payer says so).
* When the trial's success is documented (relief >= ``scs.trial_success_relief_pct``, 50 % by
  default), ``permanent_request`` opens the permanent request at once (a draft auth carrying the
  trial result and a link to the trial auth), so the implant is not scheduled on the trial's auth.
* ``permanent_without_auth`` flags every 63685 service without an approved auth of its own.

>>> from painrcm.auth.model import Authorization, AuthStatus
>>> trial = Authorization("T1", "p", "medicare", "pt-1", date(2026, 3, 1), date(2026, 5, 31), codes=("63650",))
>>> outcome = trial_outcome(trial, 65, documented_on=date(2026, 4, 10))
>>> outcome.success, outcome.threshold_pct
(True, 50)
>>> req = permanent_request(outcome)
>>> req.status.value, req.codes, req.related_number
('draft', ('63650', '63685'), 'T1')
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable, Iterable

from painrcm.auth.deadlines import Service, check_service
from painrcm.auth.model import Authorization, AuthStatus
from painrcm.auth.policies import policy_for

TRIAL_CODES = frozenset({"63650", "63655"})
PERMANENT = "63685"
#: A permanent implant request: the permanent percutaneous leads and the generator.
PERMANENT_CODES = ("63650", "63685")
PERMANENT_VALIDITY_DAYS = 90


def is_trial_auth(auth: Authorization) -> bool:
    if auth.purpose:
        return auth.purpose == "scs_trial"
    return bool(set(auth.codes) & TRIAL_CODES) and PERMANENT not in auth.codes


def is_permanent_auth(auth: Authorization) -> bool:
    return auth.purpose == "scs_permanent" or PERMANENT in auth.codes


@dataclass(frozen=True, slots=True)
class TrialOutcome:
    trial: Authorization
    relief_pct: int | None
    documented_on: date
    threshold_pct: int
    functional_gains: str | None = None

    @property
    def success(self) -> bool:
        return self.relief_pct is not None and self.relief_pct >= self.threshold_pct

    @property
    def verdict(self) -> str:
        if self.relief_pct is None:
            return f"Trial relief not documented (payer threshold {self.threshold_pct}%)"
        word = "successful" if self.success else "not successful"
        return f"Trial {word}: {self.relief_pct}% relief (payer threshold {self.threshold_pct}%)"


def trial_outcome(trial: Authorization, relief_pct: int | None, *, documented_on: date,
                  functional_gains: str | None = None, policy_lookup: Callable = policy_for) -> TrialOutcome:
    """The trial's result against the payer's success threshold."""
    threshold = policy_lookup(trial.payer_id).scs.trial_success_relief_pct
    return TrialOutcome(trial, relief_pct, documented_on, threshold, functional_gains)


def permanent_request(outcome: TrialOutcome, *, number: str | None = None,
                      codes: tuple[str, ...] = PERMANENT_CODES) -> Authorization | None:
    """The draft permanent-implant request opened on the day the trial success is documented
    (None when the trial did not succeed)."""
    if not outcome.success:
        return None
    t = outcome.trial
    docs = (f"SCS trial {t.number}: {outcome.verdict}, documented {outcome.documented_on.isoformat()}",)
    if outcome.functional_gains:
        docs += (f"Functional gains: {outcome.functional_gains}",)
    return Authorization(
        number=number or f"{t.number}-PERM", practice_id=t.practice_id, payer_id=t.payer_id, patient_id=t.patient_id,
        start_date=outcome.documented_on, end_date=outcome.documented_on + timedelta(days=PERMANENT_VALIDITY_DAYS),
        status=AuthStatus.DRAFT, codes=codes, family="scs", place_of_service=t.place_of_service, documents=docs,
        purpose="scs_permanent", related_number=t.number)


def open_permanent_requests(trial_results: Iterable[TrialOutcome], auths: Iterable[Authorization]) -> list[Authorization]:
    """Permanent requests for every successful trial that has no permanent auth yet."""
    auths = list(auths)
    out = []
    for outcome in trial_results:
        t = outcome.trial
        has = any(is_permanent_auth(a) and a.patient_id == t.patient_id and a.payer_id == t.payer_id
                  and a.status is not AuthStatus.DENIED for a in auths)
        if not has:
            req = permanent_request(outcome)
            if req is not None:
                out.append(req)
    return out


@dataclass(frozen=True, slots=True)
class ScsFlag:
    service: Service
    message: str


def permanent_without_auth(services: Iterable[Service], auths: Iterable[Authorization]) -> list[ScsFlag]:
    """63685 services without an approved authorization of their own (the trial's does not count)."""
    auths = list(auths)
    out: list[ScsFlag] = []
    for s in services:
        if PERMANENT not in s.codes:
            continue
        own = [a for a in auths if is_permanent_auth(a)]
        check = check_service(Service(s.patient_id, s.payer_id, s.date_of_service, (PERMANENT,),
                                      place_of_service=s.place_of_service, id=s.id), own, needs_auth=True)
        if check.covered_by:
            continue
        trial = [a for a in auths if is_trial_auth(a) and a.patient_id == s.patient_id and a.payer_id == s.payer_id]
        why = "; ".join(check.problems) if check.candidate else "no permanent-implant authorization on file"
        out.append(ScsFlag(s, f"63685 on {s.date_of_service.isoformat()} has no approved permanent-implant "
                              f"authorization ({why})" + (f"; trial auth {trial[0].number} does not cover it"
                                                          if trial else "")))
    return out


__all__ = ["PERMANENT", "PERMANENT_CODES", "ScsFlag", "TRIAL_CODES", "TrialOutcome", "is_permanent_auth",
           "is_trial_auth", "open_permanent_requests", "permanent_request", "permanent_without_auth",
           "trial_outcome"]
