"""The claim against its note: CODE_NOTE_MISMATCH, TPI_MUSCLE_COUNT.

Run only when the note behind the claim was given (``ctx.note``, from the note coder).
Sources: seed 000 issues #1 (approach code differs from the documented approach) and #8
(20552 for 1-2 muscles, 20553 for 3 or more); the coding conventions (docs/coding-conventions.md).
A difference is an error only when the coder read the note without open questions
(``status == "ready"``); otherwise it is a warning for a person to look at.
"""

from __future__ import annotations

from painrcm.policy.families import families_of
from painrcm.scrub.codefacts import IMAGING_CODES, facts
from painrcm.scrub.context import ScrubContext, note_family_matches
from painrcm.scrub.findings import ERROR, WARNING, Finding
from painrcm.scrub.view import ClaimView

_TPI = ("20552", "20553")
_SKIP_FAMILIES = frozenset({"em_office", "em_add_on", "imaging_guidance", "neurostimulator_device"})
_WITH_IMAGING = {"62320": "62321", "62322": "62323"}
_NO_IMAGING = {v: k for k, v in _WITH_IMAGING.items()}


def _parent(code: str) -> str | None:
    fams = families_of(code)
    return fams[-1] if fams else None


def _why(claim_code: str, note_code: str) -> str:
    cf, nf = facts(claim_code), facts(note_code)
    if _WITH_IMAGING.get(claim_code) == note_code:
        return "guidance: the note documents imaging guidance"
    if _NO_IMAGING.get(claim_code) == note_code:
        return "guidance: the note does not document imaging guidance"
    if cf.family != nf.family:
        return "approach/procedure"
    if cf.region != nf.region:
        return "spinal region"
    return "code"


def check_code_note(view: ClaimView, ctx: ScrubContext, out: list[Finding]) -> None:
    note = ctx.note
    if note is None or not note.lines:
        return
    sev = ERROR if note.status == "ready" else WARNING
    note_codes = {c for c, _, _ in note.lines}
    note_units: dict[str, int] = {}
    note_sides: dict[str, set[str]] = {}
    for code, mods, units in note.lines:
        note_units[code] = note_units.get(code, 0) + units
        note_sides.setdefault(code, set()).update(m for m in mods if m in ("50", "RT", "LT"))
    for code, lines in view.by_code.items():
        f = lines[0].f
        if not f.families or f.family in _SKIP_FAMILIES or code in IMAGING_CODES or code in _TPI:
            continue
        ns = [lv.n for lv in lines]
        if code not in note_codes:
            if f.is_addon:
                prim = [p for p in f.primaries if p in note_codes]
                if prim:
                    out.append(Finding(
                        "CODE_NOTE_MISMATCH", WARNING, tuple(ns),
                        f"{code} (additional level) is billed but the note documents one level.",
                        "Check the levels in the note; remove the add-on if only one level was done."))
                continue
            related = [c for c in note_codes if _parent(c) and _parent(c) == _parent(code)
                       and not facts(c).is_addon]
            if related:
                other = sorted(related)[0]
                out.append(Finding(
                    "CODE_NOTE_MISMATCH", sev, tuple(ns),
                    f"{code} on the claim differs from the note ({_why(code, other)}): the note supports {other}.",
                    f"Recode to {other} or have the provider correct the note."))
            else:
                out.append(Finding(
                    "CODE_NOTE_MISMATCH", WARNING, tuple(ns),
                    f"{code} is billed but the note does not document it.",
                    "Check the note; remove the line or have the provider document the service."))
            continue
        claim_units = sum(lv.units for lv in lines)
        if f.is_addon and claim_units != note_units.get(code, claim_units):
            out.append(Finding(
                "CODE_NOTE_MISMATCH", WARNING, tuple(ns),
                f"{code}: {claim_units} additional level(s) billed, the note documents {note_units[code]}.",
                "Bill the levels the note documents."))
        claim_sides = {m for lv in lines for m in lv.mods if m in ("50", "RT", "LT")}
        want = note_sides.get(code, set())
        if want and claim_sides and _norm(claim_sides) != _norm(want):
            out.append(Finding(
                "CODE_NOTE_MISMATCH", WARNING, tuple(ns),
                f"{code}: the side on the claim ({'/'.join(sorted(claim_sides))}) differs from the note "
                f"({'/'.join(sorted(want))}).", "Bill the side the note documents."))


def _norm(sides: set[str]) -> str:
    return "B" if "50" in sides or {"RT", "LT"} <= sides else "".join(sorted(sides))


def check_tpi(view: ClaimView, ctx: ScrubContext, out: list[Finding]) -> None:
    tpi = [lv for lv in view.lines if lv.code in _TPI]
    if not tpi:
        return
    if {lv.code for lv in tpi} == set(_TPI):
        out.append(Finding(
            "TPI_MUSCLE_COUNT", ERROR, tuple(lv.n for lv in tpi),
            "20552 and 20553 are billed together; trigger points are one code for all muscles of the session.",
            "Bill 20553 alone for 3 or more muscles, 20552 alone for 1-2."))
        return
    note = ctx.note
    if note is None:
        return
    counts = [p.muscle_count for p in note.procedures if note_family_matches(p.family, "trigger_point")]
    if not counts:
        return
    lv = tpi[0]
    count = max((c for c in counts if c is not None), default=None)
    if count is None:
        out.append(Finding(
            "TPI_MUSCLE_COUNT", WARNING, (lv.n,),
            f"{lv.code} is billed but the note does not name or count the muscles injected.",
            "Have the provider name each muscle injected."))
    elif lv.code == "20553" and count < 3:
        out.append(Finding(
            "TPI_MUSCLE_COUNT", ERROR, (lv.n,),
            f"20553 (3 or more muscles) is billed but the note documents {count} muscle(s).",
            "Bill 20552."))
    elif lv.code == "20552" and count >= 3:
        out.append(Finding(
            "TPI_MUSCLE_COUNT", WARNING, (lv.n,),
            f"20552 (1-2 muscles) is billed but the note documents {count} muscles.",
            "Bill 20553 if the muscles are distinct."))
