"""NCCI procedure-to-procedure pairs and the distinct-procedure modifier: NCCI_PAIR, MOD59_PREFERENCE.

Source: CMS NCCI practitioner PTP edits (modifier indicator 0: never together; 1: an
NCCI-associated modifier may bypass when the services are distinct). Pairs another edit
already explains are left to it: imaging the primary includes (IMAGING_INCLUDED), E/M with a
procedure (MOD25_MISSING), RFA with a facet injection (RFA_FACET_SAME_DAY) and 20552 with
20553 (TPI_MUSCLE_COUNT). Which distinct modifier a payer wants (59 or XE/XP/XS/XU) is in its
payer file.
"""

from __future__ import annotations

from painrcm.scrub import fixes
from painrcm.scrub.codefacts import ptp
from painrcm.scrub.context import ScrubContext
from painrcm.scrub.findings import ERROR, WARNING, Finding
from painrcm.scrub.view import ANATOMIC_MODIFIERS, DISTINCT_MODIFIERS, NCCI_BYPASS, ClaimView, LineView

_TPI = frozenset({"20552", "20553"})
_X = ("XE", "XS", "XP", "XU")


def _explained_elsewhere(a: LineView, b: LineView) -> bool:
    if a.f.is_em or b.f.is_em:
        return True
    if a.f.is_imaging and b.f.imaging_included or b.f.is_imaging and a.f.imaging_included:
        return True
    fams = {a.f.family, b.f.family}
    if "facet_rfa" in fams and "facet_injection" in fams:
        return True
    return {a.code, b.code} == _TPI


def _bypassed(col1: LineView, col2: LineView) -> bool:
    if (col2.mods | col1.mods) & NCCI_BYPASS:
        return True
    a1, a2 = col1.mods & ANATOMIC_MODIFIERS, col2.mods & ANATOMIC_MODIFIERS
    return bool(a1 and a2 and a1 != a2 and "50" not in col1.mods and "50" not in col2.mods)


def check_ncci(view: ClaimView, ctx: ScrubContext, out: list[Finding]) -> None:
    lines = view.lines
    if len(view.codes) < 2:
        return
    seen: set[tuple[str, str]] = set()
    distinct = ctx.policy.distinct_modifier("structure")
    for i, a in enumerate(lines):
        for b in lines[i + 1:]:
            if a.code == b.code or a.day != b.day or (a.code, b.code) in seen:
                continue
            edit = ptp(a.code, b.code)
            if edit is None or edit.modifier_indicator == 9 or not edit.active_on(a.day):
                continue
            if _explained_elsewhere(a, b):
                continue
            col1, col2 = (a, b) if edit.column1 == a.code else (b, a)
            seen.add((a.code, b.code))
            if edit.modifier_indicator == 0:
                out.append(Finding(
                    "NCCI_PAIR", ERROR, tuple(sorted((col1.n, col2.n))),
                    f"{col2.code} is never paid with {col1.code} on the same date (NCCI edit, no modifier allowed).",
                    f"Remove {col2.code}, or keep it only if it was truly a different encounter on another claim."))
            elif not _bypassed(col1, col2):
                out.append(Finding(
                    "NCCI_PAIR", ERROR, tuple(sorted((col1.n, col2.n))),
                    f"{col2.code} is bundled into {col1.code} on the same date (NCCI edit).",
                    f"Bill {col1.code} only, or append {distinct} to {col2.code} when the note documents a "
                    "separate site, session or structure."))


def check_mod59(view: ClaimView, ctx: ScrubContext, out: list[Finding]) -> None:
    prefers = ctx.policy.distinct_procedure_modifier
    for lv in view.lines:
        if not lv.mods & DISTINCT_MODIFIERS:
            continue
        if prefers == "X" and "59" in lv.mods:
            out.append(Finding(
                "MOD59_PREFERENCE", WARNING, (lv.n,),
                f"{lv.code} carries 59; this payer wants the specific XE/XP/XS/XU modifier.",
                "Replace 59 with XS (separate structure), XE (separate encounter), XP (separate practitioner) "
                "or XU (unusual non-overlapping service), whichever the note supports."))
        elif prefers == "59":
            for x in _X:
                if x in lv.mods:
                    out.append(Finding(
                        "MOD59_PREFERENCE", WARNING, (lv.n,),
                        f"{lv.code} carries {x}; this payer does not accept the X modifiers and wants 59.",
                        f"Replace {x} with 59.", fixes.replace_modifier(x, "59")))
