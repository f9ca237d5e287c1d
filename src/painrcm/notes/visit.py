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


_CLINICAL = re.compile(r"\bimpression\b|\bassessment\b|\bon exam\b|\bexam(?:ination)?:|\btotal time\b|\bRTC\b|"
                       r"\breturn to clinic|\bnew to (?:our|this|the)|\bfollow[- ]?up\b|\bMDM\b|\bHPI\b|"
                       r"\bchief complaint|\bS:|\bA:|\bP:", re.I)
_MDM_STATED = re.compile(r"\bMDM(?: is| was)?:?\s*(straightforward|low|moderate|high)\b|\b(straightforward|low|"
                         r"moderate|high)(?:[- ]complexity)? (?:medical decision making|MDM)", re.I)
_VISIT_WORDS = re.compile(r"\b(?:establish(?:ing|ment of|ed)? care|continued management|office visit|"
                          r"evaluated and managed separately|separately identifiable|new to (?:our|this) clinic|follow[- ]?up visit|clinic visit|new patient|established patient|"
                          r"consultation|consult\b|initial (?:evaluation|visit)|return visit|"
                          r"evaluation and management|E/M\b|telehealth visit)", re.I)
_NEW_EXPLICIT = re.compile(r"\bnew patient\b|\bnew to (?:our|this|the) (?:clinic|practice|office)|\bfirst visit|"
                           r"\binitial (?:consultation|evaluation|visit|consult)", re.I)
_EST_EXPLICIT = re.compile(r"\bestablished patient\b", re.I)
_NEW = re.compile(r"\bconsultation\b|\bconsult\b|\breferred\b|\breferral\b|\bat the request of|\bthank you for "
                  r"(?:the|this|your)? ?(?:referral|referring|allowing)|\bseen in consultation|\bkindly referred", re.I)
_EST = re.compile(r"(?<!next )(?<!his )(?<!her )\bfollow[- ]?up visit|\bcomes? back to see|\bprogress note|\breturns? (?:to (?:the )?clinic|today|for (?:a )?follow|"
                  r"in follow)|\breturn visit|\b(?:was|were) (?:last )?seen (?:here |in (?:the )?clinic |by me )?"
                  r"(?:on|last|previously|in)|\blast (?:visit|office visit|seen)|\bsince (?:his|her|the|my) (?:\w+ ){0,3}"
                  r"(?:visit|injection|procedure|block|rhizotomy|appointment)|\b(?:comes|came|presents|is) (?:back|in) "
                  r"(?:for|today for) (?:a |her |his )?follow|\bhere (?:today )?for (?:a |her |his )?follow|"
                  r"\bfor follow[- ]?up of|\b(?:his|her) last procedure|\bwe (?:have|had) (?:been )?(?:seen|treated|"
                  r"followed|following)|\bI (?:have|had) (?:seen|treated|followed)|\bseen (?:again|back)|"
                  r"\bcontinues to follow|\brecheck\b|\binterval history|\bsubjective:|\bpatient of mine|"
                  r"\blong-?term patient|\bmy patient", re.I)
_WORKUP = re.compile(r"\b(?:past medical|social|family|past surgical) history|\breview of systems|^allergies",
                     re.I | re.M)
_DECISION = re.compile(r"(?:risks and benefits|risks, benefits|risks/benefits)[^.]{0,120}(?:block|injection|procedure|"
                       r"surgery|RFA|ablation|rhizotomy|stimulator|kyphoplasty|vertebroplasty|epidural)|"
                       r"\bcandidate for (?:a |an )?(?:\w+ ){0,3}(?:block|injection|surgery|procedure|kyphoplasty|"
                       r"vertebroplasty|stimulator|RFA|ablation|rhizotomy)|\b(?:we will|will) schedule|"
                       r"\bscheduled? (?:for|him|her) (?:a |an )?(?:\w+ ){0,3}(?:block|injection|surgery|procedure|"
                       r"kyphoplasty|vertebroplasty|RFA|ablation|rhizotomy)", re.I)
_DATA_VERB = re.compile(r"\breview\w*|\border\w*|\bobtain\w*|\brequest\w*|\bsend (?:her|him) for|\bI have (?:a|the)|"
                        r"\bbrought|\bsent for|\bschedul\w* (?:him|her|the patient) for", re.I)
_DATA_ITEM = re.compile(r"\b(MRI|CT|x-?rays?|radiographs?|EMG|NCS|nerve conduction|myelogram|bone scan|DEXA|"
                        r"labs?|blood work|CBC|urine drug (?:screen|test)|UDS|PDMP|CURES|prescription monitoring|"
                        r"(?:outside |prior |previous |old )?(?:medical )?records|notes|discogram)\b", re.I)
_FILMS = re.compile(r"\b(?:films?|images?)\b[^.]{0,40}\b(?:are|were|was|is)\s+(?:personally\s+)?reviewed|"
                    r"\b(?:I|we)\s+(?:personally\s+|independently\s+)?reviewed\s+(?:the|her|his)\s+(?:\w+\s+)?"
                    r"(?:films?|images?)|\bpersonally reviewed|\bindependent(?:ly)? (?:review|interpret)", re.I)

_TIME = re.compile(r"\btotal (?:time|of)\b[^.\d]{0,60}?(\d{1,3})\s*(?:minutes|min)\b|\bspent\s+(?:a total of\s+)?"
                   r"(\d{1,3})\s*(?:minutes|min)\b|\b(\d{1,3})\s*(?:minutes|min)\b[^.]{0,40}\b(?:total|spent|"
                   r"on the date|face[- ]to[- ]face)", re.I)
_LONGITUDINAL = re.compile(r"\blongitudinal|\bplan (?:for )?(?:the |further )?follow[- ]?up|\b(?:see|follow) (?:him|her|the patient) (?:back |up )?in (?:\d+|one|two|three|"
                           r"four|six|a few)|\bsee (?:him|her) back|\bongoing (?:care|management)|\bcontinue (?:ongoing )?care with us|"
                           r"\bcontinue to follow|\bfollow (?:her|him|them) in this clinic|\bcontinue to (?:follow|manage|see)|"
                           r"\bwe will continue (?:to )?(?:manage|follow)|\bfollow[- ]?up in \d+|\breturn (?:to clinic )?"
                           r"in \d+|\bmonthly (?:follow|visit)|\bmedication management|\blong[- ]term", re.I)
_ONE_TIME = re.compile(r"\bconsultation only|\bone-time (?:evaluation|consult\w*)|\bno follow-?up scheduled|"
                       r"\bwho will continue (?:care|to manage)|\breturn to (?:the care of )?(?:the|her|his) (?:referring|primary)",
                       re.I)
_SEPARATE = re.compile(r"\bRx:\s*[A-Z]|\bseparately\b|\bseparate,? (?:and )?significant|\bsignificant(?:,| and)? separately|\bin addition to (?:today'?s|the) procedure|"
                       r"\b(?:decreas|increas|wean|taper|adjust|titrat)\w* (?:\w+ ){0,3}(?:medications?|opioids?|"
                       r"dose|morphine|oxycodone|methadone|gabapentin|Avinza)|\bseparately identifiable|\bseparate (?:evaluation|E/M|problem|complaint)|\bnew complaint|"
                       r"\bmedication management|\brefill\w*|\bprescri\w*|\b(?:also|additionally) (?:evaluated|discussed|"
                       r"addressed)|\bin addition to the procedure", re.I)
_ASSESS_ITEM = re.compile(r"^\s*(?:\d+[.)]|[-*•])\s*\S", re.M)


def extract_visit(note: Note, context: Callable, *, has_procedure: bool) -> VisitFacts:
    """Read the E/M facts of a note (``context(i)`` gives the ConText of sentence i)."""
    sents = note.sentences
    sections = note.sections
    text = note.text
    visit_words = bool(_VISIT_WORDS.search(text))
    structured = len({"history", "indication", "exam", "assessment", "plan", "preop_diagnosis"} & sections) >= 2 and \
        bool({"history", "exam", "indication"} & sections)
    clinical = bool(_CLINICAL.search(text))
    full_workup = {"history", "exam"} <= sections and bool({"assessment", "plan"} & sections)
    is_visit = visit_words or (not has_procedure and (structured or clinical)) or (
        has_procedure and full_workup and bool(_SEPARATE.search(text)))
    if not is_visit:
        return VisitFacts()
    if _NEW_EXPLICIT.search(text):
        visit_type = "new"
    elif _EST_EXPLICIT.search(text) or _EST.search(text):
        visit_type = "established"
    elif _NEW.search(text):
        visit_type = "new"
    elif len(set(m.group(0).lower() for m in _WORKUP.finditer(text))) >= 2 or (
            re.search(r"history of (?:the )?present", text, re.I) and re.search(r"chief complaint", text, re.I)):
        visit_type = "new"  # a full work-up (past, social, family history, ROS) without a follow-up cue
    else:
        visit_type = None
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
        ap = ("history", "body", "indication", "title", "other", "procedure")
    problems = None
    for level in ("high", "moderate"):
        if found("problems", level, ap + ("history", "indication")):
            problems = level
            break
    assess_text = " ".join(s.text for s in sents if s.section in ("assessment", "plan"))
    items = len(_ASSESS_ITEM.findall("\n".join(s.text for s in sents if s.section == "assessment")))
    n_problems = max(items, len(re.findall(r"\b[A-Z]\d{2}\.\w+", assess_text)))
    impression = " ".join(s.text for s in sents if s.section in ("assessment", "plan"))
    for m in re.finditer(r"\b(?:impression|assessment)\b", text, re.I):
        stop = text.find("\n\n", m.end())
        impression += " " + text[m.end(): stop if stop != -1 else len(text)]
    statuses = len(re.findall(r"\bchronic(?:,| and| illness)?\s+(?:and\s+)?(?:stable|at goal|controlled|with|not|"
                              r"worsening|progress)", impression, re.I))
    if problems is None and statuses >= 2:
        problems = "moderate"  # two or more chronic illnesses addressed
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
    for i, s in enumerate(sents):
        if not (_DATA_VERB.search(s.text) or re.search(r"review|stud(?:y|ies)|imaging|data", s.header, re.I)):
            continue
        for m in _DATA_ITEM.finditer(s.text):
            if context(i).modifiers_at(m.start(), m.end()) & {"negated"}:
                continue  # an order is future by nature: only a negation removes it
            word = m.group(1).lower()
            word = re.sub(r"^(?:outside|prior|previous|old) ", "", word).replace("medical ", "")
            region = re.search(r"\b(cervical|thoracic|lumbar|knee|hip|shoulder|brain|chest)\b",
                               s.text[m.end():m.end() + 30], re.I)
            word = re.sub(r"s$", "", word)
            if word in ("mri", "ct", "x-ray", "xray", "radiograph") and region:
                word += ":" + region.group(1).lower()  # each study is a unique test
            items_seen.add(word)
    interp = interp or bool(_FILMS.search(text))
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
        hits = found("risk", level, ("plan", "assessment", "body", "history", "other", "title", "procedure"))
        if level == "moderate" and not hits:
            hits = [i for i, s in enumerate(sents) if s.section in ("plan", "assessment", "body")
                    and _DECISION.search(s.text)]
        if hits:
            risk = level
            evid.extend(Evidence(sents[i].start, sents[i].end, sents[i].text) for i in hits[:1])
            break
    minutes = None
    m = _TIME.search(text)
    if m:
        minutes = int(next(g for g in m.groups() if g))
        evid.append(Evidence(m.start(), m.end(), m.group(0)))
    stated = _MDM_STATED.search(text)
    if stated:
        level = (stated.group(1) or stated.group(2)).lower()
        problems = data = risk = level  # the physician's own MDM statement
    longitudinal = bool(_LONGITUDINAL.search(text)) and not _ONE_TIME.search(text)
    separate = (not has_procedure) or bool(_SEPARATE.search(text))
    return VisitFacts(True, visit_type, problems, data, risk, minutes, longitudinal, separate, opioid,
                      tuple(evid))
