"""Provider checks: the right NPI on every claim, and incident-to only when it is allowed.

Two questions per service:

1. **NPIs**: the billing (group) and rendering NPIs pass the check digit, and the rendering
   provider is actively enrolled with the payer on the date of service (``PayerEnrollment`` from
   the credentialing data; the billing NPI too when the data lists it).
2. **Incident-to**: a service *performed* by a nurse practitioner or physician assistant may be
   billed under a physician's NPI only when the payer allows incident-to billing and every
   condition holds (CMS Medicare Benefit Policy Manual ch. 15 s. 60; 42 CFR 410.26):

   - office setting (place of service 11),
   - an established patient, seen for an established problem: the physician started the plan of
     care at an earlier visit (**a new patient or a new problem fails**),
   - direct supervision: the supervising physician is on site (in the office suite) during the visit.

   Otherwise the NP/PA bills under their own NPI (Medicare pays 85 % of the fee schedule).

Which payers allow incident-to is not in the payer policy schema yet: by default Medicare and
Medicare Advantage allow it and commercial, Medicaid and workers' comp payers do not
(``INCIDENT_TO_PLAN_TYPES``); ``incident_to_allowed`` overrides it per call.

>>> f = ServiceFacts(service_date=date(2026, 3, 2), place_of_service="11", payer_id="medicare",
...                  plan_type="medicare", billing_npi="1990000014", rendering_npi="1990001020",
...                  rendering_credential="MD", performed_by_npi="1990003042", performer_credential="NP",
...                  supervisor_on_site=True, new_patient=False, new_problem=True, plan_of_care_established=True)
>>> [i.kind for i in check_provider_billing(f)]
['incident_to_conditions']
>>> incident_to_failures(f)
('a new problem (the physician must see it first)',)
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Iterable, Mapping, Sequence

from painrcm.auth.model import Credential, CredentialKind, EnrollmentStatus, PayerEnrollment
from painrcm.domain.npi import is_valid_npi
from painrcm.domain.parties import Encounter, PlanType, Provider, VisitType

PHYSICIAN_CREDENTIALS = frozenset({"MD", "DO"})
NPP_CREDENTIALS = frozenset({"NP", "PA", "PA-C", "APRN", "FNP", "CNS", "CRNA"})
INCIDENT_TO_PLAN_TYPES = frozenset({PlanType.MEDICARE.value, PlanType.MEDICARE_ADVANTAGE.value})
OFFICE_POS = "11"
#: credentials without which a provider may not bill (a lapsed license or malpractice policy)
BILLING_CREDENTIALS = frozenset({CredentialKind.STATE_LICENSE, CredentialKind.MALPRACTICE})
ERROR = "error"
WARNING = "warning"


def is_physician(credential: str | None) -> bool:
    return (credential or "").upper() in PHYSICIAN_CREDENTIALS


def is_npp(credential: str | None) -> bool:
    """A non-physician practitioner who may bill under their own NPI or incident-to."""
    return (credential or "").upper() in NPP_CREDENTIALS


def payer_allows_incident_to(plan_type: str | PlanType | None) -> bool:
    """The default: Medicare and Medicare Advantage yes, others no.

    >>> payer_allows_incident_to("medicare_advantage"), payer_allows_incident_to(PlanType.COMMERCIAL)
    (True, False)
    """
    value = plan_type.value if isinstance(plan_type, PlanType) else (plan_type or "")
    return value.replace("-", "_") in INCIDENT_TO_PLAN_TYPES


@dataclass(frozen=True, slots=True)
class ServiceFacts:
    """Who did a service and how it is being billed: what the provider checks read.

    ``rendering_npi`` is the NPI the claim bills as rendering; ``performed_by_npi`` is who actually
    saw the patient (the note's author). ``supervisor_on_site`` None means unknown (fails
    incident-to: direct supervision must be shown).
    """

    service_date: date
    place_of_service: str
    payer_id: str
    plan_type: str | None
    billing_npi: str | None
    rendering_npi: str | None
    rendering_credential: str | None = None
    performed_by_npi: str | None = None
    performer_credential: str | None = None
    supervising_npi: str | None = None
    supervisor_on_site: bool | None = None
    new_patient: bool = False
    new_problem: bool = False
    plan_of_care_established: bool = True

    @property
    def billed_incident_to(self) -> bool:
        """An NP/PA's service billed under a physician's NPI."""
        return (self.performed_by_npi is not None and self.rendering_npi is not None
                and self.performed_by_npi != self.rendering_npi
                and is_npp(self.performer_credential) and is_physician(self.rendering_credential))


@dataclass(frozen=True, slots=True)
class ProviderIssue:
    kind: str  # npi_invalid | not_enrolled | credential_expired | incident_to_not_allowed | incident_to_conditions
    severity: str
    message: str
    fix: str

    def to_dict(self) -> dict:
        return {"kind": self.kind, "severity": self.severity, "message": self.message, "fix": self.fix}


def _a(credential: str | None) -> str:
    word = (credential or "NPP").upper()
    return ("An " if word[0] in "AEFHILMNORSX" else "A ") + word


def incident_to_failures(f: ServiceFacts) -> tuple[str, ...]:
    """The incident-to conditions a service fails (empty: all hold)."""
    out = []
    if str(f.place_of_service).zfill(2) != OFFICE_POS:
        out.append(f"not in the office (place of service {f.place_of_service}, incident-to needs 11)")
    if f.new_patient:
        out.append("a new patient (the physician must see a new patient)")
    elif f.new_problem:
        out.append("a new problem (the physician must see it first)")
    elif not f.plan_of_care_established:
        out.append("no plan of care established by the physician at an earlier visit")
    if f.supervisor_on_site is not True:
        out.append("no supervising physician shown on site" if f.supervisor_on_site is None
                   else "the supervising physician was not on site")
    return tuple(out)


def _enrollment_issue(npi: str, role: str, f: ServiceFacts,
                      enrollments: Sequence[PayerEnrollment]) -> ProviderIssue | None:
    rows = [e for e in enrollments if e.provider_npi == npi and e.payer_id == f.payer_id]
    if any(e.active_on(f.service_date) for e in rows):
        return None
    if not rows:
        why = "has no enrollment on file with"
    elif any(e.status is EnrollmentStatus.PENDING for e in rows):
        why = "has a pending enrollment with"
    else:
        why = "is not actively enrolled on the date of service with"
    return ProviderIssue("not_enrolled", ERROR, f"The {role} provider (NPI {npi}) {why} {f.payer_id}.",
                         "Hold the claim until the enrollment is active.")


def _credential_issues(npi: str, f: ServiceFacts, credentials: Sequence[Credential]) -> list[ProviderIssue]:
    latest: dict[CredentialKind, Credential] = {}
    for c in credentials:
        if c.provider_npi == npi and c.kind in BILLING_CREDENTIALS:
            if c.kind not in latest or c.expires_on > latest[c.kind].expires_on:
                latest[c.kind] = c
    return [ProviderIssue("credential_expired", ERROR,
                          f"The rendering provider's {c.kind.value.replace('_', ' ')} expired on "
                          f"{c.expires_on.isoformat()}, before the date of service.",
                          "Renew it and update the payer before billing under this NPI.")
            for kind, c in sorted(latest.items(), key=lambda kv: kv[0].value) if c.expires_on < f.service_date]


def check_provider_billing(f: ServiceFacts, *, enrollments: Sequence[PayerEnrollment] | None = None,
                           credentials: Sequence[Credential] | None = None,
                           incident_to_allowed: bool | None = None) -> tuple[ProviderIssue, ...]:
    """Every provider problem of one service (empty: the right provider is on the claim).

    ``enrollments`` / ``credentials`` None: those checks are skipped (no credentialing data).
    """
    out: list[ProviderIssue] = []
    for role, npi in (("billing", f.billing_npi), ("rendering", f.rendering_npi)):
        if not npi:
            out.append(ProviderIssue("npi_invalid", ERROR, f"The {role} NPI is missing.",
                                     f"Enter the {role} provider's NPI."))
        elif not is_valid_npi(npi):
            out.append(ProviderIssue("npi_invalid", ERROR, f"The {role} NPI {npi} fails the check digit.",
                                     f"Correct the {role} NPI."))
    if enrollments is not None and f.rendering_npi and is_valid_npi(f.rendering_npi):
        issue = _enrollment_issue(f.rendering_npi, "rendering", f, enrollments)
        if issue:
            out.append(issue)
        if f.billing_npi and any(e.provider_npi == f.billing_npi for e in enrollments):
            issue = _enrollment_issue(f.billing_npi, "billing", f, enrollments)
            if issue:
                out.append(issue)
    if credentials is not None and f.rendering_npi:
        out.extend(_credential_issues(f.rendering_npi, f, credentials))
    if f.billed_incident_to:
        allowed = payer_allows_incident_to(f.plan_type) if incident_to_allowed is None else incident_to_allowed
        own = f"Bill under the {f.performer_credential}'s own NPI ({f.performed_by_npi})."
        if not allowed:
            out.append(ProviderIssue(
                "incident_to_not_allowed", ERROR,
                f"{_a(f.performer_credential)} service is billed under physician NPI {f.rendering_npi}, but "
                f"{f.payer_id} does not accept incident-to billing.", own))
        else:
            failed = incident_to_failures(f)
            if failed:
                out.append(ProviderIssue(
                    "incident_to_conditions", ERROR,
                    f"{_a(f.performer_credential)} service is billed incident-to under physician NPI "
                    f"{f.rendering_npi}, but it is " + "; ".join(failed) + ".", own))
    return tuple(out)


# ----------------------------------------------------------------------------- facts from the schedule

def physicians_on_site(appointments: Iterable, providers: Mapping[str, Provider]) -> dict[tuple[date, str], set[str]]:
    """(date, site) -> NPIs of physicians seeing patients there that day (arrived/completed visits).

    The site is the appointment's ``location`` name, else its place of service.
    """
    out: dict[tuple[date, str], set[str]] = {}
    for a in appointments:
        p = providers.get(a.provider_npi)
        if p is None or not p.is_physician or not a.status.seen:
            continue
        out.setdefault((a.date_of_service, a.location or a.place_of_service), set()).add(a.provider_npi)
    return out


def first_physician_visit(encounters: Iterable[Encounter], providers: Mapping[str, Provider]) -> dict[str, date]:
    """Patient id -> the date a physician of the practice first saw the patient."""
    out: dict[str, date] = {}
    for e in encounters:
        author = next((n.author_npi for n in e.notes if n.author_npi), None) or e.rendering_npi
        p = providers.get(author)
        if p is not None and p.is_physician:
            if e.patient_id not in out or e.date_of_service < out[e.patient_id]:
                out[e.patient_id] = e.date_of_service
    return out


def service_facts_for(encounter: Encounter, *, providers: Mapping[str, Provider], billing_npi: str | None,
                      plan_type: str | None, appointment=None,
                      on_site: Mapping[tuple[date, str], set[str]] | None = None,
                      first_physician: Mapping[str, date] | None = None) -> ServiceFacts:
    """The facts of an encounter: performer = the note's author (else the rendering provider)."""
    performer = next((n.author_npi for n in encounter.notes if n.author_npi), None) or encounter.rendering_npi
    rendering = providers.get(encounter.rendering_npi)
    perf = providers.get(performer)
    supervising = encounter.supervising_npi or (appointment.supervising_npi if appointment else None)
    if (supervising is None and rendering is not None and rendering.is_physician
            and performer != encounter.rendering_npi):
        supervising = encounter.rendering_npi
    present = None
    if on_site is not None and supervising:
        site = (appointment.location or appointment.place_of_service) if appointment else encounter.place_of_service
        present = supervising in on_site.get((encounter.date_of_service, site), set())
    new_patient = encounter.visit_type is VisitType.NEW or (
        appointment is not None and appointment.visit_type is VisitType.NEW)
    first = (first_physician or {}).get(encounter.patient_id)
    return ServiceFacts(
        service_date=encounter.date_of_service, place_of_service=encounter.place_of_service,
        payer_id=encounter.payer_id, plan_type=plan_type, billing_npi=billing_npi,
        rendering_npi=encounter.rendering_npi, rendering_credential=rendering.credential if rendering else None,
        performed_by_npi=performer, performer_credential=perf.credential if perf else None,
        supervising_npi=supervising, supervisor_on_site=present, new_patient=new_patient,
        new_problem=bool(appointment is not None and appointment.new_problem),
        plan_of_care_established=first is not None and first < encounter.date_of_service)


def with_service_facts(claim, facts: ServiceFacts):
    """The claim with its service facts attached (``claim.extra["service_facts"]``) for the scrubber's
    PROVIDER_BILLING edit. Returns a new claim; the original is untouched."""
    return replace(claim, extra={**claim.extra, "service_facts": facts})


def as_incident_to(f: ServiceFacts, physician: Provider) -> ServiceFacts:
    """The same service billed under a physician's NPI (what-if for charge entry)."""
    return replace(f, rendering_npi=physician.npi, rendering_credential=physician.credential)


__all__ = ["ServiceFacts", "ProviderIssue", "check_provider_billing", "incident_to_failures",
           "payer_allows_incident_to", "physicians_on_site", "first_physician_visit", "service_facts_for",
           "as_incident_to", "with_service_facts", "is_physician", "is_npp", "INCIDENT_TO_PLAN_TYPES"]
