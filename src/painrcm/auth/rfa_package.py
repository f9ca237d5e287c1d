"""The RFA prior-authorization package: the diagnostic medial branch blocks, checked and assembled.

1. ``review_blocks`` reads each of the patient's prior procedure notes with the coder
   (``painrcm.coding.code_note``) and keeps the diagnostic medial branch blocks (facet family,
   diagnostic purpose) with their levels, sides, relief % and relief duration. A relief figure
   from a pain diary or follow-up call can be given on the note (``ProcedureNote.relief_pct``)
   and wins over the text; the duration is read from the coder's fact or, when the coder has none,
   from phrases such as "lasting 6 hours" / "x 6 hrs" / "duration 6 hours" (see ``relief_hours``).
2. ``build_package`` checks the payer's rule (``rfa_prerequisite``: how many blocks, same levels
   and side, separate dates, relief % at or above the threshold, duration documented and long
   enough) and lists every gap that blocks submission: missing or failing blocks, functional
   impairment, imaging correlation, conservative treatment, provider attestation.
3. ``render_html`` (Jinja2 template ``auth/templates/rfa_package.html``) and ``render_pdf``
   (WeasyPrint) assemble the package with the MBB notes themselves, not references to them.

>>> hours = relief_hours("Pain diary: 85% relief lasting 6 hours.")
>>> hours
6.0
>>> relief_hours("80% relief for 2 days"), relief_hours("relief x 8 hrs"), relief_hours("good relief")
(48.0, 8.0, None)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable

from painrcm.auth.deadlines import normalize_level
from painrcm.auth.frequency import CODE_REGION
from painrcm.auth.policies import policy_for
from painrcm.policy import PayerPolicy

_DURATION = re.compile(
    r"(?:lasting|lasted|for|x|duration(?:\s+of)?|over)\s*[:=]?\s*(?:about|approximately|~|roughly)?\s*"
    r"(\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|ten|twelve)\s*"
    r"(hours?|hrs?|h\b|days?|weeks?|minutes?|mins?)", re.I)
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "ten": 10,
          "twelve": 12}
_UNIT_HOURS = {"h": 1, "hour": 1, "hr": 1, "day": 24, "week": 168, "minute": 1 / 60, "min": 1 / 60}
_SIDE_WORD = {"left": ("L",), "right": ("R",), "bilateral": ("L", "R")}


def relief_hours(text: str | None) -> float | None:
    """Hours of relief documented in a phrase ("lasting 6 hours", "for 2 days", "x 8 hrs"), or None."""
    if not text:
        return None
    m = _DURATION.search(text)
    if not m:
        return None
    raw = m.group(1).lower()
    n = float(_WORDS.get(raw, raw))
    unit = m.group(2).lower().rstrip("s")
    unit = {"hr": "hr", "hrs": "hr"}.get(unit, unit)
    return n * _UNIT_HOURS.get(unit, 1)


@dataclass(frozen=True, slots=True)
class ProcedureNote:
    """A prior procedure note of the patient (the full text goes into the package)."""

    note_id: str
    date_of_service: date
    text: str
    provider: str | None = None
    relief_pct: int | None = None  # from a pain diary/follow-up when not in the note
    relief_hours: float | None = None


@dataclass(frozen=True)
class BlockReview:
    """One diagnostic medial branch block and how it stands against the payer's rule."""

    note: ProcedureNote
    region: str | None
    levels: tuple[str, ...]
    sides: tuple[str, ...]
    relief_pct: int | None
    relief_hours: float | None
    problems: tuple[str, ...] = ()

    @property
    def qualifies(self) -> bool:
        return not self.problems

    @property
    def duration_text(self) -> str:
        if self.relief_hours is None:
            return "not documented"
        h = self.relief_hours
        return f"{h:g} hours" if h < 48 else f"{h / 24:g} days"

    @property
    def side_text(self) -> str:
        return {("L", "R"): "bilateral", ("L",): "left", ("R",): "right"}.get(tuple(sorted(self.sides)), "not stated")


@dataclass(frozen=True, slots=True)
class Attestation:
    provider_name: str
    provider_npi: str
    signed_on: date | None = None
    statement: str = ("I attest that the information in this request is accurate and supported by the medical "
                      "record, and that the planned radiofrequency ablation is medically necessary.")


@dataclass(frozen=True)
class RfaRequest:
    """The planned RFA and the clinical facts the package needs besides the blocks."""

    patient_id: str
    payer_id: str
    levels: tuple[str, ...]
    side: str  # left | right | bilateral
    planned_date: date
    region: str | None = None  # lumbar/cervical/...; from the levels when None
    patient_label: str | None = None  # what the package shows for the patient (name + DOB, or id)
    member_id: str | None = None
    practice_name: str | None = None
    codes: tuple[str, ...] = ()
    diagnoses: tuple[str, ...] = ()
    functional_impairment: str | None = None
    imaging_correlation: str | None = None
    conservative_treatment: str | None = None
    attestation: Attestation | None = None

    @property
    def spinal_region(self) -> str | None:
        if self.region:
            return self.region
        first = (self.levels[0].strip().upper()[:1] if self.levels else "")
        return {"C": "cervical", "T": "thoracic", "L": "lumbar", "S": "sacral"}.get(first)


@dataclass(frozen=True)
class RfaPackage:
    request: RfaRequest
    payer_name: str
    blocks_required: int
    threshold_pct: int
    min_duration_hours: float | None
    same_levels_and_side: bool
    separate_dates: bool
    blocks: tuple[BlockReview, ...]
    gaps: tuple[str, ...]
    conservative_weeks: int | None = None
    extra: dict = field(default_factory=dict)

    @property
    def qualifying(self) -> tuple[BlockReview, ...]:
        seen: set[date] = set()
        out = []
        for b in self.blocks:
            if b.qualifies and (not self.separate_dates or b.note.date_of_service not in seen):
                seen.add(b.note.date_of_service)
                out.append(b)
        return tuple(out)

    @property
    def threshold_met(self) -> bool:
        return len(self.qualifying) >= self.blocks_required

    @property
    def ready(self) -> bool:
        """True when nothing blocks submission."""
        return not self.gaps

    @property
    def verdict(self) -> str:
        r = self.request
        where = f"{', '.join(normalize_level(x) for x in r.levels)} ({r.side})"
        dur = (f", relief lasting >= {self.min_duration_hours:g} hours" if self.min_duration_hours
               else ", relief duration documented")
        head = "THRESHOLD MET" if self.threshold_met else "THRESHOLD NOT MET"
        return (f"{head}: {len(self.qualifying)} of {self.blocks_required} required diagnostic medial branch "
                f"blocks at {where} with >= {self.threshold_pct}% relief{dur}.")

    def to_json(self) -> dict:
        return {"patient_id": self.request.patient_id, "payer": self.request.payer_id, "verdict": self.verdict,
                "threshold_met": self.threshold_met, "ready": self.ready, "gaps": list(self.gaps),
                "blocks": [{"note_id": b.note.note_id, "date": b.note.date_of_service.isoformat(),
                            "levels": list(b.levels), "side": b.side_text, "relief_pct": b.relief_pct,
                            "relief_hours": b.relief_hours, "qualifies": b.qualifies, "problems": list(b.problems)}
                           for b in self.blocks]}


def _block_facts(note: ProcedureNote, payer_id: str | None) -> list[dict]:
    from painrcm.coding import code_note

    result = code_note(note.text, payer=payer_id, dos=note.date_of_service)
    return [p for p in result.facts.get("procedures", ())
            if p.get("family") == "facet" and p.get("purpose") == "diagnostic"]


def review_blocks(notes: Iterable[ProcedureNote], request: RfaRequest, policy: PayerPolicy) -> list[BlockReview]:
    """The diagnostic medial branch blocks among ``notes`` before the planned date, each checked."""
    req = policy.rfa_prerequisite
    want_region = CODE_REGION.get((request.spinal_region or "").lower())
    want_levels = {normalize_level(x) for x in request.levels}
    want_sides = set(_SIDE_WORD.get(request.side.lower(), ()))
    out: list[BlockReview] = []
    for note in sorted(notes, key=lambda n: n.date_of_service):
        if note.date_of_service >= request.planned_date:
            continue
        for fact in _block_facts(note, policy.id if policy.id != "default" else None):
            region = fact.get("region")
            if want_region and region and region != want_region:
                continue
            levels = tuple(dict.fromkeys(normalize_level(lv["level"]) for lv in fact.get("levels", ())))
            sides = tuple(sorted(set(fact.get("sides") or ())))
            pct = note.relief_pct if note.relief_pct is not None else fact.get("relief_pct")
            hours = note.relief_hours
            if hours is None:
                hours = relief_hours(f"for {fact['duration']}") if fact.get("duration") else relief_hours(note.text)
            problems = []
            if req.same_levels_and_side:
                missing = sorted(want_levels - set(levels))
                if missing:
                    problems.append(f"levels {', '.join(levels) or 'not stated'} do not include {', '.join(missing)}")
                if want_sides and not want_sides <= set(sides):
                    problems.append(f"side {'/'.join(sides) or 'not stated'} is not the planned {request.side} side")
            if pct is None:
                problems.append("relief % not documented")
            elif pct < req.relief_threshold_pct:
                problems.append(f"relief {pct}% is below the {req.relief_threshold_pct}% threshold")
            if hours is None:
                problems.append("relief duration not documented")
            elif req.min_relief_duration_hours and hours < req.min_relief_duration_hours:
                problems.append(f"relief lasted {hours:g} hours, less than {req.min_relief_duration_hours:g}")
            out.append(BlockReview(note, region, levels, sides, pct, hours, tuple(problems)))
    return out


def build_package(notes: Iterable[ProcedureNote], request: RfaRequest, *, policy: PayerPolicy | None = None,
                  payer_name: str | None = None) -> RfaPackage:
    """Check the payer's RFA rule against the patient's prior blocks and list every gap."""
    policy = policy or policy_for(request.payer_id)
    req = policy.rfa_prerequisite
    blocks = tuple(review_blocks(notes, request, policy))
    weeks = policy.conservative_treatment_weeks("facet_rfa")
    pkg = RfaPackage(request, payer_name or policy.name, req.diagnostic_blocks, req.relief_threshold_pct,
                     req.min_relief_duration_hours, req.same_levels_and_side, req.separate_dates, blocks, (),
                     conservative_weeks=weeks)
    gaps: list[str] = []
    if not blocks:
        gaps.append("No diagnostic medial branch block notes found for this patient before the planned date")
    n = len(pkg.qualifying)
    if n < req.diagnostic_blocks:
        gaps.append(f"Only {n} qualifying diagnostic block(s) on separate dates; {pkg.payer_name} requires "
                    f"{req.diagnostic_blocks} with >= {req.relief_threshold_pct}% relief")
        for b in blocks:
            if not b.qualifies:
                gaps.append(f"Block of {b.note.date_of_service.isoformat()}: {'; '.join(b.problems)}")
    if not (request.functional_impairment or "").strip():
        gaps.append("Functional impairment not documented (e.g. ODI/NDI score, limits on daily activities)")
    if not (request.imaging_correlation or "").strip():
        gaps.append("Imaging correlation not documented (findings at the planned levels)")
    if not (request.conservative_treatment or "").strip():
        gaps.append("Conservative treatment history not documented"
                    + (f" (payer wants at least {weeks} weeks)" if weeks else ""))
    if request.attestation is None or request.attestation.signed_on is None:
        gaps.append("Provider attestation not signed")
    return RfaPackage(**{**pkg.__dict__, "gaps": tuple(gaps)})


def render_html(package: RfaPackage) -> str:
    """The package as one HTML page (Jinja2, autoescaped)."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("painrcm.auth", "templates"), autoescape=select_autoescape(["html"]))
    return env.get_template("rfa_package.html").render(p=package, r=package.request, norm=normalize_level)


def render_pdf(package: RfaPackage) -> bytes:
    """The package as PDF (WeasyPrint)."""
    from weasyprint import HTML

    return HTML(string=render_html(package)).write_pdf()


__all__ = ["Attestation", "BlockReview", "ProcedureNote", "RfaPackage", "RfaRequest", "build_package",
           "relief_hours", "render_html", "render_pdf", "review_blocks"]
