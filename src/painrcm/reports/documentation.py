"""Claims against their notes: what the documentation supports versus what was billed.

Each claim with a note is re-coded by the note coder (:func:`painrcm.coding.code_note`, with the
claim's payer, place and date of service) and the billed lines are compared with the supported
lines, giving findings for: imaging guidance documented but not billed, imaging billed without
the three documentation elements, code/note mismatches (approach, region, levels, side), bilateral
reporting errors, and E/M levels against the level the note supports.

Pure: :func:`compare` takes the claim, the supported coding and the valuation/payment lookups.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Mapping

from painrcm.claims.model import Claim, ClaimLine
from painrcm.domain.money import ZERO
from painrcm.reference.codes import lookup
from painrcm.remit.pricing import q
from painrcm.reports.model import Finding
from painrcm.reports.valuation import Valuer

SIDES = frozenset({"RT", "LT", "50"})
NOT_PROCEDURE = frozenset({"imaging_guidance", "em", "device", "drug", "drug_administration", "care_management",
                           "cpm"})
EPIDURAL = frozenset({"esi_interlaminar", "esi_transforaminal"})
MISMATCH_TOPICS = ("approach", "region", "levels", "laterality")
EM_NEW = frozenset({"99202", "99203", "99204", "99205"})
EM_ESTABLISHED = frozenset({"99211", "99212", "99213", "99214", "99215"})
EM_CODES = EM_NEW | EM_ESTABLISHED


@dataclass(frozen=True, slots=True)
class Supported:
    """A line the note supports (from a CodingResult or a stored proposal)."""

    code: str
    modifiers: tuple[str, ...]
    units: int


@dataclass(frozen=True, slots=True)
class NoteCoding:
    lines: tuple[Supported, ...]
    topics: tuple[str, ...]        # query topics raised
    messages: tuple[str, ...]      # query messages (imaging elements missing ...)

    @classmethod
    def of(cls, result) -> "NoteCoding":
        """From a :class:`painrcm.coding.model.CodingResult` or its JSON/stored form."""
        if isinstance(result, Mapping):
            lines = tuple(Supported(l["code"], tuple(l.get("modifiers") or ()), int(l.get("units") or 1))
                          for l in result.get("lines", ()))
            queries = result.get("queries", ())
            topics = tuple(q["topic"] if isinstance(q, Mapping) else q for q in queries)
            msgs = tuple(q.get("message", "") if isinstance(q, Mapping) else "" for q in queries)
            return cls(lines, topics, msgs)
        return cls(tuple(Supported(l.code, tuple(l.modifiers), int(l.units)) for l in result.lines),
                   tuple(q.topic for q in result.queries), tuple(q.message for q in result.queries))


def family(code: str) -> str:
    info = lookup(code)
    return info.family if info else ""


def is_imaging(code: str) -> bool:
    return family(code) == "imaging_guidance"


def is_procedure(code: str) -> bool:
    return code != "G2211" and family(code) not in NOT_PROCEDURE and bool(family(code))


def visit_type(claim: Claim) -> str | None:
    """new / established from the billed E/M code (what the note coder needs)."""
    codes = {l.code for l in claim.lines}
    if codes & EM_NEW:
        return "new"
    if codes & EM_ESTABLISHED:
        return "established"
    return None


def _side(mods) -> frozenset[str]:
    return frozenset(m for m in mods if m in SIDES)


def _provider(claim: Claim) -> str:
    p = claim.rendering_provider
    return (p.npi or p.name.last) if p else ""


def _line_sides(mods) -> frozenset[str]:
    s = _side(mods)
    return frozenset({"RT", "LT"}) if "50" in s else (s or frozenset({""}))


def _line_per_side(mods, units: int, two_units: bool) -> int:
    return units // 2 if "50" in mods and two_units and units >= 2 else units


def _per_side(lines, two_units: bool) -> dict[str, dict[str, int]]:
    """code -> side ('RT', 'LT' or '') -> units, from lines of (code, modifiers, units)."""
    out: dict[str, dict[str, int]] = {}
    for code, mods, units in lines:
        per = _line_per_side(mods, units, two_units)
        for side in _line_sides(mods):
            out.setdefault(code, {})[side] = out.get(code, {}).get(side, 0) + per
    return out


def _sides_text(sides: dict[str, int]) -> str:
    names = sorted(s for s in sides if s)
    return "both sides" if names == ["LT", "RT"] else (names[0] if names else "no side")


def compare(claim: Claim, coding: NoteCoding, valuer: Valuer,
            paid: Callable[[str, int], Decimal], style: str | None = None) -> list[Finding]:
    """Every documentation finding for one claim (see module doc). ``paid(claim_id, line_number)``;
    ``style``: the payer's bilateral style value at the claim's place of service."""
    out: list[Finding] = []
    values = valuer.lines(claim)
    prov = _provider(claim)

    def add(kind: str, n: int | None, code: str, amount: Decimal, detail: str, **extra) -> None:
        out.append(Finding(kind, claim.claim_id, claim.payer_id, claim.service_date, q(amount), code, n, prov,
                           detail, extra))

    billed = list(enumerate(claim.lines, start=1))
    # imaging
    billed_imaging = {l.code for _, l in billed if is_imaging(l.code)}
    supported_imaging = [s for s in coding.lines if is_imaging(s.code)]
    for s in supported_imaging:
        if s.code not in billed_imaging:
            amount = valuer.added(claim, ClaimLine(s.code, ZERO, Decimal(s.units), s.modifiers))
            add("imaging_not_billed", None, s.code, amount,
                f"{s.code} documented (guidance, permanent image, interpretation) but not billed")
    supported_codes = {s.code for s in coding.lines}
    for n, l in billed:
        if is_imaging(l.code) and l.code not in supported_codes:
            missing = next((m for m in coding.messages if l.code in m and "not documented" in m), "")
            detail = missing or f"{l.code} billed; the note does not support separate imaging guidance"
            add("imaging_undocumented", n, l.code, paid(claim.claim_id, n), detail)
    # procedures, compared per code as units per side (50 = both sides), whatever the bilateral style
    two_units = style == "modifier_50_two_units"
    bp = [(n, l) for n, l in billed if is_procedure(l.code)]
    sp = [s for s in coding.lines if is_procedure(s.code)]
    b_sides = _per_side([(l.code, l.modifiers, int(l.units)) for _, l in bp], two_units)
    s_sides = _per_side([(s.code, s.modifiers, s.units) for s in sp], two_units)
    unmatched_b: list[tuple[int, ClaimLine]] = []
    for n, l in bp:
        got, want = b_sides.get(l.code), s_sides.get(l.code)
        if want is None:
            unmatched_b.append((n, l))
            continue
        if set(got) != set(want):
            add("code_mismatch", n, l.code, values[n - 1],
                f"{l.code}: billed {_sides_text(got)}, the note documents {_sides_text(want)}",
                issue="side", supported=l.code)
            continue
        per = _line_per_side(l.modifiers, int(l.units), two_units)
        side = next(iter(_line_sides(l.modifiers)))
        diff = per - want[side] if per else 0
        if diff and per:
            amount = values[n - 1] * abs(diff) / per
            add("code_mismatch", n, l.code, amount,
                f"{l.code}: {per} level(s) billed per side, the note documents {want[side]}", issue="levels",
                direction="over" if diff > 0 else "under", supported=l.code)
    for code in b_sides:
        lines_b = [(n, l) for n, l in bp if l.code == code]
        if style and style != "rt_lt_two_lines" and len(lines_b) > 1 and any(
                s.code == code and "50" in s.modifiers for s in sp) and set(b_sides[code]) == {"RT", "LT"}:
            n, l = lines_b[0]
            add("addon_bilateral", n, code, values[n - 1],
                f"{code}: bilateral billed as RT and LT lines; the payer wants modifier 50", issue="bilateral_style")
    s_left = [s for s in sp if s.code not in b_sides]
    # another code of the same kind: approach or region
    for n, l in unmatched_b:
        fb = family(l.code)
        info = lookup(l.code)
        candidates = sorted(s_left, key=lambda s: bool(lookup(s.code) and lookup(s.code).is_addon))
        hit = next((s for s in candidates if family(s.code) == fb or (fb in EPIDURAL and family(s.code) in EPIDURAL)),
                   None)
        if hit is not None:
            s_left.remove(hit)
            fs = family(hit.code)
            if fb != fs and fb in EPIDURAL:
                issue = "approach"
            elif info and lookup(hit.code) and info.region != lookup(hit.code).region:
                issue = "region"
            elif info and info.is_addon:
                issue = "levels"
            else:
                issue = "code"
            add("code_mismatch", n, l.code, values[n - 1],
                f"{l.code} billed, the note supports {hit.code} ({issue})", issue=issue, supported=hit.code)
            continue
        if info and info.is_addon and not any(p in {x.code for _, x in billed} for p in info.primaries):
            continue  # an add-on without its primary: reported by the claim rules
        topic = next((t for t in coding.topics if t in MISMATCH_TOPICS), None)
        add("code_mismatch", n, l.code, values[n - 1],
            f"{l.code} billed; the note does not support it" + (f" ({topic} not documented)" if topic else ""),
            issue=("levels" if info and info.is_addon else topic or "not_documented"), supported="")
    # E/M
    if "em_level" in coding.topics:
        return out
    supported_em = next((s.code for s in coding.lines if s.code in EM_CODES), None)
    for n, l in billed:
        if l.code not in EM_CODES:
            continue
        if supported_em == l.code:
            break
        if supported_em is None:
            gap = -values[n - 1]
            detail = f"{l.code} billed; the note supports no separate E/M (pre-procedure evaluation)"
        else:
            gap = valuer.replaced(claim, n - 1, ClaimLine(supported_em, l.charge, l.units, l.modifiers)) - values[n - 1]
            detail = f"{l.code} billed, the note supports {supported_em}"
        add("em_level", n, l.code, abs(gap), detail, billed_level=l.code, supported_level=supported_em or "none",
            direction="undercoded" if gap > 0 else "overcoded", gap=q(gap))
        break
    return out


__all__ = ["NoteCoding", "Supported", "compare", "visit_type", "is_imaging", "is_procedure", "EM_CODES"]
