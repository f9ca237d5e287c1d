"""Sides and bilateral reporting: LATERALITY_MISSING, BILATERAL_FORMAT, BILATERAL_NOT_ALLOWED.

Sources: CMS PFS bilateral surgery indicator (0 no 50; 1 50 paid at 150 %; 2 already
bilateral; 3 each side at 100 %; 9 concept does not apply, e.g. 62320-62327); the payer
file's bilateral style by place of service (one line with 50 and 1 unit / 50 with 2 units /
RT and LT on two lines) - seed 000 issue #3, seed 004 (modifier 50 in an ASC).
"""

from __future__ import annotations

from painrcm.scrub import fixes
from painrcm.scrub.codefacts import LEVEL_LADDERS, ONE_UNIT_ADDONS, facts
from painrcm.scrub.context import ScrubContext, note_family_matches
from painrcm.scrub.findings import ERROR, WARNING, Finding
from painrcm.scrub.memo import ask
from painrcm.scrub.view import ClaimView

#: Families where a missing side is a denial, not a nuisance (seed 004: "automatic denial").
_SPINE = frozenset({"esi_transforaminal", "facet_injection", "facet_rfa", "facet_injection_ultrasound",
                    "si_joint_injection", "si_joint_rfa"})


def check_laterality(view: ClaimView, ctx: ScrubContext, out: list[Finding]) -> None:
    for lv in view.lines:
        bi = lv.f.bilateral_indicator
        if bi not in (1, 3) or lv.side or lv.f.is_imaging:
            continue
        if lv.mods & {"E1", "E2", "E3", "E4", "FA", "F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9",
                       "TA", "T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9"}:
            continue
        severity = ERROR if lv.f.family in _SPINE else WARNING
        out.append(Finding(
            "LATERALITY_MISSING", severity, (lv.n,),
            f"{lv.code} is done on a paired structure and the line has no RT, LT or 50.",
            "Add RT or LT for one side, or report both sides the way this payer wants (50 or RT+LT)."))


def check_bilateral_not_allowed(view: ClaimView, ctx: ScrubContext, out: list[Finding]) -> None:
    for lv in view.lines:
        bi = lv.f.bilateral_indicator
        if bi is None:
            continue
        if "50" in lv.mods and bi in (0, 2, 9):
            why = {0: "cannot be reported as bilateral", 2: "is already a bilateral code",
                   9: "has no bilateral concept (one line, no 50)"}[bi]
            out.append(Finding(
                "BILATERAL_NOT_ALLOWED", ERROR, (lv.n,),
                f"{lv.code} {why}; modifier 50 will be denied.",
                f"Remove modifier 50 from {lv.code}.", fixes.remove_modifier(lv.code, "50")))
        elif "50" in lv.mods and bi == 3:
            out.append(Finding(
                "BILATERAL_NOT_ALLOWED", WARNING, (lv.n,),
                f"{lv.code} has bilateral indicator 3 (each side paid at 100 %); many payers want RT and LT lines.",
                "Check the payer: report RT and LT lines if it does not accept 50 for this code."))
        elif lv.side in ("R", "L") and bi == 9:
            mod = "RT" if lv.side == "R" else "LT"
            out.append(Finding(
                "BILATERAL_NOT_ALLOWED", WARNING, (lv.n,),
                f"{lv.code} is reported without laterality (one line, no RT/LT).",
                f"Remove {mod}.", fixes.remove_modifier(lv.code, mod)))


def check_bilateral_format(view: ClaimView, ctx: ScrubContext, out: list[Finding]) -> None:
    style = ask(ctx.policy, "bilateral_style", view.pos).value
    for code, lines in view.by_code.items():
        f = lines[0].f
        if f.bilateral_indicator not in (1, 3):
            continue
        fixed_units = not f.is_addon or code in ONE_UNIT_ADDONS
        fifty = [lv for lv in lines if "50" in lv.mods]
        rt = [lv for lv in lines if lv.side == "R"]
        lt = [lv for lv in lines if lv.side == "L"]
        pair = len(rt) == 1 and len(lt) == 1 and rt[0].units == lt[0].units and f.bilateral_indicator == 1
        same_levels = True
        if pair and code in _LADDER_OF:
            same_levels = _same_levels_both_sides(view, ctx, _LADDER_OF[code])
            pair = same_levels is not False
        where = f" at place of service {view.pos}" if view.pos else ""
        if style == "rt_lt_two_lines":
            for lv in fifty:
                out.append(Finding(
                    "BILATERAL_FORMAT", ERROR, (lv.n,),
                    f"{code} is billed with 50; this payer wants bilateral work on two lines, RT and LT{where}.",
                    f"Split {code}-50 into {code}-RT and {code}-LT.",
                    fixes.split_bilateral(code, two_units_style=False)))
        elif style == "modifier_50_one_line":
            if pair:
                out.append(_merge_finding(code, rt[0].n, lt[0].n, "one line with 50", where, same_levels,
                                          "1 unit", fixes.merge_bilateral(code, two_units=False)))
            for lv in fifty:
                if fixed_units and lv.units != 1:
                    out.append(Finding(
                        "BILATERAL_FORMAT", ERROR, (lv.n,),
                        f"{code}-50 is billed with {lv.units} units; this payer wants 1 unit on a 50 line{where}.",
                        f"Set {code}-50 to 1 unit.", fixes.set_bilateral_units(code, two_units=False)))
        elif style == "modifier_50_two_units":
            if pair and fixed_units:
                out.append(_merge_finding(code, rt[0].n, lt[0].n, "one line with 50 and 2 units", where,
                                          same_levels, "2 units", fixes.merge_bilateral(code, two_units=True)))
            for lv in fifty:
                if fixed_units and lv.units != 2:
                    out.append(Finding(
                        "BILATERAL_FORMAT", ERROR, (lv.n,),
                        f"{code}-50 is billed with {lv.units} unit(s); this payer wants 2 units on a 50 line{where}.",
                        f"Set {code}-50 to 2 units.", fixes.set_bilateral_units(code, two_units=True)))


#: code -> its level ladder (primary first), for the spine codes counted per level on each side.
_LADDER_OF: dict[str, tuple[str, ...]] = {c: (p,) + ladder for p, ladder in LEVEL_LADDERS.items()
                                          for c in (p,) + ladder}


def _same_levels_both_sides(view: ClaimView, ctx: ScrubContext, ladder: tuple[str, ...]) -> bool | None:
    """True/False when the note says whether both sides had the same levels; None when unknown.

    Without a note, the claim still tells a difference: a different number of levels per side
    (64493-RT + 64494-RT + 64493-LT is two levels right, one left: RT/LT lines are right).
    """
    per_side = {"R": [], "L": []}
    for code in ladder:
        for lv in view.by_code.get(code, ()):
            if lv.side in per_side:
                per_side[lv.side].append((code, lv.units))
    if sorted(per_side["R"]) != sorted(per_side["L"]):
        return False
    if ctx.note is not None:
        family = facts(ladder[0]).family
        for p in ctx.note.procedures:
            if p.levels and note_family_matches(p.family, family):
                right = {lvl for side, lvl in p.levels if side and side.lower().startswith("r")}
                left = {lvl for side, lvl in p.levels if side and side.lower().startswith("l")}
                if right and left:
                    return right == left
    return None


def _merge_finding(code: str, rn: int, ln: int, wanted: str, where: str, same_levels: bool | None,
                   units: str, fixer) -> Finding:
    if same_levels:
        return Finding("BILATERAL_FORMAT", ERROR, (rn, ln),
                       f"{code} is billed on RT and LT lines for the same levels; this payer wants {wanted}{where}.",
                       f"Merge into one {code}-50 line, {units}.", fixer)
    if code not in _LADDER_OF:
        return Finding("BILATERAL_FORMAT", ERROR, (rn, ln),
                       f"{code} is billed on RT and LT lines; this payer wants {wanted}{where}.",
                       f"Merge into one {code}-50 line, {units}.", fixer)
    return Finding("BILATERAL_FORMAT", WARNING, (rn, ln),
                   f"{code} is billed on RT and LT lines with the same number of levels; if the same levels were "
                   f"done on both sides this payer wants {wanted}{where}.",
                   f"Check the levels in the note: same levels on both sides -> one {code}-50 line ({units}); "
                   "different levels -> keep RT and LT.")
