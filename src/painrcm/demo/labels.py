"""Expected coding of a synthetic encounter, derived from its structured facts.

This is the answer key of the demo and of the development corpus (``tests/corpus/dev``). It
follows ``docs/coding-conventions.md`` with the default (``medicare``) profile and **no payer**:
bilateral same levels -> one line with modifier 50 and 1 unit; 62320-62327 never 50/RT/LT; trigger
points and SCS codes without laterality; imaging codes only when the primary excludes imaging and
all three elements are documented; a query and no line when a code-determining element is missing.
It is written from the facts (``painrcm.demo.truth``), never by running the coder, so the two
can be measured against each other.

Choices the conventions leave open, fixed here and listed in ``tests/corpus/dev/README.md``:
relief from prior blocks described without a percentage or a duration raises a
``relief_documentation`` query and keeps the RFA line; device C-codes go on implants at places of
service 22/24 only; an established office visit without modifier 25 for a chronic condition
carries G2211; a printed current CPT code that is not in the expected lines raises ``code_conflict``
(deleted codes such as 76005 and ICD-9 codes are ignored); an interlaminar/caudal epidural with
imaging unstated is coded without imaging (62320/62322); lysis of epidural adhesions on one day is 62264.

>>> from painrcm.demo.truth import Procedure, EncounterTruth
>>> t = EncounterTruth("tfesi", (Procedure("tfesi", "lumbar", (("right", "L4-5"), ("right", "L5-S1")),
...                     approach="transforaminal", imaging="fluoroscopy", dx=("M54.16",)),))
>>> [(l["code"], l["modifiers"], l["units"]) for l in expected_label(t)["lines"]]
[('64483', ['RT'], 1), ('64484', ['RT'], 1)]
"""

from __future__ import annotations

from datetime import date

from painrcm.demo.truth import EncounterTruth, Procedure, Visit

DELETED_CODES = frozenset({"76005", "95973", "72275", "64470", "64472", "64475", "64476", "64622", "64623", "64626", "64627", "62310", "62311", "62318", "62319"})
FACILITY_POS = frozenset({"22", "24"})
# "extra" services the note writer adds as free text (``EncounterTruth.not_billable``) that are in the
# code set: percutaneous lysis of epidural adhesions, written as one day -> 62264 (imaging and the
# injection through the catheter included; no 50/RT/LT). The others (cancelled, impar, PRP) are not.
BILLABLE_EXTRAS = {"lysis": "62264"}

_SPINE_CODES = {
    # family -> region group -> (primary, addon2, addon3)
    "tfesi": {"cervical": ("64479", "64480", None), "lumbar": ("64483", "64484", None)},
    "facet": {"cervical": ("64490", "64491", "64492"), "lumbar": ("64493", "64494", "64495")},
    "facet_us": {"cervical": ("0213T", "0214T", "0215T"), "lumbar": ("0216T", "0217T", "0218T")},
    "rfa": {"cervical": ("64633", "64634", None), "lumbar": ("64635", "64636", None)},
}
_SINGLE_SITE = {  # family/site -> code (laterality by sides)
    "si_joint": "27096", "si_rfa": "64625", "genicular_rfa": "64624", "genicular_block": "64454",
    "greater occipital": "64405", "suprascapular": "64418", "ilioinguinal": "64425",
    "lateral femoral cutaneous": "64450", "superficial peroneal": "64450", "morton": "64455",
    "stellate": "64510", "lumbar sympathetic": "64520", "sphenopalatine": "64505",
}
_NO_LATERALITY_SITES = frozenset({"celiac"})
_MAJOR_JOINTS = frozenset({"knee", "shoulder", "hip", "trochanteric bursa", "subacromial bursa"})
_INTERMEDIATE_JOINTS = frozenset({"elbow", "wrist", "ankle", "acromioclavicular joint"})
#: families whose primary code excludes imaging guidance -> modality -> imaging code
_IMAGING_EXCLUDED = {
    "joint": {"fluoroscopy": "77002"},
    "nerve_block": {"fluoroscopy": "77002", "ultrasound": "76942"},
    "stellate": {"fluoroscopy": "77003", "ultrasound": "76942"},
    "lumbar sympathetic": {"fluoroscopy": "77003"},
    "blood_patch": {"fluoroscopy": "77003"},
    "tpi": {"ultrasound": "76942"},
}


def region_group(region: str) -> str:
    return "cervical" if region in ("cervical", "thoracic") else "lumbar"


def _line(code: str, mods: list[str], units: int, dx: list[str]) -> dict:
    return {"code": code, "modifiers": mods, "units": units, "diagnoses": list(dx)}


def _side_mod(side: str) -> list[str]:
    return {"right": ["RT"], "left": ["LT"]}.get(side, [])


def _spine_lines(codes: tuple, p: Procedure, dx: list[str], per_level_addon: bool) -> list[dict]:
    primary, add2, add3 = codes
    sides = [s for s in p.sides]
    groups: list[tuple[list[str], int]] = []  # (modifiers, level count)
    if "laterality" in p.gaps or sides in ([], ["midline"]):
        groups.append(([], len(p.levels)))
    elif sides == ["left", "right"] and set(p.levels_on("left")) == set(p.levels_on("right")):
        groups.append((["50"], len(p.levels_on("right"))))
    else:
        for side in ("right", "left"):
            if side in sides:
                groups.append((_side_mod(side), len(set(p.levels_on(side)))))
    lines = []
    for mods, n in groups:
        lines.append(_line(primary, mods, 1, dx))
        if per_level_addon:
            if n > 1:
                lines.append(_line(add2, mods, n - 1, dx))
        else:
            if n >= 2:
                lines.append(_line(add2, mods, 1, dx))
            if n >= 3:
                lines.append(_line(add3, mods, 1, dx))
    return lines


def _site_mods(p: Procedure) -> list[str]:
    if "laterality" in p.gaps:
        return []
    sides = [s for s in p.sides if s in ("left", "right")]
    if len(sides) == 2:
        return ["50"]
    return _side_mod(sides[0]) if sides else []


def _imaging(p: Procedure, key: str, dx: list[str], queries: list[dict]) -> list[dict]:
    table = _IMAGING_EXCLUDED.get(key)
    if not table or p.imaging not in ("fluoroscopy", "ultrasound", "ct"):
        return []
    code = table.get(p.imaging)
    if code is None:
        return []
    missing = [n for n, ok in (("permanent image", p.image_saved), ("interpretation", p.interpretation)) if not ok]
    if missing:
        queries.append({"topic": "imaging_documentation",
                        "message": f"{p.imaging} guidance documented without " + " and ".join(missing)})
        return []
    return [_line(code, [], 1, dx)]


def procedure_lines(p: Procedure, pos: str, queries: list[dict]) -> list[dict]:
    """Lines for one procedure; appends the queries it raises."""
    dx = [] if "diagnosis" in p.gaps else list(p.dx)
    f = p.family
    lat_query = "laterality" in p.gaps
    if lat_query:
        queries.append({"topic": "laterality", "message": f"{f}: side not documented"})
    if f in ("tfesi", "ilesi", "caudal") and "approach" in p.gaps:
        queries.append({"topic": "approach", "message": "epidural approach (interlaminar/transforaminal) not documented"})
        return []
    if f == "tfesi":
        if p.imaging == "ultrasound":
            queries.append({"topic": "approach", "message": "ultrasound-guided transforaminal injection is not 64479-64484"})
            return []
        return _spine_lines(_SPINE_CODES["tfesi"][region_group(p.region)], p, dx, True)
    if f in ("ilesi", "caudal"):
        # imaging is billable only when documented: with imaging unstated (the writer then names
        # neither a modality nor contrast spread) the line is the code without imaging
        if "modality_unnamed" in p.gaps:
            # contrast spread says images were read, but the modality decides the code: query, no line
            queries.append({"topic": "imaging_documentation",
                            "message": "interlaminar epidural: contrast spread described, imaging modality not named"})
            return []
        with_imaging = p.imaging in ("fluoroscopy", "ct") and "imaging_unstated" not in p.gaps
        if f == "ilesi" and region_group(p.region) == "cervical":
            return [_line("62321" if with_imaging else "62320", [], 1, dx)]
        return [_line("62323" if with_imaging else "62322", [], 1, dx)]
    if f == "facet":
        key = "facet_us" if p.imaging == "ultrasound" else "facet"
        return _spine_lines(_SPINE_CODES[key][region_group(p.region)], p, dx, False)
    if f == "rfa":
        if {"relief_pct", "relief_duration"} & p.gaps:
            what = [w for g, w in (("relief_pct", "relief percentage"), ("relief_duration", "relief duration")) if g in p.gaps]
            queries.append({"topic": "relief_documentation",
                            "message": "diagnostic block " + " and ".join(what) + " not documented"})
        return _spine_lines(_SPINE_CODES["rfa"][region_group(p.region)], p, dx, True)
    if f == "si_joint":
        if "imaging_unstated" in p.gaps:
            queries.append({"topic": "imaging_documentation", "message": "SI joint injection: imaging use not stated"})
            return []
        return [_line("27096", _site_mods(p), 1, dx)]
    if f in ("si_rfa", "genicular_rfa", "genicular_block"):
        return [_line(_SINGLE_SITE[f], _site_mods(p), 1, dx)]
    if f == "joint":
        mods = _site_mods(p)
        # (without ultrasound, with ultrasound + permanent recording and report) by joint size
        plain, with_us = ("20610", "20611") if p.site in _MAJOR_JOINTS else (
            ("20605", "20606") if p.site in _INTERMEDIATE_JOINTS else ("20600", "20604"))
        if p.imaging == "ultrasound":
            if p.image_saved and p.interpretation:
                return [_line(with_us, mods, 1, dx)]
            queries.append({"topic": "imaging_documentation",
                            "message": "ultrasound guidance without permanent recording and report"})
            return [_line(plain, mods, 1, dx)]
        if p.site in _MAJOR_JOINTS:
            return [_line(plain, mods, 1, dx)] + _imaging(p, "joint", dx, queries)
        return [_line(plain, mods, 1, dx)]
    if f == "tpi":
        if "muscles" in p.gaps or not p.muscles:
            queries.append({"topic": "muscles", "message": "trigger point muscles not named or counted"})
            return []
        n = len(set(p.muscles))
        return [_line("20553" if n >= 3 else "20552", [], 1, dx)] + _imaging(p, "tpi", dx, queries)
    if f == "nerve_block":
        if p.site == "intercostal":
            mods = _site_mods(p)
            n = len(p.levels)
            lines = [_line("64420", mods, 1, dx)]
            if n > 1:
                lines.append(_line("64421", mods, n - 1, dx))
            return lines + _imaging(p, "nerve_block", dx, queries)
        return [_line(_SINGLE_SITE[p.site], _site_mods(p), 1, dx)] + _imaging(p, "nerve_block", dx, queries)
    if f == "sympathetic":
        if p.site in _NO_LATERALITY_SITES:
            return [_line("64530", [], 1, dx)]
        return [_line(_SINGLE_SITE[p.site], _site_mods(p), 1, dx)] + _imaging(p, p.site, dx, queries)
    if f == "blood_patch":
        return [_line("62273", [], 1, dx)] + _imaging(p, "blood_patch", dx, queries)
    if f == "vert_aug":
        if "approach" in p.gaps:
            queries.append({"topic": "approach", "message": "kyphoplasty vs vertebroplasty not documented"})
            return []
        n = len(p.levels)
        if p.approach == "kyphoplasty":
            first = "22513" if p.region == "thoracic" else "22514"
            add = "22515"
        else:
            first = "22510" if p.region in ("cervical", "thoracic") else "22511"
            add = "22512"
        lines = [_line(first, [], 1, dx)]
        if n > 1:
            lines.append(_line(add, [], n - 1, dx))
        return lines
    if f == "scs_trial":
        return [_line("63650", [], p.leads, dx)]
    if f == "scs_implant":
        lines = [_line("63650", [], p.leads, dx), _line("63685", [], 1, dx)]
        if pos in FACILITY_POS:
            if "device" in p.gaps:
                queries.append({"topic": "device", "message": "neurostimulator device type not documented"})
            elif p.device == "integrated":
                lines.append(_line("C1607", [], 1, dx))
            else:
                lines.append(_line("C1820" if p.device == "rechargeable" else "C1767", [], 1, dx))
                lines.append(_line("C1778", [], p.leads, dx))
        return lines
    if f == "scs_programming":
        if "parameters" in p.gaps or p.parameters is None:
            queries.append({"topic": "programming_complexity", "message": "programming parameters not documented"})
            return []
        n = len(p.parameters)
        code = "95970" if n == 0 else "95971" if n <= 3 else "95972"
        return [_line(code, [], 1, dx)]
    raise ValueError(f"unknown procedure family {f!r}")


def em_code(v: Visit) -> str:
    """E/M code by the higher of MDM level and total time.

    >>> em_code(Visit(new=False, problems=4, data=2, risk=4, minutes=22))
    '99214'
    >>> em_code(Visit(new=True, problems=3, data=3, risk=3, minutes=47))
    '99204'
    """
    level = v.mdm_level
    if v.minutes:
        steps = (60, 45, 30, 15) if v.new else (40, 30, 20, 10)
        for lvl, floor in zip((5, 4, 3, 2), steps):
            if v.minutes >= floor:
                level = max(level, lvl)
                break
    return ("9920" if v.new else "9921") + str(level)


def _order_dx(codes: list[str]) -> list[str]:
    seen: list[str] = []
    for c in codes:
        if c not in seen:
            seen.append(c)
    return [c for c in seen if not c.startswith("G89.")] + [c for c in seen if c.startswith("G89.")]


def expected_label(t: EncounterTruth, dos: date | None = None, payer: str | None = None) -> dict:
    """The label JSON (``status``, ``lines``, ``diagnoses``, ``queries``, ``context``) for ``t``."""
    queries: list[dict] = []
    lines: list[dict] = []
    for p in t.procedures:
        lines.extend(procedure_lines(p, t.place_of_service, queries))
    v = t.visit
    if v is not None:
        vdx = [] if "diagnosis" in v.gaps else _order_dx(list(v.dx))
        if "em_level" in v.gaps:
            queries.append({"topic": "em_level", "message": "neither MDM elements nor total time documented"})
        else:
            mods = ["25"] if t.procedures and v.separate else []
            if not t.procedures or v.separate:
                lines.insert(0, _line(em_code(v), mods, 1, vdx))
                if not mods and v.longitudinal:
                    lines.insert(1, _line("G2211", [], 1, vdx))
    if t.not_billable in BILLABLE_EXTRAS:
        lines.append(_line(BILLABLE_EXTRAS[t.not_billable], [], 1, []))
    elif not t.procedures and v is None:
        queries.append({"topic": "not_billable", "message": t.not_billable or "nothing billable documented"})
    elif t.not_billable:
        queries.append({"topic": "not_billable", "message": t.not_billable})
    codes = {ln["code"] for ln in lines}
    for printed in t.printed_codes:
        if printed.isdigit() and len(printed) == 5 and printed not in DELETED_CODES and printed not in codes:
            queries.append({"topic": "code_conflict",
                            "message": f"printed code {printed} does not match the documented work"})
            break
    dx_all: list[str] = []
    for p in t.procedures:
        if "diagnosis" not in p.gaps:
            dx_all.extend(p.dx)
    if v is not None and "diagnosis" not in v.gaps:
        dx_all.extend(v.dx)
    diagnoses = _order_dx(dx_all)
    for ln in lines:
        ln["diagnoses"] = _order_dx(ln["diagnoses"])
    if not diagnoses and (lines or t.procedures or v is not None):
        queries.append({"topic": "diagnosis", "message": "no diagnosis or indication documented"})
    # one query per topic is enough for a label
    seen: set[str] = set()
    uniq = []
    for q in queries:
        if q["topic"] not in seen:
            seen.add(q["topic"])
            uniq.append(q)
    visit_type = ("new" if v.new else "established") if v is not None else "procedure"
    return {
        "status": "needs_review" if uniq else "ready",
        "lines": lines,
        "diagnoses": diagnoses,
        "queries": uniq,
        "context": {"payer": payer, "pos": t.place_of_service,
                    "dos": dos.isoformat() if dos else None, "visit_type": visit_type},
    }
