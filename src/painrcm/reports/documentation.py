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


def compare(claim: Claim, coding: NoteCoding, valuer: Valuer,
            paid: Callable[[str, int], Decimal]) -> list[Finding]:
    """Every documentation finding for one claim (see module doc). ``paid(claim_id, line_number)``."""
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
    # procedures
    bp = [(n, l) for n, l in billed if is_procedure(l.code)]
    sp = [s for s in coding.lines if is_procedure(s.code)]
    # exact matches (code and side); units differences are levels findings
    rest_b = []
    for n, l in bp:
        hit = next((s for s in sp if s.code == l.code and _side(s.modifiers) == _side(l.modifiers)), None)
        if hit is None:
            rest_b.append((n, l))
            continue
        sp.remove(hit)
        bu, su = int(l.units), hit.units
        if bu != su and bu > 0:
            diff = abs(bu - su)
            amount = values[n - 1] * diff / bu  # the units not supported (or not billed)
            add("code_mismatch", n, l.code, amount,
                f"{l.code}: {bu} unit(s) billed, the note documents {su}", issue="levels",
                direction="over" if bu > su else "under", supported=hit.code)
    # bilateral reported as RT + LT where the note (and the payer's style) give one 50 line
    for s in [s for s in sp if "50" in s.modifiers]:
        pair = [(n, l) for n, l in rest_b if l.code == s.code and _side(l.modifiers) in ({"RT"}, {"LT"})]
        if {next(iter(_side(l.modifiers))) for _, l in pair} == {"RT", "LT"}:
            sp.remove(s)
            for n, l in pair:
                rest_b.remove((n, l))
                add("addon_bilateral", n, l.code, values[n - 1],
                    f"{l.code}: billed as RT and LT lines; the payer wants one line with modifier 50",
                    issue="bilateral_style")
    # same code, other side
    rest_b2 = []
    for n, l in rest_b:
        hit = next((s for s in sp if s.code == l.code), None)
        if hit is None:
            rest_b2.append((n, l))
            continue
        sp.remove(hit)
        add("code_mismatch", n, l.code, values[n - 1],
            f"{l.code}: billed {'/'.join(sorted(_side(l.modifiers))) or 'no side'}, the note documents "
            f"{'/'.join(sorted(_side(hit.modifiers))) or 'no side'}", issue="side", supported=hit.code)
    # other code of the same kind: approach or region
    for n, l in rest_b2:
        fb = family(l.code)
        info = lookup(l.code)
        candidates = [s for s in sp if not (lookup(s.code) and lookup(s.code).is_addon)] + \
            [s for s in sp if lookup(s.code) and lookup(s.code).is_addon]
        hit = next((s for s in candidates if family(s.code) == fb or (fb in EPIDURAL and family(s.code) in EPIDURAL)),
                   None)
        if hit is not None:
            sp.remove(hit)
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
