"""Place of service at charge entry: what the setting decides, and appointment-vs-claim mismatches.

The place of service on a professional claim decides three things for a pain practice:

- **pricing**: the PFS facility rate (hospital outpatient 19/22, ASC 24, inpatient 21 ...) or the
  higher non-facility rate (office 11) - ``painrcm.reference.pos.is_facility``;
- **bilateral style**: how the payer wants bilateral work reported there (the payer file's
  ``bilateral`` section, which may differ by place of service);
- **device codes**: whether SCS device C-codes go on the professional claim there (payer file
  ``device_codes``; Medicare: facility/ASC claims only).

A claim whose place of service differs from where the appointment was booked is flagged with
the Medicare difference it makes (an ASC procedure billed as office is overpaid at the
non-facility rate, and recouped on audit; the reverse leaves money on the table).

>>> r = pos_rules("24")
>>> r.setting.value, r.facility_pricing, r.device_codes
('asc', True, True)
>>> pos_rules("11").facility_pricing, pos_rules("11").device_codes
(False, False)
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any, Iterable, Mapping

from painrcm.claims.model import Claim
from painrcm.claims.schedule import Appointment
from painrcm.errors import NotFound
from painrcm.reference import mpfs
from painrcm.reference.pos import is_facility, place_of_service


class Setting(str, Enum):
    OFFICE = "office"
    ASC = "asc"
    HOSPITAL_OUTPATIENT = "hospital_outpatient"
    HOSPITAL_INPATIENT = "hospital_inpatient"
    OTHER = "other"


_SETTINGS = {"11": Setting.OFFICE, "24": Setting.ASC, "19": Setting.HOSPITAL_OUTPATIENT,
             "22": Setting.HOSPITAL_OUTPATIENT, "21": Setting.HOSPITAL_INPATIENT}


def setting_of(pos: str) -> Setting:
    """The kind of setting a place of service is.

    >>> setting_of("22").value
    'hospital_outpatient'
    """
    return _SETTINGS.get(str(pos).strip().zfill(2), Setting.OTHER)


@dataclass(frozen=True, slots=True)
class PosRules:
    place_of_service: str
    name: str
    setting: Setting
    facility_pricing: bool
    bilateral_style: str
    device_codes: bool


def pos_rules(pos: str, policy: Any = None) -> PosRules:
    """What a place of service decides for a payer (``policy`` None: the ``medicare`` profile)."""
    if policy is None:
        from painrcm.policy import load_policy
        policy = load_policy("medicare")
    code = str(pos).strip().zfill(2)
    entry = place_of_service(code)
    if entry is None:
        raise NotFound(f"unknown place of service code {pos!r}", field="place_of_service")
    return PosRules(code, entry.name, setting_of(code), is_facility(code),
                    policy.bilateral_style(code).value, policy.device_codes_reported(code))


def medicare_amount(claim_lines: Iterable, pos: str, locality: str | None) -> Decimal:
    """Medicare fee schedule amount of lines (code, modifiers, units) at a place of service."""
    facility = is_facility(pos)
    total = Decimal("0.00")
    for ln in claim_lines:
        mod = next((m for m in ln.modifiers if m in ("26", "TC", "53")), None)
        try:
            total += mpfs.medicare_allowed(ln.code, mod, locality, facility) * ln.units
        except NotFound:
            continue
    return total.quantize(Decimal("0.01"))


@dataclass(frozen=True, slots=True)
class PosMismatch:
    claim_id: str
    appointment_id: str
    service_date: date
    appointment_pos: str
    claim_pos: str
    medicare_difference: Decimal  # claim's POS amount minus the appointment's POS amount
    message: str

    def to_dict(self) -> dict:
        return {"claim_id": self.claim_id, "appointment_id": self.appointment_id,
                "service_date": self.service_date.isoformat(), "appointment_pos": self.appointment_pos,
                "claim_pos": self.claim_pos, "medicare_difference": str(self.medicare_difference),
                "message": self.message}


def check_pos_mismatches(claims: Iterable[Claim], appointments: Iterable[Appointment], *,
                         encounter_of: Mapping[str, str] | None = None,
                         locality: str | None = None) -> list[PosMismatch]:
    """Claims whose place of service differs from their appointment's.

    A claim finds its appointment through its encounter (``encounter_of``: appointment id ->
    encounter id, from ``reconcile``; or the appointment's own ``encounter_id``), else by patient
    and date of service.
    """
    by_encounter: dict[str, Appointment] = {}
    by_day: dict[tuple[str, date], list[Appointment]] = defaultdict(list)
    enc_map = encounter_of or {}
    for a in appointments:
        enc = a.encounter_id or enc_map.get(a.id)
        if enc:
            by_encounter[enc] = a
        if a.status.seen:
            by_day[(a.patient_id, a.date_of_service)].append(a)
    out = []
    for c in claims:
        appt = by_encounter.get(c.encounter_id) if c.encounter_id else None
        if appt is None:
            same = by_day.get((c.patient_id, c.service_date))
            appt = same[0] if same and len(same) == 1 else None
        if appt is None or appt.place_of_service == c.place_of_service:
            continue
        diff = medicare_amount(c.lines, c.place_of_service, locality) - \
            medicare_amount(c.lines, appt.place_of_service, locality)
        a_name = place_of_service(appt.place_of_service)
        c_name = place_of_service(c.place_of_service)
        out.append(PosMismatch(
            c.claim_id, appt.id, c.service_date, appt.place_of_service, c.place_of_service, diff,
            f"The visit was booked at place of service {appt.place_of_service} "
            f"({a_name.name if a_name else 'unknown'}) but the claim says {c.place_of_service} "
            f"({c_name.name if c_name else 'unknown'}); Medicare difference {diff:+.2f}."))
    return out


__all__ = ["Setting", "setting_of", "PosRules", "pos_rules", "medicare_amount", "PosMismatch",
           "check_pos_mismatches"]
