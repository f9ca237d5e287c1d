"""Scenario builders: the structured facts of one encounter of a given kind.

Each builder draws from ``rng`` and a ``hard`` rate (0 = clean documentation, ~0.5 = the
development corpus's oversampling of documentation gaps, mixed sides and negations). The same
builders serve the demo practice (``painrcm.demo.generate``) and the labeled development corpus
(``scripts/make_dev_corpus.py``); the office visit, planned procedures and printed codes are in
``painrcm.demo.sessions``.

>>> import random
>>> p = tfesi(random.Random(5), 0.0)
>>> p.family, p.approach
('tfesi', 'transforaminal')
"""

from __future__ import annotations

import random
from datetime import date

from painrcm.demo.truth import Procedure

C1607_FROM = date(2026, 1, 1)

LUMBAR_FORAMINA = ("L3-4", "L4-5", "L5-S1", "S1")
CERVICAL_FORAMINA = ("C4-5", "C5-6", "C6-7")
LUMBAR_JOINTS = ("L3-4", "L4-5", "L5-S1")
CERVICAL_JOINTS = ("C3-4", "C4-5", "C5-6", "C6-7")
THORACIC_JOINTS = ("T10-11", "T11-12")
MUSCLES = ("trapezius", "levator scapulae", "rhomboid major", "splenius capitis", "infraspinatus",
           "quadratus lumborum", "gluteus medius", "piriformis", "lumbar paraspinal (erector spinae)")


def _run(rng: random.Random, pool: tuple[str, ...], n: int) -> list[str]:
    n = min(n, len(pool))
    start = rng.randrange(0, len(pool) - n + 1)
    return list(pool[start:start + n])


def _weighted(rng: random.Random, items: dict):
    keys = list(items)
    return rng.choices(keys, weights=[items[k] for k in keys])[0]


def _targets(rng: random.Random, levels: list[str], hard: float, *, bilateral: float, mixed: float,
             side: str | None = None) -> tuple[tuple[str, str], ...]:
    r = rng.random()
    side = side or rng.choice(("right", "left"))
    if r < bilateral + hard * 0.2:
        return tuple((s, lv) for lv in levels for s in ("right", "left"))
    if len(levels) >= 2 and r < bilateral + mixed + hard * 0.35:
        other = "left" if side == "right" else "right"
        k = rng.randrange(1, len(levels))
        first, rest = levels[:k], levels[k:]
        if rng.random() < 0.5:  # overlap: both sides at the first level, one side beyond
            return tuple([(s, lv) for lv in first for s in ("right", "left")] + [(side, lv) for lv in rest])
        return tuple([(side, lv) for lv in first] + [(other, lv) for lv in rest])
    return tuple((side, lv) for lv in levels)


def _gaps(rng: random.Random, hard: float, **rates: float) -> frozenset[str]:
    return frozenset(g for g, r in rates.items() if rng.random() < r * hard)


def _pick_dx(rng: random.Random, options) -> tuple[str, ...]:
    return tuple(rng.choice(options))


# --------------------------------------------------------------------------- spine

def tfesi(rng: random.Random, hard: float, *, region: str | None = None, side: str | None = None,
          levels: list[str] | None = None) -> Procedure:
    region = region or ("cervical" if rng.random() < 0.15 else "lumbar")
    if levels is None:
        n = rng.choices((1, 2, 3), weights=(55, 40, 5 + 20 * hard))[0]
        levels = _run(rng, CERVICAL_FORAMINA if region == "cervical" else LUMBAR_FORAMINA, n)
    targets = _targets(rng, levels, hard, bilateral=0.22, mixed=0.06, side=side)
    gaps = _gaps(rng, hard, approach=0.22, laterality=0.16, diagnosis=0.03)
    dx = _pick_dx(rng, (("M54.12",), ("M50.122",), ("M47.22",)) if region == "cervical" else
                  (("M54.16",), ("M54.17",), ("M51.16",), ("M48.062",), ("M47.26",), ("M51.16", "G89.29")))
    imaging = "ct" if rng.random() < 0.03 + 0.03 * hard else "fluoroscopy"
    return Procedure("tfesi", region, targets, approach="transforaminal", imaging=imaging, dx=dx, gaps=gaps)


def ilesi(rng: random.Random, hard: float, *, region: str | None = None) -> Procedure:
    caudal = rng.random() < 0.3
    region = "lumbar" if caudal else region or _weighted(rng, {"lumbar": 65, "cervical": 30, "thoracic": 5})
    if caudal:
        level = "caudal"
    else:
        level = rng.choice({"lumbar": ("L4-5", "L5-S1", "L3-4"), "cervical": ("C6-7", "C7-T1"),
                            "thoracic": ("T9-10", "T10-11")}[region])
    side = "midline" if caudal or rng.random() < 0.6 else rng.choice(("right", "left"))
    r = rng.random()
    imaging = "none" if r < 0.1 + 0.15 * hard else "ct" if r > 0.95 else "fluoroscopy"
    gaps = _gaps(rng, hard, approach=0.0 if caudal else 0.15, imaging_unstated=0.12, diagnosis=0.03)
    if "imaging_unstated" in gaps:
        if imaging in ("fluoroscopy", "ct") and r > 0.75:
            # imaging was used but the writer only describes contrast spread (no modality named);
            # reuses the imaging draw so the random stream of the corpus does not shift
            gaps = (gaps - {"imaging_unstated"}) | {"modality_unnamed"}
        else:
            imaging = ""
    dx_opts = {"lumbar": (("M54.16",), ("M48.062",), ("M96.1",), ("M51.16",), ("M48.061",)),
               "cervical": (("M54.12",), ("M50.122",), ("M47.22",)), "thoracic": (("M54.14",),)}[region]
    if caudal:
        dx_opts = (("M96.1",), ("M48.062",), ("M54.17",), ("M96.1", "G89.4"))
    return Procedure("caudal" if caudal else "ilesi", region, ((side, level),),
                     approach="caudal" if caudal else "interlaminar", imaging=imaging,
                     dx=_pick_dx(rng, dx_opts), gaps=gaps)


def facet(rng: random.Random, hard: float, *, region: str | None = None, diagnostic: bool | None = None,
          levels: list[str] | None = None, targets=None) -> Procedure:
    region = region or _weighted(rng, {"lumbar": 78, "cervical": 19, "thoracic": 3})
    pool = {"lumbar": LUMBAR_JOINTS, "cervical": CERVICAL_JOINTS, "thoracic": THORACIC_JOINTS}[region]
    if targets is None:
        if levels is None:
            levels = _run(rng, pool, rng.choices((1, 2, 3), weights=(20, 68, 12 + 10 * hard))[0])
        targets = _targets(rng, levels, hard, bilateral=0.6, mixed=0.04)
    diagnostic = rng.random() < 0.75 if diagnostic is None else diagnostic
    imaging = "ultrasound" if rng.random() < 0.04 * hard else "fluoroscopy"
    gaps = _gaps(rng, hard, laterality=0.12, diagnosis=0.03)
    dx = _pick_dx(rng, {"lumbar": (("M47.816",), ("M47.817",), ("M47.816", "G89.29")),
                        "cervical": (("M47.812",), ("M47.812", "G89.29")), "thoracic": (("M47.814",),)}[region])
    return Procedure("facet", region, tuple(targets), imaging=imaging, diagnostic=diagnostic, dx=dx, gaps=gaps)


def rfa(rng: random.Random, hard: float, *, region: str | None = None, targets=None, prior_blocks: int = 2,
        relief_pct: int | None = None, relief_hours: int | None = None) -> Procedure:
    region = region or _weighted(rng, {"lumbar": 80, "cervical": 18, "thoracic": 2})
    pool = {"lumbar": LUMBAR_JOINTS, "cervical": CERVICAL_JOINTS, "thoracic": THORACIC_JOINTS}[region]
    if targets is None:
        levels = _run(rng, pool, rng.choices((1, 2, 3), weights=(20, 70, 10 + 10 * hard))[0])
        targets = _targets(rng, levels, hard, bilateral=0.5, mixed=0.04)
    gaps = _gaps(rng, hard, relief_pct=0.25, relief_duration=0.25, laterality=0.06)
    dx = _pick_dx(rng, {"lumbar": (("M47.816",), ("M47.817",)), "cervical": (("M47.812",),),
                        "thoracic": (("M47.814",),)}[region])
    return Procedure("rfa", region, tuple(targets), imaging="fluoroscopy", dx=dx, gaps=gaps,
                     relief_pct=relief_pct or rng.choice((80, 85, 90, 95, 100)), relief_hours=relief_hours or rng.choice((4, 6, 8, 12)),
                     prior_blocks=prior_blocks)


# --------------------------------------------------------------------------- joints, SI, soft tissue

def _side_targets(rng: random.Random, site: str, both: float, side: str | None = None) -> tuple[tuple[str, str], ...]:
    if rng.random() < both:
        return (("right", site), ("left", site))
    return ((side or rng.choice(("right", "left")), site),)


def si_joint(rng: random.Random, hard: float, side: str | None = None) -> Procedure:
    gaps = _gaps(rng, hard, imaging_unstated=0.15, laterality=0.15, diagnosis=0.03)
    return Procedure("si_joint", "sacral", _side_targets(rng, "SI joint", 0.3, side), imaging="fluoroscopy",
                     dx=("M46.1",), gaps=gaps)


def si_rfa(rng: random.Random, hard: float, side: str | None = None) -> Procedure:
    return Procedure("si_rfa", "sacral", _side_targets(rng, "SI joint", 0.3, side), imaging="fluoroscopy",
                     dx=("M46.1",), gaps=_gaps(rng, hard, laterality=0.08))


KNEE_DX = {"right": "M17.11", "left": "M17.12"}


def genicular(rng: random.Random, hard: float, rfa_: bool, side: str | None = None) -> Procedure:
    t = _side_targets(rng, "knee", 0.2, side)
    dx = ("M17.0",) if len(t) == 2 else (KNEE_DX[t[0][0]],)
    imaging = "fluoroscopy" if rfa_ or rng.random() < 0.6 else "ultrasound"
    return Procedure("genicular_rfa" if rfa_ else "genicular_block", "", t, imaging=imaging, dx=dx)


JOINT_DX = {
    "knee": {"right": ("M17.11",), "left": ("M17.12",), "both": ("M17.0",)},
    "shoulder": {"right": ("M19.011", "M75.01"), "left": ("M19.012", "M75.02")},
    "hip": {"right": ("M16.11",), "left": ("M16.12",)},
    "trochanteric bursa": {"right": ("M70.61",), "left": ("M70.62",)},
    "ankle": {"right": ("M19.071",), "left": ("M19.072",)},
}


def joint(rng: random.Random, hard: float, site: str | None = None, side: str | None = None) -> Procedure:
    site = site or _weighted(rng, {"knee": 45, "shoulder": 20, "trochanteric bursa": 20, "hip": 10, "ankle": 5})
    imaging = _weighted(rng, {"none": 55, "ultrasound": 30, "fluoroscopy": 15 if site in ("hip", "shoulder", "knee") else 0})
    both = 0.15 if site == "knee" and imaging == "none" else 0.0
    t = _side_targets(rng, site, both, side)
    key = "both" if len(t) == 2 else t[0][0]
    dx = (rng.choice(JOINT_DX[site][key]),)
    g = _gaps(rng, hard, image_saved=0.3, interpretation=0.3) if imaging != "none" else frozenset()
    return Procedure("joint", "", t, imaging=imaging, site=site, dx=dx, gaps=g,
                     image_saved="image_saved" not in g, interpretation="interpretation" not in g)


def tpi(rng: random.Random, hard: float) -> Procedure:
    n_muscles = rng.choices((1, 2, 3, 4), weights=(25, 35, 25, 15))[0]
    names = rng.sample(MUSCLES, n_muscles)
    muscles: list[tuple[str, str]] = []
    for m in names:
        r = rng.random()
        if r < 0.3 + 0.2 * hard:
            muscles += [("right", m), ("left", m)]
        else:
            muscles.append((rng.choice(("right", "left")), m))
    muscles = muscles[:5]
    gaps = _gaps(rng, hard, muscles=0.3, diagnosis=0.03)
    return Procedure("tpi", "", (), muscles=tuple(muscles), dx=("M79.18",), gaps=gaps)


NERVE_DX = {
    "greater occipital": lambda s: ("M54.81",), "suprascapular": lambda s: ({"right": "M25.511", "left": "M25.512"}[s],),
    "lateral femoral cutaneous": lambda s: ({"right": "G57.11", "left": "G57.12"}[s],),
    "ilioinguinal": lambda s: ({"right": "G57.81", "left": "G57.82"}[s],),
    "morton": lambda s: ({"right": "G57.61", "left": "G57.62"}[s],), "intercostal": lambda s: ("G58.0",),
}


def nerve_block(rng: random.Random, hard: float, site: str | None = None) -> Procedure:
    site = site or _weighted(rng, {"greater occipital": 45, "intercostal": 10, "suprascapular": 10,
                                   "lateral femoral cutaneous": 12, "ilioinguinal": 5, "morton": 18})
    if site == "intercostal":
        side = rng.choice(("right", "left"))
        start = rng.randrange(5, 9)
        t = tuple((side, f"T{start + i}") for i in range(rng.choice((1, 2, 3))))
        dx = rng.choice((("G58.0",), ("B02.23",)))
        return Procedure("nerve_block", "thoracic", t, imaging="none", site=site, dx=dx)
    both = 0.4 if site == "greater occipital" else 0.0
    t = _side_targets(rng, site, both)
    imaging = "none"
    if site in ("greater occipital", "lateral femoral cutaneous", "morton") and rng.random() < 0.35 + 0.3 * hard:
        imaging = "ultrasound"
    g = _gaps(rng, hard, image_saved=0.3, interpretation=0.3) if imaging != "none" else frozenset()
    if site == "greater occipital":
        g = g | _gaps(rng, hard, laterality=0.1)
    return Procedure("nerve_block", "", t, imaging=imaging, site=site, dx=NERVE_DX[site](t[0][0]), gaps=g,
                     image_saved="image_saved" not in g, interpretation="interpretation" not in g)


def sympathetic(rng: random.Random, hard: float, site: str | None = None, side: str | None = None) -> Procedure:
    site = site or _weighted(rng, {"stellate": 35, "lumbar sympathetic": 45, "celiac": 10, "sphenopalatine": 10})
    side = side or rng.choice(("right", "left"))
    if site == "celiac":
        return Procedure("sympathetic", "", (("midline", "celiac"),), imaging="fluoroscopy", site=site,
                         dx=rng.choice((("C25.0", "G89.3"), ("C25.0",))))
    if site == "sphenopalatine":
        return Procedure("sympathetic", "", _side_targets(rng, site, 0.4, side), imaging="none", site=site, dx=("G44.019",))
    imaging = "fluoroscopy" if site == "lumbar sympathetic" or rng.random() < 0.5 else "ultrasound"
    g = _gaps(rng, hard, image_saved=0.35, interpretation=0.35)
    dx = ({"right": "G90.511", "left": "G90.512"} if site == "stellate" else {"right": "G90.521", "left": "G90.522"})[side]
    return Procedure("sympathetic", "", ((side, site),), imaging=imaging, site=site, dx=(dx,), gaps=g,
                     image_saved="image_saved" not in g, interpretation="interpretation" not in g)


def blood_patch(rng: random.Random, hard: float) -> Procedure:
    imaging = "fluoroscopy" if rng.random() < 0.6 else "none"
    g = _gaps(rng, hard, image_saved=0.35, interpretation=0.35) if imaging != "none" else frozenset()
    return Procedure("blood_patch", "lumbar", (("midline", rng.choice(("L3-4", "L4-5", "L2-3"))),), imaging=imaging,
                     dx=("G97.1",), gaps=g, image_saved="image_saved" not in g, interpretation="interpretation" not in g)


def vert_aug(rng: random.Random, hard: float) -> Procedure:
    region = rng.choice(("thoracic", "lumbar"))
    pool = ("T10", "T11", "T12") if region == "thoracic" else ("L1", "L2", "L3")
    levels = _run(rng, pool, rng.choices((1, 2), weights=(75, 25))[0])
    approach = "kyphoplasty" if rng.random() < 0.7 else "vertebroplasty"
    dx = rng.choice((("M80.08XA",), ("M48.56XA",) if region == "lumbar" else ("M48.54XA",)))
    return Procedure("vert_aug", region, tuple(("midline", lv) for lv in levels), approach=approach, imaging="fluoroscopy",
                     dx=dx, gaps=_gaps(rng, hard, approach=0.15))


# --------------------------------------------------------------------------- SCS

def _scs_dx(rng: random.Random) -> tuple[str, ...]:
    return rng.choice((("M96.1",), ("M96.1", "G89.4"), ("G90.521",), ("G90.522",), ("M54.16", "G89.29")))


def scs_trial(rng: random.Random, hard: float, dx: tuple[str, ...] | None = None) -> Procedure:
    return Procedure("scs_trial", "thoracic", (), imaging="fluoroscopy", leads=2 if rng.random() < 0.85 else 1,
                     dx=dx or _scs_dx(rng))


def scs_implant(rng: random.Random, hard: float, dos: date | None, dx: tuple[str, ...] | None = None) -> Procedure:
    integrated_ok = dos is None or dos >= C1607_FROM
    device = _weighted(rng, {"integrated": 20 if integrated_ok else 0, "rechargeable": 50, "nonrechargeable": 30})
    return Procedure("scs_implant", "thoracic", (), imaging="fluoroscopy", leads=2 if rng.random() < 0.85 else 1,
                     device=device, dx=dx or _scs_dx(rng), gaps=_gaps(rng, hard, device=0.25))


PARAMS = ("amplitude", "pulse width", "frequency", "electrode configuration", "cycling", "waveform")


def scs_programming(rng: random.Random, hard: float, dx: tuple[str, ...] | None = None) -> Procedure:
    n = rng.choices((0, 1, 2, 3, 4, 5), weights=(18, 15, 20, 15, 20, 12))[0]
    params = tuple(rng.sample(PARAMS, n))
    gaps = _gaps(rng, hard, parameters=0.3)
    return Procedure("scs_programming", "", (), parameters=None if "parameters" in gaps else params,
                     dx=dx or _scs_dx(rng), gaps=gaps)


# --------------------------------------------------------------------------- combined sessions

COMBOS = (("tfesi", "facet"), ("ilesi", "facet"), ("facet", "si_joint"), ("rfa", "si_joint"), ("ilesi", "tpi"))


def single(kind: str, rng: random.Random, hard: float, dos: date | None = None) -> Procedure:
    """One procedure of ``kind`` (a family or a family group name)."""
    if kind == "tfesi":
        return tfesi(rng, hard)
    if kind == "ilesi":
        return ilesi(rng, hard)
    if kind == "facet":
        return facet(rng, hard)
    if kind == "rfa":
        return rfa(rng, hard)
    if kind == "si_joint":
        return si_joint(rng, hard)
    if kind == "si_rfa":
        return si_rfa(rng, hard)
    if kind == "joint":
        return joint(rng, hard)
    if kind == "genicular_block":
        return genicular(rng, hard, False)
    if kind == "genicular_rfa":
        return genicular(rng, hard, True)
    if kind == "tpi":
        return tpi(rng, hard)
    if kind == "nerve_block":
        return nerve_block(rng, hard)
    if kind == "sympathetic":
        return sympathetic(rng, hard)
    if kind == "blood_patch":
        return blood_patch(rng, hard)
    if kind == "vert_aug":
        return vert_aug(rng, hard)
    if kind == "scs_trial":
        return scs_trial(rng, hard)
    if kind == "scs_implant":
        return scs_implant(rng, hard, dos)
    if kind == "scs_programming":
        return scs_programming(rng, hard)
    raise ValueError(kind)


def combo(rng: random.Random, hard: float, pair: tuple[str, str] | None = None) -> tuple[Procedure, ...]:
    """Two procedures in one session (pairs without an NCCI edit between them, so no 59/X modifiers)."""
    a, b = pair or rng.choice(COMBOS)
    first = single(a, rng, hard)
    if b == "facet":
        second = facet(rng, hard, region=first.region if first.region in ("lumbar", "cervical") else "lumbar")
    else:
        second = single(b, rng, hard)
    return (first, second)


def default_pos(p: Procedure, rng: random.Random) -> str:
    """Where a procedure of this kind is usually done."""
    f = p.family
    if f in ("scs_implant", "vert_aug"):
        return rng.choice(("24", "22"))
    if f == "scs_programming":
        return "11"
    if f in ("joint", "tpi", "nerve_block", "genicular_block", "blood_patch") or (f == "sympathetic" and p.imaging != "none"):
        return "11"
    if f == "scs_trial":
        return rng.choice(("11", "24"))
    return _weighted(rng, {"11": 40, "24": 45, "22": 15})
