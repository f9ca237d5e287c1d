"""Generate the synthetic demo practice: patients, coverage, a year of encounters with notes and answers.

``generate_practice(seed)`` is pure and deterministic: the same seed gives the same patients,
encounters, note texts and labels. Patients follow care pathways that make clinical sense over the
year (two medial branch blocks then RFA at the same levels, sometimes with only one block or relief
below 80%; repeated epidurals, some patients past four per region; SCS trial then implant then
programming), so history-dependent edits (frequency limits, RFA prerequisites, trial before
implant) have something to find. ``truth[encounter.id]`` holds what was really done and the
expected coding (``painrcm.demo.labels``) with no payer (the ``medicare`` default profile).

>>> d = generate_practice(3, encounters=60)
>>> len(d.encounters), len(d.providers), len(d.payers)
(60, 3, 5)
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from painrcm.demo import scenarios as sc
from painrcm.demo import sessions as ss
from painrcm.demo.labels import expected_label
from painrcm.demo.notes import write_note
from painrcm.demo.practice import PRACTICE_ID, STYLE_PREFERENCES, payers, practice, providers
from painrcm.demo.truth import EncounterTruth, Procedure
from painrcm.domain.parties import (Address, ClinicalNote, Coverage, CoverageRank, Encounter, Patient, Payer,
                                    Practice, Provider, VisitType)

__all__ = ["DemoPractice", "EncounterTruth", "generate_practice"]

FIRST = ("Avery", "Jordan", "Morgan", "Casey", "Riley", "Quinn", "Harper", "Rowan", "Elliot", "Marlow", "Dana",
         "Frankie", "Jules", "Kendall", "Linden", "Sasha", "Tatum", "Wren", "Blair", "Emery", "Hollis", "Jessamy",
         "Oakley", "Peyton", "Reese", "Sloane", "Teagan", "Arden", "Briar", "Corin")
LAST = ("Ashgrove", "Bellweather", "Cobblestone", "Dunmore", "Everhart", "Fallowfield", "Glenrock", "Hollowell",
        "Ironwood", "Juniper", "Kestrel", "Larkspur", "Moorfield", "Northcote", "Oakhurst", "Pebblebrook",
        "Quarrystone", "Ravensworth", "Silverbirch", "Thornbury", "Underhill", "Valewood", "Willowmere", "Yarrowby")
STREETS = ("Maple Hollow Rd", "Quarry Lane", "Birchwood Ct", "Old Mill Rd", "Heron Way", "Lantern St", "Cedar Bend Dr")


@dataclass(frozen=True)
class DemoPractice:
    practice: Practice
    providers: tuple[Provider, ...]
    payers: tuple[Payer, ...]
    patients: tuple[Patient, ...]
    coverages: tuple[Coverage, ...]
    encounters: tuple[Encounter, ...]
    truth: dict[str, EncounterTruth] = field(default_factory=dict)


@dataclass
class _Step:
    day: int                      # days after the pathway start
    kind: str                     # "new", "est", or a procedure kind / pathway-specific key
    data: dict = field(default_factory=dict)


# --------------------------------------------------------------------------- pathways

def _start(rng: random.Random, complaint: str, side: str | None = None) -> list[_Step]:
    """Half the patients are new in the window; the others were already established."""
    data = {"complaint": complaint, **({"side": side} if side else {})}
    r = rng.random()
    return [_Step(0, "new", data)] if r < 0.5 else [_Step(0, "est", data)] if r < 0.6 else []

def _radicular(rng: random.Random) -> list[_Step]:
    region = "cervical" if rng.random() < 0.12 else "lumbar"
    side = rng.choice(("right", "left"))
    steps = _start(rng, "neck_radic" if region == "cervical" else "lumbar_radic", side)
    interlaminar = rng.random() < 0.42
    n = rng.choices((1, 2, 3, 4, 5, 6), weights=(25, 25, 20, 15, 10, 5))[0]
    day = rng.randrange(7, 30)
    for i in range(n):
        kind = "ilesi" if interlaminar else "tfesi"
        if rng.random() < 0.12:
            kind = "ilesi+tpi" if interlaminar else "tfesi+facet"
        steps.append(_Step(day, kind, {"region": region, "side": side}))
        if rng.random() < 0.25:
            steps.append(_Step(day + rng.randrange(14, 35), "est", {"complaint": "neck_radic" if region == "cervical" else "lumbar_radic",
                                                                   "side": side}))
        day += rng.randrange(42, 90)
    return steps


def _facet_pathway(rng: random.Random) -> list[_Step]:
    region = "cervical" if rng.random() < 0.18 else "lumbar"
    steps = _start(rng, "neck_axial" if region == "cervical" else "axial_lbp")
    seed_proc = sc.facet(rng, 0.0, region=region, diagnostic=True)
    outcome = sc._weighted(rng, {"two_positive": 60, "one_block": 12, "low_relief": 12, "negative": 8, "therapeutic": 8})
    day = rng.randrange(10, 35)
    if outcome == "therapeutic":
        for _ in range(rng.choice((1, 2, 3))):
            steps.append(_Step(day, "facet_ia", {"targets": seed_proc.targets, "region": region}))
            day += rng.randrange(60, 120)
        return steps
    reliefs = {"two_positive": (rng.choice((80, 85, 90, 95)), rng.choice((80, 85, 90))),
               "one_block": (rng.choice((85, 90, 100)),), "low_relief": (rng.choice((60, 70, 75)), rng.choice((50, 65, 75))),
               "negative": (rng.choice((20, 30, 40)),)}[outcome]
    hours = []
    for pct in reliefs:
        hours.append(rng.choice((2, 4, 6, 8)) if pct >= 50 else 1)
        steps.append(_Step(day, "mbb", {"targets": seed_proc.targets, "region": region, "relief": pct, "hours": hours[-1]}))
        day += rng.randrange(10, 28)
    if outcome != "negative":
        steps.append(_Step(day + rng.randrange(7, 30), "rfa+si" if rng.random() < 0.08 else "rfa", {"targets": seed_proc.targets, "region": region,
                                                              "prior": len(reliefs), "relief": min(reliefs), "hours": min(hours) if hours else None}))
        if rng.random() < 0.35:
            steps.append(_Step(day + rng.randrange(45, 90), "est", {"complaint": "neck_axial" if region == "cervical" else "axial_lbp"}))
        if rng.random() < 0.35:  # repeat ablation after 6-10 months
            steps.append(_Step(day + rng.randrange(180, 300), "rfa", {"targets": seed_proc.targets, "region": region,
                                                                     "prior": len(reliefs), "relief": min(reliefs), "hours": min(hours) if hours else None}))
    return steps


def _si(rng: random.Random) -> list[_Step]:
    side = rng.choice(("right", "left"))
    steps = _start(rng, "si")
    day = rng.randrange(10, 30)
    for _ in range(rng.choice((1, 2, 2, 3))):
        steps.append(_Step(day, "si_joint" if rng.random() < 0.85 else "facet+si", {"side": side}))
        day += rng.randrange(60, 120)
    if rng.random() < 0.3:
        steps.append(_Step(day, "si_rfa", {"side": side}))
    return steps


def _joint(rng: random.Random) -> list[_Step]:
    side = rng.choice(("right", "left"))
    site = sc._weighted(rng, {"knee": 50, "shoulder": 20, "trochanteric bursa": 20, "hip": 10})
    steps = _start(rng, "knee_oa" if site == "knee" else "hip_bursitis" if site == "trochanteric bursa" else "axial_lbp", side)
    day = rng.randrange(0, 20)
    for _ in range(rng.choice((1, 2, 3))):
        steps.append(_Step(day, "joint", {"site": site, "side": side}))
        day += rng.randrange(75, 120)
    if site == "knee" and rng.random() < 0.4:
        steps.append(_Step(day, "genicular_block", {"side": side}))
        steps.append(_Step(day + rng.randrange(14, 40), "genicular_rfa", {"side": side}))
    return steps


def _myofascial(rng: random.Random) -> list[_Step]:
    steps = _start(rng, "myofascial")
    day = rng.randrange(0, 21)
    for _ in range(rng.choice((2, 3, 4, 5))):
        steps.append(_Step(day, "tpi"))
        day += rng.randrange(30, 80)
    return steps


def _scs(rng: random.Random) -> list[_Step]:
    dx = sc._scs_dx(rng)
    steps = [_Step(0, "est", {"complaint": "scs" if dx[0] == "M96.1" else "failed_back"})]
    day = rng.randrange(14, 40)
    steps.append(_Step(day, "scs_trial", {"dx": dx}))
    if rng.random() < 0.75:
        day += rng.randrange(21, 50)
        steps.append(_Step(day, "scs_implant", {"dx": dx}))
        for _ in range(rng.choice((1, 2, 3, 4))):
            day += rng.randrange(14, 75)
            steps.append(_Step(day, "scs_programming", {"dx": dx}))
    return steps


def _vcf(rng: random.Random) -> list[_Step]:
    return [_Step(0, "new", {"complaint": "axial_lbp"}), _Step(rng.randrange(3, 14), "vert_aug"),
            _Step(rng.randrange(30, 45), "est", {"complaint": "axial_lbp"})]


def _blocks(rng: random.Random) -> list[_Step]:
    kind = sc._weighted(rng, {"sympathetic": 45, "nerve_block": 50, "blood_patch": 5})
    steps = _start(rng, "crps" if kind == "sympathetic" else "occipital")
    site = None
    if kind == "sympathetic":
        site = sc._weighted(rng, {"stellate": 35, "lumbar sympathetic": 45, "celiac": 10, "sphenopalatine": 10})
    elif kind == "nerve_block":
        site = sc._weighted(rng, {"greater occipital": 45, "intercostal": 10, "suprascapular": 10,
                                  "lateral femoral cutaneous": 12, "ilioinguinal": 5, "morton": 18})
    day = rng.randrange(7, 21)
    for _ in range(1 if kind == "blood_patch" else rng.choice((1, 2, 3, 4))):
        steps.append(_Step(day, kind, {"site": site}))
        day += rng.randrange(14, 60)
    return steps


def _medical(rng: random.Random) -> list[_Step]:
    complaint = sc._weighted(rng, {"lumbar_radic": 30, "axial_lbp": 20, "failed_back": 25, "neck_radic": 10, "myofascial": 10, "occipital": 5})
    steps = [_Step(0, "new", {"complaint": complaint})]
    day = 0
    for _ in range(rng.choice((2, 3, 4, 5, 6))):
        day += rng.randrange(28, 90)
        steps.append(_Step(day, "est", {"complaint": complaint}))
    return steps


PATHWAYS = {
    _radicular: 26, _facet_pathway: 24, _si: 7, _joint: 8, _myofascial: 6, _scs: 4.5, _vcf: 3, _blocks: 4, _medical: 7,
}


# --------------------------------------------------------------------------- building one encounter

def _procedures(step: _Step, rng: random.Random, hard: float, dos: date) -> tuple[Procedure, ...]:
    d = step.data
    k = step.kind
    if k == "tfesi":
        return (sc.tfesi(rng, hard, region=d.get("region"), side=d.get("side")),)
    if k == "ilesi":
        return (sc.ilesi(rng, hard, region=d.get("region")),)
    if k == "tfesi+facet":
        first = sc.tfesi(rng, hard, region=d.get("region"), side=d.get("side"))
        return (first, sc.facet(rng, hard, region=first.region))
    if k == "mbb":
        p = sc.facet(rng, hard, region=d["region"], diagnostic=True, targets=d["targets"])
        return (replace(p, relief_pct=d["relief"], relief_hours=d.get("hours")),)
    if k == "facet_ia":
        return (sc.facet(rng, hard, region=d["region"], diagnostic=False, targets=d["targets"]),)
    if k == "rfa":
        return (sc.rfa(rng, hard, region=d["region"], targets=d["targets"], prior_blocks=d["prior"], relief_pct=d["relief"],
                       relief_hours=d.get("hours")),)
    if k == "si_joint":
        return (sc.si_joint(rng, hard, d.get("side")),)
    if k == "ilesi+tpi":
        return (sc.ilesi(rng, hard, region=d.get("region")), sc.tpi(rng, hard))
    if k == "rfa+si":
        return (sc.rfa(rng, hard, region=d["region"], targets=d["targets"], prior_blocks=d["prior"], relief_pct=d["relief"]),
                sc.si_joint(rng, hard))
    if k == "facet+si":
        return (sc.facet(rng, hard, region="lumbar"), sc.si_joint(rng, hard, d.get("side")))
    if k == "si_rfa":
        return (sc.si_rfa(rng, hard, d.get("side")),)
    if k == "joint":
        return (sc.joint(rng, hard, d.get("site"), d.get("side")),)
    if k in ("genicular_block", "genicular_rfa"):
        return (sc.genicular(rng, hard, k == "genicular_rfa", d.get("side")),)
    if k == "tpi":
        return (sc.tpi(rng, hard),)
    if k == "scs_trial":
        return (sc.scs_trial(rng, hard, d.get("dx")),)
    if k == "scs_implant":
        return (sc.scs_implant(rng, hard, dos, d.get("dx")),)
    if k == "scs_programming":
        return (sc.scs_programming(rng, hard, d.get("dx")),)
    if k == "vert_aug":
        return (sc.vert_aug(rng, hard),)
    if k == "sympathetic":
        return (sc.sympathetic(rng, hard, d.get("site")),)
    if k == "nerve_block":
        return (sc.nerve_block(rng, hard, d.get("site")),)
    if k == "blood_patch":
        return (sc.blood_patch(rng, hard),)
    raise ValueError(k)


def build_truth(step_kind: str, data: dict, rng: random.Random, hard: float, dos: date,
                *, with_visit: float = 0.3) -> EncounterTruth:
    """Facts and label for one encounter of ``step_kind`` (``new``, ``est`` or a procedure kind)."""
    step = _Step(0, step_kind, data)
    if step_kind in ("new", "est"):
        v = ss.visit(rng, hard, new=step_kind == "new", complaint=data.get("complaint"), side=data.get("side"))
        t = EncounterTruth(scenario=f"em_{step_kind}", visit=v, place_of_service="11")
        t = replace(t, planned=ss.planned_for(t, rng, 0.35))
    else:
        procs = _procedures(step, rng, hard, dos)
        pos = sc.default_pos(procs[0], rng)
        visit = None
        if pos == "11" and procs[0].family not in ("scs_programming",) and rng.random() < with_visit:
            visit = ss.visit(rng, hard, new=False, complaint=rng.choice(("knee_oa", "myofascial", "failed_back", "occipital")))
        t = EncounterTruth(scenario="+".join(p.family for p in procs) + ("+em" if visit else ""), procedures=procs,
                           visit=visit, place_of_service=pos)
        t = replace(t, planned=ss.planned_for(t, rng, 0.2))
    label = expected_label(t, dos)
    t2 = ss.with_printed_codes(t, rng, hard, label["lines"])
    if t2 is not t:
        t, label = t2, expected_label(t2, dos)
    return replace(t, expected=label)


def _weekday(d: date) -> date:
    while d.weekday() >= 5:
        d += timedelta(days=1)
    return d


def _mbi(rng: random.Random) -> str:
    letters = "ACDEFGHJKMNPQRTUVWXY"
    return (f"{rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}{rng.randint(0, 9)}{rng.choice(letters)}"
            f"{rng.choice(letters)}{rng.randint(0, 9)}{rng.choice(letters)}{rng.choice(letters)}{rng.randint(0, 9)}{rng.randint(0, 9)}")


def _patient(i: int, rng: random.Random, start: date, end: date, older: bool = False) -> tuple[Patient, list[Coverage]]:
    pid = f"pt-{i:04d}"
    payer = sc._weighted(rng, {"medicare": 34, "medicare-advantage": 14, "summit-health": 20, "lakeshore-ppo": 16, "granite-mutual": 16})
    if older and payer not in ("medicare", "medicare-advantage"):
        payer = "medicare" if rng.random() < 0.7 else "medicare-advantage"
    medicare_age = payer in ("medicare", "medicare-advantage")
    age = rng.randrange(66, 90) if medicare_age else rng.randrange(28, 64)
    birth = date(end.year - age, rng.randrange(1, 13), rng.randrange(1, 29))
    sex = rng.choice(("F", "M"))
    addr = Address(f"{rng.randrange(10, 9999)} {rng.choice(STREETS)}", "Millbrook", "OH", f"439{rng.randrange(80, 99)}")
    patient = Patient(pid, PRACTICE_ID, rng.choice(LAST), rng.choice(FIRST), birth, sex, addr, f"RIP{i:06d}")
    member = _mbi(rng) if payer == "medicare" else f"{payer[:3].upper()}{rng.randrange(10**8, 10**9)}"
    covs = [Coverage(pid, payer, member, CoverageRank.PRIMARY, group_number=None if medicare_age else f"G{rng.randrange(1000, 9999)}",
                     effective_from=start - timedelta(days=rng.randrange(30, 2000)))]
    if payer == "medicare" and rng.random() < 0.4:
        sup = rng.choice(("granite-mutual", "summit-health"))
        covs.append(Coverage(pid, sup, f"{sup[:3].upper()}S{rng.randrange(10**7, 10**8)}", CoverageRank.SECONDARY,
                             group_number="MEDSUP", plan_name="Medicare supplement",
                             effective_from=start - timedelta(days=rng.randrange(30, 2000))))
    return patient, covs


def _provider_for(kind: str, rng: random.Random, provs: tuple[Provider, ...]) -> Provider:
    md, do, np_ = provs
    if kind in ("est", "tpi", "joint", "scs_programming"):
        return rng.choices((md, do, np_), weights=(25, 25, 50))[0]
    if kind == "new":
        return rng.choice((md, do))
    return rng.choice((md, do))


def generate_practice(seed: int = 7, *, end: date = date(2026, 10, 31), months: int = 12,
                      encounters: int = 1600, hard: float = 0.25) -> DemoPractice:
    """The demo practice with ``encounters`` encounters over ``months`` months ending ``end``."""
    rng = random.Random(seed)
    start = end - timedelta(days=round(months * 365 / 12))
    span = (end - start).days
    provs = providers()
    patients: list[Patient] = []
    coverages: list[Coverage] = []
    plans: list[tuple[date, str, dict, str]] = []  # (dos, kind, data, patient id)
    n_patients = max(3, round(encounters / 4))
    funcs = list(PATHWAYS)
    weights = [PATHWAYS[f] for f in funcs]
    for i in range(1, n_patients + 1):
        pathway = rng.choices(funcs, weights=weights)[0]
        patient, covs = _patient(i, rng, start, end, older=pathway is _vcf)
        patients.append(patient)
        coverages.extend(covs)
        path = pathway(rng)
        t0 = start + timedelta(days=rng.randrange(0, max(1, span - 30)))
        for st in path:
            d = _weekday(t0 + timedelta(days=st.day))
            if d <= end:
                plans.append((d, st.kind, st.data, patient.id))
    # hit the requested count: pad with established visits or drop the latest-added visits
    ids = [p.id for p in patients]
    repeatable = [pl for pl in plans if pl[1] in ("tfesi", "ilesi", "facet_ia", "si_joint", "joint", "tpi", "nerve_block",
                                                  "sympathetic", "scs_programming")]
    while len(plans) < encounters:
        if repeatable and rng.random() < 0.6:  # a repeat of an earlier injection, 2-4 months later
            d0, kind, data, pid = rng.choice(repeatable)
            d = _weekday(d0 + timedelta(days=rng.randrange(56, 120)))
            if d <= end:
                plans.append((d, kind, data, pid))
            continue
        pid = rng.choice(ids)
        plans.append((_weekday(start + timedelta(days=rng.randrange(0, span - 3))), "est", {}, pid))
    while len(plans) > encounters:
        idx = next((j for j in range(len(plans) - 1, -1, -1) if plans[j][1] == "est"), len(plans) - 1)
        plans.pop(idx)
    plans.sort(key=lambda x: (x[0], x[3], x[1]))
    primary = {c.patient_id: c.payer_id for c in coverages if c.rank is CoverageRank.PRIMARY}
    encs: list[Encounter] = []
    truth: dict[str, EncounterTruth] = {}
    for n, (dos, kind, data, pid) in enumerate(plans, 1):
        erng = random.Random(f"{seed}:{n}:{kind}")
        t = build_truth(kind, data, erng, hard, dos)
        prov = _provider_for(kind, erng, provs)
        prefs = STYLE_PREFERENCES[prov.id]
        style = sc._weighted(erng, prefs)
        if t.printed_codes:
            style = "dictation"
        t = replace(t, style=style)
        name = f"{prov.first_name} {prov.last_name}, {prov.credential}"
        text = write_note(t, erng, provider=name, dos=dos, style=style, typos=erng.random() < 0.08)
        eid = f"enc-{n:05d}"
        vt = VisitType.PROCEDURE if t.procedures else VisitType.NEW if kind == "new" else VisitType.ESTABLISHED
        note = ClinicalNote(id=f"note-{n:05d}", text=text, kind="visit" if not t.procedures else "procedure",
                            author_npi=prov.npi)
        encs.append(Encounter(id=eid, practice_id=PRACTICE_ID, patient_id=pid, date_of_service=dos,
                              place_of_service=t.place_of_service, rendering_npi=prov.npi, payer_id=primary[pid],
                              visit_type=vt, notes=(note,)))
        truth[eid] = t
    return DemoPractice(practice=practice(), providers=provs, payers=payers(), patients=tuple(patients),
                        coverages=tuple(coverages), encounters=tuple(encs), truth=truth)
