"""Procedure facts -> draft code lines (before laterality modifiers) and queries.

One function per procedure family, each pure: it reads a :class:`ProcedureFact` and returns
:class:`Draft` lines and :class:`~painrcm.coding.model.Query` objects per
docs/coding-conventions.md. When a code-determining element is missing the family returns a
query and no line.

>>> from painrcm.notes.facts import ProcedureFact, Imaging
>>> f = ProcedureFact("epidural", approach="transforaminal", region="lumbar_sacral",
...                   levels=(("R", "L4-L5"), ("R", "L5-S1")), imaging=Imaging("fluoroscopy", True))
>>> [(d.code, d.units, d.side) for d in code_procedure(f)[0]]
[('64483', 1, 'R'), ('64484', 1, 'R')]
"""

from __future__ import annotations

from dataclasses import dataclass, field

from painrcm.coding.model import Query
from painrcm.notes.facts import Evidence, ProcedureFact


@dataclass(frozen=True)
class Draft:
    """A line before laterality and diagnosis pointers: side is 'R', 'L', 'B' or None."""

    code: str
    units: int = 1
    side: str | None = None
    fact: ProcedureFact | None = None
    evidence: tuple[Evidence, ...] = ()
    extra_modifiers: tuple[str, ...] = field(default=())
    needs_side: bool = False  # laterality applies but was not documented


def _per_side(levels: tuple[tuple[str | None, str], ...]) -> dict[str | None, list[str]]:
    out: dict[str | None, list[str]] = {}
    for side, level in levels:
        out.setdefault(side, [])
        if level not in out[side]:
            out[side].append(level)
    return out


def _side_groups(levels) -> list[tuple[str | None, list[str]]]:
    """Group levels by side; identical right and left sets become one bilateral group."""
    per = _per_side(levels)
    groups: list[tuple[str | None, list[str]]] = []
    r, l = per.get("R"), per.get("L")
    if r and l and sorted(r) == sorted(l):
        groups.append(("B", r))
    else:
        if r:
            groups.append(("R", r))
        if l:
            groups.append(("L", l))
    if None in per:
        rest = [x for x in per[None] if not any(x in (per.get(s) or []) for s in ("R", "L"))]
        if rest:
            groups.append((None, rest))
    return groups


def _spine_lines(fact: ProcedureFact, primary: str, addon: str | None, addon2: str | None,
                 *, addon_units_all: bool) -> tuple[list[Draft], list[Query]]:
    drafts: list[Draft] = []
    queries: list[Query] = []
    groups = _side_groups(fact.levels)
    if not groups:
        q = [Query("levels", f"{_name(fact)}: the levels (or joints) treated are not documented.")]
        if not fact.sides:
            q.append(Query("laterality", f"{_name(fact)}: the side (right, left or bilateral) is not documented."))
        return [], q
    for side, levels in groups:
        n = len(levels)
        ev = fact.evidence
        needs = side is None
        drafts.append(Draft(primary, 1, side, fact, ev, needs_side=needs))
        if n >= 2 and addon:
            if addon_units_all or addon2 is None:
                drafts.append(Draft(addon, n - 1, side, fact, ev, needs_side=needs))
            else:
                drafts.append(Draft(addon, 1, side, fact, ev, needs_side=needs))
                if n >= 3:
                    drafts.append(Draft(addon2, 1, side, fact, ev, needs_side=needs))
    if any(s is None for s, _ in groups):
        queries.append(Query("laterality", f"{_name(fact)}: the side (right, left or bilateral) is not documented."))
    return drafts, queries


def _name(fact: ProcedureFact) -> str:
    names = {"epidural": "Epidural injection", "facet": "Facet joint injection / medial branch block",
             "rfa": "Radiofrequency ablation", "si_joint": "Sacroiliac joint injection",
             "joint": "Joint injection", "tpi": "Trigger point injection", "nerve_block": "Nerve block",
             "scs_leads": "Spinal cord stimulator leads", "scs_paddle": "Paddle lead",
             "scs_generator": "Pulse generator", "scs_programming": "Neurostimulator programming",
             "augmentation": "Vertebral augmentation"}
    return names.get(fact.family, fact.family.replace("_", " ").capitalize())


def code_epidural(f: ProcedureFact):
    q: list[Query] = list(Query(t, m) for t, m in f.issues if t == "approach")
    if q:
        return [], q
    if f.approach is None:
        q = [Query("approach", "Epidural injection: the approach (interlaminar, transforaminal or "
                               "caudal) is not documented.")]
        if f.levels and not f.sides:
            q.append(Query("laterality", "Epidural injection: the side is not documented (needed if transforaminal)."))
        return [], q
    if f.region is None and not (f.approach == "transforaminal" and not f.levels):
        return [], [Query("region", "Epidural injection: the spinal region is not documented.")]
    cervical = f.region == "cervical_thoracic"
    if f.approach in ("interlaminar", "caudal"):
        imaged = f.imaging.modality in ("fluoroscopy", "ct")
        if not imaged and f.detail == "contrast" and not f.imaging.explicitly_none:
            # contrast spread is read on images: imaging was used but not named
            return [], [Query("imaging_documentation", "Epidural injection: contrast spread is described but the "
                                                       "imaging used (fluoroscopy/CT) is not named; 62320/62322 vs "
                                                       "62321/62323 depends on it.")]
        code = ("62321" if imaged else "62320") if cervical else ("62323" if imaged else "62322")
        return [Draft(code, 1, None, f, f.evidence)], []
    if f.imaging.modality == "ultrasound":
        return [], [Query("approach", "Transforaminal epidural under ultrasound guidance is not reportable "
                                      "with 64479-64484 (they require fluoroscopy or CT).")]
    primary, addon = ("64479", "64480") if cervical else ("64483", "64484")
    return _spine_lines(f, primary, addon, None, addon_units_all=True)


def code_facet(f: ProcedureFact):
    if f.region is None:
        return [], [Query("region", "Facet injection: the spinal region is not documented.")]
    cervical = f.region == "cervical_thoracic"
    if f.imaging.modality == "ultrasound":
        codes = ("0213T", "0214T", "0215T") if cervical else ("0216T", "0217T", "0218T")
    else:
        codes = ("64490", "64491", "64492") if cervical else ("64493", "64494", "64495")
    return _spine_lines(f, codes[0], codes[1], codes[2], addon_units_all=False)


def _relief_query(f: ProcedureFact) -> list[Query]:
    if f.detail != "prior_blocks":
        return []  # the note does not describe the prior diagnostic blocks at all
    missing = [n for n, v in (("relief percentage", f.relief_pct), ("duration of relief", f.duration)) if v is None]
    if not missing:
        return []
    return [Query("relief_documentation", f"Radiofrequency ablation: the prior diagnostic block's "
                                          f"{' and '.join(missing)} not documented.")]


def code_rfa(f: ProcedureFact):
    d, q = _code_rfa(f)
    return d, q + (_relief_query(f) if d else [])


def _code_rfa(f: ProcedureFact):
    if f.target == "genicular":
        return _sided(f, "64624")
    if f.target == "si_joint":
        return _sided(f, "64625")
    if f.region is None:
        return [], [Query("region", "Radiofrequency ablation: the spinal region is not documented.")]
    cervical = f.region == "cervical_thoracic"
    primary, addon = ("64633", "64634") if cervical else ("64635", "64636")
    return _spine_lines(f, primary, addon, None, addon_units_all=True)


def _sided(f: ProcedureFact, code: str, units: int = 1):
    sides = set(f.sides)
    if sides == {"R", "L"}:
        return [Draft(code, units, "B", f, f.evidence)], []
    if sides:
        return [Draft(code, units, sides.pop(), f, f.evidence)], []
    return [Draft(code, units, None, f, f.evidence, needs_side=True)], [
        Query("laterality", f"{_name(f)}: the side (right, left or bilateral) is not documented.")]


def code_si(f: ProcedureFact):
    if f.imaging.modality in ("fluoroscopy", "ct"):
        return _sided(f, "27096")
    if f.imaging.explicitly_none:
        return _sided(f, "20552")
    if f.imaging.modality == "ultrasound":
        return [], [Query("imaging_documentation", "Sacroiliac joint injection under ultrasound: 27096 requires "
                                                   "fluoroscopy or CT; confirm the guidance used.")]
    return [], [Query("imaging_documentation", "Sacroiliac joint injection: the note does not say whether "
                                                "imaging guidance (fluoroscopy/CT) was used.")]


_JOINT_CODES = {"major": ("20610", "20611"), "intermediate": ("20605", "20606"), "small": ("20600", "20604")}


def code_joint(f: ProcedureFact):
    if f.region not in _JOINT_CODES:
        return [], [Query("region", f"Joint injection: the joint size of '{f.target}' is not known.")]
    plain, us = _JOINT_CODES[f.region]
    queries = []
    code = plain
    if f.imaging.modality == "ultrasound":
        if f.imaging.permanent_image and f.imaging.interpretation:
            code = us
        else:
            missing = ", ".join(m for m in f.imaging.missing if m != "guidance")
            queries.append(Query("imaging_documentation", f"Ultrasound-guided {f.target} injection: {missing} "
                                 f"not documented; {us} needs a permanent recording and a report."))
    d, q = _sided(f, code)
    return d, queries + q


def code_tendon(f: ProcedureFact):
    """20550/20551: one unit per tendon sheath or tendon origin (bilateral indicator 0: sides are units)."""
    code = "20551" if f.target == "origin" else "20550"
    units = f.leads or 1
    sides = set(f.sides)
    side = sides.pop() if len(sides) == 1 else None
    return [Draft(code, units, side, f, f.evidence)], []


def code_carpal(f: ProcedureFact):
    return _sided(f, "20526")


def code_tpi(f: ProcedureFact):
    n = len(f.muscles) or (f.muscle_count or 0)
    if f.muscle_count and f.muscle_count > n:
        n = f.muscle_count
    if n == 0:
        return [], [Query("muscles", "Trigger point injection: the muscles injected are neither named nor "
                                     "counted (20552 is 1-2 muscles, 20553 is 3 or more).")]
    return [Draft("20553" if n >= 3 else "20552", 1, None, f, f.evidence)], []


_NERVE_CODES = {
    "occipital": "64405", "sciatic": "64445", "femoral": "64447", "genicular": "64454",
    "suprascapular": "64418", "ilioinguinal": "64425", "stellate": "64510", "lumbar_sympathetic": "64520",
    "celiac": "64530", "superior_hypogastric": "64517", "sphenopalatine": "64505", "pudendal": "64430",
    "lateral_femoral_cutaneous": "64450", "digital": "64455", "trigeminal": "64400", "peripheral": "64450",
    "si_lateral_branch": "64451",
}
_NEUROLYSIS = {"celiac": "64680", "superior_hypogastric": "64681"}
_UNSIDED = {"64530", "64517", "64680", "64681"}


def code_nerve(f: ProcedureFact):
    t = f.target
    if f.detail == "neurolysis":
        code = _NEUROLYSIS.get(t, "64640")
    elif t == "intercostal":
        # CPT 2021+: 64420 the first level, 64421 each additional level (add-on)
        n = f.leads or 1
        d, q = _sided(f, "64420")
        if n > 1:
            d = d + [Draft("64421", n - 1, d[0].side, f, f.evidence, needs_side=d[0].needs_side)]
        return d, q
    elif t == "sciatic" and f.detail == "continuous":
        code = "64446"
    else:
        code = _NERVE_CODES.get(t, "64450")
    if code in _UNSIDED:
        return [Draft(code, 1, None, f, f.evidence)], []
    return _sided(f, code)


def code_scs(f: ProcedureFact):
    if f.family == "scs_programming":
        if f.parameters is None:
            return [], [Query("programming_complexity", "Neurostimulator programming: the number of parameters "
                                                        "changed is not documented (95971 simple 1-3, 95972 "
                                                        "complex more than 3, 95970 analysis only).")]
        code = "95970" if f.parameters == 0 else ("95971" if f.parameters <= 3 else "95972")
        return [Draft(code, 1, None, f, f.evidence)], []
    if f.family == "scs_leads":
        if f.detail == "removal":
            return [Draft("63661", 1, None, f, f.evidence)], []
        if f.detail == "revision":
            return [Draft("63663", 1, None, f, f.evidence)], []
        if f.leads is None:
            return [], [Query("device", "Spinal cord stimulator: the number of leads/arrays placed is not "
                                        "documented (63650 is reported per lead).")]
        return [Draft("63650", f.leads, None, f, f.evidence)], []
    if f.family == "scs_paddle":
        code = {"removal": "63662", "revision": "63664"}.get(f.detail, "63655")
        return [Draft(code, 1, None, f, f.evidence)], []
    if f.family == "scs_generator":
        code = "63688" if f.detail in ("removal", "revision") else "63685"
        return [Draft(code, 1, None, f, f.evidence)], []
    return [], []


def code_augmentation(f: ProcedureFact):
    if not f.levels:
        return [], [Query("levels", "Vertebral augmentation: the vertebral levels treated are not documented.")]
    if f.target == "unspecified":
        return [], [Query("approach", "Vertebral augmentation: kyphoplasty (cavity creation) or vertebroplasty is "
                                      "not stated.")]
    first = f.levels[0][1]
    n = len(f.levels)
    if f.target == "kyphoplasty":
        primary = "22514" if first[0] in "LS" else "22513"
        addon = "22515"
    else:
        primary = "22511" if first[0] in "LS" else "22510"
        addon = "22512"
    out = [Draft(primary, 1, None, f, f.evidence)]
    if n > 1:
        out.append(Draft(addon, n - 1, None, f, f.evidence))
    return out, []


def code_simple(f: ProcedureFact):
    if f.family == "blood_patch":
        return [Draft("62273", 1, None, f, f.evidence)], []
    if f.family == "epidural_catheter":
        if f.region is None:
            return [], [Query("region", "Epidural catheter: the spinal region is not documented.")]
        imaged = f.imaging.modality in ("fluoroscopy", "ct")
        if f.region == "cervical_thoracic":
            code = "62325" if imaged else "62324"
        else:
            code = "62327" if imaged else "62326"
        return [Draft(code, 1, None, f, f.evidence)], []
    return [], []


def code_discography(f: ProcedureFact):
    if not f.levels:
        return [], [Query("levels", "Discography: the discs injected are not documented.")]
    lumbar = f.region != "cervical_thoracic"
    n = len(f.levels)
    out = [Draft("62290" if lumbar else "62291", n, None, f, f.evidence)]
    sni = "72295" if lumbar else "72285"
    if f.imaging.complete:
        return out + [Draft(sni, n, None, f, f.evidence)], []
    missing = ", ".join(f.imaging.missing) if f.imaging.modality else "guidance, permanent image, interpretation"
    return out, [Query("imaging_documentation", f"Discography supervision and interpretation ({sni}): {missing} "
                                                f"not documented.")]


def code_pump(f: ProcedureFact):
    code = {"implant": "62362", "catheter": "62350", "removal": "62365", "refill": "95990"}.get(f.detail)
    return ([Draft(code, 1, None, f, f.evidence)] if code else []), []


def code_lysis(f: ProcedureFact):
    """Percutaneous lysis of epidural adhesions: 62264 (one day, one or more adhesiolysis sessions);
    62263 (a series over two or more days, reported once) only when the note documents the multi-day
    series. Imaging is included (no 77003), bilateral indicator 0 (no 50/RT/LT), and the epidural
    injection through the same needle/catheter is part of it (the reader drops those mentions)."""
    code = "62263" if f.detail == "multi_day" else "62264"
    return [Draft(code, 1, None, f, f.evidence)], []


_CODERS = {
    "discography": code_discography, "pump": code_pump, "lysis": code_lysis,
    "epidural": code_epidural, "facet": code_facet, "rfa": code_rfa, "si_joint": code_si,
    "joint": code_joint, "tendon": code_tendon, "carpal_tunnel": code_carpal, "tpi": code_tpi,
    "nerve_block": code_nerve, "scs_programming": code_scs, "scs_leads": code_scs,
    "scs_paddle": code_scs, "scs_generator": code_scs, "augmentation": code_augmentation,
    "blood_patch": code_simple, "epidural_catheter": code_simple,
}


def code_procedure(fact: ProcedureFact) -> tuple[list[Draft], list[Query]]:
    """Draft lines and queries for one performed procedure."""
    coder = _CODERS.get(fact.family)
    if coder is None:
        return [], [Query("not_billable", f"{fact.family}: no code in the pain code set.")]
    return coder(fact)
