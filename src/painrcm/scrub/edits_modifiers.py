"""Payer modifier rules: MOD51, KX_REQUIRED.

Sources: CMS PFS multiple-procedure indicator (2/3: standard reduction; 0: add-on/exempt -
never 51); the payer file (``modifiers.modifier_51``: whether the payer wants 51 on the
secondary procedures; ``modifiers.required``: KX and other required modifiers, always or when
the note shows a condition such as a diagnostic injection) - seeds 001/002/004.
"""

from __future__ import annotations

from painrcm.scrub import fixes
from painrcm.scrub.context import ScrubContext, note_family_matches
from painrcm.scrub.findings import ERROR, WARNING, Finding
from painrcm.scrub.memo import ask
from painrcm.scrub.view import ClaimView


def check_mod51(view: ClaimView, ctx: ScrubContext, out: list[Finding]) -> None:
    wants = ctx.policy.wants_modifier_51
    ranked = [lv for lv in view.lines if lv.f.mult_proc_indicator in (2, 3) and not lv.f.is_addon]
    first_code = max(ranked, key=lambda lv: (lv.line.charge, -lv.n)).code if ranked else None
    for lv in view.lines:
        if "51" in lv.mods and (lv.f.is_addon or lv.f.mult_proc_indicator == 0 or lv.f.is_em):
            out.append(Finding(
                "MOD51", WARNING, (lv.n,),
                f"{lv.code} is exempt from multiple-procedure rules (add-on or not a surgical code); 51 does not belong.",
                f"Remove 51 from {lv.code}.", fixes.remove_modifier(lv.code, "51")))
        elif "51" in lv.mods and not wants:
            out.append(Finding(
                "MOD51", WARNING, (lv.n,),
                f"{lv.code} carries 51; this payer applies the multiple-procedure reduction itself.",
                f"Remove 51 from {lv.code}.", fixes.remove_modifier(lv.code, "51")))
    if not wants or len({lv.code for lv in ranked}) < 2:
        return
    missing: dict[str, list[int]] = {}
    for lv in ranked:
        if lv.code != first_code and "51" not in lv.mods:
            missing.setdefault(lv.code, []).append(lv.n)
    for code, ns in missing.items():
        out.append(Finding(
            "MOD51", WARNING, tuple(ns),
            f"{code} is a secondary procedure on this claim; this payer wants modifier 51 on it.",
            f"Append 51 to {code}.", fixes.add_modifier(code, "51")))


def check_required_modifiers(view: ClaimView, ctx: ScrubContext, out: list[Finding]) -> None:
    policy = ctx.policy
    if not policy.modifiers.required:
        return
    purposes = {}
    if ctx.note is not None:
        for p in ctx.note.procedures:
            if p.purpose:
                purposes.setdefault(p.family, p.purpose)
    for lv in view.lines:
        if not lv.f.families:
            continue
        need = set(ask(policy, "required_modifiers", lv.code, view.pos))
        purpose = _purpose_for(purposes, lv.f.family)
        if purpose in ("diagnostic", "therapeutic"):
            need |= set(ask(policy, "required_modifiers", lv.code, view.pos, purpose))
        for mod in sorted(need - lv.mods):
            why = f" for a {purpose} injection" if purpose else ""
            out.append(Finding(
                "KX_REQUIRED", ERROR, (lv.n,),
                f"This payer requires modifier {mod} on {lv.code}{why}.",
                f"Append {mod} to {lv.code}.", fixes.add_modifier(lv.code, mod)))


def _purpose_for(purposes: dict[str, str], family: str | None) -> str | None:
    for note_family, purpose in purposes.items():
        if note_family_matches(note_family, family):
            return purpose
    return None
