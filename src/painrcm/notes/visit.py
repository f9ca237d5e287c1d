"""Evaluation and management facts: visit type, MDM elements, total time, longitudinal care.

The phrase cues live in ``painrcm/coding/data/em_mdm.yaml`` beside the level table, so a
practice tunes both in one place.

>>> from painrcm.notes.text import read_note
>>> from painrcm.notes.context import sentence_context
>>> n = read_note("HPI: Established patient with chronic low back pain, worsening.\\n"
...               "ASSESSMENT: Lumbar radiculopathy.\\nPLAN: Refill gabapentin 300 mg. Total time 32 minutes.")
>>> v = extract_visit(n, lambda i: sentence_context(n.sentences[i].text), has_procedure=False)
>>> v.is_visit, v.visit_type, v.problems, v.risk, v.total_minutes
(True, 'established', 'moderate', 'moderate', 32)
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Callable

import yaml

from painrcm.notes.facts import Evidence, VisitFacts
from painrcm.notes.text import Note

_LEVELS = ("straightforward", "low", "moderate", "high")


@lru_cache(maxsize=1)
def em_table() -> dict:
    """The E/M table (levels, codes, time thresholds, cues) from ``coding/data/em_mdm.yaml``."""
    text = resources.files("painrcm.coding").joinpath("data/em_mdm.yaml").read_text()
    return yaml.safe_load(text)


@lru_cache(maxsize=1)
def _cues() -> dict[str, dict[str, re.Pattern]]:
    out: dict[str, dict[str, re.Pattern]] = {}
    for element, levels in em_table()["cues"].items():
        out[element] = {k: re.compile("|".join(f"(?:{p})" for p in v), re.I) for k, v in levels.items()}
    return out


_VISIT_WORDS = re.compile(r"\b(?:office visit|follow[- ]?up visit|clinic visit|new patient|established patient|"
                          r"consultation|consult\b|initial (?:evaluation|visit)|return visit|"
                          r"evaluation and management|E/M\b|telehealth visit)", re.I)
_NEW = re.compile(r"\bnew patient|\binitial (?:consultation|evaluation|visit|consult)|\bnew to (?:our|this|the) "
                  r"(?:clinic|practice|office)|\bfirst visit|\bconsultation\b|\breferred (?:to us|by)", re.I)
_EST = re.compile(r"\bestablished patient|\bfollow[- ]?up\b|\breturns?\b(?! in)|\breturn visit|\bseen (?:here )?"
                  r"(?:previously|last)|\blast visit|\bsince (?:his|her|the) last|\bwas last seen|\brecheck", re.I)
_TIME = re.compile(r"\btotal (?:time|of)\b[^.\d]{0,60}?(\d{1,3})\s*(?:minutes|min)\b|\bspent\s+(?:a total of\s+)?"
                   r"(\d{1,3})\s*(?:minutes|min)\b|\b(\d{1,3})\s*(?:minutes|min)\b[^.]{0,40}\b(?:total|spent|"
                   r"on the date|face[- ]to[- ]face)", re.I)
_LONGITUDINAL = re.compile(r"\blongitudinal|\bongoing (?:care|management)|\bcontinue to (?:follow|manage|see)|"
                           r"\bwe will continue (?:to )?(?:manage|follow)|\bfollow[- ]?up in \d+|\breturn (?:to clinic )?"
                           r"in \d+|\bmonthly (?:follow|visit)|\bmedication management|\blong[- ]term", re.I)
_SEPARATE = re.compile(r"\bseparately identifiable|\bseparate (?:evaluation|E/M|problem|complaint)|\bnew complaint|"
                       r"\bmedication management|\brefill\w*|\bprescri\w*|\b(?:also|additionally) (?:evaluated|discussed|"
                       r"addressed)|\bin addition to the procedure", re.I)
_ASSESS_ITEM = re.compile(r"^\s*(?:\d+[.)]|[-*•])\s*\S", re.M)


def extract_visit(note: Note, context: Callable, *, has_procedure: bool) -> VisitFacts:
    """Read the E/M facts of a note (``context(i)`` gives the ConText of sentence i)."""
    sents = note.sentences
    sections = note.sections
    text = note.text
    visit_words = bool(_VISIT_WORDS.search(text))
    structured = ("history" in sections or "indication" in sections) and (
        "assessment" in sections or "plan" in sections or "exam" in sections)
    is_visit = visit_words or (structured and not has_procedure)
    if not is_visit:
        return VisitFacts()
    visit_type = "new" if _NEW.search(text) else ("established" if _EST.search(text) else None)
    cues = _cues()
    evid: list[Evidence] = []

    def found(element: str, level: str, sections_ok: tuple[str, ...] | None = None) -> list[int]:
        pat = cues[element].get(level)
        if pat is None:
            return []
        hits = []
        for i, s in enumerate(sents):
            if sections_ok and s.section not in sections_ok:
                continue
            for m in pat.finditer(s.text):
                if not (context(i).modifiers_at(m.start(), m.end()) & {"negated"}):
                    hits.append(i)
                    break
        return hits

    # problems: addressed in assessment/plan (or HPI when no assessment)
    ap = ("assessment", "plan", "preop_diagnosis", "postop_diagnosis")
    if not ({"assessment", "plan"} & sections):
        ap = ("history", "body", "indication", "title")
    problems = None
    for level in ("high", "moderate"):
        if found("problems", level, ap + ("history", "indication")):
            problems = level
            break
    assess_text = " ".join(s.text for s in sents if s.section in ("assessment", "plan"))
    items = len(_ASSESS_ITEM.findall("\n".join(s.text for s in sents if s.section == "assessment")))
    n_problems = max(items, len(re.findall(r"\b[A-Z]\d{2}\.\w+", assess_text)))
    if problems is None:
        chronic = bool(re.search(r"\bchronic\b", text, re.I))
        if chronic and n_problems >= 2:
            problems = "moderate"
        elif found("problems", "low", None) or chronic or n_problems >= 1 or assess_text:
            problems = "low"
    # data
    data = None
    interp = bool(found("data", "independent_interpretation"))
    discuss = bool(found("data", "discussion"))
    items_seen: set[str] = set()
    pat = cues["data"]["review_or_order"]
    for i, s in enumerate(sents):
        for m in pat.finditer(s.text):
            if context(i).modifiers_at(m.start(), m.end()) & {"negated"}:
                continue
            word = next(g for g in m.groups() if g).lower()
            items_seen.add(re.sub(r"s$", "", word))
    historian = bool(found("data", "historian"))
    cat1 = len(items_seen) + (1 if historian else 0)
    categories = sum([cat1 >= 3, interp, discuss])
    if categories >= 2:
        data = "high"
    elif categories >= 1:
        data = "moderate"
    elif len(items_seen) >= 2 or historian:
        data = "low"
    elif len(items_seen) == 1:
        data = "straightforward"
    # risk
    risk = None
    opioid = bool(found("risk", "opioid_monitoring"))
    for level in ("high", "moderate", "low"):
        hits = found("risk", level, ("plan", "assessment", "body", "history"))
        if hits:
            risk = level
            evid.extend(Evidence(sents[i].start, sents[i].end, sents[i].text) for i in hits[:1])
            break
    minutes = None
    for i, s in enumerate(sents):
        m = _TIME.search(s.text)
        if m:
            minutes = int(next(g for g in m.groups() if g))
            evid.append(Evidence(s.start, s.end, s.text))
            break
    longitudinal = bool(_LONGITUDINAL.search(text)) and bool(re.search(r"\bchronic\b", text, re.I))
    separate = (not has_procedure) or bool(_SEPARATE.search(text))
    return VisitFacts(True, visit_type, problems, data, risk, minutes, longitudinal, separate, opioid,
                      tuple(evid))
