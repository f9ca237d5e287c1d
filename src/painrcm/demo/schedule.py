"""The demo practice's appointment schedule and its charge-capture faults.

Pure and deterministic. ``demo_schedule(demo)`` books one completed appointment per demo
encounter (linked to it), plus:

- four **completed visits never charged** (no encounter): three in the last three weeks and one
  about 70 days old for a 90-day timely-filing payer, so it is at risk;
- a few no-shows and cancellations (never expected to carry charges);
- one **NP visit that fails incident-to**: an established Medicare patient seen by the nurse
  practitioner for a *new problem*; ``demo_incident_to(demo)`` gives that encounter as charge entry
  billed it, under the supervising physician's NPI, so the provider check and the scrubber's
  PROVIDER_BILLING edit find it.

``demo_charge_overrides()`` sets two charge-master charges below the payers' allowable (pass it to
``painrcm.demo.charges.demo_charge_master(overrides=...)``); the fee schedule check reports them.

>>> from painrcm.demo.generate import generate_practice
>>> d = generate_practice(3, encounters=80)
>>> appts = demo_schedule(d)
>>> sum(1 for a in appts if a.encounter_id is None and a.status.seen)
4
>>> sorted(demo_charge_overrides())
['64483', '99213']
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

from painrcm.claims.schedule import Appointment, AppointmentStatus
from painrcm.domain.parties import Encounter, VisitType

LOCATIONS = {"11": "Riverside Interventional Pain - Millbrook office",
             "24": "Millbrook Surgery Center", "22": "Millbrook General Hospital outpatient"}
NEVER_CHARGED_DAYS_AGO = (2, 6, 13, 70)  # before the last demo date of service


def demo_charge_overrides() -> dict[str, Decimal]:
    """Two charges below the allowable: 64483 and 99213 (both under Medicare at the demo locality)."""
    return {"64483": Decimal("200.00"), "99213": Decimal("75.00")}


def _start(day: date, slot: int, zone: str) -> datetime:
    minutes = 8 * 60 + (slot % 27) * 20  # 08:00 to 16:40 local, 20-minute slots
    local = datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=ZoneInfo(zone))
    return local.astimezone(timezone.utc)


def _incident_to_pick(demo) -> Encounter | None:
    np_ = next((p for p in demo.providers if not p.is_physician), None)
    if np_ is None:
        return None
    for e in demo.encounters:
        if (e.rendering_npi == np_.npi and e.visit_type is VisitType.ESTABLISHED and e.payer_id == "medicare"
                and e.place_of_service == "11"):
            return e
    return None


def demo_incident_to(demo) -> dict[str, Encounter]:
    """Encounter id -> the NP's encounter as charge entry billed it: under the physician's NPI."""
    picked = _incident_to_pick(demo)
    md = next((p for p in demo.providers if p.is_physician), None)
    if picked is None or md is None:
        return {}
    return {picked.id: dataclasses.replace(picked, rendering_npi=md.npi, supervising_npi=md.npi)}


def demo_schedule(demo) -> tuple[Appointment, ...]:
    """The appointment schedule of the demo practice (see the module docstring)."""
    zone = demo.practice.time_zone
    practice_id = demo.practice.id
    picked = _incident_to_pick(demo)
    md = next((p for p in demo.providers if p.is_physician), None)
    out: list[Appointment] = []
    slots: dict[tuple[date, str], int] = {}
    for e in demo.encounters:
        slot = slots[(e.date_of_service, e.rendering_npi)] = slots.get((e.date_of_service, e.rendering_npi), -1) + 1
        is_pick = picked is not None and e.id == picked.id
        out.append(Appointment(
            id=f"appt-{e.id}", practice_id=practice_id, patient_id=e.patient_id, provider_npi=e.rendering_npi,
            date_of_service=e.date_of_service, place_of_service=e.place_of_service, visit_type=e.visit_type,
            status=AppointmentStatus.COMPLETED, start=_start(e.date_of_service, slot, zone),
            location=LOCATIONS.get(e.place_of_service), payer_id=e.payer_id, encounter_id=e.id,
            new_problem=is_pick, supervising_npi=md.npi if is_pick and md else None))
    if not demo.encounters:
        return tuple(out)
    last = max(e.date_of_service for e in demo.encounters)
    primary = {c.patient_id: c.payer_id for c in demo.coverages if c.rank.value == "primary"}
    patients = [p.id for p in demo.patients]
    short_filing = [pid for pid in patients if primary.get(pid) == "granite-mutual"] or patients
    physicians = [p for p in demo.providers if p.is_physician] or list(demo.providers)
    for i, days in enumerate(NEVER_CHARGED_DAYS_AGO):
        day = last - timedelta(days=days)
        while day.weekday() >= 5:
            day -= timedelta(days=1)
        pid = short_filing[0] if days >= 60 else patients[(7 * i + 3) % len(patients)]
        prov = physicians[i % len(physicians)]
        out.append(Appointment(
            id=f"appt-uncharged-{i + 1}", practice_id=practice_id, patient_id=pid, provider_npi=prov.npi,
            date_of_service=day, place_of_service="11", visit_type=VisitType.ESTABLISHED,
            status=AppointmentStatus.COMPLETED, start=_start(day, 26 - i, zone), location=LOCATIONS["11"],
            payer_id=primary.get(pid)))
    for i, status in enumerate((AppointmentStatus.NO_SHOW, AppointmentStatus.CANCELLED, AppointmentStatus.NO_SHOW)):
        day = last - timedelta(days=3 + 5 * i)
        pid = patients[(11 * i + 5) % len(patients)]
        out.append(Appointment(
            id=f"appt-missed-{i + 1}", practice_id=practice_id, patient_id=pid, provider_npi=physicians[0].npi,
            date_of_service=day, place_of_service="11", visit_type=VisitType.ESTABLISHED, status=status,
            start=_start(day, 25, zone), location=LOCATIONS["11"], payer_id=primary.get(pid)))
    out.sort(key=lambda a: (a.date_of_service, a.start or datetime.min.replace(tzinfo=timezone.utc), a.id))
    return tuple(out)


def demo_charge_capture_report(demo, claims, coding, charge_master, *, as_of: date | None = None,
                               contracts=None) -> list[str]:
    """What charge capture finds in the demo, one line per finding, for the demo runner to print.

    ``claims`` are the demo's claims, ``coding`` maps encounter id -> coder result, ``charge_master``
    is the demo's (built with ``demo_charge_overrides()``); ``contracts`` default to the shipped ones.
    """
    from painrcm.claims.fee_schedule_check import check_fee_schedule
    from painrcm.claims.provider_checks import (check_provider_billing, first_physician_visit,
                                                physicians_on_site, service_facts_for)
    from painrcm.claims.reconcile import filing_days_from_policies, reconcile

    appts = demo_schedule(demo)
    billed_as = demo_incident_to(demo)
    encounters = [billed_as.get(e.id, e) for e in demo.encounters]
    day = as_of or max((a.date_of_service for a in appts), default=date.today())
    rec = reconcile(appts, encounters, coding, claims, as_of=day,
                    filing_days=filing_days_from_policies(p.id for p in demo.payers))
    out = [f"charges: {rec.seen} seen visits, {rec.billed} billed, {len(rec.missing)} without charges, "
           f"{len(rec.coded_unbilled)} coded but unbilled"]
    for g in rec.by_stage("no_encounter"):
        out.append(f"  never charged: {g.appointment_id} on {g.date_of_service.isoformat()} "
                   f"({g.age_days} days old, {g.payer_id} timely filing by {g.filing_deadline.isoformat()}, "
                   f"{g.days_left} days left{', AT RISK' if g.at_risk else ''})")
    providers = {p.npi: p for p in demo.providers}
    plan = {p.id: p.plan_type.value for p in demo.payers}
    appt_of = {a.encounter_id: a for a in appts if a.encounter_id}
    on_site = physicians_on_site(appts, providers)
    first = first_physician_visit(encounters, providers)
    for e in encounters:
        if e.id not in billed_as:
            continue
        facts = service_facts_for(e, providers=providers, billing_npi=demo.practice.npi,
                                  plan_type=plan.get(e.payer_id), appointment=appt_of.get(e.id),
                                  on_site=on_site, first_physician=first)
        for issue in check_provider_billing(facts):
            out.append(f"  provider: {e.id}: {issue.message} {issue.fix}")
    if contracts is None:
        from painrcm.remit.contracts import shipped_contracts
        contracts = shipped_contracts()
    fees = check_fee_schedule(charge_master, contracts, claims, as_of=day, locality=demo.practice.mpfs_locality)
    out.append(f"fee schedule: {len(fees.below)} charge(s) below the highest allowable, "
               f"${fees.dollar_effect:,.2f} over the last 12 months")
    for g in fees.below:
        name = g.code + (f"-{g.modifier}" if g.modifier else "")
        out.append(f"  raise {name}: charge ${g.charge:,.2f} < ${g.highest_allowable:,.2f} ({g.source}); "
                   f"{g.volume} units x ${g.gap:,.2f} = ${g.dollar_effect:,.2f}")
    return out


__all__ = ["demo_schedule", "demo_charge_overrides", "demo_incident_to", "demo_charge_capture_report", "LOCATIONS"]
