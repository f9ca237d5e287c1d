"""Claim-level administration: TIMELY_FILING, PROVIDER_NOT_ENROLLED, CREDENTIAL_EXPIRED,
DELETED_CODE, DUPLICATE_CLAIM, MISSING_REQUIRED_FIELD, SCS_DEVICE_CODE.

Sources: the payer file's timely filing days (Medicare: one calendar year, 42 CFR 424.44);
seed 003 (no claim for a provider not enrolled with the payer; credential expiration tracking;
timely filing); the reference code table's effective/termination dates (95973 deleted
2018-12-31, C1607 from 2026-01-01); X12 837P 005010X222A1 required elements; the payer file's
device-code places of service (C-codes on facility/ASC claims only).
"""

from __future__ import annotations

import re
from datetime import timedelta
from functools import lru_cache

from painrcm.auth.model import CredentialKind, EnrollmentStatus
from painrcm.domain.npi import is_valid_npi as _is_valid_npi
from painrcm.scrub import fixes
from painrcm.scrub.context import ScrubContext
from painrcm.scrub.findings import ERROR, WARNING, Finding
from painrcm.scrub.memo import ask
from painrcm.scrub.view import ClaimView

_CODE = re.compile(r"^(\d{4}[0-9FTU]|[A-Z]\d{4})$")
_POS = re.compile(r"^\d{2}$")
_BLOCKING_CREDENTIALS = {CredentialKind.STATE_LICENSE, CredentialKind.DEA, CredentialKind.MALPRACTICE}
_REPLACEMENTS = {"95973": "95972 (complex programming; no time add-on since 2019)",
                 "76005": "77003 (or nothing: imaging is included in most spine injection codes)",
                 "0213T": "", "64999": ""}
GENERATORS = frozenset({"C1607", "C1767", "C1820", "C1827", "L8679", "L8680", "L8685", "L8686", "L8687", "L8688"})
LEADS = frozenset({"C1778", "C1897"})
DEVICE_CODES = GENERATORS | LEADS
_TIMELY_WARNING_DAYS = 30


@lru_cache(maxsize=65536)
def is_valid_npi(npi: str | None) -> bool:
    return _is_valid_npi(npi)


def check_timely_filing(view: ClaimView, ctx: ScrubContext, out: list[Finding]) -> None:
    d = ctx.policy.deadlines
    days = d.timely_filing_days
    if view.claim.frequency_code in ("7", "8") and d.corrected_claim_days:
        days = d.corrected_claim_days
    first = min(lv.day for lv in view.lines)
    deadline = first + timedelta(days=days)
    left = (deadline - ctx.as_of).days
    if left < 0:
        out.append(Finding(
            "TIMELY_FILING", ERROR, (),
            f"The filing limit ({days} days from the date of service) passed on {deadline.isoformat()}.",
            "Do not submit as a new claim: look for proof of timely filing or write the balance off per policy."))
    elif left <= _TIMELY_WARNING_DAYS:
        out.append(Finding(
            "TIMELY_FILING", WARNING, (),
            f"{left} days left before the filing limit ({deadline.isoformat()}).",
            "Submit this claim first."))


def _provider_npis(view: ClaimView) -> list[str]:
    claim = view.claim
    party = claim.rendering_provider or claim.billing_provider
    return [party.npi] if party and party.npi else []


def check_enrollment(view: ClaimView, ctx: ScrubContext, out: list[Finding]) -> None:
    if ctx.enrollments is None:
        return
    claim = view.claim
    payer_keys = {claim.payer_id, ctx.policy.id, claim.x12_payer_id}
    for npi in _provider_npis(view):
        rows = [e for e in ctx.enrollments if e.provider_npi == npi and e.payer_id in payer_keys]
        if any(e.active_on(view.dos) for e in rows):
            continue
        if not rows:
            why = "has no enrollment on file with this payer"
        elif any(e.status is EnrollmentStatus.PENDING for e in rows):
            why = "has an enrollment still pending with this payer"
        elif any(e.status is EnrollmentStatus.ACTIVE for e in rows):
            why = "is enrolled with this payer, but not on the date of service"
        else:
            why = "is not actively enrolled with this payer (terminated or denied)"
        out.append(Finding(
            "PROVIDER_NOT_ENROLLED", ERROR, (),
            f"The rendering provider (NPI {npi}) {why}.",
            "Hold the claim until enrollment is active (or bill under an enrolled provider if that is "
            "what happened)."))


def check_credentials(view: ClaimView, ctx: ScrubContext, out: list[Finding]) -> None:
    if ctx.credentials is None:
        return
    for npi in _provider_npis(view):
        latest: dict = {}
        for c in ctx.credentials:
            if c.provider_npi == npi and (c.kind not in latest or c.expires_on > latest[c.kind].expires_on):
                latest[c.kind] = c
        for kind, c in sorted(latest.items(), key=lambda kv: kv[0].value):
            if c.expires_on < view.dos:
                out.append(Finding(
                    "CREDENTIAL_EXPIRED", ERROR if kind in _BLOCKING_CREDENTIALS else WARNING, (),
                    f"The rendering provider's {kind.value.replace('_', ' ')} expired on "
                    f"{c.expires_on.isoformat()}, before the date of service.",
                    "Renew the credential and update it with the payer before submitting."))


def check_deleted_codes(view: ClaimView, ctx: ScrubContext, out: list[Finding]) -> None:
    for lv in view.lines:
        f = lv.f
        if not f.known or f.in_effect(lv.day):
            continue
        if f.effective_to is not None and lv.day > f.effective_to:
            when = f"was deleted after {f.effective_to.isoformat()}"
        else:
            when = f"is only valid from {f.effective_from.isoformat()}" if f.effective_from else "is not valid"
        repl = _REPLACEMENTS.get(lv.code)
        out.append(Finding(
            "DELETED_CODE", ERROR, (lv.n,),
            f"{lv.code} {when}; it is not valid on the date of service.",
            f"Use {repl}." if repl else "Code the service with a code valid on the date of service."))


def check_duplicate(view: ClaimView, ctx: ScrubContext, out: list[Finding]) -> None:
    claim = view.claim
    if claim.frequency_code in ("7", "8"):
        return
    mine = tuple(sorted({(lv.code, tuple(lv.line.modifiers)) for lv in view.lines}))
    for entry in ctx.history.same_day(view.key, view.dos):
        if entry.claim_id == claim.claim_id or entry.frequency_code == "8":
            continue
        if entry.services == mine:
            out.append(Finding(
                "DUPLICATE_CLAIM", ERROR, (),
                f"Claim {entry.claim_id} has the same patient, date of service and services.",
                "Do not submit a second time; check the status of the first claim (send a replacement, "
                "frequency 7, to correct it)."))
            return
        shared = sorted({c for c, _ in set(mine) & set(entry.services) if not c.startswith("99")})
        if shared:
            out.append(Finding(
                "DUPLICATE_CLAIM", WARNING, tuple(lv.n for lv in view.lines if lv.code in shared),
                f"Claim {entry.claim_id} already bills {', '.join(shared)} for this patient on the same date.",
                "Confirm this is a separate service (and mark it with the right modifier) or drop it."))
            return


def check_required_fields(view: ClaimView, ctx: ScrubContext, out: list[Finding]) -> None:
    claim = view.claim
    problems: list[tuple[tuple[int, ...], str]] = []
    bp = claim.billing_provider
    if not is_valid_npi(bp.npi):
        problems.append(((), "billing provider NPI (2010AA NM109) is missing or fails its check digit"))
    if not bp.tax_id or not re.fullmatch(r"\d{9}", bp.tax_id.replace("-", "")):
        problems.append(((), "billing provider tax id (2010AA REF*EI) is missing or not nine digits"))
    if bp.address is None:
        problems.append(((), "billing provider address (2010AA N3/N4) is missing"))
    if claim.rendering_provider is not None and not is_valid_npi(claim.rendering_provider.npi):
        problems.append(((), "rendering provider NPI (2310B NM109) is missing or fails its check digit"))
    if not claim.subscriber.member_id.strip():
        problems.append(((), "subscriber member id (2010BA NM109) is missing"))
    if not claim.subscriber.name.last.strip():
        problems.append(((), "subscriber last name (2010BA NM103) is missing"))
    if claim.patient_birth_date is None:
        problems.append(((), "patient birth date (DMG02) is missing"))
    if claim.patient_sex not in ("F", "M", "U"):
        problems.append(((), "patient sex (DMG03) must be F, M or U"))
    if not (claim.x12_payer_id or "").strip():
        problems.append(((), "payer id (2010BB NM109) is missing"))
    if not claim.claim_id.strip() or len(claim.claim_id) > 38:
        problems.append(((), "claim id (CLM01) is missing or longer than 38 characters"))
    if not _POS.match(claim.place_of_service or ""):
        problems.append(((), "place of service (CLM05-1) must be two digits"))
    if claim.frequency_code in ("7", "8") and not claim.payer_claim_number:
        problems.append(((), "a replacement or void needs the payer claim number (REF*F8)"))
    if claim.service_date > ctx.as_of:
        problems.append(((), "date of service is after the as-of date"))
    for lv in view.lines:
        if not _CODE.match(lv.code):
            problems.append(((lv.n,), "procedure code (SV101-2) is not a CPT/HCPCS code"))
        if lv.line.charge <= 0:
            problems.append(((lv.n,), "line charge (SV102) must be more than zero"))
        if lv.line.units <= 0:
            problems.append(((lv.n,), "units (SV104) must be more than zero"))
        if any(p < 1 or p > len(claim.diagnoses) for p in lv.line.diagnosis_pointers):
            problems.append(((lv.n,), "a diagnosis pointer (SV107) points past the claim's diagnoses"))
    for lines, what in problems:
        out.append(Finding("MISSING_REQUIRED_FIELD", ERROR, lines, f"The {what}.".replace("The a ", "A "),
                           "Correct the field in the charge or registration record and rebuild the claim."))


def check_scs_devices(view: ClaimView, ctx: ScrubContext, out: list[Finding]) -> None:
    devices = [lv for lv in view.lines if lv.code in DEVICE_CODES]
    reported = ask(ctx.policy, "device_codes_reported", view.pos)
    if devices and not reported:
        codes = frozenset(lv.code for lv in devices)
        out.append(Finding(
            "SCS_DEVICE_CODE", ERROR, tuple(lv.n for lv in devices),
            f"Device code(s) {', '.join(sorted(codes))} are not reported by the physician at place of service "
            f"{view.pos} for this payer (the facility bills the device).",
            "Remove the device code(s).", fixes.drop_line_codes(codes)))
        return
    if not reported:
        return
    codes = view.codes
    if "63685" in codes and not codes & GENERATORS:
        out.append(Finding(
            "SCS_DEVICE_CODE", WARNING, tuple(lv.n for lv in view.by_code["63685"]),
            "63685 (generator) is billed without the generator device code this payer wants at this place "
            "of service.", "Add the generator C-code (C1607 integrated device from 2026, C1820 rechargeable, "
                           "C1767 non-rechargeable) from the implant record."))
    if codes & {"63650", "63655"} and "63685" in codes and not codes & LEADS:
        out.append(Finding(
            "SCS_DEVICE_CODE", WARNING, tuple(lv.n for lv in view.lines if lv.code in ("63650", "63655")),
            "Permanent leads are billed without the lead device code (C1778).",
            "Add C1778 per lead from the implant record."))
