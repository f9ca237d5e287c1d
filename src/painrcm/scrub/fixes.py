"""Deterministic claim fixes: pure functions claim -> claim.

Each fixer finds its lines by content (code, modifiers), not by position, so several fixes
can be applied one after the other even when an earlier one added or removed lines.
Charges are split to the cent (the odd cent stays on the first line) and summed when lines merge.

>>> from painrcm.scrub.testing import make_claim, line
>>> c = make_claim("C", date(2026, 1, 5), [line("64493", "50", charge="300.00")])
>>> [(l.code, l.modifiers, str(l.charge)) for l in split_bilateral("64493")(c).lines]
[('64493', ('RT',), '150.00'), ('64493', ('LT',), '150.00')]
>>> c = make_claim("C", date(2026, 1, 5), [line("64483", "RT"), line("64483", "RT")])
>>> [(l.code, l.modifiers, int(l.units)) for l in primary_to_addon("64483")(c).lines]
[('64483', ('RT',), 1), ('64484', ('RT',), 1)]
"""

from __future__ import annotations

import dataclasses
from datetime import date  # noqa: F401 - doctest
from decimal import ROUND_DOWN, Decimal
from typing import Callable

from painrcm.claims.model import MAX_MODIFIERS, Claim, ClaimLine
from painrcm.scrub.codefacts import LEVEL_LADDERS, ONE_UNIT_ADDONS, facts
from painrcm.scrub.history import line_side

CENT = Decimal("0.01")
Fixer = Callable[[Claim], Claim]
SIDE_MODS = ("50", "RT", "LT")


def _with_lines(claim: Claim, lines: list[ClaimLine]) -> Claim:
    if not lines:
        return claim
    return dataclasses.replace(claim, lines=tuple(lines))


def _split_charge(total: Decimal, parts: int) -> list[Decimal]:
    each = (total / parts).quantize(CENT, rounding=ROUND_DOWN)
    first = total - each * (parts - 1)
    return [first] + [each] * (parts - 1)


def _mods(line: ClaimLine, drop: tuple[str, ...] = (), add: tuple[str, ...] = (), front: bool = False) -> tuple[str, ...]:
    kept = [m for m in line.modifiers if m not in drop]
    for m in add:
        if m in kept:
            continue
        if front:
            kept.insert(0, m)
        else:
            kept.append(m)
    return tuple(kept[:MAX_MODIFIERS])


def drop_code(code: str) -> Fixer:
    """Remove every line of ``code`` (e.g. imaging the primary includes)."""
    def fix(claim: Claim) -> Claim:
        return _with_lines(claim, [ln for ln in claim.lines if ln.code != code])
    return fix


def add_modifier(code: str, modifier: str, *, front: bool = False,
                 unless: tuple[str, ...] = ()) -> Fixer:
    """Add ``modifier`` to every line of ``code`` that carries none of ``unless``."""
    def fix(claim: Claim) -> Claim:
        out = []
        for ln in claim.lines:
            if ln.code == code and modifier not in ln.modifiers and not set(unless) & set(ln.modifiers) \
                    and len(ln.modifiers) < MAX_MODIFIERS:
                ln = dataclasses.replace(ln, modifiers=_mods(ln, add=(modifier,), front=front))
            out.append(ln)
        return _with_lines(claim, out)
    return fix


def remove_modifier(code: str, modifier: str) -> Fixer:
    def fix(claim: Claim) -> Claim:
        return _with_lines(claim, [dataclasses.replace(ln, modifiers=_mods(ln, drop=(modifier,)))
                                   if ln.code == code else ln for ln in claim.lines])
    return fix


def replace_modifier(old: str, new: str) -> Fixer:
    def fix(claim: Claim) -> Claim:
        return _with_lines(claim, [dataclasses.replace(ln, modifiers=tuple(new if m == old else m for m in ln.modifiers))
                                   if old in ln.modifiers and new not in ln.modifiers else ln
                                   for ln in claim.lines])
    return fix


def set_units(code: str, units: int, *, side: str | None = None) -> Fixer:
    """Set the units of the lines of ``code`` (on one side when given)."""
    def fix(claim: Claim) -> Claim:
        return _with_lines(claim, [dataclasses.replace(ln, units=Decimal(units))
                                   if ln.code == code and (side is None or line_side(ln.modifiers) == side)
                                   else ln for ln in claim.lines])
    return fix


def per_side_units(code: str, units: Decimal, two_units_style: bool) -> Decimal:
    """Units for one side of a modifier-50 line."""
    f = facts(code)
    if not f.is_addon or code in ONE_UNIT_ADDONS:
        return Decimal(1)
    if two_units_style and units >= 2:
        return (units / 2).to_integral_value()
    return units


def split_bilateral(code: str, *, two_units_style: bool = False) -> Fixer:
    """Each modifier-50 line of ``code`` becomes an RT line and an LT line (RT/LT payers)."""
    def fix(claim: Claim) -> Claim:
        out = []
        for ln in claim.lines:
            if ln.code == code and "50" in ln.modifiers:
                units = per_side_units(code, ln.units, two_units_style)
                right, left = _split_charge(ln.charge, 2)
                base = [m for m in ln.modifiers if m != "50"]
                out.append(dataclasses.replace(ln, modifiers=tuple(["RT"] + base)[:MAX_MODIFIERS],
                                               units=units, charge=right))
                out.append(dataclasses.replace(ln, modifiers=tuple(["LT"] + base)[:MAX_MODIFIERS],
                                               units=units, charge=left,
                                               line_id=f"{ln.line_id}-LT" if ln.line_id else None))
            else:
                out.append(ln)
        return _with_lines(claim, out)
    return fix


def merge_bilateral(code: str, *, two_units: bool = False) -> Fixer:
    """An RT line and an LT line of ``code`` with the same units become one modifier-50 line."""
    def fix(claim: Claim) -> Claim:
        lines = list(claim.lines)
        rt = next((i for i, ln in enumerate(lines) if ln.code == code and "RT" in ln.modifiers), None)
        lt = next((i for i, ln in enumerate(lines) if ln.code == code and "LT" in ln.modifiers), None)
        if rt is None or lt is None or lines[rt].units != lines[lt].units:
            return claim
        a, b = lines[rt], lines[lt]
        first = min(rt, lt)
        merged = dataclasses.replace(
            lines[first], modifiers=_mods(lines[first], drop=("RT", "LT"), add=("50",), front=True),
            units=a.units * 2 if two_units else a.units, charge=a.charge + b.charge)
        lines[first] = merged
        del lines[max(rt, lt)]
        return _with_lines(claim, lines)
    return fix


def set_bilateral_units(code: str, *, two_units: bool) -> Fixer:
    """Modifier-50 lines of ``code``: 1 unit (one-line style) or 2 units (two-units style)."""
    def fix(claim: Claim) -> Claim:
        out = []
        for ln in claim.lines:
            if ln.code == code and "50" in ln.modifiers:
                ln = dataclasses.replace(ln, units=Decimal(2 if two_units else 1))
            out.append(ln)
        return _with_lines(claim, out)
    return fix


def primary_to_addon(primary: str) -> Fixer:
    """A primary reported for several levels on one side becomes primary + its add-on(s).

    Levels are counted from the repeated lines/units; an existing add-on line on that side keeps
    its levels. Facet ladders: 2nd level 64491/64494, 3rd and beyond 64492/64495 (one unit).
    """
    ladder = LEVEL_LADDERS.get(primary, ())

    def fix(claim: Claim) -> Claim:
        if not ladder:
            return claim
        groups: dict[str, list[int]] = {}
        for i, ln in enumerate(claim.lines):
            if ln.code == primary:
                groups.setdefault(line_side(ln.modifiers), []).append(i)
        lines = list(claim.lines)
        drop: set[int] = set()
        inserts: dict[int, list[ClaimLine]] = {}
        for side, idx in groups.items():
            levels = sum(int(lines[i].units) for i in idx)
            if levels <= 1:
                continue
            first = lines[idx[0]]
            lines[idx[0]] = dataclasses.replace(first, units=Decimal(1))
            for i in idx[1:]:
                drop.add(i)
            extra = levels - 1
            charge_each = (sum((lines[i].charge for i in idx[1:]), Decimal(0))
                           if len(idx) > 1 else first.charge)
            new: list[ClaimLine] = []
            if len(ladder) == 1:
                new.append(dataclasses.replace(first, code=ladder[0], units=Decimal(extra), charge=charge_each,
                                               line_id=None))
            else:
                new.append(dataclasses.replace(first, code=ladder[0], units=Decimal(1), charge=charge_each,
                                               line_id=None))
                if extra >= 2:
                    new.append(dataclasses.replace(first, code=ladder[1], units=Decimal(1), charge=charge_each,
                                                   line_id=None))
            # do not duplicate add-on lines already on the claim for that side
            have = {(ln.code, line_side(ln.modifiers)) for ln in claim.lines}
            inserts[idx[0]] = [n for n in new if (n.code, side) not in have]
        out: list[ClaimLine] = []
        for i, ln in enumerate(lines):
            if i in drop:
                continue
            out.append(ln)
            out.extend(inserts.get(i, ()))
        return _with_lines(claim, out)
    return fix


def resequence_addons(claim: Claim) -> Claim:
    """Put every add-on line right after the last line of its primary (same side first)."""
    out: list[ClaimLine] = []
    pending: list[ClaimLine] = []
    for ln in claim.lines:
        f = facts(ln.code)
        (pending if f.is_addon and not f.is_imaging else out).append(ln)
    for ln in pending:
        prim = set(facts(ln.code).primaries)
        side = line_side(ln.modifiers)
        spots = [i for i, o in enumerate(out) if o.code in prim or (facts(o.code).is_addon and set(facts(o.code).primaries) & prim)]
        same = [i for i in spots if line_side(out[i].modifiers) == side]
        where = (same or spots)
        out.insert(where[-1] + 1 if where else len(out), ln)
    return _with_lines(claim, out)


def drop_line_codes(codes: frozenset[str]) -> Fixer:
    def fix(claim: Claim) -> Claim:
        return _with_lines(claim, [ln for ln in claim.lines if ln.code not in codes])
    return fix
