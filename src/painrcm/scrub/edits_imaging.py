"""Imaging guidance: IMAGING_INCLUDED, IMAGING_DOCUMENTATION.

Sources: the CPT code table (imaging included in 62321/62323, 64479-64484, 64490-64495,
64633-64636, 27096, 20611 ...; NCCI agrees); the payer file's imaging bundling overrides;
CPT/CMS documentation rule for guidance codes (guidance used, permanent image recorded,
interpretation documented) - seed 000 issue #2 and seed 004.
"""

from __future__ import annotations

from painrcm.scrub import fixes
from painrcm.scrub.context import ScrubContext, note_family_matches
from painrcm.scrub.findings import ERROR, WARNING, Finding
from painrcm.scrub.memo import ask
from painrcm.scrub.view import ClaimView

_MODALITY = {"77002": "fluoroscopy", "77003": "fluoroscopy", "76942": "ultrasound", "77012": "ct"}


def check_imaging_included(view: ClaimView, ctx: ScrubContext, out: list[Finding]) -> None:
    imaging = [lv for lv in view.lines if lv.f.is_imaging]
    if not imaging:
        return
    procs = [lv for lv in view.lines if not lv.f.is_imaging and not lv.f.is_em and lv.f.known
             and (lv.f.global_days is not None or lv.f.is_addon)]
    for img in imaging:
        same_day = [p for p in procs if p.day == img.day]
        if not same_day:
            continue
        including = []
        billable_with = []
        for p in same_day:
            override = ask(ctx.policy, "imaging_separately_billable", img.code, p.code)
            if override is True or (override is None and not p.f.imaging_included):
                billable_with.append(p)
            else:
                including.append(p)
        if billable_with or not including:
            continue
        names = ", ".join(sorted({p.code for p in including}))
        out.append(Finding(
            "IMAGING_INCLUDED", ERROR, (img.n,),
            f"{img.code} (imaging guidance) is included in {names}; it is not paid separately.",
            f"Remove {img.code}.", fixes.drop_code(img.code)))


def check_imaging_documentation(view: ClaimView, ctx: ScrubContext, out: list[Finding]) -> None:
    note = ctx.note
    if note is None or not note.procedures:
        return
    for lv in view.lines:
        if not lv.f.is_imaging:
            continue
        modality = _MODALITY.get(lv.code)
        documented = [p for p in note.procedures if p.imaging_modality == modality]
        if not documented:
            out.append(Finding(
                "IMAGING_DOCUMENTATION", ERROR, (lv.n,),
                f"{lv.code} is billed but the note does not document {modality} guidance.",
                "Remove the imaging code or have the provider document the guidance, a permanent image "
                "and the interpretation."))
            continue
        missing = sorted({m for p in documented for m in p.imaging_missing})
        if missing:
            out.append(Finding(
                "IMAGING_DOCUMENTATION", ERROR, (lv.n,),
                f"{lv.code} needs three documented elements; the note lacks: {', '.join(missing)}.",
                "Ask the provider to document the missing element(s) before billing the guidance code."))
    for lv in view.lines:
        if lv.f.imaging_included and lv.code in ("62321", "62323", "64479", "64483", "64490", "64493",
                                                  "64633", "64635", "27096"):
            fam = [p for p in note.procedures if p.imaging_modality is None and not p.imaging_explicitly_none
                   and note_family_matches(p.family, lv.f.family)]
            if fam:
                out.append(Finding(
                    "IMAGING_DOCUMENTATION", WARNING, (lv.n,),
                    f"{lv.code} includes imaging guidance, but the note does not describe it.",
                    "Document the fluoroscopic/CT views, contrast spread and final needle position."))
