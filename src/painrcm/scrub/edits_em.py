"""E/M with procedures and care management: MOD25_MISSING, MOD25_UNSUPPORTED, GLOBAL_PERIOD, CPM_CONFLICT.

Sources: CMS global surgery rules (PFS global days 000/010/090; modifiers 24, 25, 57; NCCI
policy manual ch. XI); seed 004 ("modifier -25 denied", G3002/G3003 vs CCM/PCM/RPM in the same
month, G2211 not with G3002/G3003); CMS 2024-2025 PFS final rules (G2211 not payable with an
E/M reported with modifier 25, except with preventive services).
"""

from __future__ import annotations

from datetime import date

from painrcm.scrub import fixes
from painrcm.scrub.codefacts import facts
from painrcm.scrub.context import ScrubContext
from painrcm.scrub.findings import ERROR, WARNING, Finding
from painrcm.scrub.view import ClaimView

_CPM = frozenset({"G3002", "G3003"})
_CPM_CONFLICTS = {
    "99490": "chronic care management", "99491": "chronic care management", "99439": "chronic care management",
    "99487": "complex chronic care management", "99489": "complex chronic care management",
    "99437": "chronic care management",
    "99424": "principal care management", "99425": "principal care management",
    "99426": "principal care management", "99427": "principal care management",
    "99457": "remote patient monitoring", "99458": "remote patient monitoring",
}


def _same_day_procedures(view: ClaimView, ctx: ScrubContext, day) -> list[tuple[str, int]]:
    """(code, global days) of procedures on the date: this claim and the patient's other claims."""
    found = [(lv.code, lv.f.global_days) for lv in view.lines
             if lv.day == day and lv.f.global_days is not None and not lv.f.is_addon]
    for entry in ctx.history.same_day(view.key, day):
        if entry.claim_id == view.claim_id or entry.frequency_code == "8":
            continue
        for code in entry.codes:
            f = facts(code)
            if f.global_days is not None and not f.is_addon:
                found.append((code, f.global_days))
    return found


def check_mod25(view: ClaimView, ctx: ScrubContext, out: list[Finding]) -> None:
    for lv in view.lines:
        if not lv.f.is_em:
            continue
        procs = _same_day_procedures(view, ctx, lv.day)
        has25 = "25" in lv.mods
        if not procs:
            if has25:
                out.append(Finding(
                    "MOD25_UNSUPPORTED", WARNING, (lv.n,),
                    f"{lv.code} carries 25 but no procedure is billed for the patient on that date.",
                    "Remove 25.", fixes.remove_modifier(lv.code, "25")))
            continue
        if has25 or "57" in lv.mods:
            if has25 and ctx.note is not None and ctx.note.separate_evaluation is False:
                out.append(Finding(
                    "MOD25_UNSUPPORTED", WARNING, (lv.n,),
                    f"{lv.code}-25: the note does not show an evaluation separate from the procedure "
                    "decision (new problem, medication management, a decision beyond the procedure).",
                    "Have the provider document the separately identifiable service, or do not bill the E/M."))
            continue
        minor = sorted({c for c, g in procs if g in (0, 10)})
        major = sorted({c for c, g in procs if g == 90})
        if minor:
            if ctx.note is not None and ctx.note.separate_evaluation is False:
                fix_text, apply = ("The note does not show a separately identifiable E/M: do not bill the E/M, "
                                   "or document it and append 25."), None
            else:
                fix_text, apply = f"Append 25 to {lv.code}.", fixes.add_modifier(lv.code, "25", front=True)
            out.append(Finding(
                "MOD25_MISSING", ERROR, (lv.n,),
                f"{lv.code} is billed on the same date as {', '.join(minor)} without modifier 25; "
                "the visit will be bundled into the procedure.", fix_text, apply))
        elif major:
            out.append(Finding(
                "MOD25_MISSING", ERROR, (lv.n,),
                f"{lv.code} is billed on the same date as {', '.join(major)} (90-day global) without 57.",
                f"Append 57 if the visit was the decision for surgery; otherwise the visit is included."))


def check_global_period(view: ClaimView, ctx: ScrubContext, out: list[Finding]) -> None:
    for lv in view.lines:
        if not lv.f.is_em or lv.mods & {"24", "25", "57"}:
            continue
        for g in ctx.history.globals_before(view.key, lv.day):
            if g.claim_id == view.claim_id:
                continue
            day = lv.day.toordinal()
            inside = g.day < day <= g.day + g.global_days
            preop = g.global_days == 90 and day == g.day - 1
            if inside or preop:
                start = date.fromordinal(g.day)
                out.append(Finding(
                    "GLOBAL_PERIOD", ERROR, (lv.n,),
                    f"{lv.code} falls inside the {g.global_days}-day global period of {g.code} done "
                    f"{start.isoformat()}; post-operative visits are included.",
                    "If the visit was for an unrelated problem append 24 (25 for a same-day significant "
                    "service, 57 for the decision for surgery); otherwise do not bill it."))
                break


def check_cpm(view: ClaimView, ctx: ScrubContext, out: list[Finding]) -> None:
    codes = view.codes
    cpm_lines = [lv for lv in view.lines if lv.code in _CPM]
    if cpm_lines:
        conflicts = {c: "this claim" for c in codes if c in _CPM_CONFLICTS}
        for code, cid in ctx.history.month_codes(view.key, view.dos):
            if cid != view.claim_id and code in _CPM_CONFLICTS:
                conflicts.setdefault(code, "another claim")
        if conflicts:
            kinds = sorted({_CPM_CONFLICTS[c] for c in conflicts})
            out.append(Finding(
                "CPM_CONFLICT", ERROR, tuple(lv.n for lv in cpm_lines),
                f"G3002/G3003 cannot be billed in the same calendar month as {', '.join(kinds)} "
                f"({', '.join(sorted(conflicts))}).",
                "Bill one of the care-management services for the month."))
        if "G2211" in codes:
            out.append(Finding(
                "CPM_CONFLICT", WARNING, tuple(lv.n for lv in view.lines if lv.code == "G2211"),
                "G2211 is billed in the same encounter as G3002/G3003.",
                "Bill G2211 only with an office E/M, not with chronic pain management."))
    if "G2211" in codes:
        em25 = [lv for lv in view.lines if lv.f.is_em and "25" in lv.mods]
        if em25:
            out.append(Finding(
                "CPM_CONFLICT", ERROR, tuple(lv.n for lv in view.lines if lv.code == "G2211"),
                f"G2211 is not paid with an E/M reported with modifier 25 ({em25[0].code}-25).",
                "Remove G2211.", fixes.drop_code("G2211")))
        elif not ctx.policy.em.g2211_allowed:
            out.append(Finding(
                "CPM_CONFLICT", WARNING, tuple(lv.n for lv in view.lines if lv.code == "G2211"),
                "This payer does not pay G2211.", "Remove G2211.", fixes.drop_code("G2211")))

