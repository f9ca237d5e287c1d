"""Diagnoses and medical necessity: DX_INVALID, DX_NOT_SUPPORTING, CONSERVATIVE_TREATMENT.

Sources: ICD-10-CM (April 2026 release via ``painrcm.reference.icd10``: only leaf codes are
billable); the payer file's covered-diagnosis prefixes per family (LCD L39240/L38773 billing
articles for ``medicare``); the payer file's conservative-treatment weeks (LCDs; seed 004
"no conservative treatment documented").
"""

from __future__ import annotations

from functools import lru_cache

from painrcm.scrub.context import ScrubContext
from painrcm.scrub.findings import ERROR, WARNING, Finding
from painrcm.scrub.memo import ask
from painrcm.scrub.view import ClaimView


@lru_cache(maxsize=65536)
def _billable(code: str) -> bool | None:
    try:
        from painrcm.reference import icd10  # noqa: PLC0415
    except ImportError:
        return None
    try:
        return icd10.is_billable(code)
    except Exception:  # noqa: BLE001 - the ICD package missing or broken: no edit
        return None


def _dot(code: str) -> str:
    bare = code.strip().upper().replace(".", "")
    return bare if len(bare) <= 3 else f"{bare[:3]}.{bare[3:]}"


def check_diagnoses(view: ClaimView, ctx: ScrubContext, out: list[Finding]) -> None:
    claim = view.claim
    for i, dx in enumerate(claim.diagnoses, 1):
        ok = _billable(dx)
        if ok is False:
            lines = tuple(lv.n for lv in view.lines if i in lv.line.diagnosis_pointers)
            out.append(Finding(
                "DX_INVALID", ERROR, lines,
                f"Diagnosis {i} ({_dot(dx)}) is not a billable ICD-10-CM code on the date of service "
                "(a category header or an unknown code).",
                "Use the most specific (leaf) code the note supports, e.g. with its last character."))


_SUPPORTS: dict[tuple, bool | None] = {}


def _supports(policy, code: str, dxs: tuple[str, ...]) -> bool | None:
    key = (id(policy), code, dxs)
    found = _SUPPORTS.get(key, _SUPPORTS)
    if found is not _SUPPORTS:
        return found
    answers = [policy.diagnosis_supports(code, _dot(d)) for d in dxs]
    result = None if all(a is None for a in answers) else any(a for a in answers)
    if len(_SUPPORTS) > 200_000:
        _SUPPORTS.clear()
    _SUPPORTS[key] = result
    return result


def check_dx_support(view: ClaimView, ctx: ScrubContext, out: list[Finding]) -> None:
    policy = ctx.policy
    if not policy.covered_diagnoses:
        return
    dxs = view.claim.diagnoses
    reported: set[str] = set()
    for lv in view.lines:
        if lv.f.is_addon or not lv.f.families or lv.code in reported:
            continue
        pointed = tuple(dxs[p - 1] for p in lv.line.diagnosis_pointers if 1 <= p <= len(dxs))
        if not pointed:
            continue
        ok = _supports(policy, lv.code, pointed)
        if ok is False:
            reported.add(lv.code)
            out.append(Finding(
                "DX_NOT_SUPPORTING", ERROR, (lv.n,),
                f"The diagnoses on {lv.code} ({', '.join(_dot(d) for d in pointed)}) are not on this payer's "
                "covered list for the procedure.",
                "Point the line to the diagnosis that supports the procedure (e.g. radiculopathy for an ESI, "
                "facet spondylosis for a facet procedure), or hold for the provider."))


def check_conservative_treatment(view: ClaimView, ctx: ScrubContext, out: list[Finding]) -> None:
    note = ctx.note
    if note is None or note.conservative_treatment is not False:
        return
    for lv in view.lines:
        if lv.f.is_addon or not lv.f.families:
            continue
        weeks = ask(ctx.policy, "conservative_treatment_weeks", lv.code)
        if weeks:
            out.append(Finding(
                "CONSERVATIVE_TREATMENT", WARNING, (lv.n,),
                f"The note does not document conservative treatment; this payer wants {weeks} weeks of "
                f"failed conservative care before {lv.code}.",
                "Document physical therapy, medications or activity modification tried and failed."))
            return

