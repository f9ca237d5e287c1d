"""Add-on/primary structure and units: ADDON_WITHOUT_PRIMARY, PRIMARY_REPEATED, ADDON_UNITS, MUE_EXCEEDED.

Sources: CPT add-on instructions ("use in conjunction with") as carried in the reference code
table; the CPT level ladders (64483 + 64484, 64493 + 64494 + 64495); CMS practitioner MUEs
with their adjudication indicator (MAI 1 per line, 2/3 per date of service); the payer file's
levels-per-session limits (LCD L39240/L38773).
"""

from __future__ import annotations

from painrcm.scrub import fixes
from painrcm.scrub.codefacts import LEVEL_LADDERS, ONE_UNIT_ADDONS
from painrcm.scrub.context import ScrubContext
from painrcm.scrub.findings import ERROR, WARNING, Finding
from painrcm.scrub.memo import ask
from painrcm.scrub.view import ClaimView, LineView

_SECOND_OF = {ladder[1]: (primary, ladder[0]) for primary, ladder in LEVEL_LADDERS.items() if len(ladder) > 1}


def _two_units(ctx: ScrubContext, view: ClaimView) -> bool:
    return ask(ctx.policy, "bilateral_style", view.pos).value == "modifier_50_two_units"


def _covers(primary_sides: set[str], side: str) -> bool:
    if not side or not primary_sides:
        return bool(primary_sides) or not side
    if "B" in primary_sides or "" in primary_sides:
        return True
    if side == "B":
        return {"R", "L"} <= primary_sides
    return side in primary_sides


def check_addons(view: ClaimView, ctx: ScrubContext, out: list[Finding]) -> None:
    for lv in view.lines:
        f = lv.f
        if f.is_imaging:
            if not any(o.day == lv.day and not o.f.is_imaging and not o.f.is_em and o.f.known
                       and (o.f.global_days is not None or o.f.is_addon) for o in view.lines):
                out.append(Finding(
                    "ADDON_WITHOUT_PRIMARY", ERROR, (lv.n,),
                    f"{lv.code} (imaging guidance) is billed without a procedure it guided on the same date.",
                    "Bill the guidance with the procedure it guided, or remove it."))
            continue
        if not f.is_addon or not f.primaries:
            continue
        prims = [o for o in view.lines if o.code in f.primaries and o.day == lv.day]
        if not prims:
            out.append(Finding(
                "ADDON_WITHOUT_PRIMARY", ERROR, (lv.n,),
                f"{lv.code} is an add-on code and is billed without {' or '.join(f.primaries[:4])} "
                "on the same date.",
                "Add the primary code for the first level/service, or bill the primary instead of "
                "the add-on if this was the only level."))
            continue
        if not _covers({o.side for o in prims}, lv.side):
            out.append(Finding(
                "ADDON_WITHOUT_PRIMARY", ERROR, (lv.n,),
                f"{lv.code} is billed for a side ({_side_name(lv.side)}) where its primary is not billed.",
                "Bill the primary for the first level on that side, or correct the side modifier."))
            continue
        needs = _SECOND_OF.get(lv.code)
        if needs and not any(o.code == needs[1] and o.day == lv.day for o in view.lines):
            out.append(Finding(
                "ADDON_WITHOUT_PRIMARY", ERROR, (lv.n,),
                f"{lv.code} (third and further level) is billed without {needs[1]} (second level).",
                f"Bill {needs[0]} + {needs[1]} + {lv.code} for three or more levels."))
            continue
        if all(o.n > lv.n for o in prims):
            out.append(Finding(
                "ADDON_WITHOUT_PRIMARY", WARNING, (lv.n,),
                f"{lv.code} is listed before its primary code.",
                "List each add-on line after its primary.", fixes.resequence_addons))


def _side_name(side: str) -> str:
    return {"R": "right", "L": "left", "B": "both sides", "": "no side"}[side]


def check_primary_repeated(view: ClaimView, ctx: ScrubContext, out: list[Finding]) -> None:
    two_units = None
    for code, lines in view.by_code.items():
        ladder = LEVEL_LADDERS.get(code)
        if not ladder:
            continue
        per_side = {"R": 0, "L": 0, "": 0}
        for lv in lines:
            if lv.side == "B":
                if two_units is None:
                    two_units = _two_units(ctx, view)
                n = lv.units // 2 if (two_units and lv.units >= 2) else lv.units
                per_side["R"] += n
                per_side["L"] += n
            else:
                per_side[lv.side] += lv.units
        repeated = per_side["R"] > 1 or per_side["L"] > 1 or per_side[""] > 1 or (
            per_side[""] and (per_side["R"] or per_side["L"]))
        if not repeated:
            continue
        same_group = len({lv.side for lv in lines}) == 1 and not (two_units and any(lv.side == "B" for lv in lines))
        out.append(Finding(
            "PRIMARY_REPEATED", ERROR, tuple(lv.n for lv in lines),
            f"{code} is the first-level code and is reported more than once for one side; "
            f"each additional level is billed with {' / '.join(ladder)}.",
            f"Bill {code} once per side and {ladder[0]}" + (f" (and {ladder[1]} for the third level and beyond)"
                                                              if len(ladder) > 1 else " for the additional levels") + ".",
            fixes.primary_to_addon(code) if same_group else None))


def check_addon_units(view: ClaimView, ctx: ScrubContext, out: list[Finding]) -> None:
    two_units = None
    for lv in view.lines:
        if lv.code in ONE_UNIT_ADDONS:
            allowed = 1
            if lv.side == "B":
                if two_units is None:
                    two_units = _two_units(ctx, view)
                allowed = 2 if two_units else 1
            if lv.units > allowed:
                out.append(Finding(
                    "ADDON_UNITS", ERROR, (lv.n,),
                    f"{lv.code} is reported with {lv.units} units; it is one unit per side whatever the "
                    "number of levels it stands for.",
                    f"Set {lv.code} to {allowed} unit{'s' if allowed > 1 else ''}.",
                    fixes.set_units(lv.code, allowed, side=lv.side)))
        if ask(ctx.policy, "is_non_covered_level_code", lv.code):
            out.append(Finding(
                "ADDON_UNITS", WARNING, (lv.n,),
                f"{lv.code} (a level beyond the second) is not covered by this payer's policy.",
                "Expect a non-covered denial: get an advance beneficiary notice (GA) or bill two levels."))
    # levels per session (LCD): primary + add-on units per side
    seen: set[str] = set()
    for lv in view.lines:
        f = lv.f
        if f.is_addon or lv.code not in LEVEL_LADDERS or lv.code in seen:
            continue
        seen.add(lv.code)
        limit = ask(ctx.policy, "level_limit", lv.code)
        if limit is None:
            continue
        levels = 1 + max(_addon_levels(view, lv.code, side, ctx) for side in ("R", "L", ""))
        if levels > limit.max_levels:
            out.append(Finding(
                "ADDON_UNITS", WARNING, tuple(o.n for o in view.lines if o.code in LEVEL_LADDERS[lv.code] or o.code == lv.code),
                f"{levels} levels of {lv.code} in one session; this payer covers at most {limit.max_levels}.",
                "Check the levels billed against the note; levels beyond the limit are likely denied."))


def _addon_levels(view: ClaimView, primary: str, side: str, ctx: ScrubContext) -> int:
    total = 0
    for code in LEVEL_LADDERS[primary]:
        for lv in view.by_code.get(code, ()):
            if lv.side == side or lv.side == "B" or not side:
                total += 1 if code in ONE_UNIT_ADDONS else (
                    lv.units // 2 if lv.side == "B" and _two_units(ctx, view) and lv.units >= 2 else lv.units)
    return total


def check_mue(view: ClaimView, ctx: ScrubContext, out: list[Finding]) -> None:
    two_units = None
    repeated = {n for f in out if f.edit == "PRIMARY_REPEATED" for n in f.lines}
    for code, lines in view.by_code.items():
        f = lines[0].f
        if f.mue is None or any(lv.n in repeated for lv in lines):
            continue
        if f.mue_mai == 1:
            for lv in lines:
                units = lv.units
                if lv.side == "B":
                    if two_units is None:
                        two_units = _two_units(ctx, view)
                    if two_units and units >= 2:
                        units //= 2
                if units > f.mue:
                    out.append(_mue(code, (lv,), units, f.mue, f.mue_mai))
            continue
        by_day: dict = {}
        for lv in lines:
            by_day.setdefault(lv.day, []).append(lv)
        for day_lines in by_day.values():
            sides = {"R": 0, "L": 0, "": 0, "B": 0}
            for lv in day_lines:
                units = lv.units
                if lv.side == "B":
                    if two_units is None:
                        two_units = _two_units(ctx, view)
                    if two_units and units >= 2:
                        units //= 2
                sides[lv.side] += units
            total = sides["B"] + max(sides["R"], sides["L"]) + sides[""]
            if total > f.mue:
                out.append(_mue(code, tuple(day_lines), total, f.mue, f.mue_mai))


def _mue(code: str, lines: tuple[LineView, ...], units: int, mue: int, mai: int | None) -> Finding:
    kind = {1: "per line", 2: "per day (policy)", 3: "per day (clinical)"}.get(mai or 0, "")
    return Finding(
        "MUE_EXCEEDED", ERROR, tuple(lv.n for lv in lines),
        f"{code} is billed {units} unit{'s' if units != 1 else ''}; the CMS MUE is {mue} {kind}.".replace("  ", " "),
        "Check the units against the note: bilateral work goes on one line with 50 (or RT/LT per payer), "
        "extra levels go on the add-on code.")
