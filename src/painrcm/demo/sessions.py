"""What surrounds the procedures of an encounter: the office visit (E/M facts), procedures only
planned or considered, and codes someone typed at the end of a dictation.

>>> import random
>>> v = visit(random.Random(2), 0.0, new=True, complaint="knee_oa", side="left")
>>> v.dx, v.new
(('M17.12',), True)
"""

from __future__ import annotations

import random
from dataclasses import replace

from painrcm.demo.scenarios import KNEE_DX, _gaps, _weighted
from painrcm.demo.truth import EncounterTruth, Visit

COMPLAINT_DX = {
    "lumbar_radic": (("M54.16",), ("M51.16",), ("M48.062",)),
    "axial_lbp": (("M47.816",), ("M47.816", "G89.29")),
    "neck_radic": (("M54.12",), ("M50.122",)),
    "neck_axial": (("M47.812",),),
    "knee_oa": "knee", "hip_bursitis": "bursa", "crps": "crps",
    "myofascial": (("M79.18",),),
    "failed_back": (("M96.1",), ("M96.1", "G89.4")),
    "occipital": (("M54.81",),),
    "si": (("M46.1",),),
    "scs": (("M96.1",), ("M96.1", "G89.4")),
}


def visit(rng: random.Random, hard: float, *, new: bool, complaint: str | None = None,
          separate: bool = True, side: str | None = None) -> Visit:
    complaint = complaint or _weighted(rng, {"lumbar_radic": 30, "axial_lbp": 20, "neck_radic": 8, "neck_axial": 5,
                                             "knee_oa": 8, "myofascial": 6, "failed_back": 8, "occipital": 4,
                                             "si": 5, "crps": 2, "hip_bursitis": 4})
    side = side or rng.choice(("right", "left"))
    opts = COMPLAINT_DX[complaint]
    if opts == "knee":
        dx = (KNEE_DX[side],)
    elif opts == "bursa":
        dx = ({"right": "M70.61", "left": "M70.62"}[side],)
    elif opts == "crps":
        dx = ({"right": "G90.521", "left": "G90.522"}[side],)
    else:
        dx = tuple(rng.choice(opts))
    if new:
        problems = _weighted(rng, {3: 25, 4: 60, 5: 15})
        data = _weighted(rng, {3: 35, 4: 50, 5: 15})
        risk = _weighted(rng, {3: 25, 4: 60, 5: 15})
        minutes = rng.choice((None, None, rng.randrange(25, 74)))
    else:
        problems = _weighted(rng, {3: 35, 4: 55, 5: 10})
        data = _weighted(rng, {2: 45, 3: 35, 4: 20})
        risk = _weighted(rng, {3: 30, 4: 62, 5: 8})
        minutes = rng.choice((None, None, None, rng.randrange(12, 54)))
    if problems == 3:
        dx = dx[:1]
    if problems == 4 and len(dx) == 1 and rng.random() < 0.3 and dx[0] in ("M47.816", "M96.1", "M54.16"):
        dx = dx + (("G89.4",) if rng.random() < 0.5 else ("G89.29",))
    gaps = _gaps(rng, hard, em_level=0.12)
    longitudinal = True if not new else rng.random() < 0.7
    return Visit(new=new, problems=problems, data=data, risk=risk, minutes=minutes, complaint=complaint, side=side,
                 dx=dx, separate=separate, longitudinal=longitudinal, gaps=gaps)


#: hypothetical / planned procedures a note of this family plausibly mentions (never coded)
PLANNED = {"tfesi": ("scs", "tfesi"), "ilesi": ("scs", "tfesi"), "caudal": ("scs",), "facet": ("rfa",),
           "rfa": ("scs",), "si_joint": ("rfa",), "vert_aug": ("kypho",), "tpi": ("tpi",), "scs_trial": ("scs",),
           "lumbar_radic": ("tfesi", "scs"), "axial_lbp": ("mbb", "rfa"), "neck_radic": ("tfesi",), "neck_axial": ("mbb", "rfa"),
           "myofascial": ("tpi",), "failed_back": ("scs",), "si": ("rfa",), "scs": ("scs",)}


def planned_for(t: EncounterTruth, rng: random.Random, rate: float = 0.3) -> tuple[str, ...]:
    keys = [p.family for p in t.procedures] + ([t.visit.complaint] if t.visit else [])
    opts = [x for k in keys for x in PLANNED.get(k, ())]
    if any("approach" in p.gaps for p in t.procedures):  # a plan naming the approach would fill the gap
        opts = [x for x in opts if x not in ("tfesi", "kypho")]
    return (rng.choice(opts),) if opts and rng.random() < rate else ()


def with_printed_codes(t: EncounterTruth, rng: random.Random, hard: float, lines: list[dict]) -> EncounterTruth:
    """Dictations that end with codes someone typed: old 76005 / ICD-9, sometimes a wrong current code."""
    if rng.random() >= 0.12 * hard + 0.02:
        return t
    codes = [ln["code"] for ln in lines][:3]
    extra: list[str] = []
    if any(p.imaging in ("fluoroscopy",) for p in t.procedures) and rng.random() < 0.7:
        extra.append("76005")
    if any(p.family == "scs_programming" for p in t.procedures):
        extra.append("95973")
    if rng.random() < 0.25:
        wrong = {"64483": "62323", "62323": "64483", "20552": "20553", "64493": "64635", "20610": "20611"}
        codes = [wrong.get(c, c) for c in codes]
    icd9 = [rng.choice(("724.4", "722.10", "724.2", "721.3", "729.1", "715.96"))]
    return replace(t, printed_codes=tuple(codes + extra + icd9), style="dictation")
