"""Family readers for spinal procedures counted by level: epidurals, facet injections and medial
branch blocks (joint counting), radiofrequency ablation.

Each reader takes the per-note reader, its mentions, the imaging facts and the eligible sentences,
and returns :class:`~painrcm.notes.facts.ProcedureFact` objects (or (what, evidence) pairs for work
outside the code set).
"""

from __future__ import annotations

import re

from painrcm.notes import matchers as M
from painrcm.notes.anatomy import Level, parse_levels, sided_levels, spine_region
from painrcm.notes.facts import ProcedureFact
from painrcm.notes.reader import (_Reader, _evidence, _expand, _family_sentences, _note_side_code,
    _pick_levels, _prior_detail, _relief, _side_of, _sides_all)


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
    contrast = bool(_CONTRAST.search(_ALLERGY.sub(" ", " ".join(sents[i].text for i in eligible))))
    return [ProcedureFact("epidural", approach=approach, region=region, levels=tuple(pairs),
                          sides=sides, imaging=imaging, evidence=_evidence(r, header or ids),
                          purpose="therapeutic", issues=tuple(issues), detail="contrast" if contrast else "")]


# Contrast described in the procedure (spread, epidurogram) implies images were read; a contrast
# allergy ("Allergies: iodinated contrast - premedicated") or "no contrast" says nothing about imaging.
_CONTRAST = re.compile(r"\bcontrast|\bdye\b|Omnipaque|Isovue|epidurogram", re.I)
_ALLERGY = re.compile(r"\ballerg\w*[^.;\n]*|\b(?:no|without) (?:iodinated )?(?:contrast|dye)\b[^.;\n]*", re.I)

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
                              duration=duration, detail=_prior_detail(r), evidence=_evidence(r, header or ids))]
    sacral_roots = [l for i in ids for _, l in r.levels_for(i, "rfa")
                    if l.upper.region == "S" and l.lower is None and 1 <= l.upper.number <= 4]
    if sacral_roots or re.search(r"lateral branch|sacroiliac|\bSI\b|\bSIJ", text, re.I) and (
            re.search(r"lateral branch|(?<!-)\bS[1-4]\b(?!-)", text, re.I) or not re.search(r"medial branch|facet", text,
                                                                                              re.I)):
        sides = _sides_all(r, header or ids)
        sides = tuple(sorted({x for s in sides for x in _expand(s)}))
        relief, duration = _relief(r, ids)
        return [ProcedureFact("rfa", target="si_joint", sides=sides, imaging=imaging, relief_pct=relief,
                              duration=duration, detail=_prior_detail(r), evidence=_evidence(r, header or ids))]
    h2, ids2 = _family_sentences(r, ms, _FACET_WORDS, eligible)
    joints = _joints(r, h2, ids2)
    if default_side:
        joints = [(s, j) for s0, j in joints for s in (_expand(s0 or default_side))]
    lv = [l for _, _, ls in parse_levels(" ".join(j for _, j in joints)) for l in ls]
    region = spine_region(lv, text) or spine_region([], all_text)
    relief, duration = _relief(r, ids)
    sides = tuple(sorted({s for s, _ in joints if s}))
    return [ProcedureFact("rfa", target="medial_branch", region=region, levels=tuple(dict.fromkeys(joints)),
                          sides=sides, imaging=imaging, relief_pct=relief, duration=duration, detail=_prior_detail(r),
                          evidence=_evidence(r, header or ids))]
