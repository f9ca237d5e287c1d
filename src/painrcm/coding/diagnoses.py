"""Diagnosis phrases -> billable ICD-10-CM codes (rules in ``data/diagnoses.yaml``).

Region and laterality come from the phrase's sentence (region words, spinal levels, side
words); when the sentence names no region, the region of the procedure done is used. Every
code is checked with :func:`painrcm.reference.icd10.is_billable`; a rule that resolves to a
header is dropped. Structural codes come first, symptom codes next, G89.x last.

>>> codes, _ = map_diagnoses(["Lumbar radiculopathy secondary to L4-5 disc herniation.",
...                           "Chronic low back pain."], default_region="lumbar")
>>> codes
['M51.16', 'G89.29']
>>> map_diagnoses(["Right knee osteoarthritis"])[0]
['M17.11']
>>> map_diagnoses(["Cervical radiculopathy C5-6 disc protrusion"])[0]
['M50.122']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from painrcm.notes.anatomy import find_sides, parse_levels
from painrcm.notes.context import sentence_context

_FALLBACK = {
    "lumbosacral": ("lumbar",), "thoracolumbar": ("thoracic", "lumbar"),
    "cervicothoracic": ("cervical",), "sacral": ("lumbosacral", "lumbar"),
    "unspecified": (),
}


@dataclass(frozen=True)
class _Rule:
    id: str
    group: str
    when: re.Pattern
    unless: re.Pattern | None
    code: str | None
    by_region: dict
    by_side: dict
    cervical_levels: dict
    rank: int


@lru_cache(maxsize=1)
def _rules() -> tuple[_Rule, ...]:
    raw = yaml.safe_load(resources.files("painrcm.coding").joinpath("data/diagnoses.yaml").read_text())
    out = []
    for r in raw["rules"]:
        out.append(_Rule(
            r["id"], r.get("group", r["id"]),
            re.compile("|".join(f"(?:{p})" for p in r["when"]), re.I),
            re.compile("|".join(f"(?:{p})" for p in r["unless"]), re.I) if r.get("unless") else None,
            r.get("code"), r.get("by_region") or {}, r.get("by_side") or {},
            r.get("cervical_levels") or {}, int(r.get("rank", 1))))
    return tuple(out)


_REGION_WORD = re.compile(
    r"\b(?P<cervicothoracic>cervicothoracic)|(?P<thoracolumbar>thoracolumbar)|(?P<lumbosacral>lumbosacral)|"
    r"(?P<cervical>cervical|neck|C-spine)|(?P<thoracic>thoracic|T-spine|mid[- ]back)|"
    r"(?P<lumbar>lumbar|low back|lower back|L-spine|lumbago|lower extremit\w*|legs?)|(?P<sacral>sacral)\b"
    r"|(?P<cervical2>upper extremit\w*|arms?)\b", re.I)


def _region_of(text: str, default: str | None) -> tuple[str | None, list[str]]:
    m = _REGION_WORD.search(text)
    labels = [l.label for _, _, ls in parse_levels(text) for l in ls]
    if m:
        key = next(k for k, v in m.groupdict().items() if v)
        return ("cervical" if key == "cervical2" else key), labels
    if labels:
        first = labels[0]
        if first.startswith("C7-T1"):
            return "cervicothoracic", labels
        if first.startswith("T12-L1"):
            return "thoracolumbar", labels
        if first.startswith("L5-S1") or first.startswith("S"):
            return "lumbosacral", labels
        return {"C": "cervical", "T": "thoracic", "L": "lumbar"}.get(first[0]), labels
    return default, labels


def _side_of(text: str, default: str | None) -> str:
    sides = {s for _, _, s in find_sides(text)}
    if "B" in sides or sides == {"R", "L"}:
        return "B"
    if sides:
        return sides.pop()
    return default or "U"


def _pick_region(table: dict, region: str | None) -> str | None:
    if region is None:
        return table.get("unspecified")
    if region in table:
        return table[region]
    for alt in _FALLBACK.get(region, ()):
        if alt in table:
            return table[alt]
    return table.get("unspecified")


_NORMALISE = ((re.compile(r"\bw/o\b", re.I), "without"), (re.compile(r"\bw/(?=\s)", re.I), "with"),
              (re.compile(r"radicul[a-z]*pathy", re.I), "radiculopathy"),
              (re.compile(r"\b(?:r|rt)\.?\s(?=knee|hip|shoulder|lower|upper|sciatica)", re.I), "right "),
              (re.compile(r"\b(?:l|lt)\.?\s(?=knee|hip|shoulder|lower|upper|sciatica)", re.I), "left "))


def _pieces(sentence: str) -> list[str]:
    for pat, rep in _NORMALISE:
        sentence = pat.sub(rep, sentence)
    parts = re.split(r"(?:\s+\d+[.)]\s+|;|\s+and\s+(?=(?:right|left|bilateral|chronic|lumbar|cervical|"
                     r"thoracic|myofascial|sacroiliac|facet|knee|hip|shoulder)\b))", sentence)
    return [p for p in parts if p and p.strip()]


def map_diagnoses(sentences: list[str], *, default_region: str | None = None,
                  default_side: str | None = None, billable=None) -> tuple[list[str], list[str]]:
    """Map diagnosis sentences to codes. Returns (codes in claim order, unresolved phrases)."""
    if billable is None:
        from painrcm.reference.icd10 import is_billable as billable
    found: list[tuple[int, int, str]] = []
    unresolved: list[str] = []
    order = 0
    for sentence in sentences:
        for piece in _pieces(sentence):
            ctx = None
            used_groups: set[str] = set()
            for rule in _rules():
                if rule.group in used_groups:
                    continue
                m = rule.when.search(piece)
                if not m:
                    continue
                if ctx is None:
                    ctx = sentence_context(piece)
                if ctx.modifiers_at(m.start(), m.end()) & {"negated", "hypothetical"}:
                    continue
                if re.search(r"\b(?:rule out|r/o|versus|vs\.?)\b", piece[:m.start()], re.I):
                    continue
                if rule.unless is not None and rule.unless.search(piece):
                    continue
                used_groups.add(rule.group)
                code = rule.code
                if code is None and rule.by_region:
                    region, labels = _region_of(piece, default_region)
                    if region == "cervical" and rule.cervical_levels:
                        for lab in labels:
                            if lab in rule.cervical_levels:
                                code = rule.cervical_levels[lab]
                                break
                    code = code or _pick_region(rule.by_region, region)
                elif code is None and rule.by_side:
                    code = rule.by_side.get(_side_of(piece, default_side)) or rule.by_side.get("U")
                if code is None:
                    unresolved.append(m.group(0))
                    continue
                if not billable(code):
                    unresolved.append(m.group(0))
                    continue
                order += 1
                found.append((rule.rank, order, code))
    codes: list[str] = []
    if any(rank == 1 for rank, _, _ in found):
        found = [f for f in found if f[0] != 2]  # symptoms integral to a definitive diagnosis
    for _, _, code in sorted(found):
        if code not in codes:
            codes.append(code)
    return codes, unresolved
