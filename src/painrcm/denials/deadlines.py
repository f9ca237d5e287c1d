"""Deadline arithmetic for denials and AR: each window from the payer's policy file.

Windows are calendar days (as payers count them): timely filing from the date of service,
appeal / peer-to-peer / corrected claim from the decision date (the 835's payment date),
retro-authorization from the date of service. A deadline carries the sentence that explains
it, so a biller can check it against the payer's manual.

>>> from datetime import date
>>> d = appeal_deadline(date(2026, 3, 2), Windows())
>>> d.due, d.basis
(datetime.date(2026, 6, 30), 'decision 2026-03-02 + 120 days (appeal_days)')
>>> d.days_left(date(2026, 6, 20)), d.expired(date(2026, 7, 1))
(10, True)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from painrcm.errors import NotFound


@dataclass(frozen=True, slots=True)
class Windows:
    """The payer's windows in days (defaults: the policy schema's defaults)."""

    payer_id: str = ""
    timely_filing_days: int = 365
    appeal_days: int = 120
    second_level_appeal_days: int | None = None
    peer_to_peer_days: int = 30
    corrected_claim_days: int | None = None
    retro_auth_window_days: int = 30
    from_policy: bool = False
    plan_type: str = ""           # medicare | medicare_advantage | commercial ... (policy plan_type)


@cache
def windows_for(payer_id: str) -> Windows:
    """The windows of a payer's policy file, or the defaults when the payer has none.

    >>> windows_for("medicare").appeal_days, windows_for("no-such-payer").from_policy
    (120, False)
    """
    from painrcm.policy import load_policy

    try:
        p = load_policy(payer_id)
    except NotFound:
        return Windows(payer_id)
    d = p.deadlines
    return Windows(payer_id, d.timely_filing_days, d.appeal_days, d.second_level_appeal_days, d.peer_to_peer_days,
                   d.corrected_claim_days, p.prior_auth.retro_auth_window_days, True,
                   getattr(p.plan_type, "value", str(p.plan_type)))


@dataclass(frozen=True, slots=True)
class Deadline:
    name: str           # timely_filing | appeal | second_level_appeal | peer_to_peer | corrected_claim | retro_auth
    due: date
    basis: str

    def days_left(self, as_of: date) -> int:
        return (self.due - as_of).days

    def expired(self, as_of: date) -> bool:
        return as_of > self.due

    def to_json(self, as_of: date | None = None) -> dict:
        out = {"name": self.name, "due": self.due.isoformat(), "basis": self.basis}
        if as_of is not None:
            out["days_left"] = self.days_left(as_of)
        return out


def _after(name: str, start: date, days: int, what: str, key: str) -> Deadline:
    return Deadline(name, start + timedelta(days=days), f"{what} {start.isoformat()} + {days} days ({key})")


def timely_filing_deadline(service_date: date, w: Windows) -> Deadline:
    """Last day to file the claim (date of service + timely_filing_days)."""
    return _after("timely_filing", service_date, w.timely_filing_days, "date of service", "timely_filing_days")


def appeal_deadline(decision_date: date, w: Windows) -> Deadline:
    return _after("appeal", decision_date, w.appeal_days, "decision", "appeal_days")


def second_level_deadline(first_decision_date: date, w: Windows) -> Deadline | None:
    if w.second_level_appeal_days is None:
        return None
    return _after("second_level_appeal", first_decision_date, w.second_level_appeal_days, "first-level decision",
                  "second_level_appeal_days")


def peer_to_peer_deadline(decision_date: date, w: Windows) -> Deadline:
    return _after("peer_to_peer", decision_date, w.peer_to_peer_days, "decision", "peer_to_peer_days")


def retro_auth_deadline(service_date: date, w: Windows) -> Deadline:
    return _after("retro_auth", service_date, w.retro_auth_window_days, "date of service", "retro_auth_window_days")


def corrected_claim_deadline(service_date: date, decision_date: date, w: Windows) -> Deadline:
    """``corrected_claim_days`` from the decision when the payer sets it, else timely filing.

    >>> from datetime import date
    >>> corrected_claim_deadline(date(2026, 1, 5), date(2026, 2, 1), Windows(timely_filing_days=90)).due
    datetime.date(2026, 4, 5)
    """
    if w.corrected_claim_days is not None:
        return _after("corrected_claim", decision_date, w.corrected_claim_days, "decision", "corrected_claim_days")
    d = timely_filing_deadline(service_date, w)
    return Deadline("corrected_claim", d.due, d.basis + "; no corrected_claim_days: timely filing applies")


__all__ = ["Windows", "windows_for", "Deadline", "timely_filing_deadline", "appeal_deadline",
           "second_level_deadline", "peer_to_peer_deadline", "retro_auth_deadline", "corrected_claim_deadline"]
