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
from dataclasses import dataclass, field

from painrcm.notes import matchers as M
from painrcm.notes.anatomy import Level, find_sides, parse_levels, sided_levels, spine_region
from painrcm.notes.context import SentenceContext, sentence_context
from painrcm.notes.facts import Evidence, Imaging, NoteFacts, ProcedureFact
from painrcm.notes.text import Note, Sentence, read_note
from painrcm.notes.visit import extract_visit

_PROCEDURE_SECTIONS = {"title", "procedure", "body"}
_SOMETIMES = {"plan", "assessment", "postop_diagnosis"}
_DIAGNOSIS_SECTIONS = ("preop_diagnosis", "postop_diagnosis", "assessment", "indication")
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
            "detail", "description", "technique", "note", "narrative", "consent")))


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
    for i, s in enumerate(sents):
        el = i in eligible
        for fam, pat in M.TRIGGERS.items():
            for m in pat.finditer(s.text):
                mods = r.mods(i, m.start(), m.end())
                if mods & _BAD or not el:
                    if "hypothetical" in mods or s.section == "plan":
                        if not (mods & {"negated", "historical"}):
                            planned.add(fam)
                    continue
                mentions.append(_Mention(fam, i, m.start(), m.end()))
    mentions = _resolve_overlaps(mentions, sents)
    fams = {m.family for m in mentions}
    imaging_all = _imaging(r, eligible)
    procedures: list[ProcedureFact] = []
    unsupported: list[tuple[str, Evidence]] = []
    by_fam: dict[str, list[_Mention]] = {}
    for m in mentions:
        by_fam.setdefault(m.family, []).append(m)
    for fam, ms in by_fam.items():
        reader = _FAMILY_READERS.get(fam)
        if reader is None:
            continue
        got = reader(r, ms, imaging_all, eligible)
        for item in got:
            if isinstance(item, ProcedureFact):
                procedures.append(item)
            else:
                unsupported.append(item)
    diag = tuple(_ev(s) for s in sents if s.section in _DIAGNOSIS_SECTIONS)
    if not diag:
        diag = tuple(_ev(s) for s in sents if s.section in ("title", "body"))
    printed = tuple(sorted({m.group(1) for s in sents for m in M.CPT_PRINTED.finditer(s.text)
                            if _looks_like_cpt(m.group(1), s.text)}))
    visit = extract_visit(note, r.context, has_procedure=bool(procedures))
    planned -= fams
    return NoteFacts(tuple(procedures), visit, diag, printed, tuple(sorted(planned)),
                     tuple(unsupported))


def _looks_like_cpt(code: str, sentence: str) -> bool:
    if not re.search(r"\bCPT\b|\bcode|\bHCPCS|\bbill", sentence, re.I):
        return False
    return code[0].isdigit() and (code.isdigit() and 10000 <= int(code) <= 99999 or code.endswith("T"))


def _resolve_overlaps(ms: list[_Mention], sents: tuple[Sentence, ...]) -> list[_Mention]:
    fams = {m.family for m in ms}
    out = []
    rfa_sents = {m.sent for m in ms if m.family == "rfa"}
    for m in ms:
        text = sents[m.sent].text
        word = text[m.start:m.end].lower()
        if m.family == "facet" and "rfa" in fams:
            if m.sent in rfa_sents or not re.search(r"block|injection|mbb|intra-?articular", word):
                continue
        if m.family == "si_joint" and m.sent in rfa_sents:
            continue
        if m.family == "epidural" and fams & {"scs", "blood_patch", "epidural_catheter", "lysis"}:
            if not re.search(r"esi|steroid|transforaminal|interlaminar|caudal", word):
                continue
        if m.family == "epidural" and word.startswith("epidural") and "steroid" not in word and \
                fams & {"facet", "si_joint", "rfa", "augmentation"}:
            continue
        if m.family == "joint":
            if not _joint_in_sentence(text):
                continue
            if any(x.sent == m.sent and x.family in ("nerve_block", "rfa", "tpi", "tendon", "si_joint")
                   for x in ms):
                continue
        if m.family == "tendon" and not M.JOINT_ACTION.search(text):
            continue
        if m.family == "carpal_tunnel" and not re.search(r"inject|block", text, re.I):
            continue
        if m.family == "nerve_block" and m.sent in rfa_sents and re.search("genicular", word):
            continue
        out.append(m)
    return out


_JOINT_NEAR = re.compile(
    rf"(?:{M.JOINT_NAME.pattern})[^.]{{0,40}}?(?:{M.JOINT_ACTION.pattern})|"
    rf"(?:{M.JOINT_ACTION.pattern})[^.]{{0,40}}?(?:{M.JOINT_NAME.pattern})", re.I)


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
    modality = max(pool, key=lambda k: (pool[k], k == "fluoroscopy"))
    return Imaging(modality, True, permanent, interpretation, False)


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
    header = [i for i in ids if _is_header_tier(r.note.sentences[i])]
    return header, ids


def _levels_from(r: _Reader, ids: list[int]) -> list[tuple[str | None, Level, int]]:
    out = []
    for i in ids:
        t = r.note.sentences[i].text
        for side, lv in sided_levels(t):
            out.append((side, lv, i))
    return out


def _side_of(r: _Reader, ids: list[int]) -> str | None:
    for i in ids:
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


def _pick_levels(r: _Reader, header: list[int], ids: list[int]):
    lv = _levels_from(r, header)
    if not lv:
        lv = _levels_from(r, ids)
    return lv


def _evidence(r: _Reader, ids: list[int], limit: int = 2) -> tuple[Evidence, ...]:
    return tuple(_ev(r.note.sentences[i]) for i in ids[:limit])


def _expand(side: str | None) -> tuple[str, ...]:
    return ("R", "L") if side == "B" else ((side,) if side else ())


def _relief(r: _Reader, ids_all: list[int]) -> tuple[int | None, str | None]:
    relief = duration = None
    for s in r.note.sentences:
        m = M.RELIEF.search(s.text)
        if m and relief is None:
            relief = int(m.group(1) or m.group(2))
        d = M.DURATION.search(s.text)
        if d and duration is None and relief is not None:
            duration = f"{d.group(1)} {d.group(2)}"
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
    levels = _pick_levels(r, header, ids)
    lv_objs = [l for _, l, _ in levels]
    text = " ".join(sents[i].text for i in (header or ids))
    region = spine_region(lv_objs, text)
    if region is None and not lv_objs:
        region = spine_region([], " ".join(sents[i].text for i in eligible))
    if approach == "caudal":
        region = "lumbar_sacral"
    default_side = _side_of(r, header) or _side_of(r, ids)
    pairs = []
    for side, lv, _ in levels:
        seg = lv.as_segment() if approach == "transforaminal" else lv
        for s in (_expand(side or default_side) or (None,)):
            if (s, seg.label) not in pairs:
                pairs.append((s, seg.label))
    sides = tuple(sorted({s for s, _ in pairs if s} | set(_expand(default_side))))
    return [ProcedureFact("epidural", approach=approach, region=region, levels=tuple(pairs),
                          sides=sides, imaging=imaging, evidence=_evidence(r, header or ids),
                          purpose="therapeutic", issues=tuple(issues))]


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
            default = _side_of(r, [i])
            nervy = bool(_NERVE_WORDS.search(t))
            for side, lv in sided_levels(t):
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
    default_side = _side_of(r, header) or _side_of(r, ids)
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
    default_side = _side_of(r, header) or _side_of(r, ids)
    if re.search(r"genicular|\bknee", text, re.I):
        sides = _sides_all(r, header or ids) or ({default_side} if default_side else set())
        sides = tuple(sorted({x for s in sides for x in _expand(s)}))
        return [ProcedureFact("rfa", target="genicular", sides=sides, imaging=imaging,
                              evidence=_evidence(r, header or ids))]
    if re.search(r"sacroiliac|\bSI\b|\bSIJ|lateral branch|sacral", text, re.I) and not \
            re.search(r"medial branch|facet", text, re.I):
        sides = _sides_all(r, header or ids)
        sides = tuple(sorted({x for s in sides for x in _expand(s)}))
        return [ProcedureFact("rfa", target="si_joint", sides=sides, imaging=imaging,
                              evidence=_evidence(r, header or ids))]
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


def _read_si(r, ms, imaging, eligible):
    header, ids = _family_sentences(r, ms)
    return [ProcedureFact("si_joint", sides=_sides_for(r, header, ids), imaging=imaging,
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
                if name.startswith("greater trochanter"):
                    name = "trochanteric bursa"
                sides = [s for a, b, s in find_sides(t) if r.ok(i, a, b)]
                seen.setdefault(name, set()).update(x for s in sides for x in _expand(s))
                evid.setdefault(name, []).append(i)
        if seen:
            break
    for name, sides in seen.items():
        size = M.joint_size(name)
        out.append(ProcedureFact("joint", target=name, region=size, sides=tuple(sorted(sides)),
                                 imaging=imaging, evidence=_evidence(r, evid[name], 1)))
    return out


def _read_tendon(r, ms, imaging, eligible):
    header, ids = _family_sentences(r, ms)
    text = " ".join(r.note.sentences[i].text for i in ids)
    target = "origin" if re.search(r"epicondyl|tennis elbow|golfer", text, re.I) else "sheath"
    return [ProcedureFact("tendon", target=target, sides=_sides_for(r, header, ids), imaging=imaging,
                          evidence=_evidence(r, header or ids))]


def _read_carpal(r, ms, imaging, eligible):
    header, ids = _family_sentences(r, ms)
    return [ProcedureFact("carpal_tunnel", sides=_sides_for(r, header, ids), imaging=imaging,
                          evidence=_evidence(r, header or ids))]


def _read_tpi(r, ms, imaging, eligible):
    header, ids = _family_sentences(r, ms)
    sents = r.note.sentences
    near = sorted(set(ids) | {j for i in ids for j in (i + 1, i + 2) if j in eligible})
    muscles: list[str] = []
    count = None
    for i in near:
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
            # side governing this muscle: nearest side word before it, else right after it
            before = [s for s in sides_here if s[1] <= m.start()]
            after = [s for s in sides_here if s[0] >= m.end() and s[0] - m.end() < 25]
            side = before[-1][2] if before else (after[0][2] if after else None)
            for s in (_expand(side) or ("",)):
                key = f"{s}:{name}" if s else name
                if key not in muscles:
                    muscles.append(key)
        c = M.MUSCLE_COUNT.search(t)
        if c and count is None:
            w = c.group(1).lower()
            count = int(w) if w.isdigit() else M.NUMBER_WORDS.get(w)
    # a muscle named both with and without a side counts once per side
    sided = {k.split(":", 1)[1] for k in muscles if ":" in k}
    muscles = [k for k in muscles if ":" in k or k not in sided]
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
        header = [i for i in ids if _is_header_tier(sents[i])]
        text = " ".join(sents[i].text for i in ids)
        if target == "ganglion_impar":
            out.append(("ganglion impar block", _ev(sents[ids[0]])))
            continue
        detail = ""
        if M.NEUROLYSIS.search(text):
            detail = "neurolysis"
        elif target == "sciatic" and M.CONTINUOUS.search(text):
            detail = "continuous"
        if target == "intercostal":
            lv = {l.label for i in ids for _, _, ls in parse_levels(sents[i].text) for l in ls}
            detail = detail or ("multiple" if len(lv) > 1 or re.search(r"multiple|levels", text, re.I)
                                else "single")
        out.append(ProcedureFact("nerve_block", target=target, sides=_sides_for(r, header, ids),
                                 imaging=imaging, detail=detail, evidence=_evidence(r, header or ids)))
    return out


def _read_scs(r, ms, imaging, eligible):
    header, ids = _family_sentences(r, ms)
    sents = r.note.sentences
    text = " ".join(sents[i].text for i in eligible)
    out = []
    device = None
    for name, pat in M.DEVICE_TYPE:
        if pat.search(text):
            device = name
            break
    ev = _evidence(r, header or ids)
    if M.SCS_PROGRAMMING.search(text) and not re.search(r"\bimplant\w*|\bplacement|\bplaced\b|\binsert",
                                                         text, re.I):
        params = None
        changed = set()
        for i in eligible:
            t = sents[i].text
            c = M.SCS_PARAM_COUNT.search(t)
            if c and params is None:
                w = c.group(1).lower()
                params = int(w) if w.isdigit() else M.NUMBER_WORDS.get(w)
            if re.search(r"adjust|chang|increas|decreas|modif|set to|reprogram|new program", t, re.I):
                for m in M.SCS_PARAM_NAMES.finditer(t):
                    if r.ok(i, m.start(), m.end()):
                        changed.add(m.group(0).lower().rstrip("s"))
        no_change = re.search(r"no (?:changes?|adjustments?|programming changes?)|without (?:any )?"
                              r"(?:changes?|reprogramming)|interrogat\w* only|analysis only", text, re.I)
        if params is None and changed:
            params = len(changed)
        if no_change and not changed:
            params = 0
        return [ProcedureFact("scs_programming", parameters=params, device=device, evidence=ev)]
    if M.SCS_REMOVAL.search(text):
        kind = "removal"
    elif M.SCS_REVISION.search(text):
        kind = "revision"
    else:
        kind = "implant"
    paddle = bool(M.SCS_PADDLE.search(text))
    generator = bool(M.SCS_GENERATOR.search(text))
    trial = bool(M.SCS_TRIAL.search(text))
    lead_count = None
    m = re.search(r"\b(one|two|three|four|single|dual|\d)\s+(?:\w+\s+)?(?:percutaneous\s+)?"
                  r"(?:\d+-contact\s+)?(?:leads?|arrays?|electrodes?)\b", text, re.I)
    if m:
        w = m.group(1).lower()
        lead_count = {"single": 1, "dual": 2}.get(w) or (int(w) if w.isdigit() else M.NUMBER_WORDS.get(w))
    elif re.search(r"\bleads\b", text, re.I):
        lead_count = None
    elif re.search(r"\blead\b", text, re.I):
        lead_count = 1
    if kind == "implant":
        if paddle:
            out.append(ProcedureFact("scs_paddle", detail=kind, device=device, evidence=ev))
        elif M.SCS_LEAD.search(text) and (trial or not generator or re.search(
                r"lead[s]? (?:was|were) (?:placed|advanced|inserted)|percutaneous lead|placement of",
                text, re.I)):
            out.append(ProcedureFact("scs_leads", leads=lead_count, detail="trial" if trial else "permanent",
                                     device=device, imaging=imaging, evidence=ev))
        if generator and not trial:
            out.append(ProcedureFact("scs_generator", detail=kind, device=device, evidence=ev))
    else:
        if generator and not re.search(r"\blead", text, re.I):
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
    kind = "kyphoplasty" if re.search(r"kyphoplast|balloon", text, re.I) else "vertebroplasty"
    lv = _pick_levels(r, header, ids)
    bodies = []
    for _, l, _ in lv:
        for v in ([l.upper] if l.lower is None else [l.upper]):
            if str(v) not in bodies:
                bodies.append(str(v))
    return [ProcedureFact("augmentation", target=kind, levels=tuple((None, b) for b in bodies),
                          region=spine_region([l for _, l, _ in lv], text), imaging=imaging,
                          evidence=_evidence(r, header or ids))]


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


_FAMILY_READERS = {
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
    "lysis": _read_simple("lysis"),
}
