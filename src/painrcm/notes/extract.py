"""Read a note into :class:`~painrcm.notes.facts.NoteFacts`: which procedures were performed,
with their levels, sides, approach, imaging and the rest.

Pipeline (one job per step): sections and sentences (:mod:`.text`) -> ConText scopes
(:mod:`.context`) -> family triggers (:mod:`.matchers`) in sentences that describe performed
work -> per-family attribute readers (:mod:`.read_spine`, :mod:`.read_other`, on the shared
machinery of :mod:`.reader`). A mention that is negated, hypothetical/planned or
historical never makes a procedure; neither does one in the history, indication, diagnosis
or plan sections unless the sentence says the work was done.

>>> facts = extract("PROCEDURE: Right L4-5 and left L5-S1 transforaminal epidural steroid injection "
...                 "under fluoroscopy.\\nPLAN: Consider RFA next visit.")
>>> p = facts.procedures[0]
>>> p.family, p.approach, p.region, p.levels
('epidural', 'transforaminal', 'lumbar_sacral', (('R', 'L4-L5'), ('L', 'L5-S1')))
>>> facts.planned
('rfa',)
"""

from __future__ import annotations

import re
from dataclasses import replace

from painrcm.notes import matchers as M
from painrcm.notes.anatomy import find_sides
from painrcm.notes.facts import Evidence, NoteFacts, ProcedureFact
from painrcm.notes.text import Note, Sentence, read_note
from painrcm.notes.visit import extract_visit
from painrcm.notes.reader import (_BAD, _INJECTATE, _Mention, _PROCEDURE_SECTIONS, _Reader, _eligible, _ev,
    _expand, _imaging, _joint_in_sentence, _segment)
from painrcm.notes.read_spine import _read_epidural, _read_facet, _read_rfa
from painrcm.notes.read_other import (_read_augmentation, _read_carpal, _read_discography, _read_joint,
    _read_lysis, _read_nerve, _read_pump, _read_scs, _read_si, _read_simple, _read_tendon, _read_tpi)


_DIAGNOSIS_SECTIONS = ("preop_diagnosis", "postop_diagnosis", "assessment", "indication")


_DIAG_SIDE_SECTIONS = ("preop_diagnosis", "postop_diagnosis", "indication")


_OUTSIDE_SET = re.compile(r"\bplatelet[- ]rich plasma|\bPRP\b|\bprolotherapy|\bstem cell|\bozone injection", re.I)


_DX_INLINE = re.compile(r"\b(?:indication|diagnosis|dx|impression|assessment)(?: is|:)\s*", re.I)


_DX_CUE = re.compile(r"\b(?:presents? (?:today )?)?for (?:a scheduled procedure for |treatment of |evaluation of |"
                     r"follow-?up of |management of )|"
                     r"\bdiagnos(?:is|ed with|es)\b(?: of| is| are)?:?|\bpresents? (?:today )?(?:with|for)|"
                     r"\bsuffer\w* from|\bsecondary to|\bin the setting of|\bknown\b|\bwith (?:a )?(?:history|"
                     r"diagnosis) of", re.I)


_DONE_AFTER = re.compile(r"[^.]{0,40}?\b(?:which|that)?\s*(?:were|was) (?:performed|done|given|administered|completed)"
                         r"\b(?:[^.]{0,20}\btoday)?|[^.]{0,40}?\bperformed today", re.I)


_TOLERATED = re.compile(r"\btolerated (?:the |both |all |these |each )?(?:procedures?|injections?|blocks?)\b", re.I)


_WILL_DO = re.compile(r"\b(?:we|I) will (?:inject|proceed|perform|do)\b", re.I)


def _done_later(sents, i: int) -> bool:
    """ "We will inject both elbows ... The patient tolerated both procedures well": done, not planned."""
    if not _WILL_DO.search(sents[i].text):
        return False
    for j in range(i + 1, min(len(sents), i + 4)):
        if sents[j].section != sents[i].section:
            break
        if _TOLERATED.search(sents[j].text):
            return True
    return False


def extract(text: str | Note) -> NoteFacts:
    """Extract the facts of one note (plain text or an already split :class:`Note`)."""
    original = text.text if isinstance(text, Note) else text
    note = text if isinstance(text, Note) else read_note(text)
    r = _Reader(note)
    sents = note.sentences
    mentions: list[_Mention] = []
    planned: set[str] = set()
    eligible = [i for i, s in enumerate(sents) if _eligible(s)]
    eligible_set = set(eligible)
    for i, s in enumerate(sents):
        low = r.lower(i)
        for fam, pat in M.TRIGGERS.items():
            if not M.TRIGGER_KEY_RX[fam].search(low):
                continue
            for m in pat.finditer(s.text):
                el = i in eligible_set
                mods = r.mods(i, m.start(), m.end())
                if "hypothetical" in mods and (_DONE_AFTER.match(s.text, m.end()) or _done_later(sents, i)):
                    mods = mods - {"hypothetical"}
                    el = True
                if mods & _BAD or not el:
                    if "hypothetical" in mods or s.section == "plan":
                        if not (mods & {"negated", "historical"}):
                            planned.add(fam)
                    continue
                mentions.append(_Mention(fam, i, m.start(), m.end()))
    mentions = _resolve_overlaps(mentions, sents, r.header_tier)
    if not mentions:
        # "the needle was advanced into the epidural space ... steroid was injected": an epidural
        for i in eligible:
            m = re.search(r"\bepidural space\b", sents[i].text, re.I)
            if m and r.ok(i, m.start(), m.end()) and _INJECTATE.search(" ".join(sents[j].text for j in eligible)):
                mentions.append(_Mention("epidural", i, m.start(), m.end()))
                break
    fams = {m.family for m in mentions}
    for m in mentions:
        r.sent_fams.setdefault(m.sent, set()).add(m.family)
        r.positions.setdefault(m.sent, []).append((m.family, (m.start + m.end) // 2))
    imaging_all = _imaging(r, eligible)
    procedures: list[ProcedureFact] = []
    unsupported: list[tuple[str, Evidence]] = []
    by_fam: dict[str, list[_Mention]] = {}
    for m in mentions:
        by_fam.setdefault(m.family, []).append(m)
    if "epidurogram_only" in by_fam and "epidural" not in by_fam:
        ev = _ev(sents[by_fam["epidurogram_only"][0].sent])
        unsupported.append(("epidurography without an injection (72275, outside the pain code set)", ev))
    for fam, ms in by_fam.items():
        reader = _FAMILY_READERS.get(fam)
        if reader is None:
            continue
        imaging = imaging_all
        if len(by_fam) > 1:
            imaging = _imaging(r, _segment(r, eligible, fam, set(by_fam)))
        got = reader(r, ms, imaging, eligible)
        for item in got:
            if isinstance(item, ProcedureFact):
                procedures.append(item)
            else:
                unsupported.append(item)
    dside = _diagnosis_side(r)
    if dside:
        procedures = [_with_side(p, dside) for p in procedures]
    for i in eligible:
        m = _OUTSIDE_SET.search(sents[i].text)
        if m and r.ok(i, m.start(), m.end()):
            unsupported.append((m.group(0), _ev(sents[i])))
            procedures = [p for p in procedures if not (p.family in ("joint", "tendon") and p.evidence and
                                                        p.evidence[0].start == sents[i].start)]
            if any(p.family in ("joint", "tendon") for p in procedures) and re.search(
                    r"platelet|PRP|prolotherapy|stem cell|hyaluronic|viscosupplement", m.group(0), re.I):
                procedures = [p for p in procedures if p.family not in ("joint", "tendon")]
            break
    for i in eligible:
        m = re.search(r"carpal tunnel release|trigger finger release|tenosynovectomy|\bDupuytren", sents[i].text, re.I)
        if m and r.ok(i, m.start(), m.end()):
            unsupported.append((m.group(0), _ev(sents[i])))
            break
    diag = tuple(_ev(s) for s in sents if s.section in _DIAGNOSIS_SECTIONS or (
        s.section == "plan" and re.search(r"assessment|impression", s.header, re.I)))
    inline = []
    for s in sents:
        if s.section not in _DIAGNOSIS_SECTIONS:
            m = _DX_INLINE.search(s.text)
            if m:
                inline.append(_ev(s, m.end()))
    diag = diag + tuple(inline)
    if not diag:
        # narrative notes: "presents today for a scheduled procedure for lumbar spondylosis ..."
        out = []
        for s in sents:
            if s.section in ("plan", "exam"):
                continue
            m = _DX_CUE.search(s.text)
            if m:
                out.append(_ev(s, m.end()))
        diag = tuple(out)
    printed = _printed_codes(note.text)
    visit = extract_visit(note, r.context, has_procedure=bool(procedures or unsupported))
    planned -= fams
    if original != note.text:  # template check boxes were blanked for reading: evidence shows the original
        def fix(evs):
            return tuple(Evidence(e.start, e.end, original[e.start:e.end]) for e in evs)
        procedures = [replace(p, evidence=fix(p.evidence)) for p in procedures]
        visit = replace(visit, evidence=fix(visit.evidence))
    return NoteFacts(tuple(procedures), visit, diag, printed, tuple(sorted(planned)),
                     tuple(unsupported))


_CODE_HEADING = re.compile(r"\bCPT\w*|\bHCPCS\b|\bprocedure codes?\b|\bbilling codes?\b|\bcodes? billed\b", re.I)


_CODE_TOKEN = re.compile(r"(?<![\d.\-/$])(\d{4}[\dT])(?![\d\-/%]|\s*(?:mg|mL|cc|units?)\b)")


def _diagnosis_side(r: _Reader) -> str | None:
    """The one side named in the pre-op diagnosis / indication ("CRPS, right upper extremity")."""
    sides = set()
    for i, s in enumerate(r.note.sentences):
        if s.section in _DIAG_SIDE_SECTIONS:
            for a, b, sd in find_sides(s.text):
                if r.ok(i, a, b):
                    sides.add(sd)
    return sides.pop() if len(sides) == 1 else None


_SIDED = {"joint", "nerve_block", "si_joint", "tendon", "carpal_tunnel", "epidural", "facet", "rfa"}


def _with_side(p: ProcedureFact, side: str) -> ProcedureFact:
    if p.family not in _SIDED or p.sides or (p.family == "epidural" and p.approach != "transforaminal"):
        return p
    sides = _expand(side)
    levels = tuple((s, l) for s0, l in p.levels for s in ((s0,) if s0 else sides))
    return replace(p, sides=sides, levels=tuple(dict.fromkeys(levels)))


def _printed_codes(text: str) -> tuple[str, ...]:
    """CPT-looking codes printed after a CPT/HCPCS heading (old dictations end with them)."""
    out = set()
    for m in _CODE_HEADING.finditer(text):
        for c in _CODE_TOKEN.finditer(text, m.end(), min(len(text), m.end() + 1200)):
            out.add(c.group(1))
    return tuple(sorted(out))


def _resolve_overlaps(ms: list[_Mention], sents: tuple[Sentence, ...],
                      header_tier: frozenset[int] = frozenset()) -> list[_Mention]:
    fams = {m.family for m in ms}
    out = []
    rfa_sents = {m.sent for m in ms if m.family == "rfa"}
    release = any(re.search(r"carpal tunnel release|release of the (?:transverse carpal|carpal)", sents[m.sent].text,
                            re.I) for m in ms)
    si_rfa = any(m.family == "rfa" and (re.search(r"lateral branch|sacroiliac|\bSI\b|\bSIJ", sents[m.sent].text, re.I)
                                        or re.search(r"(?<![-/])\bS[1-4]\b(?![-/])", sents[m.sent].text))
                 and not re.search(r"medial branch|facet", sents[m.sent].text, re.I) for m in ms)
    injected = any(M.JOINT_ACTION.search(s.text) for s in sents if s.section in _PROCEDURE_SECTIONS | {"plan"})
    si_nerves = any(m.family == "nerve_block" and re.search(r"lateral branch", sents[m.sent].text, re.I)
                    for m in ms)
    for m in ms:
        text = sents[m.sent].text
        word = text[m.start:m.end].lower()
        if m.family == "facet" and "rfa" in fams:
            if m.sent in rfa_sents or not re.search(r"block|injection|mbb|intra-?articular", word):
                continue
        if m.family == "si_joint" and "rfa" in fams and not re.match(
                r"\s*(?:joint\s*)?(?:inj\w*|block)", text[m.end:m.end + 25], re.I) and (
                m.sent in rfa_sents or si_rfa):
            continue  # the SI joint is the RFA target
        if m.family == "facet" and re.search(r"lateral branch", text, re.I):
            continue  # sacral lateral branches: SI joint nerves, not facet joints
        if m.family == "epidural" and "lysis" in fams:
            continue  # needles placed for adhesiolysis are part of it
        if m.family == "epidural" and fams & {"scs", "blood_patch", "epidural_catheter", "lysis"}:
            if not re.search(r"esi|steroid|transforaminal|interlaminar|caudal", word):
                continue
        if m.family == "epidural" and word.startswith("epidural") and "steroid" not in word and \
                fams - {"epidural"}:
            continue  # "no epidural spread" in a sympathetic block note
        if m.family == "joint":
            if not _joint_in_sentence(text) or re.search(r"genicular|\bnerves?\b", text, re.I):
                continue
            if any(x.sent == m.sent and x.family in ("nerve_block", "rfa", "tpi", "tendon", "si_joint")
                   for x in ms):
                continue
        if m.family == "tendon" and not injected:
            continue
        if m.family == "carpal_tunnel" and not re.search(r"inject|block|needle", text, re.I):
            continue
        if m.family == "carpal_tunnel" and re.search(r"\brelease\b|\bincision", text, re.I):
            continue
        if m.family == "nerve_block" and (m.sent in rfa_sents or any(
                word in sents[k].text.lower() for k in rfa_sents)):
            continue
        if m.family == "carpal_tunnel" and release:
            continue
        if m.family == "si_joint" and si_nerves and not re.search(
                r"(?:into|within) the (?:SI|sacroiliac) joint|intra-?articular|(?:SI|sacroiliac) joint injection",
                text, re.I):
            continue
        if m.family == "epidural" and "epidurogram_only" in fams and not _INJECTATE.search(
                " ".join(s.text for s in sents if s.section in _PROCEDURE_SECTIONS)):
            continue
        if m.family == "facet" and m.sent not in header_tier and not re.search(
                r"block|inject|mbb|arthrogram|intra-?articular|medial branch", word):
            continue  # "the needle was placed lateral to the facet": a landmark
        out.append(m)
    return out


_FAMILY_READERS = {
    "discography": _read_discography,
    "pump": _read_pump,
    "epidural": _read_epidural,
    "facet": _read_facet,
    "rfa": _read_rfa,
    "si_joint": _read_si,
    "joint": _read_joint,
    "tendon": _read_tendon,
    "carpal_tunnel": _read_carpal,
    "tpi": _read_tpi,
    "nerve_block": _read_nerve,
    "scs": _read_scs,
    "augmentation": _read_augmentation,
    "blood_patch": _read_simple("blood_patch"),
    "epidural_catheter": _read_simple("epidural_catheter"),
    "lysis": _read_lysis,
}
