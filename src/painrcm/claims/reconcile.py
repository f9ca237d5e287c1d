"""Charge reconciliation: every patient seen has charges before the timely-filing clock matters.

Pure functions over appointments (``painrcm.claims.schedule``), encounters, the coder's results
and claims. Every **arrived or completed** appointment must end in a claim, or carry a
documented no-charge reason (``no_charge``, ``global_period``, ``research``). Each one that does
not is a :class:`ChargeGap` at the stage where the work stopped:

``no_encounter``    the visit was never documented (no encounter matches the appointment)
``not_signed``      an encounter exists but no note is signed (``ClinicalNote.signed_at``)
``signed_uncoded``  a signed note without coded lines
``coded_unbilled``  coded lines without a claim

The first three are **missing charges** (no coded lines); the last is the coder-to-biller gap.
Each gap carries its age in days (as-of date minus date of service), the payer's timely-filing
date (date of service + the payer file's ``deadlines.timely_filing_days``; 365 when the payer is
unknown) and the days left; the list is sorted by that date, most at risk first.

Matching: an appointment's ``encounter_id`` when given, else the patient's encounter on the
same date (an encounter not yet matched first, the same rendering provider preferred; two visits
of one patient on one day documented in one encounter share it). A claim bills an encounter
through ``Claim.encounter_id``; a claim without one bills the patient's date of service. Voided
claims (frequency 8) bill nothing. Everything is dictionary lookups: 100,000 appointments
reconcile in about 2 s on a shared 2-core machine (benchmarks/bench_charges.py).

**Charge lag** is the days from date of service to charge entry (the claim's creation date),
per rendering provider: count, mean, median, 90th percentile and maximum.

>>> from painrcm.claims.schedule import Appointment, AppointmentStatus
>>> from painrcm.domain.parties import Encounter, VisitType
>>> appt = Appointment("A1", "P", "PT1", "1000000012", date(2026, 3, 2), "11", VisitType.ESTABLISHED,
...                    AppointmentStatus.COMPLETED, payer_id="granite-mutual")
>>> r = reconcile([appt], [], {}, [], as_of=date(2026, 3, 12), filing_days={"granite-mutual": 90})
>>> g = r.missing[0]
>>> g.stage, g.age_days, g.filing_deadline.isoformat(), g.days_left
('no_encounter', 10, '2026-05-31', 80)
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Callable, Iterable, Mapping

from painrcm.claims.model import Claim
from painrcm.claims.schedule import NO_CHARGE_REASONS, Appointment, AppointmentStatus
from painrcm.domain.parties import Encounter

DEFAULT_FILING_DAYS = 365
AT_RISK_DAYS = 30
STAGES = ("no_encounter", "not_signed", "signed_uncoded", "coded_unbilled")
MISSING_STAGES = frozenset(STAGES[:3])
STAGE_TEXT = {
    "no_encounter": "seen, never documented",
    "not_signed": "note not signed",
    "signed_uncoded": "note signed, not coded",
    "coded_unbilled": "coded, no claim",
}


@dataclass(frozen=True, slots=True)
class ChargeGap:
    """One seen appointment without a claim, at the stage where its charge stopped."""

    appointment_id: str
    patient_id: str
    provider_npi: str
    date_of_service: date
    payer_id: str | None
    stage: str
    age_days: int
    filing_deadline: date
    days_left: int
    encounter_id: str | None = None

    @property
    def at_risk(self) -> bool:
        """Fewer than ``AT_RISK_DAYS`` days left to file (or already past)."""
        return self.days_left <= AT_RISK_DAYS

    def to_dict(self) -> dict:
        return {"appointment_id": self.appointment_id, "patient_id": self.patient_id,
                "provider_npi": self.provider_npi, "date_of_service": self.date_of_service.isoformat(),
                "payer_id": self.payer_id, "stage": self.stage, "age_days": self.age_days,
                "filing_deadline": self.filing_deadline.isoformat(), "days_left": self.days_left,
                "at_risk": self.at_risk, "encounter_id": self.encounter_id}


@dataclass(frozen=True)
class Reconciliation:
    """What the schedule-to-charges check found on ``as_of``."""

    as_of: date
    seen: int  # arrived or completed appointments on or before as_of
    billed: int
    exempt: int  # documented no-charge reason
    gaps: tuple[ChargeGap, ...]
    stale_scheduled: tuple[str, ...] = ()  # past appointments still 'scheduled' (status never updated)
    encounter_of: dict[str, str] = field(default_factory=dict, compare=False)  # appointment id -> encounter id

    @property
    def missing(self) -> tuple[ChargeGap, ...]:
        """Seen visits without coded lines (no encounter, unsigned, signed but uncoded)."""
        return tuple(g for g in self.gaps if g.stage in MISSING_STAGES)

    def by_stage(self, stage: str) -> tuple[ChargeGap, ...]:
        return tuple(g for g in self.gaps if g.stage == stage)

    @property
    def signed_uncoded(self) -> tuple[ChargeGap, ...]:
        return self.by_stage("signed_uncoded")

    @property
    def coded_unbilled(self) -> tuple[ChargeGap, ...]:
        return self.by_stage("coded_unbilled")

    def counts(self) -> dict[str, int]:
        out = {s: 0 for s in STAGES}
        for g in self.gaps:
            out[g.stage] += 1
        return out

    def to_dict(self) -> dict:
        return {"as_of": self.as_of.isoformat(), "seen": self.seen, "billed": self.billed,
                "exempt": self.exempt, "counts": self.counts(),
                "stale_scheduled": list(self.stale_scheduled),
                "gaps": [g.to_dict() for g in self.gaps]}


def _line_count(result: Any) -> int:
    """Coded lines in a coder result: an int, a ``painrcm code --json`` dict or an object with ``lines``."""
    if result is None:
        return 0
    if isinstance(result, int):
        return result
    if isinstance(result, Mapping):
        return len(result.get("lines") or ())
    return len(getattr(result, "lines", ()) or ())


def filing_days_from_policies(payer_ids: Iterable[str]) -> dict[str, int]:
    """``deadlines.timely_filing_days`` of each payer's shipped policy file (unknown: skipped)."""
    from painrcm.errors import PainRCMError
    from painrcm.policy import load_policy

    out = {}
    for pid in set(payer_ids):
        try:
            out[pid] = load_policy(pid).deadlines.timely_filing_days
        except PainRCMError:
            continue
    return out


def reconcile(appointments: Iterable[Appointment], encounters: Iterable[Encounter],
              coding: Mapping[str, Any], claims: Iterable[Claim], *, as_of: date,
              filing_days: Mapping[str, int] | Callable[[str | None], int] | None = None) -> Reconciliation:
    """Check every seen appointment up to ``as_of`` against encounters, coding and claims.

    ``coding`` maps encounter id -> the coder's result (or its number of coded lines);
    ``filing_days`` maps payer id -> timely filing days (or is a function of the payer id).
    """
    if callable(filing_days):
        days_for = filing_days
    else:
        table = dict(filing_days or {})

        def days_for(payer_id: str | None) -> int:
            return table.get(payer_id, DEFAULT_FILING_DAYS) if payer_id else DEFAULT_FILING_DAYS

    enc_by_id: dict[str, Encounter] = {}
    enc_by_day: dict[tuple[str, date], list[Encounter]] = defaultdict(list)
    for e in encounters:
        enc_by_id[e.id] = e
        enc_by_day[(e.patient_id, e.date_of_service)].append(e)
    billed_encounters: set[str] = set()
    billed_days: set[tuple[str, date]] = set()
    for c in claims:
        if c.frequency_code == "8":  # a void bills nothing
            continue
        if c.encounter_id:
            billed_encounters.add(c.encounter_id)
        else:  # a claim entered without its encounter: matched by patient and date
            billed_days.add((c.patient_id, c.service_date))

    seen = billed = exempt = 0
    gaps: list[ChargeGap] = []
    stale: list[str] = []
    encounter_of: dict[str, str] = {}
    used: set[str] = set()
    for a in appointments:
        if a.date_of_service > as_of:
            continue
        if a.status is AppointmentStatus.SCHEDULED and a.date_of_service < as_of:
            stale.append(a.id)
            continue
        if not a.status.seen:
            continue
        seen += 1
        enc = enc_by_id.get(a.encounter_id) if a.encounter_id else None
        if enc is None:
            same_day = enc_by_day.get((a.patient_id, a.date_of_service))
            if same_day:
                free = [e for e in same_day if e.id not in used] or same_day
                enc = next((e for e in free if e.rendering_npi == a.provider_npi), free[0])
        if enc is not None:
            used.add(enc.id)
            encounter_of[a.id] = enc.id
        if (enc is not None and enc.id in billed_encounters) or \
                (a.patient_id, a.date_of_service) in billed_days:
            billed += 1
            continue
        if a.no_charge_reason in NO_CHARGE_REASONS:
            exempt += 1
            continue
        if enc is None:
            stage = "no_encounter"
        elif _line_count(coding.get(enc.id)) > 0:
            stage = "coded_unbilled"
        elif any(n.signed_at is not None for n in enc.notes):
            stage = "signed_uncoded"
        else:
            stage = "not_signed"
        payer = a.payer_id or (enc.payer_id if enc is not None else None)
        deadline = a.date_of_service + timedelta(days=days_for(payer))
        gaps.append(ChargeGap(a.id, a.patient_id, a.provider_npi, a.date_of_service, payer, stage,
                              (as_of - a.date_of_service).days, deadline, (deadline - as_of).days,
                              enc.id if enc is not None else None))
    gaps.sort(key=lambda g: (g.filing_deadline, g.date_of_service, g.appointment_id))
    return Reconciliation(as_of, seen, billed, exempt, tuple(gaps), tuple(stale), encounter_of)


# ----------------------------------------------------------------------------- charge lag

@dataclass(frozen=True, slots=True)
class ChargeEvent:
    """One charge entered: who rendered it, its date of service and the date it was entered."""

    provider_npi: str
    date_of_service: date
    entered_on: date

    @property
    def lag_days(self) -> int:
        return max(0, (self.entered_on - self.date_of_service).days)


@dataclass(frozen=True, slots=True)
class LagStats:
    provider_npi: str
    charges: int
    mean_days: float
    median_days: float
    p90_days: int
    max_days: int

    def to_dict(self) -> dict:
        return {"provider_npi": self.provider_npi, "charges": self.charges, "mean_days": self.mean_days,
                "median_days": self.median_days, "p90_days": self.p90_days, "max_days": self.max_days}


def charge_events(claims: Iterable[Claim], entered_on: Mapping[str, date]) -> list[ChargeEvent]:
    """Events from claims and their entry dates (claim id -> date); claims without a date are skipped."""
    out = []
    for c in claims:
        day = entered_on.get(c.claim_id)
        if day is None:
            continue
        party = c.rendering_provider or c.billing_provider
        out.append(ChargeEvent(party.npi or "", c.service_date, day))
    return out


def charge_lag(events: Iterable[ChargeEvent]) -> tuple[LagStats, ...]:
    """Charge lag per rendering provider (worst median first).

    >>> ev = [ChargeEvent("A", date(2026, 3, 2), date(2026, 3, d)) for d in (3, 4, 12)]
    >>> s = charge_lag(ev)[0]
    >>> s.charges, s.median_days, s.max_days, s.mean_days
    (3, 2, 10, 4.33)
    """
    by_provider: dict[str, list[int]] = defaultdict(list)
    for e in events:
        by_provider[e.provider_npi].append(e.lag_days)
    out = []
    for npi, lags in by_provider.items():
        lags.sort()
        p90 = lags[min(len(lags) - 1, max(0, -(-len(lags) * 9 // 10) - 1))]
        out.append(LagStats(npi, len(lags), round(statistics.fmean(lags), 2), statistics.median(lags), p90,
                            lags[-1]))
    out.sort(key=lambda s: (-s.median_days, s.provider_npi))
    return tuple(out)


__all__ = ["ChargeGap", "Reconciliation", "reconcile", "ChargeEvent", "LagStats", "charge_events",
           "charge_lag", "filing_days_from_policies", "STAGES", "STAGE_TEXT", "AT_RISK_DAYS"]
