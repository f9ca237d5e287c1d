"""Family readers for the other procedures: SI joint, joints and bursae, tendons, carpal tunnel,
trigger points (distinct muscles), nerve and sympathetic blocks, spinal cord stimulation, vertebral
augmentation, discography, intrathecal pumps, blood patch, catheters, lysis.
"""

from __future__ import annotations

import re

from painrcm.notes import matchers as M
from painrcm.notes.anatomy import find_sides, parse_levels, sided_levels, spine_region
from painrcm.notes.facts import ProcedureFact
from painrcm.notes.reader import (_JOINT_NEAR, _ev, _evidence, _expand, _family_sentences, _note_sides,
    _pick_levels, _sides_for)


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
                if name.endswith("s") and name[:-1] in ("knee", "shoulder", "hip", "wrist", "elbow", "ankle", "finger",
                                                        "toe", "thumb"):
                    name = name[:-1]
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
                sides = [s for a, b, s in find_sides(t) if not (r.mods(i, a, b) & {"negated"})]
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
            # 64451 blocks the SI joint's nerves: the sacral lateral branches (often with the L5 dorsal
            # ramus). An L5 dorsal ramus named beside lumbar medial branches is the L5-S1 facet's medial
            # branch block, so the sacral evidence must stand in the same sentence as the nerve named.
            named = [sents[i].text for i in eligible
                     if re.search(r"lateral branch|dorsal ram|posterior rami|alar notch", sents[i].text, re.I)]
            if not any(re.search(r"lateral branch|alar notch|sacroiliac|\bSIJ?\b|\bS[1-4]\b|sacral", t, re.I)
                       for t in named):
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


# A multi-day series (62263) must be documented as days, not as repeated sessions: "second
# session" may be the same day (62264 covers one or more sessions on one day).
_LYSIS_SERIES = re.compile(
    r"\b(?:second|third|2nd|3rd|final|last) day\b|\bday (?:two|three|2|3|#\s?[23])\b|"
    r"\b(?:two|three|2|3)[- ]day (?:series|protocol|procedure|adhesiolysis|lysis|neuroplasty)|"
    r"\bover (?:two|three|2|3) (?:consecutive )?days\b|\bon (?:two|three|2|3) (?:consecutive |separate )?days\b", re.I)


def _read_lysis(r, ms, imaging, eligible):
    header, ids = _family_sentences(r, ms)
    text = " ".join(r.note.sentences[i].text for i in eligible)
    multi = bool(_LYSIS_SERIES.search(text))
    return [ProcedureFact("lysis", detail="multi_day" if multi else "one_day", imaging=imaging,
                          evidence=_evidence(r, header or ids))]
