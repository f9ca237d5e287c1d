"""Authorization deadlines: status changes, coverage of a service, renewals, retro-auth windows.

Pure functions of authorizations, services and dates:

* ``transition``: the allowed status changes (draft -> submitted -> approved / denied /
  peer_to_peer; peer_to_peer -> approved / denied; denied -> peer_to_peer or submitted again;
  approved -> expired / used). Anything else is refused with the two statuses named.
* ``coverage_problems``: why an authorization does not cover a scheduled service (status, dates,
  codes, units, side, levels, place of service) - "a service scheduled outside an auth's window
  or units is flagged".
* ``auth_deadlines``: the rolling calendar of every auth's dates: renewal reminder at the payer's
  lead time (``prior_auth.renewal_lead_days``, payer files use 14-21) before the end date, the end
  date itself, the peer-to-peer deadline after a denial (``deadlines.peer_to_peer_days``), and a
  lapsed approved auth (end date passed, units left).
* ``retro_deadlines``: for a service done without an authorization the payer required, the last
  day to ask for retro-authorization (``prior_auth.retro_auth_window_days`` after the service;
  30 by default).

Dates are plain ``datetime.date`` values: nothing here converts time zones, so a deadline never
moves by a day.

>>> from painrcm.auth.model import Authorization
>>> a = Authorization("A1", "p", "medicare", "pt-1", date(2026, 1, 1), date(2026, 3, 31), codes=("64483",))
>>> [(d.kind, d.day.isoformat()) for d in auth_deadlines([a], today=date(2026, 3, 1))]
[('auth_renewal', '2026-03-17'), ('auth_end', '2026-03-31')]
>>> coverage_problems(a, Service("pt-1", "medicare", date(2026, 4, 1), ("64483",)))
['it runs 2026-01-01 to 2026-03-31']
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable, Iterable

from painrcm.auth.model import Authorization, AuthStatus
from painrcm.auth.policies import policy_for
from painrcm.errors import InputError
from painrcm.policy.families import families_of

S = AuthStatus
#: Allowed status changes.
TRANSITIONS: dict[AuthStatus, frozenset[AuthStatus]] = {
    S.DRAFT: frozenset({S.SUBMITTED}),
    S.SUBMITTED: frozenset({S.APPROVED, S.DENIED, S.PEER_TO_PEER}),
    S.PEER_TO_PEER: frozenset({S.APPROVED, S.DENIED}),
    S.DENIED: frozenset({S.PEER_TO_PEER, S.SUBMITTED}),
    S.APPROVED: frozenset({S.EXPIRED, S.USED}),
    S.EXPIRED: frozenset(),
    S.USED: frozenset(),
}
_SIDE = {"left": "L", "right": "R", "bilateral": "B"}


def can_transition(old: AuthStatus, new: AuthStatus) -> bool:
    return new in TRANSITIONS[old]


def transition(auth: Authorization, new: AuthStatus | str, on: date | None = None) -> Authorization:
    """The authorization in its new status (``on`` records the submission or decision date).

    >>> from painrcm.auth.model import Authorization
    >>> a = Authorization("A1", "p", "medicare", "pt-1", date(2026, 1, 1), date(2026, 3, 31), status=S.DRAFT)
    >>> transition(a, "submitted", date(2025, 12, 20)).submitted_on
    datetime.date(2025, 12, 20)
    >>> transition(a, "approved")
    Traceback (most recent call last):
    ...
    painrcm.errors.InputError: authorization A1, field status: cannot go from draft to approved (allowed: submitted)
    """
    try:
        target = AuthStatus(new)
    except ValueError:
        raise InputError(f"unknown status {new!r} (known: {', '.join(s.value for s in AuthStatus)})",
                         location=f"authorization {auth.number}", field="status") from None
    if not can_transition(auth.status, target):
        allowed = ", ".join(sorted(s.value for s in TRANSITIONS[auth.status])) or "none, it is final"
        raise InputError(f"cannot go from {auth.status.value} to {target.value} (allowed: {allowed})",
                         location=f"authorization {auth.number}", field="status")
    changes: dict = {"status": target}
    if target is S.SUBMITTED and on is not None:
        changes["submitted_on"] = on
    if target in (S.APPROVED, S.DENIED) and on is not None:
        changes["decided_on"] = on
    return dataclasses.replace(auth, **changes)


@dataclass(frozen=True, slots=True)
class Service:
    """A scheduled or performed service, as the auth tracker sees it."""

    patient_id: str
    payer_id: str
    date_of_service: date
    codes: tuple[str, ...] = ()
    family: str | None = None
    levels: tuple[str, ...] = ()
    side: str | None = None  # left | right | bilateral
    place_of_service: str | None = None
    state: str | None = None
    units: int = 1  # visits/units this service uses
    id: str | None = None  # encounter or claim id
    authorization_number: str | None = None


def normalize_level(level: str) -> str:
    """'L4-5' and 'L4-L5' are the same level.

    >>> normalize_level("l4-5"), normalize_level("L5-S1"), normalize_level("C7-T1")
    ('L4-L5', 'L5-S1', 'C7-T1')
    """
    lv = level.replace(" ", "").upper()
    if "-" in lv:
        a, b = lv.split("-", 1)
        if b and b[0].isdigit() and a[:1].isalpha():
            b = a[0] + b
        return f"{a}-{b}"
    return lv


#: Codes an authorization never has to list: visits, imaging guidance, drugs, supplies.
NOT_AUTHORIZED_SEPARATELY = frozenset({"em", "em_office", "em_consult", "em_add_on", "imaging_guidance", "drug",
                                       "drug_administration", "device", "cpm", "care_management"})


def _auth_relevant(code: str) -> bool:
    fams = families_of(code)
    return bool(fams) and not NOT_AUTHORIZED_SEPARATELY.intersection(fams)


def covers_codes(auth: Authorization, codes: Iterable[str], family: str | None = None) -> bool:
    """True when the auth's codes (or family) take in the service's codes (or family).

    Visits, imaging guidance, drugs and device supplies on the same claim are not asked about.

    >>> from painrcm.auth.model import Authorization
    >>> a = Authorization("A1", "p", "medicare", "pt-1", date(2026, 1, 1), date(2026, 3, 31), codes=("64483",))
    >>> covers_codes(a, ("64483", "64484", "99213", "J1030")), covers_codes(a, ("64635",))
    (True, False)
    """
    codes = tuple(c.upper() for c in codes if _auth_relevant(c) or c.upper() in auth.codes)
    if auth.codes:
        if codes:
            from painrcm.scrub.codefacts import facts
            return all(c in auth.codes or any(p in auth.codes for p in facts(c).primaries) for c in codes)
        return family is not None and any(family in families_of(c) for c in auth.codes)
    if auth.family:
        if codes:
            return all(auth.family in families_of(c) for c in codes)
        return family is not None and auth.family in families_of(family)
    return True


def coverage_problems(auth: Authorization, service: Service) -> list[str]:
    """Why ``auth`` does not cover ``service`` (empty: it does)."""
    out: list[str] = []
    if auth.status is not S.APPROVED:
        out.append(f"its status is {auth.status.value}")
    if not auth.covers_date(service.date_of_service):
        out.append(f"it runs {auth.start_date.isoformat()} to {auth.end_date.isoformat()}")
    if not covers_codes(auth, service.codes, service.family):
        what = ", ".join(auth.codes) if auth.codes else auth.family
        out.append(f"it covers {what}, not {', '.join(service.codes) or service.family}")
    counted = service.id is not None and service.id in auth.claim_ids  # already in units_used
    if auth.units is not None and auth.units_used + (0 if counted else service.units) > auth.units:
        left = max(0, auth.units - auth.units_used)
        out.append(f"{left} of {auth.units} approved units/visits left")
    if auth.side and service.side:
        want, got = _SIDE.get(auth.side.lower()), _SIDE.get(service.side.lower())
        if want and got and want != "B" and got != want:
            out.append(f"it is for the {auth.side} side")
    if auth.levels and service.levels:
        approved = {normalize_level(x) for x in auth.levels}
        extra = sorted({normalize_level(x) for x in service.levels} - approved)
        if extra:
            out.append(f"it approves levels {', '.join(auth.levels)}, not {', '.join(extra)}")
    if auth.place_of_service and service.place_of_service and \
            auth.place_of_service != str(service.place_of_service).zfill(2):
        out.append(f"it is for place of service {auth.place_of_service}")
    return out


@dataclass(frozen=True, slots=True)
class ServiceCheck:
    """A service against the authorizations on file: which one covers it, or what is wrong."""

    service: Service
    needs_auth: bool
    covered_by: str | None = None
    problems: tuple[str, ...] = ()  # the closest candidate's problems, or "no authorization on file"
    candidate: str | None = None
    retro_deadline: date | None = None  # for a performed service without auth

    @property
    def ok(self) -> bool:
        return not self.needs_auth or self.covered_by is not None


def _candidates(auths: Iterable[Authorization], service: Service) -> list[Authorization]:
    return [a for a in auths if a.patient_id == service.patient_id and a.payer_id == service.payer_id]


def check_service(service: Service, auths: Iterable[Authorization], *, needs_auth: bool | None = None,
                  policy_lookup: Callable = policy_for) -> ServiceCheck:
    """Is ``service`` covered by an authorization on file (and does it need one)?"""
    policy = policy_lookup(service.payer_id)
    if needs_auth is None:
        targets = service.codes or ((service.family,) if service.family else ())
        needs_auth = any(policy.requires_prior_auth(t, service.place_of_service, service.state,
                                                    service.date_of_service) for t in targets)
    cands = _candidates(auths, service)
    if service.authorization_number:
        cands = [a for a in cands if a.number == service.authorization_number] or cands
    scored = sorted(((coverage_problems(a, service), a) for a in cands),
                    key=lambda pa: (len(pa[0]), pa[1].end_date), reverse=False)
    for problems, a in scored:
        if not problems:
            return ServiceCheck(service, needs_auth, covered_by=a.number)
    retro = service.date_of_service + timedelta(days=policy.prior_auth.retro_auth_window_days)
    if scored:
        problems, a = scored[0]
        return ServiceCheck(service, needs_auth, problems=tuple(problems), candidate=a.number,
                            retro_deadline=retro if needs_auth else None)
    return ServiceCheck(service, needs_auth, problems=("no authorization on file",) if needs_auth else (),
                        retro_deadline=retro if needs_auth else None)


def link_services(auths: Iterable[Authorization], services: Iterable[Service]
                  ) -> tuple[list[Authorization], list[Service]]:
    """Link each service to the approved auth that covers it (the one ending first): the auth gets
    the service id in ``claim_ids`` and its units in ``units_used``. Returns the updated auths and
    the services no auth covers. Services already linked are not counted twice.

    >>> from painrcm.auth.model import Authorization
    >>> a = Authorization("A1", "p", "medicare", "pt-1", date(2026, 1, 1), date(2026, 3, 31), units=2)
    >>> s = [Service("pt-1", "medicare", date(2026, 2, d), ("64483",), id=f"C{d}") for d in (1, 2, 3)]
    >>> linked, uncovered = link_services([a], s)
    >>> linked[0].claim_ids, linked[0].units_used, [x.id for x in uncovered]
    (('C1', 'C2'), 2, ['C3'])
    """
    current = {a.number: a for a in auths}
    uncovered: list[Service] = []
    for s in sorted(services, key=lambda s: (s.date_of_service, s.id or "")):
        if s.id and any(s.id in a.claim_ids for a in current.values()):
            continue
        fits = sorted((a for a in current.values() if a.patient_id == s.patient_id and a.payer_id == s.payer_id
                       and not coverage_problems(a, s)), key=lambda a: (a.end_date, a.number))
        if not fits:
            uncovered.append(s)
            continue
        a = fits[0]
        current[a.number] = dataclasses.replace(
            a, claim_ids=a.claim_ids + ((s.id,) if s.id else ()), units_used=a.units_used + s.units)
    return list(current.values()), uncovered


def expire_lapsed(auths: Iterable[Authorization], today: date) -> list[Authorization]:
    """Approved auths past their end date become ``expired`` (the others unchanged)."""
    return [dataclasses.replace(a, status=S.EXPIRED) if a.status is S.APPROVED and a.end_date < today else a
            for a in auths]


@dataclass(frozen=True, slots=True, order=True)
class Deadline:
    """One dated item of the rolling calendar."""

    day: date
    kind: str  # auth_renewal | auth_end | auth_lapsed | peer_to_peer | retro_auth | credential_* | enrollment_end
    reference: str  # auth number, credential "npi kind number", or service id
    title: str
    patient_id: str | None = None
    payer_id: str | None = None
    provider_npi: str | None = None
    overdue: bool = False

    def to_json(self) -> dict:
        return {"day": self.day.isoformat(), "kind": self.kind, "reference": self.reference,
                "title": self.title, "patient_id": self.patient_id, "payer_id": self.payer_id,
                "provider_npi": self.provider_npi, "overdue": self.overdue}


def renewal_date(auth: Authorization, policy_lookup: Callable = policy_for) -> date:
    """The day to start the renewal: the payer's lead time before the end date."""
    lead = policy_lookup(auth.payer_id).prior_auth.renewal_lead_days
    return auth.end_date - timedelta(days=lead)


def auth_deadlines(auths: Iterable[Authorization], *, today: date,
                   policy_lookup: Callable = policy_for) -> list[Deadline]:
    """Every open deadline of the authorizations, by date (past ones marked ``overdue``)."""
    out: list[Deadline] = []
    for a in auths:
        policy = policy_lookup(a.payer_id)
        if a.status is S.APPROVED:
            units_left = a.units is None or a.units_used < a.units
            if a.end_date < today:
                if units_left:
                    out.append(Deadline(a.end_date, "auth_lapsed", a.number,
                                        f"Authorization {a.number} ({a.payer_id}) lapsed on {a.end_date.isoformat()}"
                                        " with units left: renew it or mark it expired", a.patient_id, a.payer_id,
                                        overdue=True))
                continue
            if not units_left:
                continue
            rd = renewal_date(a, policy_lookup)
            out.append(Deadline(rd, "auth_renewal", a.number,
                                f"Renew authorization {a.number} ({a.payer_id}): ends {a.end_date.isoformat()}, "
                                f"payer lead time {policy.prior_auth.renewal_lead_days} days",
                                a.patient_id, a.payer_id, overdue=rd < today))
            out.append(Deadline(a.end_date, "auth_end", a.number,
                                f"Authorization {a.number} ({a.payer_id}) ends", a.patient_id, a.payer_id))
        elif a.status is S.DENIED and a.decided_on is not None:
            p2p = a.decided_on + timedelta(days=policy.deadlines.peer_to_peer_days)
            if p2p >= today - timedelta(days=policy.deadlines.peer_to_peer_days):
                out.append(Deadline(p2p, "peer_to_peer", a.number,
                                    f"Last day for peer-to-peer on denied authorization {a.number} ({a.payer_id})",
                                    a.patient_id, a.payer_id, overdue=p2p < today))
    return sorted(out)


def retro_deadlines(services: Iterable[Service], auths: Iterable[Authorization], *, today: date,
                    policy_lookup: Callable = policy_for) -> list[Deadline]:
    """Retro-authorization windows of performed services that needed an auth and have none."""
    auths = list(auths)
    out: list[Deadline] = []
    for s in services:
        check = check_service(s, auths, policy_lookup=policy_lookup)
        if check.ok or check.retro_deadline is None:
            continue
        ref = s.id or f"{s.patient_id} {s.date_of_service.isoformat()}"
        closed = check.retro_deadline < today
        why = "; ".join(check.problems)
        out.append(Deadline(check.retro_deadline, "retro_auth", ref,
                            (f"Retro-authorization window closed for service {ref}" if closed else
                             f"Request retro-authorization for service {ref}") + f" ({s.payer_id}: {why})",
                            s.patient_id, s.payer_id, overdue=closed))
    return sorted(out)


def within(deadlines: Iterable[Deadline], today: date, days: int, *, overdue_days: int | None = None) -> list[Deadline]:
    """Deadlines from today to ``days`` ahead, and the overdue ones of the last ``overdue_days``
    (default: as many days back as ahead; 0 leaves them out)."""
    end = today + timedelta(days=days)
    back = today - timedelta(days=days if overdue_days is None else overdue_days)
    return [d for d in deadlines if d.day <= end and (d.day >= today or (d.overdue and d.day >= back))]


__all__ = ["Deadline", "Service", "ServiceCheck", "TRANSITIONS", "auth_deadlines", "can_transition",
           "check_service", "coverage_problems", "covers_codes", "expire_lapsed", "link_services", "normalize_level", "renewal_date",
           "retro_deadlines", "transition", "within"]
