"""The appointment schedule: the appointment model and its import from CSV and FHIR R4.

An appointment is what the front desk booked: a patient, a provider, a date and time, a place
of service and a status (scheduled, arrived, completed, no-show, cancelled). Charge
reconciliation (``painrcm.claims.reconcile``) checks that every arrived or completed appointment
ends up with charges.

**Dates are local to the practice.** ``Appointment.date_of_service`` is the date in the
practice's time zone (``Practice.time_zone``): a 23:30 appointment in New York is on its New York
date, even though it is the next day in UTC. A CSV ``date``/``time`` is read as practice-local
wall time; a time with a UTC offset (``2026-03-03T04:30:00Z``) and every FHIR ``start`` instant are
converted to the practice zone before the date is taken.

**CSV columns** (header names are case-insensitive; ``*`` required)::

    id                  appointment id (default: derived from date, time, patient, provider)
    date *              YYYY-MM-DD or MM/DD/YYYY (practice-local)
    time                HH:MM (24 h) or HH:MM AM/PM, local; or an ISO time/datetime with offset
    patient *           patient id (the practice's id, e.g. the EHR account number)
    provider *          rendering provider NPI (or a provider id of the roster passed in)
    place_of_service *  two-digit CMS POS code (11 office, 22 hospital outpatient, 24 ASC ...)
    location            the site name (optional; same name = same site for supervision checks)
    visit_type *        new | established | procedure | new_problem (an established patient
                        seen for a new problem)
    status *            scheduled | arrived | completed | no-show | cancelled
    payer               payer id (optional)
    encounter           encounter id the visit was documented under (optional)
    reason              documented reason for no charges: no_charge | global_period | research
    supervising_provider  NPI of the supervising physician (optional, for incident-to)

FHIR R4 bundles (``Appointment``/``Encounter``) are read by ``painrcm.claims.schedule_fhir``
(``read_schedule_fhir`` here delegates to it).

**Bad rows** are reported with their row number (the header is row 1) and field, and the
good rows are kept (``ScheduleImport.errors`` / ``.appointments``); the CLI saves the good
rows unless ``--strict``. A file that cannot be read at all (missing required column, not
CSV/JSON, not a FHIR Bundle) raises ``InputError`` and nothing is imported.

>>> text = "date,time,patient,provider,place_of_service,visit_type,status\\n"
>>> text += "2026-03-02,23:30,P1,1000000012,11,established,completed\\n"
>>> text += "2026-03-02,25:00,P2,1000000012,11,established,completed\\n"
>>> result = read_schedule_csv(text, practice_id="riverside", time_zone="America/New_York")
>>> [a.date_of_service.isoformat() for a in result.appointments]
['2026-03-02']
>>> [str(e) for e in result.errors]
['row 3, field time: not a time (HH:MM)']
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from painrcm.domain.npi import is_valid_npi
from painrcm.domain.parties import Provider, VisitType
from painrcm.errors import InputError
from painrcm.reference.pos import place_of_service


class AppointmentStatus(str, Enum):
    SCHEDULED = "scheduled"
    ARRIVED = "arrived"
    COMPLETED = "completed"
    NO_SHOW = "no-show"
    CANCELLED = "cancelled"

    @property
    def seen(self) -> bool:
        """The patient was seen (arrived or completed): charges are expected."""
        return self in (AppointmentStatus.ARRIVED, AppointmentStatus.COMPLETED)


#: Documented reasons a seen appointment has no charges.
NO_CHARGE_REASONS = frozenset({"no_charge", "global_period", "research"})


@dataclass(frozen=True, slots=True)
class Appointment:
    """One booked visit. ``date_of_service`` is the practice-local date (see module docstring)."""

    id: str
    practice_id: str
    patient_id: str
    provider_npi: str
    date_of_service: date
    place_of_service: str
    visit_type: VisitType
    status: AppointmentStatus
    start: datetime | None = None  # aware (UTC) when the time is known
    location: str | None = None
    payer_id: str | None = None
    encounter_id: str | None = None
    no_charge_reason: str | None = None  # one of NO_CHARGE_REASONS
    new_problem: bool = False  # established patient seen for a new problem
    supervising_npi: str | None = None


@dataclass(frozen=True, slots=True)
class RowError:
    """A bad row: its number (header = row 1; FHIR: entry number), the field and why."""

    row: int
    field: str | None
    message: str

    def __str__(self) -> str:
        return f"row {self.row}" + (f", field {self.field}" if self.field else "") + f": {self.message}"


@dataclass(frozen=True, slots=True)
class ScheduleImport:
    appointments: tuple[Appointment, ...]
    errors: tuple[RowError, ...]
    rows: int  # data rows (or FHIR resources) read

    @property
    def ok(self) -> bool:
        return not self.errors


class _Bad(Exception):
    def __init__(self, field: str | None, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


@lru_cache(maxsize=64)
def practice_zone(time_zone: str) -> ZoneInfo:
    """The practice's zone; an unknown name is an ``InputError``.

    >>> practice_zone("America/Chicago").key
    'America/Chicago'
    """
    try:
        return ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(f"unknown time zone {time_zone!r}", field="time_zone") from None


def local_date(instant: datetime, time_zone: str) -> date:
    """The practice-local date of an instant (a naive datetime is already local).

    >>> local_date(datetime(2026, 3, 3, 4, 30, tzinfo=timezone.utc), "America/New_York")
    datetime.date(2026, 3, 2)
    """
    if instant.tzinfo is None:
        return instant.date()
    return instant.astimezone(practice_zone(time_zone)).date()


# ----------------------------------------------------------------------------- field parsers

_STATUS_WORDS = {
    "scheduled": AppointmentStatus.SCHEDULED, "booked": AppointmentStatus.SCHEDULED,
    "confirmed": AppointmentStatus.SCHEDULED, "arrived": AppointmentStatus.ARRIVED,
    "checked-in": AppointmentStatus.ARRIVED, "checked in": AppointmentStatus.ARRIVED,
    "completed": AppointmentStatus.COMPLETED, "complete": AppointmentStatus.COMPLETED,
    "checked-out": AppointmentStatus.COMPLETED, "no-show": AppointmentStatus.NO_SHOW,
    "no show": AppointmentStatus.NO_SHOW, "noshow": AppointmentStatus.NO_SHOW,
    "cancelled": AppointmentStatus.CANCELLED, "canceled": AppointmentStatus.CANCELLED,
}
_VISIT_WORDS = {"new": (VisitType.NEW, False), "new patient": (VisitType.NEW, False),
                "established": (VisitType.ESTABLISHED, False), "follow-up": (VisitType.ESTABLISHED, False),
                "followup": (VisitType.ESTABLISHED, False), "procedure": (VisitType.PROCEDURE, False),
                "new_problem": (VisitType.ESTABLISHED, True), "new problem": (VisitType.ESTABLISHED, True)}


def parse_status(text: str) -> AppointmentStatus:
    """``"Checked In"`` -> ARRIVED; unknown words raise.

    >>> parse_status("No Show").value
    'no-show'
    """
    found = _STATUS_WORDS.get(text.strip().lower().replace("_", "-"))
    if found is None:
        found = _STATUS_WORDS.get(text.strip().lower().replace("_", " "))
    if found is None:
        raise _Bad("status", "must be scheduled, arrived, completed, no-show or cancelled")
    return found


def parse_visit_type(text: str) -> tuple[VisitType, bool]:
    found = _VISIT_WORDS.get(text.strip().lower().replace("-", " ").replace("  ", " ")) or \
        _VISIT_WORDS.get(text.strip().lower())
    if found is None:
        raise _Bad("visit_type", "must be new, established, procedure or new_problem")
    return found


def parse_date(text: str) -> date:
    """``2026-03-02`` or ``03/02/2026``.

    >>> parse_date("3/2/2026")
    datetime.date(2026, 3, 2)
    """
    text = text.strip()
    try:
        if "/" in text:
            m, d, y = text.split("/")
            return date(int(y), int(m), int(d))
        return date.fromisoformat(text)
    except (ValueError, OverflowError):  # OverflowError: a number too large for a C int
        raise _Bad("date", "not a date (YYYY-MM-DD or MM/DD/YYYY)") from None


def _parse_clock(text: str) -> time:
    t = text.strip().upper()
    suffix = None
    for s in ("AM", "PM"):
        if t.endswith(s):
            suffix, t = s, t[:-2].strip()
    parts = t.split(":")
    if len(parts) not in (2, 3) or not all(p.isdigit() for p in parts):
        raise ValueError(text)
    hour, minute = int(parts[0]), int(parts[1])
    second = int(parts[2]) if len(parts) == 3 else 0
    if suffix:
        if not 1 <= hour <= 12:
            raise ValueError(text)
        hour = hour % 12 + (12 if suffix == "PM" else 0)
    return time(hour, minute, second)


def local_start(day_text: str, time_text: str, time_zone: str) -> tuple[date, datetime | None]:
    """Practice-local date and the UTC start from a CSV date and time.

    A time with an offset (or a full ISO datetime) is an instant: converted to the practice zone
    and its local date wins over the ``date`` column.

    >>> local_start("2026-03-02", "11:30 PM", "America/New_York")
    (datetime.date(2026, 3, 2), datetime.datetime(2026, 3, 3, 4, 30, tzinfo=datetime.timezone.utc))
    >>> local_start("2026-03-03", "2026-03-03T04:30:00Z", "America/New_York")[0]
    datetime.date(2026, 3, 2)
    """
    zone = practice_zone(time_zone)
    text = time_text.strip()
    if not text:
        return parse_date(day_text), None
    if "T" in text or text.endswith("Z") or "+" in text or "-" in text:
        try:
            full = "T" in text or (" " in text and text.count("-") >= 2)  # a whole ISO datetime
            instant = datetime.fromisoformat(text.replace("Z", "+00:00")) if full else \
                datetime.combine(parse_date(day_text), time.fromisoformat(text.replace("Z", "+00:00")))
        except ValueError:
            raise _Bad("time", "not a time (HH:MM or ISO 8601 with offset)") from None
        if instant.tzinfo is None:
            instant = instant.replace(tzinfo=zone)
        return instant.astimezone(zone).date(), instant.astimezone(timezone.utc)
    day = parse_date(day_text)
    try:
        clock = _parse_clock(text)
    except (ValueError, OverflowError):  # OverflowError: "0555...5:20"
        raise _Bad("time", "not a time (HH:MM)") from None
    wall = datetime.combine(day, clock, tzinfo=zone)
    return day, wall.astimezone(timezone.utc)


def _pos(text: str) -> str:
    code = text.strip()
    if code.isdigit() and len(code) <= 2:
        code = code.zfill(2)
    if not code.isdigit() or place_of_service(code) is None:
        raise _Bad("place_of_service", "not a CMS place of service code (e.g. 11, 22, 24)")
    return code


def resolve_provider(text: str, roster: Mapping[str, str]) -> str:
    """An NPI from an NPI or a roster key (provider id or last name, lower case)."""
    value = text.strip()
    if value.isdigit():
        if not is_valid_npi(value):
            raise _Bad("provider", "NPI check digit is wrong")
        return value
    npi = roster.get(value.lower())
    if npi is None:
        raise _Bad("provider", "not an NPI and not a provider of the practice")
    return npi


def provider_roster(providers: Iterable[Provider]) -> dict[str, str]:
    """Lookup keys (id, NPI, last name; lower case) -> NPI."""
    out: dict[str, str] = {}
    for p in providers:
        out[p.npi] = p.npi
        out[p.last_name.lower()] = p.npi
        if p.id:
            out[p.id.lower()] = p.npi
    return out


def _derived_id(*parts: str) -> str:
    return "appt-" + hashlib.sha1("|".join(parts).encode()).hexdigest()[:12]


# ----------------------------------------------------------------------------- CSV

REQUIRED_COLUMNS = ("date", "patient", "provider", "place_of_service", "visit_type", "status")
_ALIASES = {"pos": "place_of_service", "place of service": "place_of_service", "visit type": "visit_type",
            "appointment_id": "id", "appointment id": "id", "provider_npi": "provider",
            "patient_id": "patient", "payer_id": "payer", "encounter_id": "encounter",
            "no_charge_reason": "reason", "supervising_npi": "supervising_provider"}


def _header(name: str) -> str:
    key = name.strip().lower()
    return _ALIASES.get(key, key.replace(" ", "_"))


def _appointment_from_row(row: dict[str, str], practice_id: str, time_zone: str,
                          roster: Mapping[str, str]) -> Appointment:
    for col in REQUIRED_COLUMNS:
        if not row.get(col, "").strip():
            raise _Bad(col, "is empty")
    day, start = local_start(row["date"], row.get("time", ""), time_zone)
    provider = resolve_provider(row["provider"], roster)
    pos = _pos(row["place_of_service"])
    visit_type, new_problem = parse_visit_type(row["visit_type"])
    status = parse_status(row["status"])
    reason = row.get("reason", "").strip().lower().replace(" ", "_") or None
    if reason is not None and reason not in NO_CHARGE_REASONS:
        raise _Bad("reason", "must be no_charge, global_period or research")
    supervising = row.get("supervising_provider", "").strip()
    sup_npi = resolve_provider(supervising, roster) if supervising else None
    patient = row["patient"].strip()
    appt_id = row.get("id", "").strip() or _derived_id(
        day.isoformat(), start.isoformat() if start else "", patient, provider)
    return Appointment(
        id=appt_id, practice_id=practice_id, patient_id=patient, provider_npi=provider,
        date_of_service=day, place_of_service=pos, visit_type=visit_type, status=status, start=start,
        location=row.get("location", "").strip() or None, payer_id=row.get("payer", "").strip() or None,
        encounter_id=row.get("encounter", "").strip() or None, no_charge_reason=reason,
        new_problem=new_problem, supervising_npi=sup_npi)


def read_schedule_csv(text: str, *, practice_id: str, time_zone: str = "America/New_York",
                      providers: Iterable[Provider] = (), file: str = "<schedule>") -> ScheduleImport:
    """Parse a schedule CSV export: good rows become appointments, bad rows ``RowError``s.

    Raises ``InputError`` (nothing imported) when the header lacks a required column.
    A repeated appointment id is an error on the later row.
    """
    practice_zone(time_zone)
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = next(reader)
    except StopIteration:
        raise InputError("the file is empty", file=file) from None
    except csv.Error as exc:
        raise InputError(f"not a CSV file ({exc})", file=file, location="row 1") from None
    names = [_header(h) for h in header]
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        raise InputError(f"missing column(s) {', '.join(missing)} (need {', '.join(REQUIRED_COLUMNS)})",
                         file=file, location="row 1")
    roster = provider_roster(providers)
    out: list[Appointment] = []
    errors: list[RowError] = []
    seen: set[str] = set()
    n = 1
    rows = 0
    try:
        for n, values in enumerate(reader, start=2):
            if not any(v.strip() for v in values):
                continue
            rows += 1
            if len(values) != len(names):
                errors.append(RowError(n, None, f"has {len(values)} fields, the header has {len(names)}"))
                continue
            try:
                appt = _appointment_from_row(dict(zip(names, values)), practice_id, time_zone, roster)
            except _Bad as bad:
                errors.append(RowError(n, bad.field, bad.message))
                continue
            if appt.id in seen:
                errors.append(RowError(n, "id", "the same appointment appears on an earlier row"))
                continue
            seen.add(appt.id)
            out.append(appt)
    except csv.Error as exc:
        raise InputError(f"not a CSV file ({exc})", file=file, location=f"row {n + 1}") from None
    return ScheduleImport(tuple(out), tuple(errors), rows)


def read_schedule_fhir(data: str | dict, *, practice_id: str, time_zone: str = "America/New_York",
                       providers: Iterable[Provider] = (), file: str = "<bundle>") -> ScheduleImport:
    """Appointments from a FHIR R4 Bundle (see ``painrcm.claims.schedule_fhir``)."""
    from painrcm.claims.schedule_fhir import read_bundle

    return read_bundle(data, practice_id=practice_id, time_zone=time_zone, providers=providers, file=file)


def read_schedule_file(path: str | Path, *, practice_id: str, time_zone: str = "America/New_York",
                       providers: Iterable[Provider] = ()) -> ScheduleImport:
    """A schedule file by its content: a JSON FHIR Bundle, else CSV."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError("file not found", file=str(path)) from None
    except UnicodeDecodeError:
        raise InputError("not a UTF-8 text file", file=str(path)) from None
    if text.lstrip().startswith("{"):
        return read_schedule_fhir(text, practice_id=practice_id, time_zone=time_zone,
                                  providers=providers, file=str(path))
    return read_schedule_csv(text, practice_id=practice_id, time_zone=time_zone, providers=providers,
                             file=str(path))


__all__ = ["Appointment", "AppointmentStatus", "NO_CHARGE_REASONS", "RowError", "ScheduleImport",
           "read_schedule_csv", "read_schedule_fhir", "read_schedule_file", "local_date", "local_start",
           "practice_zone", "provider_roster", "parse_status", "parse_date"]
