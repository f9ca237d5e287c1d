"""Prior authorization: AUTH_MISSING, AUTH_INVALID, SCS_PERMANENT_AUTH.

Sources: the payer file's prior-auth rules (families/codes by place of service, state and
dates: OPPS prior authorization and the WISeR model for ``medicare``); seeds 001/003 (auth
number on every procedure that needs one; an expired auth is no auth; the SCS permanent implant
needs its own authorization, the trial auth does not cover it).
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date, timedelta

from painrcm.auth.model import Authorization, AuthStatus
from painrcm.claims.model import Claim
from painrcm.scrub.codefacts import facts
from painrcm.scrub.context import ScrubContext, note_family_matches
from painrcm.scrub.findings import ERROR, WARNING, Finding
from painrcm.scrub.view import ClaimView, LineView

_SIDE = {"left": "L", "right": "R", "bilateral": "B", "l": "L", "r": "R", "b": "B"}
_PERMANENT = "63685"


_REQUIRES: dict[tuple, bool] = {}


def _requires(policy, code: str, pos: str, state: str | None, day: date) -> bool:
    key = (id(policy), code, pos, state, day)
    found = _REQUIRES.get(key)
    if found is None:
        if len(_REQUIRES) > 200_000:
            _REQUIRES.clear()
        found = _REQUIRES[key] = policy.requires_prior_auth(code, pos, state, day)
    return found


def _state(view: ClaimView, ctx: ScrubContext) -> str | None:
    if ctx.state:
        return ctx.state
    for party in (view.claim.service_facility, view.claim.billing_provider):
        if party is not None and party.address is not None:
            return party.address.state
    return None


def _covers_code(auth: Authorization, lv: LineView) -> bool:
    if auth.codes:
        return lv.code in auth.codes or any(p in auth.codes for p in lv.f.primaries)
    if auth.family:
        return auth.family in lv.f.families or auth.family == lv.f.family
    return True


def _set_auth(number: str):
    def fix(claim: Claim) -> Claim:
        return dataclasses.replace(claim, prior_authorization=number)
    return fix


_LEVEL = re.compile(r"^([CTLS])(\d{1,2})(?:-([CTLS])?(\d{1,2}))?$")


def _level(label: str) -> str:
    """'L4-L5', 'l4-5', 'L4 - 5' -> 'L4-5'; 'L5-S1' stays."""
    text = label.replace(" ", "").upper()
    m = _LEVEL.match(text)
    if not m:
        return text
    first, n1, second, n2 = m.groups()
    if n2 is None:
        return f"{first}{n1}"
    return f"{first}{n1}-{'' if second in (None, first) else second}{n2}"


def _used_before(auth: Authorization, lv: LineView, view: ClaimView, ctx: ScrubContext) -> int:
    """Visits of the authorized service before this claim, counted from the patient's history (the auth
    file's ``units_used`` is a snapshot that may already include this claim)."""
    family = auth.family if auth.family in lv.f.families else lv.f.family
    if auth.codes:
        family = facts(auth.codes[0]).family or family
    if not family:
        return auth.units_used
    days = set()
    end = lv.day - timedelta(days=1)
    for region in ("cervical_thoracic", "lumbar_sacral", ""):
        for s in ctx.history.sessions(view.key, family, region, auth.start_date, end):
            if s.claim_id != view.claim_id:
                days.add(s.day)
    return len(days)


def _problems(auth: Authorization, lv: LineView, view: ClaimView, ctx: ScrubContext) -> list[str]:
    out = []
    if auth.status not in (AuthStatus.APPROVED,):
        out.append(f"its status is {auth.status.value}")
    if not auth.covers_date(lv.day):
        out.append(f"it runs {auth.start_date.isoformat()} to {auth.end_date.isoformat()}")
    if not _covers_code(auth, lv):
        what = ", ".join(auth.codes) if auth.codes else auth.family
        out.append(f"it covers {what}, not {lv.code}")
    if auth.units is not None and ctx.history.has_patient(view.key) and \
            _used_before(auth, lv, view, ctx) >= auth.units:
        out.append(f"all {auth.units} approved units/visits were used by earlier claims")
    if auth.region and lv.f.region:
        group = ctx.policy.counting_region(auth.region)
        if group and group != lv.f.region:
            out.append(f"it is for the {auth.region} region")
    if auth.side:
        want = _SIDE.get(auth.side.lower())
        side = view.side_of(lv.code)
        if want and side and want != "B" and side != want:
            out.append(f"it is for the {auth.side} side")
    if auth.levels and ctx.note is not None:
        note_levels = {_level(lvl) for p in ctx.note.procedures if note_family_matches(p.family, lv.f.family)
                       for _, lvl in p.levels}
        approved = {_level(lvl) for lvl in auth.levels}
        if note_levels and not note_levels <= approved:
            out.append(f"it approves levels {', '.join(auth.levels)}")
    if auth.place_of_service and auth.place_of_service != view.pos:
        out.append(f"it is for place of service {auth.place_of_service}")
    return out


def check_auth(view: ClaimView, ctx: ScrubContext, out: list[Finding]) -> None:
    policy = ctx.policy
    state = _state(view, ctx)
    claim = view.claim
    reported: set[str] = set()
    for lv in view.lines:
        if not lv.f.families or lv.code in reported:
            continue
        if not _requires(policy, lv.code, view.pos, state, lv.day):
            continue
        if lv.f.is_addon and any(p in view.codes for p in lv.f.primaries):
            continue  # judged with its primary
        reported.add(lv.code)
        number = lv.line.authorization_number or claim.prior_authorization
        if ctx.authorizations is None:
            if not number:
                out.append(Finding(
                    "AUTH_MISSING", ERROR, (lv.n,),
                    f"{lv.code} needs prior authorization from this payer and the claim carries no "
                    "authorization number.", "Add the authorization number (REF*G1), or get the authorization "
                    "(retro-authorization if the payer allows it)."))
            continue
        candidates = ctx.authorizations.for_claim(claim)
        auth = ctx.authorizations.by_number(number) if number else None
        if auth is None:
            matching = [a for a in candidates if _covers_code(a, lv)]
            if _PERMANENT in view.codes:  # an implant claim: the permanent-implant auth first
                matching.sort(key=lambda a: not _is_permanent(a))
            good = [a for a in matching if not _problems(a, lv, view, ctx)]
            auth = (good or matching or [None])[0]
            if auth is not None and not number and not _problems(auth, lv, view, ctx):
                out.append(Finding(
                    "AUTH_MISSING", ERROR, (lv.n,),
                    f"{lv.code} needs prior authorization; an approved authorization is on file but its "
                    "number is not on the claim.", f"Put authorization {auth.number} on the claim (REF*G1).",
                    _set_auth(auth.number)))
                continue
        if auth is None:
            if number:
                out.append(Finding(
                    "AUTH_INVALID", WARNING, (lv.n,),
                    f"The authorization number on the claim for {lv.code} is not in the authorizations on file.",
                    "Check the number with the payer portal and add the authorization to the tracker."))
            else:
                out.append(Finding(
                    "AUTH_MISSING", ERROR, (lv.n,),
                    f"{lv.code} needs prior authorization from this payer and none is on file or on the claim.",
                    "Get the authorization before submitting (retro-authorization if the payer allows it)."))
            continue
        problems = _problems(auth, lv, view, ctx)
        if not problems and auth.units is not None and not ctx.history.has_patient(view.key) \
                and auth.units_used >= auth.units:
            out.append(Finding(
                "AUTH_INVALID", WARNING, (lv.n,),
                f"Authorization {auth.number} shows all {auth.units} approved units/visits used.",
                "Confirm this visit is one of them; otherwise request more visits before submitting."))
        if problems:
            out.append(Finding(
                "AUTH_INVALID", ERROR, (lv.n,),
                f"Authorization {auth.number} does not cover {lv.code}: {'; '.join(problems)}.",
                "Get a new or amended authorization (or retro-authorization) that covers the service."))


def _is_permanent(auth: Authorization) -> bool:
    return getattr(auth, "purpose", None) == "scs_permanent" or _PERMANENT in auth.codes


def _is_trial(auth: Authorization) -> bool:
    purpose = getattr(auth, "purpose", None)
    if purpose:
        return purpose == "scs_trial"
    return bool({"63650", "63655"} & set(auth.codes)) and _PERMANENT not in auth.codes


def check_scs_permanent(view: ClaimView, ctx: ScrubContext, out: list[Finding]) -> None:
    lines = view.by_code.get(_PERMANENT)
    if not lines or not ctx.policy.scs.separate_trial_and_implant_auth or ctx.authorizations is None:
        return
    lv = lines[0]
    claim = view.claim
    number = lv.line.authorization_number or claim.prior_authorization
    auth = ctx.authorizations.by_number(number) if number else None
    needed = _requires(ctx.policy, _PERMANENT, view.pos, _state(view, ctx), lv.day)
    if auth is not None and _is_trial(auth):
        out.append(Finding(
            "SCS_PERMANENT_AUTH", ERROR if needed else WARNING, (lv.n,),
            f"Authorization {auth.number} on the 63685 claim is the SCS trial authorization; the permanent "
            "implant needs its own.",
            "Put the permanent-implant authorization on the claim (request it with the documented trial result)."))
        return
    if auth is not None or not needed:
        return
    patient_auths = ctx.authorizations.for_claim(claim)
    if any(_is_permanent(a) for a in patient_auths):
        return  # AUTH_MISSING / AUTH_INVALID say what to do with it
    trial = any(_is_trial(a) for a in patient_auths)
    out.append(Finding(
        "SCS_PERMANENT_AUTH", ERROR, (lv.n,),
        "63685 (permanent generator) has no permanent-implant authorization on file"
        + (" (only the trial authorization)" if trial else "") + ".",
        "Request the permanent-implant authorization with the documented trial result."))
