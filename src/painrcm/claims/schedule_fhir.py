"""Schedule import from FHIR R4: ``Appointment`` and ``Encounter`` resources in a Bundle.

Hand-mapped from the JSON (after ``fhir.resources.R4B`` validates the bundle) because the
mapping needs resources of the whole bundle at once (Practitioner NPIs, Location place-of-service
codes, the Encounter that answers an Appointment); the library's typed objects would add nothing
but a second walk. Status mapping: Appointment proposed/pending/booked/waitlist -> scheduled,
arrived/checked-in -> arrived, fulfilled -> completed, noshow -> no-show, cancelled and
entered-in-error -> cancelled; Encounter planned -> scheduled, arrived/triaged/in-progress/onleave
-> arrived, finished -> completed. Instants are converted to the practice's zone for the date.

>>> b = {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": {
...     "resourceType": "Appointment", "id": "a1", "status": "fulfilled", "start": "2026-01-10T04:00:00Z",
...     "participant": [{"actor": {"reference": "Patient/p1"}, "status": "accepted"},
...                     {"actor": {"reference": "Practitioner/1000000012"}, "status": "accepted"}]}}]}
>>> r = read_bundle(b, practice_id="P", time_zone="America/Chicago")
>>> [(e.row, e.field) for e in r.errors]
[(1, 'location')]
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timezone
from typing import Any, Iterable, Mapping

from painrcm.claims.schedule import (Appointment, AppointmentStatus, RowError, ScheduleImport, _Bad, _derived_id,
                                     _pos, parse_visit_type, practice_zone, provider_roster, resolve_provider)
from painrcm.domain.parties import Provider, VisitType
from painrcm.errors import InputError

POS_SYSTEM = "https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set"
NPI_SYSTEM = "http://hl7.org/fhir/sid/us-npi"
_FHIR_APPOINTMENT_STATUS = {
    "proposed": AppointmentStatus.SCHEDULED, "pending": AppointmentStatus.SCHEDULED,
    "booked": AppointmentStatus.SCHEDULED, "waitlist": AppointmentStatus.SCHEDULED,
    "arrived": AppointmentStatus.ARRIVED, "checked-in": AppointmentStatus.ARRIVED,
    "fulfilled": AppointmentStatus.COMPLETED, "noshow": AppointmentStatus.NO_SHOW,
    "cancelled": AppointmentStatus.CANCELLED, "entered-in-error": AppointmentStatus.CANCELLED,
}
_FHIR_ENCOUNTER_STATUS = {
    "planned": AppointmentStatus.SCHEDULED, "arrived": AppointmentStatus.ARRIVED,
    "triaged": AppointmentStatus.ARRIVED, "in-progress": AppointmentStatus.ARRIVED,
    "onleave": AppointmentStatus.ARRIVED, "finished": AppointmentStatus.COMPLETED,
    "cancelled": AppointmentStatus.CANCELLED, "entered-in-error": AppointmentStatus.CANCELLED,
}
_FHIR_VISIT = {"followup": "established", "follow-up": "established", "routine": "established",
               "checkup": "established", "walkin": "new", "new": "new", "established": "established",
               "procedure": "procedure", "new_problem": "new_problem", "new-problem": "new_problem"}


def _ref_id(reference: str | None) -> tuple[str, str] | None:
    if not reference or "/" not in reference:
        return None
    kind, _, ident = reference.rpartition("/")
    return kind.rpartition("/")[2], ident


def _codings(concepts: Any) -> list[tuple[str | None, str | None, str | None]]:
    out = []
    for concept in concepts or ():
        for c in concept.get("coding") or ():
            out.append((c.get("system"), c.get("code"), c.get("display")))
        if concept.get("text"):
            out.append((None, None, concept["text"]))
    return out


def _fhir_visit_type(resource: dict) -> tuple[VisitType, bool]:
    concepts = []
    for key in ("appointmentType", "serviceType", "type"):
        value = resource.get(key)
        if isinstance(value, dict):
            concepts.append(value)
        elif isinstance(value, list):
            concepts.extend(value)
    for _, code, display in _codings(concepts):
        for word in (code, display):
            if word and word.strip().lower() in _FHIR_VISIT:
                return parse_visit_type(_FHIR_VISIT[word.strip().lower()])
    return VisitType.ESTABLISHED, False


def _location_pos(ref: tuple[str, str] | None, locations: dict[str, dict]) -> tuple[str | None, str | None]:
    if ref is None:
        return None, None
    loc = locations.get(ref[1])
    if loc is None:
        return None, ref[1]
    for system, code, _ in _codings(loc.get("type") or []):
        if code and (system == POS_SYSTEM or (code.isdigit() and len(code) == 2)):
            return code, loc.get("name") or ref[1]
    return None, loc.get("name") or ref[1]


def _practitioner_npi(ref: tuple[str, str], practitioners: dict[str, dict], roster: Mapping[str, str]) -> str:
    prac = practitioners.get(ref[1])
    if prac is not None:
        for ident in prac.get("identifier") or ():
            if ident.get("system") == NPI_SYSTEM and ident.get("value"):
                return resolve_provider(ident["value"], roster)
    return resolve_provider(ref[1], roster)


def _fhir_appointment(res: dict, practice_id: str, time_zone: str, roster: Mapping[str, str],
                      practitioners: dict, locations: dict) -> Appointment:
    kind = res["resourceType"]
    if kind == "Appointment":
        status = _FHIR_APPOINTMENT_STATUS.get(res.get("status", ""))
        start_text = res.get("start")
        actors = [p.get("actor", {}).get("reference") for p in res.get("participant") or ()]
        encounter_id = None
    else:
        status = _FHIR_ENCOUNTER_STATUS.get(res.get("status", ""))
        start_text = (res.get("period") or {}).get("start")
        actors = [(p.get("individual") or {}).get("reference") for p in res.get("participant") or ()]
        actors.append((res.get("subject") or {}).get("reference"))
        actors.extend((loc.get("location") or {}).get("reference") for loc in res.get("location") or ())
        encounter_id = res.get("id")
    if status is None:
        raise _Bad("status", f"unknown {kind} status {res.get('status')!r}")
    if not start_text:
        raise _Bad("start" if kind == "Appointment" else "period.start", "is missing")
    try:
        instant = datetime.fromisoformat(str(start_text).replace("Z", "+00:00"))
    except ValueError:
        raise _Bad("start", "not an ISO 8601 instant") from None
    zone = practice_zone(time_zone)
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=zone)
    refs = [r for r in (_ref_id(a) for a in actors) if r]
    patient = next((i for k, i in refs if k == "Patient"), None)
    if patient is None:
        raise _Bad("participant", "no Patient participant")
    prac = next(((k, i) for k, i in refs if k == "Practitioner"), None)
    if prac is None:
        raise _Bad("participant", "no Practitioner participant")
    npi = _practitioner_npi(prac, practitioners, roster)
    pos, location = _location_pos(next(((k, i) for k, i in refs if k == "Location"), None), locations)
    if pos is None:
        raise _Bad("location", "no Location with a place of service type code")
    visit_type, new_problem = _fhir_visit_type(res)
    return Appointment(
        id=res.get("id") or _derived_id(instant.isoformat(), patient, npi), practice_id=practice_id,
        patient_id=patient, provider_npi=npi, date_of_service=instant.astimezone(zone).date(),
        place_of_service=_pos(pos), visit_type=visit_type, status=status,
        start=instant.astimezone(timezone.utc), location=location, encounter_id=encounter_id,
        new_problem=new_problem)


def read_bundle(data: str | dict, *, practice_id: str, time_zone: str = "America/New_York",
                       providers: Iterable[Provider] = (), file: str = "<bundle>") -> ScheduleImport:
    """Appointments from a FHIR R4 Bundle of Appointment and/or Encounter resources.

    The bundle is validated with ``fhir.resources.R4B`` (a structurally invalid bundle is an
    ``InputError``, nothing imported); Practitioner (NPI identifier) and Location (place of
    service type code, CMS POS system) resources in the bundle resolve the participants. An
    Encounter that answers an Appointment in the bundle (``Encounter.appointment``) completes
    it (status, encounter id) instead of adding a second visit. ``row`` in errors is the
    1-based entry number.
    """
    from fhir.resources.R4B.bundle import Bundle
    from pydantic import ValidationError

    practice_zone(time_zone)
    if isinstance(data, str):
        try:
            data = json.loads(data)
        except json.JSONDecodeError as exc:
            raise InputError(f"not JSON ({exc.msg})", file=file, location=f"line {exc.lineno}") from None
    if not isinstance(data, dict) or data.get("resourceType") != "Bundle":
        raise InputError("not a FHIR Bundle (resourceType must be Bundle)", file=file)
    try:
        Bundle.model_validate(data)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        raise InputError(f"not a valid FHIR R4 Bundle: {err['msg']}", file=file,
                         location=".".join(str(p) for p in err["loc"]) or None) from None
    entries = [(i, e.get("resource") or {}) for i, e in enumerate(data.get("entry") or (), start=1)]
    practitioners = {r.get("id"): r for _, r in entries if r.get("resourceType") == "Practitioner"}
    locations = {r.get("id"): r for _, r in entries if r.get("resourceType") == "Location"}
    roster = provider_roster(providers)
    out: dict[str, Appointment] = {}
    errors: list[RowError] = []
    rows = 0
    for i, res in entries:
        if res.get("resourceType") not in ("Appointment", "Encounter"):
            continue
        rows += 1
        try:
            appt = _fhir_appointment(res, practice_id, time_zone, roster, practitioners, locations)
        except _Bad as bad:
            errors.append(RowError(i, bad.field, bad.message))
            continue
        answered = [_ref_id(r.get("reference")) for r in res.get("appointment") or ()] \
            if res.get("resourceType") == "Encounter" else []
        target = next((r[1] for r in answered if r and r[1] in out), None)
        if target is not None:
            out[target] = replace(out[target], status=appt.status, encounter_id=appt.encounter_id)
        elif appt.id in out:
            errors.append(RowError(i, "id", "the same appointment appears in an earlier entry"))
        else:
            out[appt.id] = appt
    return ScheduleImport(tuple(out.values()), tuple(errors), rows)


__all__ = ["read_bundle", "POS_SYSTEM", "NPI_SYSTEM"]
