"""Shared machinery of the note reader: the per-note state (:class:`_Reader`), eligible
sentences, the procedure-naming tier, imaging facts, sides, levels and relief helpers.

The family readers (:mod:`.read_spine`, :mod:`.read_other`) and :func:`painrcm.notes.extract.extract`
build on these.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from painrcm.notes import matchers as M
from painrcm.notes.anatomy import Level, find_sides, sided_levels_at
from painrcm.notes.context import SentenceContext, sentence_context
from painrcm.notes.facts import Evidence, Imaging
from painrcm.notes.text import Note, Sentence


_PROCEDURE_SECTIONS = {"title", "procedure", "body", "other"}


_SOMETIMES = {"plan", "assessment", "postop_diagnosis"}


_BAD = {"negated", "hypothetical", "historical"}


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
    lowered: dict[int, str] = field(default_factory=dict)

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

    def lower(self, i: int) -> str:
        low = self.lowered.get(i)
        if low is None:
            low = self.lowered[i] = self.note.sentences[i].text.lower()
        return low

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


_INJECTATE = re.compile(r"\bsteroid|Depo-?Medrol|methylprednisolone|Kenalog|triamcinolone|dexamethasone|Decadron|"
                        r"Celestone|betamethasone|bupivacaine|Marcaine|ropivacaine|Naropin|Sensorcaine|injectate|"
                        r"medication was injected|solution was injected|mixture", re.I)


_JOINT_NEAR = re.compile(
    rf"(?:{M.JOINT_NAME.pattern})[^.]{{0,100}}?(?:{M.JOINT_ACTION.pattern})|"
    rf"(?:{M.JOINT_ACTION.pattern})[^.]{{0,100}}?(?:{M.JOINT_NAME.pattern})", re.I)


def _joint_in_sentence(text: str) -> bool:
    return bool(_JOINT_NEAR.search(text))


def _imaging(r: _Reader, eligible: list[int], prefer: list[int] | None = None) -> Imaging:
    sents = r.note.sentences
    modalities: dict[str, int] = {}
    preferred: dict[str, int] = {}
    permanent = interpretation = explicitly_none = False
    for i in eligible:
        t = sents[i].text
        low = r.lower(i)
        if not M.IMAGING_KEYS.search(low):
            if M.EVIDENCE_KEYS.search(low):
                for m in M.PERMANENT.finditer(t):
                    if r.ok(i, m.start(), m.end()):
                        permanent = True
                for m in M.INTERPRETATION.finditer(t):
                    if r.ok(i, m.start(), m.end()):
                        interpretation = True
            continue
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


def _prior_blocks_mentioned(r: _Reader) -> bool:
    return any(M.PRIOR_BLOCKS.search(s.text) for s in r.note.sentences if s.section != "plan")


def _prior_detail(r: _Reader) -> str:
    return "prior_blocks" if _prior_blocks_mentioned(r) else ""


def _relief(r: _Reader, ids_all: list[int]) -> tuple[int | None, str | None]:
    """Relief % and duration of the prior diagnostic blocks (anywhere in the note but the plan)."""
    if not _prior_blocks_mentioned(r):
        return None, None
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
