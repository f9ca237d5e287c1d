"""Read a note into :class:`~painrcm.notes.facts.NoteFacts`: which procedures were performed,
with their levels, sides, approach, imaging and the rest.

Pipeline (one job per step): sections and sentences (:mod:`.text`) -> ConText scopes
(:mod:`.context`) -> family triggers (:mod:`.matchers`) in sentences that describe performed
work -> per-family attribute readers below. A mention that is negated, hypothetical/planned or
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
from dataclasses import dataclass, field, replace

from painrcm.notes import matchers as M
from painrcm.notes.anatomy import Level, find_sides, parse_levels, sided_levels, sided_levels_at, spine_region
from painrcm.notes.context import SentenceContext, sentence_context
from painrcm.notes.facts import Evidence, Imaging, NoteFacts, ProcedureFact
from painrcm.notes.text import Note, Sentence, read_note
from painrcm.notes.visit import extract_visit

_PROCEDURE_SECTIONS = {"title", "procedure", "body", "other"}
_SOMETIMES = {"plan", "assessment", "postop_diagnosis"}
_DIAGNOSIS_SECTIONS = ("preop_diagnosis", "postop_diagnosis", "assessment", "indication")
_DIAG_SIDE_SECTIONS = ("preop_diagnosis", "postop_diagnosis", "indication")
_OUTSIDE_SET = re.compile(r"\bplatelet[- ]rich plasma|\bPRP\b|\bprolotherapy|\bstem cell|\bozone injection", re.I)
_DX_INLINE = re.compile(r"\b(?:indication|diagnosis|dx|impression|assessment)(?: is|:)\s*", re.I)
_DX_CUE = re.compile(r"\b(?:presents? (?:today )?)?for (?:a scheduled procedure for |treatment of |evaluation of |"
                     r"follow-?up of |management of )|"
                     r"\bdiagnos(?:is|ed with|es)\b(?: of| is| are)?:?|\bpresents? (?:today )?(?:with|for)|"
                     r"\bsuffer\w* from|\bsecondary to|\bin the setting of|\bknown\b|\bwith (?:a )?(?:history|"
                     r"diagnosis) of", re.I)
_BAD = {"negated", "hypothetical", "historical"}


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


@dataclass
class _Mention:
    family: str
    sent: int
    start: int  # sentence offsets
    end: int


@dataclass
class _Reader:
    note: Note
    ctx: dict[int, SentenceContext] = field(default_factory=dict)
    header_tier: frozenset[int] = frozenset()
    sent_fams: dict[int, set[str]] = field(default_factory=dict)
    positions: dict[int, list[tuple[str, int]]] = field(default_factory=dict)

    def levels_for(self, i: int, fam: str | None) -> list[tuple[str | None, Level]]:
        """Sided levels of sentence i; in a sentence naming several procedures, only the levels whose
        nearest procedure mention is ``fam`` ("interlaminar C7/T1 and MBB right C4/5")."""
        t = self.note.sentences[i].text
        found = sided_levels_at(t)
        pos = self.positions.get(i, [])
        if fam is None or len({f for f, _ in pos}) < 2:
            return [(s, l) for s, l, _ in found]
        out = []
        for s, l, at in found:
            nearest = min(pos, key=lambda p: abs(p[1] - at))[0]
            if nearest == fam or (fam in ("facet", "rfa") and nearest in ("facet", "rfa", "nerve_block")):
                out.append((s, l))
        return out

    def __post_init__(self):
        self.header_tier = _header_tier_ids(self.note)

    def context(self, i: int) -> SentenceContext:
        c = self.ctx.get(i)
        if c is None:
            c = self.ctx[i] = sentence_context(self.note.sentences[i].text)
        return c

    def ok(self, i: int, start: int, end: int) -> bool:
        return not (self.context(i).modifiers_at(start, end) & _BAD)

    def mods(self, i: int, start: int, end: int) -> set[str]:
        return self.context(i).modifiers_at(start, end)


def _eligible(s: Sentence) -> bool:
    if s.section in _PROCEDURE_SECTIONS:
        return True
    if s.section in _SOMETIMES:
        return bool(M.PERFORMED.search(s.text))
    return False


def _is_header_tier(s: Sentence) -> bool:
    h = s.header.lower()
    return s.section == "title" or (s.section == "procedure" and (
        "procedure" in h or "operation" in h) and not any(w in h for w in (
            "detail", "description", "technique", "note", "narrative", "consent", "summary", "instruction")))


def _header_tier_ids(note: Note) -> frozenset[int]:
    """Sentences that name the procedure (title, a short "PROCEDURE:" section), not the narrative."""
    blocks: list[list[int]] = []
    prev = None
    for i, s in enumerate(note.sentences):
        key = (s.section, s.header)
        if key != prev:
            blocks.append([])
            prev = key
        blocks[-1].append(i)
    out = set()
    for block in blocks:
        first = note.sentences[block[0]]
        if not _is_header_tier(first):
            continue
        if first.section == "title" or len(block) <= 6:
            out.update(block)
    return frozenset(out)


def _ev(s: Sentence, a: int = 0, b: int | None = None) -> Evidence:
    b = len(s.text) if b is None else b
    return Evidence(s.start + a, s.start + b, s.text[a:b])


def extract(text: str | Note) -> NoteFacts:
    """Extract the facts of one note (plain text or an already split :class:`Note`)."""
    note = text if isinstance(text, Note) else read_note(text)
    r = _Reader(note)
    sents = note.sentences
    mentions: list[_Mention] = []
    planned: set[str] = set()
    eligible = [i for i, s in enumerate(sents) if _eligible(s)]
    eligible_set = set(eligible)
    for i, s in enumerate(sents):
        low = s.text.lower()
        for fam, pat in M.TRIGGERS.items():
            if not any(k in low for k in M.TRIGGER_KEYS[fam]):
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


_INJECTATE = re.compile(r"\bsteroid|Depo-?Medrol|methylprednisolone|Kenalog|triamcinolone|dexamethasone|Decadron|"
                        r"Celestone|betamethasone|bupivacaine|Marcaine|ropivacaine|Naropin|Sensorcaine|injectate|"
                        r"medication was injected|solution was injected|mixture", re.I)

_JOINT_NEAR = re.compile(
    rf"(?:{M.JOINT_NAME.pattern})[^.]{{0,100}}?(?:{M.JOINT_ACTION.pattern})|"
    rf"(?:{M.JOINT_ACTION.pattern})[^.]{{0,100}}?(?:{M.JOINT_NAME.pattern})", re.I)


def _joint_in_sentence(text: str) -> bool:
    return bool(_JOINT_NEAR.search(text))


# --- imaging ---------------------------------------------------------------------------

def _imaging(r: _Reader, eligible: list[int], prefer: list[int] | None = None) -> Imaging:
    sents = r.note.sentences
    modalities: dict[str, int] = {}
    preferred: dict[str, int] = {}
    permanent = interpretation = explicitly_none = False
    for i in eligible:
        t = sents[i].text
        for name, pat in M.MODALITY:
            for m in pat.finditer(t):
                if r.ok(i, m.start(), m.end()):
                    modalities[name] = modalities.get(name, 0) + 1
                    if prefer and i in prefer:
                        preferred[name] = preferred.get(name, 0) + 1
        if M.NO_IMAGING.search(t):
            m = M.NO_IMAGING.search(t)
            if "hypothetical" not in r.mods(i, m.start(), m.end()):
                explicitly_none = True
        for m in M.PERMANENT.finditer(t):
            if r.ok(i, m.start(), m.end()):
                permanent = True
        for m in M.INTERPRETATION.finditer(t):
            if r.ok(i, m.start(), m.end()):
                interpretation = True
    pool = preferred or modalities
    if not pool:
        return Imaging(None, False, False, False, explicitly_none)
    modality = max(pool, key=lambda k: (pool[k], k == "ultrasound", k == "fluoroscopy"))
    return Imaging(modality, True, permanent, interpretation, False)


_SEGMENT_CUES = {
    "epidural": re.compile(r"epidural|sacral hiatus|caudal|Tuohy|foram|interlaminar|transforaminal|nerve root|ESI\b",
                           re.I),
    "facet": re.compile(r"medial branch|facet|dorsal ram|\bMBB", re.I),
    "rfa": re.compile(r"radiofrequency|\bRF\b|cannula|lesion|ablation|neurotomy|\bRFA", re.I),
    "si_joint": re.compile(r"sacroiliac|\bSI\b|\bSIJ", re.I),
    "joint": M.JOINT_NAME,
    "tpi": re.compile(r"trigger point|\bTPI|muscle", re.I),
    "nerve_block": re.compile(r"nerve|ganglion|plexus|sympathetic|\bSGB|\bGON", re.I),
    "tendon": re.compile(r"tendon|fascia|heel", re.I),
}


def _segment(r: _Reader, eligible: list[int], fam: str, fams: set[str]) -> list[int]:
    """The sentences of a multi-procedure note that describe ``fam``: each sentence belongs to the
    procedure named last (a sentence naming a procedure switches the current one); sentences before
    the first switch belong to every procedure."""
    current: str | None = None
    out = []
    for i in eligible:
        t = r.note.sentences[i].text
        named = [f for f in fams if f in _SEGMENT_CUES and _SEGMENT_CUES[f].search(t)]
        if named and i in r.header_tier:
            if fam in named:  # "PROCEDURE: facet injections under ultrasound; SI joint injection"
                out.append(i)
            continue
        if named:
            current = fam if fam in named else named[0]
        if current is None or current == fam:
            out.append(i)
    return out


# --- helpers ---------------------------------------------------------------------------

def _family_sentences(r: _Reader, ms: list[_Mention], extra: re.Pattern | None = None,
                      eligible: list[int] | None = None) -> tuple[list[int], list[int]]:
    """(header-tier sentence ids, all sentence ids) describing the family."""
    ids = sorted({m.sent for m in ms})
    if extra is not None and eligible is not None:
        for i in eligible:
            t = r.note.sentences[i].text
            for m in extra.finditer(t):
                if r.ok(i, m.start(), m.end()):
                    ids.append(i)
                    break
        ids = sorted(set(ids))
    header = [i for i in ids if i in r.header_tier]
    return header, ids


def _levels_from(r: _Reader, ids: list[int], fam: str | None = None) -> list[tuple[str | None, Level, int]]:
    out = []
    for i in ids:
        for side, lv in r.levels_for(i, fam):
            out.append((side, lv, i))
    return out


def _side_of(r: _Reader, ids: list[int]) -> str | None:
    for i in ids:
        if len(r.sent_fams.get(i, ())) > 1:
            continue  # "L4-5 facet injections and right SI joint injection": the side is the other one's
        t = r.note.sentences[i].text
        for a, b, s in find_sides(t):
            if r.ok(i, a, b):
                return s
    return None


def _sides_all(r: _Reader, ids: list[int]) -> set[str]:
    out = set()
    for i in ids:
        t = r.note.sentences[i].text
        for a, b, s in find_sides(t):
            if r.ok(i, a, b):
                out.add(s)
    return out


def _pick_levels(r: _Reader, header: list[int], ids: list[int], fam: str | None = None):
    lv = _levels_from(r, header, fam)
    if not lv:
        lv = _levels_from(r, ids, fam)
    return lv


def _evidence(r: _Reader, ids: list[int], limit: int = 2) -> tuple[Evidence, ...]:
    return tuple(_ev(r.note.sentences[i]) for i in ids[:limit])


def _expand(side: str | None) -> tuple[str, ...]:
    return ("R", "L") if side == "B" else ((side,) if side else ())


def _relief(r: _Reader, ids_all: list[int]) -> tuple[int | None, str | None]:
    """Relief % and duration of the prior diagnostic blocks (anywhere in the note but the plan).
    When the note does not mention prior blocks at all, both are reported as "n/a"."""
    if not any(M.PRIOR_BLOCKS.search(s.text) for s in r.note.sentences if s.section != "plan"):
        return -1, "n/a"
    relief = duration = None
    for i, s in enumerate(r.note.sentences):
        if s.section == "plan":
            continue
        m = M.RELIEF.search(s.text)
        if m and relief is None:
            if "hypothetical" in r.mods(i, m.start(), m.end()):
                continue
            relief = int(m.group(1) or m.group(2))
            d = M.DURATION.search(s.text)
            if d:
                duration = " ".join(g for g in d.groups() if g)
    return relief, duration


# --- family readers --------------------------------------------------------------------

def _read_epidural(r, ms, imaging, eligible):
    header, ids = _family_sentences(r, ms)
    sents = r.note.sentences
    approach = None
    issues = []
    for tier in (header, ids, eligible):
        found = set()
        for i in tier:
            t = sents[i].text
            for name, pat in M.APPROACH_STRONG:
                for m in pat.finditer(t):
                    if r.ok(i, m.start(), m.end()):
                        found.add(name)
        if found:
            approach = found.pop() if len(found) == 1 else None
            if approach is None:
                issues.append(("approach", "the note names more than one epidural approach"))
            break
    if approach is None and not issues:
        weak = set()
        for i in eligible:
            t = sents[i].text
            for name, pat in M.APPROACH_WEAK:
                m = pat.search(t)
                if m and r.ok(i, m.start(), m.end()):
                    weak.add(name)
        if len(weak) == 1:
            approach = weak.pop()
    levels = _pick_levels(r, header, ids, "epidural")
    if not levels:
        extra = [i for i in eligible if _LEVEL_WORDS.search(sents[i].text) and not _ANATOMY.search(sents[i].text)]
        for i in extra:
            t = _COUNTING.sub(lambda m: " " * len(m.group(0)), sents[i].text)
            levels.extend((sd, lv, i) for sd, lv in sided_levels(t))
    lv_objs = [l for _, l, _ in levels]
    text = " ".join(sents[i].text for i in (header or ids))
    region = spine_region(lv_objs, text)
    if region is None and not lv_objs:
        region = spine_region([], " ".join(sents[i].text for i in eligible))
    if approach == "caudal":
        region = "lumbar_sacral"
    default_side = _side_of(r, header) or _side_of(r, ids) or _note_side_code(r, eligible)
    pairs = []
    for side, lv, _ in levels:
        seg = lv.as_segment() if approach == "transforaminal" else lv
        for s in (_expand(side or default_side) or (None,)):
            if (s, seg.label) not in pairs:
                pairs.append((s, seg.label))
    sides = tuple(sorted({s for s, _ in pairs if s} | set(_expand(default_side))))
    contrast = bool(re.search(r"\bcontrast|\bdye\b|Omnipaque|Isovue|epidurogram", " ".join(
        sents[i].text for i in eligible), re.I))
    return [ProcedureFact("epidural", approach=approach, region=region, levels=tuple(pairs),
                          sides=sides, imaging=imaging, evidence=_evidence(r, header or ids),
                          purpose="therapeutic", issues=tuple(issues), detail="contrast" if contrast else "")]


_LEVEL_FIELD = re.compile(r"^\s*(?:levels?(?:\(s\))?|targets?)\s*:", re.I)
_ANATOMY = re.compile(r"^\s*For (?:the |a |an )?[CTL]\d|\b(?:is|are) (?:placed|positioned) |"
                      r"\b(?:lies|lie|is located|are located|is found|are found|typically|usually|generally|always|"
                      r"innervat\w*|supplied by)\b", re.I)
_COUNTING = re.compile(r"\bcounting (?:down|up) from (?:the )?\S+|\bfrom the (?:C2|sacrum)\S*", re.I)
_LEVEL_WORDS = re.compile(r"foram\w*|nerve root|\broot\b|interspace|interlaminar|epidural space|\blevel", re.I)

_FACET_WORDS = re.compile(r"medial branch|facet|dorsal ram|zygapophys|\bMBB", re.I)
_NERVE_WORDS = re.compile(r"medial branch|dorsal ram|\bnerves?\b|\bMBB", re.I)


def _joints(r: _Reader, header: list[int], ids: list[int]) -> list[tuple[str | None, str]]:
    """Facet joints per side from joint names or from medial-branch nerves."""
    sents = r.note.sentences
    for tier in (header, ids):
        segs: list[tuple[str | None, str]] = []
        nerves: dict[str | None, list[Level]] = {}
        for i in tier:
            t = sents[i].text
            if not _FACET_WORDS.search(t) and not M.TRIGGERS["rfa"].search(t):
                continue
            if _ANATOMY.search(t):
                continue  # a description of anatomy ("for C3 to C6 the medial branch lies ..."), not the levels done
            default = _side_of(r, [i])
            nervy = bool(_NERVE_WORDS.search(t))
            for side, lv in r.levels_for(i, "facet"):
                side = side or default
                if lv.lower is not None:
                    for s in (_expand(side) or (None,)):
                        if (s, lv.label) not in segs:
                            segs.append((s, lv.label))
                elif nervy:
                    for s in (_expand(side) or (None,)):
                        nerves.setdefault(s, [])
                        if lv not in nerves[s]:
                            nerves[s].append(lv)
        if not segs and not nerves and tier is ids:
            # a template field ("Level(s): L4-5, L5-S1") names the levels of the note's one procedure
            for i in range(len(sents)):
                if _LEVEL_FIELD.match(sents[i].text) and len(r.sent_fams) <= 1 + len(
                        [k for k, v in r.sent_fams.items() if v <= {"facet", "rfa"}]):
                    for side, lv in sided_levels(sents[i].text):
                        if lv.lower is not None and (side, lv.label) not in segs:
                            segs.append((side, lv.label))
        if segs:
            return segs
        if nerves:
            out = []
            for s, ns in nerves.items():
                ns = sorted(ns, key=lambda v: v.upper.index)
                for a, b in zip(ns, ns[1:]):
                    v = a.upper
                    if v.region == "C":
                        out.append((s, f"{v}-{v.next()}"))
                    else:
                        w = v.next()
                        out.append((s, f"{w}-{w.next()}"))
                if len(ns) == 1:
                    v = ns[0].upper
                    j = f"{v}-{v.next()}" if v.region == "C" else f"{v.next()}-{v.next().next()}"
                    out.append((s, j))
            return out
    return []


def _read_facet(r, ms, imaging, eligible):
    header, ids = _family_sentences(r, ms, _FACET_WORDS, eligible)
    sents = r.note.sentences
    joints = _joints(r, header, ids)
    text = " ".join(sents[i].text for i in ids)
    default_side = _side_of(r, header) or _side_of(r, ids) or _note_side_code(r, eligible)
    if default_side:
        joints = [(s, j) for s0, j in joints for s in (_expand(s0 or default_side))]
    lv = [l for _, _, ls in parse_levels(" ".join(j for _, j in joints)) for l in ls]
    region = spine_region(lv, text)
    purpose = "diagnostic" if M.DIAGNOSTIC.search(text) else ("therapeutic" if M.THERAPEUTIC.search(text)
                                                               else None)
    if re.search(r"intra-?articular", text, re.I):
        purpose = "therapeutic" if not re.search(r"medial branch|MBB", text, re.I) else purpose
    relief, duration = _relief(r, ids)
    sides = tuple(sorted({s for s, _ in joints if s}))
    return [ProcedureFact("facet", target="medial_branch" if purpose == "diagnostic" else "facet_joint",
                          region=region, levels=tuple(dict.fromkeys(joints)), sides=sides,
                          imaging=imaging, purpose=purpose, relief_pct=relief, duration=duration,
                          evidence=_evidence(r, header or ids))]


def _read_rfa(r, ms, imaging, eligible):
    header, ids = _family_sentences(r, ms)
    sents = r.note.sentences
    text = " ".join(sents[i].text for i in ids)
    all_text = " ".join(sents[i].text for i in eligible)
    if re.search(r"\bpulsed\b", text, re.I) and not re.search(r"\b(?:conventional|thermal|continuous)\b",
                                                                  text, re.I):
        return [("pulsed radiofrequency", _evidence(r, ids, 1)[0])]
    if re.search(r"\bcryo", text, re.I):
        return [("cryoablation", _evidence(r, ids, 1)[0])]
    if re.search(r"sympathetic|stellate|celiac|hypogastric|ganglion|splanchnic", text, re.I):
        return [("radiofrequency neurolysis of a sympathetic nerve (unlisted)", _evidence(r, ids, 1)[0])]
    default_side = _side_of(r, header) or _side_of(r, ids) or _note_side_code(r, eligible)
    if re.search(r"genicular|\bknee", text, re.I):
        sides = _sides_all(r, header or ids) or ({default_side} if default_side else set())
        sides = tuple(sorted({x for s in sides for x in _expand(s)}))
        relief, duration = _relief(r, ids)
        return [ProcedureFact("rfa", target="genicular", sides=sides, imaging=imaging, relief_pct=relief,
                              duration=duration, evidence=_evidence(r, header or ids))]
    sacral_roots = [l for i in ids for _, l in r.levels_for(i, "rfa")
                    if l.upper.region == "S" and l.lower is None and 1 <= l.upper.number <= 4]
    if sacral_roots or re.search(r"lateral branch|sacroiliac|\bSI\b|\bSIJ", text, re.I) and (
            re.search(r"lateral branch|(?<!-)\bS[1-4]\b(?!-)", text, re.I) or not re.search(r"medial branch|facet", text,
                                                                                              re.I)):
        sides = _sides_all(r, header or ids)
        sides = tuple(sorted({x for s in sides for x in _expand(s)}))
        relief, duration = _relief(r, ids)
        return [ProcedureFact("rfa", target="si_joint", sides=sides, imaging=imaging, relief_pct=relief,
                              duration=duration, evidence=_evidence(r, header or ids))]
    h2, ids2 = _family_sentences(r, ms, _FACET_WORDS, eligible)
    joints = _joints(r, h2, ids2)
    if default_side:
        joints = [(s, j) for s0, j in joints for s in (_expand(s0 or default_side))]
    lv = [l for _, _, ls in parse_levels(" ".join(j for _, j in joints)) for l in ls]
    region = spine_region(lv, text) or spine_region([], all_text)
    relief, duration = _relief(r, ids)
    sides = tuple(sorted({s for s, _ in joints if s}))
    return [ProcedureFact("rfa", target="medial_branch", region=region, levels=tuple(dict.fromkeys(joints)),
                          sides=sides, imaging=imaging, relief_pct=relief, duration=duration,
                          evidence=_evidence(r, header or ids))]


def _sides_for(r, header, ids):
    sides = _sides_all(r, header) or _sides_all(r, ids)
    return tuple(sorted({x for s in sides for x in _expand(s)}))


_SIDE_HINT = re.compile(r"^\s*(?:side|laterality)\s*:|\b(?:inject\w*|needle|block\w*|procedure|prepped|prepared|placed|advanced|entered|"
                        r"repeated|carried out|done)\b", re.I)


def _note_side_code(r, eligible) -> str | None:
    sides = _note_sides(r, eligible)
    return "B" if len(sides) == 2 else (sides[0] if sides else None)


def _note_sides(r, eligible):
    """Sides named anywhere in the procedure description (used when the procedure's own sentences
    name none): "the same procedure was done on the right wrist", "on the other side"."""
    if len({f for fs in r.sent_fams.values() for f in fs}) > 1:
        return ()  # in a multi-procedure note a stray side belongs to another procedure
    sides = set()
    for i in eligible:
        t = r.note.sentences[i].text
        if not (_SIDE_HINT.search(t) or re.match(r"side|laterality", r.note.sentences[i].header, re.I)):
            continue
        for a, b, s in find_sides(t):
            if r.ok(i, a, b):
                sides.update(_expand(s))
    return tuple(sorted(sides))


def _read_si(r, ms, imaging, eligible):
    header, ids = _family_sentences(r, ms)
    return [ProcedureFact("si_joint", sides=_sides_for(r, header, ids) or _note_sides(r, eligible), imaging=imaging,
                          evidence=_evidence(r, header or ids))]


def _read_joint(r, ms, imaging, eligible):
    header, ids = _family_sentences(r, ms)
    sents = r.note.sentences
    out = []
    seen: dict[str, set[str]] = {}
    evid: dict[str, list[int]] = {}
    for tier in (header, ids):
        for i in tier:
            t = sents[i].text
            for m in _JOINT_NEAR.finditer(t):
                nm = M.JOINT_NAME.search(m.group(0))
                if not nm:
                    continue
                name = nm.group(0).lower()
                name = {"glenohumeral": "shoulder", "subacromial": "shoulder", "subdeltoid": "shoulder",
                        "acromioclavicular": "ac joint", "ac": "ac joint", "trochanteric": "trochanteric bursa"
                        }.get(name, name)
                if name.startswith(("greater trochanter", "mid-trochanter", "midtrochanter", "trochanter")):
                    name = "trochanteric bursa"
                if name == "bursa":
                    other = M.JOINT_NAME.search(re.sub(r"\bbursa\b", "", " ".join(
                        sents[j].text for j in eligible), flags=re.I))
                    name = (other.group(0).lower() + " bursa") if other else "bursa"
                    if "trochanter" in name:
                        name = "trochanteric bursa"
                sides = [s for a, b, s in find_sides(t) if r.ok(i, a, b)]
                seen.setdefault(name, set()).update(x for s in sides for x in _expand(s))
                evid.setdefault(name, []).append(i)
        if seen:
            break
    if len(seen) == 1:
        name = next(iter(seen))
        if not seen[name]:
            seen[name] = set(_note_sides(r, eligible))
    note_text = r.note.text
    for name, sides in list(seen.items()):
        if name == "elbow" and re.search(r"epicondyl|tennis elbow|golfer", note_text, re.I):
            # an elbow injection for epicondylitis is a tendon-origin injection (20551)
            del seen[name]
            out.append(ProcedureFact("tendon", target="origin", sides=tuple(sorted(sides)), imaging=imaging,
                                     leads=max(len(sides), 1), evidence=_evidence(r, evid[name], 1)))
    for name, sides in seen.items():
        size = M.joint_size(name)
        out.append(ProcedureFact("joint", target=name, region=size, sides=tuple(sorted(sides)),
                                 imaging=imaging, evidence=_evidence(r, evid[name], 1)))
    return out


def _read_tendon(r, ms, imaging, eligible):
    header, ids = _family_sentences(r, ms)
    text = " ".join(r.note.sentences[i].text for i in ids)
    target = "origin" if re.search(r"epicondyl|tennis elbow|golfer", text, re.I) else "sheath"
    sides = _sides_for(r, header, ids) or _note_sides(r, eligible)
    sites = {m.group(0).lower() for m in re.finditer(
        r"\b(?:thumb|index|long|middle|ring|small|little) (?:finger|trigger|A1)|\b(?:first|second|third|fourth|"
        r"fifth) (?:digit|finger)|\b[2-5](?:nd|rd|th)? (?:digit|finger)", text, re.I)}
    count = max(len(sites), 1) * (2 if len(sides) == 2 else 1)
    return [ProcedureFact("tendon", target=target, sides=sides, imaging=imaging, leads=count,
                          evidence=_evidence(r, header or ids))]


def _read_carpal(r, ms, imaging, eligible):
    header, ids = _family_sentences(r, ms)
    return [ProcedureFact("carpal_tunnel", sides=_sides_for(r, header, ids) or _note_sides(r, eligible),
                          imaging=imaging,
                          evidence=_evidence(r, header or ids))]


_LOCAL_ONLY = re.compile(r"skin wheal|infiltrat|anestheti[sz]ed|subcutaneous|local anesthe", re.I)
_SIDE_BEFORE = re.compile(r"^[\s,-]*(?:sided\s+)?(?:(?:in|of|at|into|over)\s+)?(?:the\s+)?(?:(?:upper|middle|lower|"
                          r"lumbar|cervical|thoracic)\s+)?$", re.I)
_SIDE_AFTER = re.compile(r"^\s*(?:muscles?|musculature|regions?|areas?)?\s*,?\s*(?:(?:on|in) the\s+)?$", re.I)


def _muscles_in(r, ids: list[int]) -> list[str]:
    sents = r.note.sentences
    muscles: list[str] = []
    for i in ids:
        t = sents[i].text
        sides_here = find_sides(t)
        for m in M.MUSCLE.finditer(t):
            if not r.ok(i, m.start(), m.end()):
                continue
            name = re.sub(r"\s+", " ", m.group(0).lower())
            name = re.sub(r"^(?:upper|middle|lower) ", "", name)
            name = re.sub(r"\s*muscles?$", "", name)
            name = name.replace("paraspinals", "paraspinal")
            name = {"scm": "sternocleidomastoid", "ql": "quadratus lumborum", "tfl": "tensor fasciae latae"
                    }.get(name, name)
            if t[max(0, m.start() - 2):m.start()].strip() == "(" and muscles:
                continue  # "lumbar paraspinal (erector spinae)": the same muscle named twice
            side = None
            if re.search(r"\b(?:right|left|rt|lt|R|L)\s+(?:and|&|/)\s+(?:right|left|rt|lt|R|L)\s+(?:(?:upper|middle|lower|"
                         r"lumbar|cervical|thoracic)\s+)?$", t[max(0, m.start() - 40):m.start()], re.I):
                base = re.sub(r"^(?:upper|middle|lower) ", "", re.sub(r"\s+", " ", m.group(0).lower()))
                base = re.sub(r"\s*muscles?$", "", base).replace("paraspinals", "paraspinal")
                for sd in ("R", "L"):
                    key = sd + ":" + base
                    if key not in muscles:
                        muscles.append(key)
                continue
            before = [x for x in sides_here if x[1] <= m.start() and _SIDE_BEFORE.match(t[x[1]:m.start()])]
            after = [x for x in sides_here if x[0] >= m.end() and _SIDE_AFTER.match(t[m.end():x[0]])]
            if before:
                side = before[-1][2]
            elif after:
                side = after[0][2]
            for sd in (_expand(side) or ("",)):
                key = f"{sd}:{name}" if sd else name
                if key not in muscles:
                    muscles.append(key)
    sided = {k.split(":", 1)[1] for k in muscles if ":" in k}
    return [k for k in muscles if ":" in k or k not in sided]


def _read_tpi(r, ms, imaging, eligible):
    header, ids = _family_sentences(r, ms)
    sents = r.note.sentences
    near = sorted(set(ids) | {i for i in eligible if re.search(r"inject|needle|trigger", sents[i].text, re.I)
                              and not (_LOCAL_ONLY.search(sents[i].text)
                                       and not re.search(r"trigger", sents[i].text, re.I))})
    muscles = _muscles_in(r, near)
    if not muscles:
        # trigger points documented the same visit ("palpable trigger points in the trapezius")
        tp = [i for i, st in enumerate(sents) if re.search(r"trigger[- ]?points?", st.text, re.I)]
        muscles = _muscles_in(r, tp)
    count = None
    for i in near:
        c = M.MUSCLE_COUNT.search(sents[i].text)
        if c:
            w = c.group(1).lower()
            count = int(w) if w.isdigit() else M.NUMBER_WORDS.get(w)
            break
    return [ProcedureFact("tpi", muscles=tuple(muscles), muscle_count=count, imaging=imaging,
                          evidence=_evidence(r, header or ids))]


def _read_nerve(r, ms, imaging, eligible):
    sents = r.note.sentences
    by_target: dict[str, list[int]] = {}
    for m in ms:
        word = sents[m.sent].text[m.start:m.end]
        for target, pat in M.NERVE_TARGETS:
            if pat.search(word):
                by_target.setdefault(target, []).append(m.sent)
                break
    out = []
    for target, ids in by_target.items():
        ids = sorted(set(ids))
        header = [i for i in ids if i in r.header_tier]
        text = " ".join(sents[i].text for i in ids)
        if target == "ganglion_impar":
            out.append(("ganglion impar block", _ev(sents[ids[0]])))
            continue
        detail = ""
        if M.NEUROLYSIS.search(text):
            detail = "neurolysis"
        elif target == "sciatic" and M.CONTINUOUS.search(text):
            detail = "continuous"
        count = None
        if target == "intercostal":
            near = sorted(set(ids) | set(eligible))
            lv = {l.label for i in near for _, _, ls in parse_levels(sents[i].text) for l in ls
                  if re.search(r"intercostal|\brib|\bT\d", sents[i].text, re.I)}
            count = len(lv) or None
            words = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                     "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "first": 1, "second": 2, "third": 3,
                     "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
                     "eleventh": 11, "twelfth": 12}
            for i in near:
                m4 = re.search(r"\b(?:from )?(?:the )?(\w+)\s+(?:to|through|-)\s+(?:the )?(\w+)\s+(?:intercostal|ribs?|"
                               r"spaces)", sents[i].text, re.I)
                if m4 and all(x.lower() in words or x.isdigit() for x in m4.groups()):
                    a, b = (int(x) if x.isdigit() else words[x.lower()] for x in m4.groups())
                    if b >= a:
                        count = b - a + 1
                        break
            for i in near:
                t = sents[i].text
                m2 = re.search(r"\b(?:T(?=\d)|spaces?|levels?|ribs?|interspaces?)\s*(\d{1,2}|[a-z]+)\s*(?:to|through|-|–)\s*"
                               r"(?:T)?(\d{1,2}|[a-z]+)\b", t, re.I)
                if m2:
                    a, b = (int(x) if x.isdigit() else words.get(x.lower()) for x in m2.groups())
                    if a and b and b >= a:
                        count = b - a + 1
                        break
                m3 = re.search(r"\b(\d|two|three|four|five|six|seven|eight)\s+(?:intercostal\s+)?(?:levels|nerves|"
                               r"spaces|ribs)\b", t, re.I)
                if m3:
                    w = m3.group(1).lower()
                    count = int(w) if w.isdigit() else words.get(w)
                    break
        if target == "si_lateral_branch":
            all_text = " ".join(sents[i].text for i in eligible)
            if not re.search(r"lateral branch|\bS[1-4]\b|sacr", all_text, re.I):
                continue
        sides = _sides_for(r, header, ids) or _note_sides(r, eligible)
        out.append(ProcedureFact("nerve_block", target=target, sides=sides, imaging=imaging, detail=detail,
                                 leads=count, evidence=_evidence(r, header or ids)))
    return out


_CHANGE = re.compile(r"adjust|chang|increas|decreas|reduc|modif|set to|reprogram|switch|enabled|->|→|from \d", re.I)


def _read_scs(r, ms, imaging, eligible):
    header, ids = _family_sentences(r, ms)
    sents = r.note.sentences
    here = [i for i in eligible if not (r.mods(i, 0, len(sents[i].text)) & {"historical"})]
    text = " ".join(sents[i].text for i in eligible)
    out = []
    device = None
    for name, pat in M.DEVICE_TYPE:
        if pat.search(text):
            device = name
            break
    ev = _evidence(r, header or ids)
    if M.SCS_PROGRAMMING.search(text) and not M.SCS_IMPLANT_ACTION.search(text):
        # count distinct parameters changed, line by line ("Programming changes: a; b; c")
        changed: set[str] = set()
        params = None
        lines = re.split(r"(?<=[.!?])\s+|\n", r.note.text)
        for line in lines:
            if not _CHANGE.search(line) or re.search(r"\bno (?:parameters?|changes?)\b", line, re.I):
                continue
            for m in M.SCS_PARAM_NAMES.finditer(line):
                name = m.group(0).lower()
                changed.add(M.SCS_PARAM_CANON.get(name, name))
            c = M.SCS_PARAM_COUNT.search(line)
            if c:
                w = c.group(1).lower()
                params = int(w) if w.isdigit() else M.NUMBER_WORDS.get(w)
        no_change = re.search(r"no (?:changes?|adjustments?|programming changes?|parameters? (?:were|was) changed)|"
                              r"without (?:any )?(?:changes?|reprogramming)|interrogat\w* only|analysis only|"
                              r"no reprogramming", text, re.I)
        if params is None and changed:
            params = len(changed)
        if no_change and not changed:
            params = 0
        return [ProcedureFact("scs_programming", parameters=params, device=device, evidence=ev)]
    here_text = " ".join(sents[i].text for i in here)
    if re.search(r"\bremov\w*|\bexplant\w*", here_text, re.I) and re.search(
            r"\b(?:leads?|generator|IPG|stimulator|paddle)\b[^.]{0,40}\b(?:removed|explanted)|\bremoval of|\bexplant",
            here_text, re.I):
        kind = "removal"
    elif re.search(r"\brevision of|\b(?:was|were) revised|\breposition\w*", here_text, re.I):
        kind = "revision"
    else:
        kind = "implant"
    paddle = bool(M.SCS_PADDLE.search(here_text))
    generator = bool(re.search(r"\b(?:pulse generator|IPG|generator|neurostimulator|battery)\b[^.]{0,60}\b(?:implanted|"
                               r"inserted|placed|connected)|\b(?:insertion|implantation|placement) of (?:the )?(?:\w+ )?"
                               r"(?:pulse generator|IPG|generator)|\bIPG\b|\bpulse generator", here_text, re.I))
    trial = bool(re.search(r"\btrial\b", " ".join(sents[i].text for i in (header or ids)), re.I)) and not re.search(
        r"\bperm(?:anent)?\b", " ".join(sents[i].text for i in (header or ids)), re.I)
    if trial or re.search(r"external (?:trial )?(?:stimulator|generator)", here_text, re.I):
        generator = False
        trial = True
    lead_count = None
    m = re.search(r"\b(one|two|three|four|single|dual|\d)\s+(?:\w+\s+)?(?:percutaneous\s+)?(?:\(?\d+-contact\)?\s+)?"
                  r"(?:leads?|arrays?|electrodes?)\b", here_text, re.I)
    if m:
        w = m.group(1).lower()
        lead_count = {"single": 1, "dual": 2}.get(w) or (int(w) if w.isdigit() else M.NUMBER_WORDS.get(w))
    elif re.search(r"\bleads\b", here_text, re.I):
        lead_count = None
    elif re.search(r"\blead\b", here_text, re.I):
        lead_count = 1
    if kind == "implant":
        if paddle:
            out.append(ProcedureFact("scs_paddle", detail=kind, device=device, evidence=ev))
        elif M.SCS_LEAD.search(here_text):
            out.append(ProcedureFact("scs_leads", leads=lead_count, detail="trial" if trial else "permanent",
                                     device=device, imaging=imaging, evidence=ev))
        if generator:
            out.append(ProcedureFact("scs_generator", detail=kind, device=device, evidence=ev))
    else:
        if generator and not re.search(r"\blead", here_text, re.I):
            out.append(ProcedureFact("scs_generator", detail=kind, device=device, evidence=ev))
        elif paddle:
            out.append(ProcedureFact("scs_paddle", detail=kind, device=device, evidence=ev))
        else:
            out.append(ProcedureFact("scs_leads", detail=kind, leads=lead_count, device=device, evidence=ev))
            if generator:
                out.append(ProcedureFact("scs_generator", detail=kind, device=device, evidence=ev))
    return out


def _read_augmentation(r, ms, imaging, eligible):
    header, ids = _family_sentences(r, ms)
    sents = r.note.sentences
    text = " ".join(sents[i].text for i in (header or ids))
    all_text = " ".join(sents[i].text for i in eligible)
    note_kind = ("kyphoplasty" if re.search(r"kyphoplast|balloon|cavity creation|inflatable bone tamp", all_text, re.I)
                 else "vertebroplasty" if re.search(r"vertebroplast", all_text, re.I) else "unspecified")
    bodies: dict[str, list[str]] = {}
    for i in (header or ids):
        t = sents[i].text
        kind = ("kyphoplasty" if re.search(r"kyphoplast|balloon", t, re.I) else
                "vertebroplasty" if re.search(r"vertebroplast", t, re.I) else note_kind)
        for _, lv in sided_levels(t):
            v = str(lv.upper)
            if not any(v in b for b in bodies.values()):
                bodies.setdefault(kind, []).append(v)
    if not bodies:
        bodies[note_kind] = []
    out = []
    for kind, vs in bodies.items():
        lv = [l for _, _, ls in parse_levels(" ".join(vs)) for l in ls]
        out.append(ProcedureFact("augmentation", target=kind, levels=tuple((None, b) for b in vs),
                                 region=spine_region(lv, text), imaging=imaging, evidence=_evidence(r, header or ids)))
    return out


def _read_simple(family):
    def reader(r, ms, imaging, eligible):
        header, ids = _family_sentences(r, ms)
        sents = r.note.sentences
        text = " ".join(sents[i].text for i in eligible)
        lv = _pick_levels(r, header, ids)
        region = spine_region([l for _, l, _ in lv], text)
        if family == "lysis":
            return [("lysis of adhesions", _evidence(r, ids, 1)[0])]
        return [ProcedureFact(family, region=region, imaging=imaging, evidence=_evidence(r, header or ids))]
    return reader


def _read_discography(r, ms, imaging, eligible):
    header, ids = _family_sentences(r, ms)
    sents = r.note.sentences
    extra = [i for i in eligible if re.search(r"\bdiscs?\b|\bdisks?\b|\blevels?\b", sents[i].text, re.I)]
    discs = []
    pool = [i for i in range(len(sents)) if i in r.header_tier and re.search(r"disc|disk", sents[i].text, re.I)]
    for i in (pool or sorted(set(header) | set(ids) | set(extra))):
        for _, lv in sided_levels(sents[i].text):
            if lv.lower is not None and lv.label not in discs:
                discs.append(lv.label)
    lv = [l for _, _, ls in parse_levels(" ".join(discs)) for l in ls]
    region = spine_region(lv, " ".join(sents[i].text for i in ids))
    return [ProcedureFact("discography", region=region, levels=tuple((None, d) for d in discs), imaging=imaging,
                          evidence=_evidence(r, header or ids))]


def _read_pump(r, ms, imaging, eligible):
    header, ids = _family_sentences(r, ms)
    sents = r.note.sentences
    text = " ".join(sents[i].text for i in eligible)
    out = []
    ev = _evidence(r, header or ids)
    if re.search(r"\brefill", text, re.I) and not re.search(r"\bimplant\w*|\bplacement|\bpocket", text, re.I):
        return [ProcedureFact("pump", detail="refill", evidence=ev)]
    if re.search(r"\bpump (?:was )?(?:removed|explanted)|\bremoval of (?:the )?(?:pump|intrathecal)|\bexplant", text,
                 re.I):
        return [ProcedureFact("pump", detail="removal", evidence=ev)]
    if re.search(r"\bpump\b[^.]{0,80}\b(?:placed|implanted|inserted|secured)|\bpocket\b", text, re.I):
        out.append(ProcedureFact("pump", detail="implant", evidence=ev))
    if re.search(r"\bintrathecal catheter|\bcatheter\b[^.]{0,80}\b(?:intrathecal|subarachnoid|tunnel)", text, re.I):
        out.append(ProcedureFact("pump", detail="catheter", evidence=ev))
    return out


def _read_lysis(r, ms, imaging, eligible):
    header, ids = _family_sentences(r, ms)
    text = " ".join(r.note.sentences[i].text for i in eligible)
    multi = bool(re.search(r"\b(?:second|third|2nd|3rd) (?:day|session)|\bday (?:two|three|2|3)\b|\bserial\b", text, re.I))
    return [ProcedureFact("lysis", detail="multi_day" if multi else "one_day", imaging=imaging,
                          evidence=_evidence(r, header or ids))]


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
