"""Note text for spine injections: transforaminal, interlaminar and caudal epidurals, facet/MBB, facet RFA.

The writers state only what the facts say: a missing approach leaves out every word that would
reveal it (foramen, Tuohy, loss of resistance), a laterality gap leaves out every side word.

>>> import random
>>> from painrcm.demo.truth import Procedure
>>> p = Procedure("facet", "lumbar", (("right", "L4-5"), ("left", "L4-5"), ("right", "L5-S1"), ("left", "L5-S1")),
...               imaging="fluoroscopy", diagnostic=True)
>>> "L3" in " ".join(mbb_nerves(["L4-5", "L5-S1"]))
True
"""

from __future__ import annotations

import random
import re

from painrcm.demo.notes.common import (ASPIRATION, PREP, SKIN_LOCAL, TOLERANCE, ProcText, imaging_sentences,
                                       side_groups, targets_phrase)
from painrcm.demo.notes.phrasing import join, level_text, medication, side_word
from painrcm.demo.truth import Procedure


def _root(foramen: str) -> str:
    """Exiting lumbar nerve root of a foramen: L4-5 -> L4, L5-S1 -> L5, S1 -> S1."""
    return foramen.split("-")[0]


def mbb_nerves(joints: list[str]) -> list[str]:
    """Lumbar medial branches that innervate ``joints`` (L4-5 <- L3 and L4; L5-S1 <- L4 and L5 dorsal ramus)."""
    nerves: list[str] = []
    for j in joints:
        m = re.fullmatch(r"L(\d)-(?:L?(\d)|S1)", j)
        if not m:
            continue
        upper = int(m.group(1))
        for n in (upper - 1, upper):
            name = f"L{n}"
            if name not in nerves:
                nerves.append(name)
    return sorted(nerves, key=lambda x: int(x[1:]))


def _nerve_list(joints: list[str], rng: random.Random) -> str:
    nerves = mbb_nerves(joints)
    names = []
    for n in nerves:
        names.append("L5 dorsal ramus" if n == "L5" else n)
    if "L5 dorsal ramus" in names and rng.random() < 0.5:
        rest = [x for x in names if x != "L5 dorsal ramus"]
        return f"{join(rest, rng)} medial branches and the L5 dorsal ramus" if rest else "L5 dorsal ramus"
    return join(names, rng) + (" medial branch nerves" if rng.random() < 0.5 else " medial branches")


def _drug(p: Procedure, rng: random.Random, kind: str = "steroid") -> tuple[str, str]:
    return medication(rng, kind)


# --------------------------------------------------------------------------- epidurals

def write_tfesi(p: Procedure, rng: random.Random, notation: str, terse: bool) -> ProcText:
    gap = "approach" in p.gaps
    cervical = p.region in ("cervical", "thoracic")
    roots = (not cervical) and not gap and rng.random() < 0.35
    lv_fn = (lambda lv: join([f"{_root(x)}" for x in lv], rng) + (" nerve roots" if len(lv) > 1 else " nerve root")) if roots else None
    where = targets_phrase(p, rng, notation, terse, lv_fn)
    drug, drug_short = _drug(p, rng)
    region = {"cervical": "cervical", "thoracic": "thoracic"}.get(p.region, "lumbar")
    if gap:
        name = rng.choice((f"{where} epidural steroid injection", f"{region} epidural steroid injection, {where}",
                           f"Epidural steroid injection at {where}"))
        short = rng.choice((f"{where} ESI, {drug_short}", f"ESI {where} w/ {drug_short}"))
    else:
        name = rng.choice((f"{where} transforaminal epidural steroid injection",
                           f"Transforaminal epidural steroid injection, {where}",
                           f"{where} selective transforaminal epidural injection",
                           f"{region.capitalize()} transforaminal epidural steroid injection at {where}"))
        imaging_word = "CT" if p.imaging == "ct" else "fluoro"
        short = rng.choice((f"{where} TFESI under {imaging_word}, {drug_short}", f"TFESI {where} - {drug_short}",
                            f"{where} TF ESI ({drug_short}), {imaging_word}", f"{where} therapeutic SNRB/TFESI w/ steroid, {drug_short}"))
        if rng.random() < 0.15:
            name = f"{where} therapeutic selective nerve root block (transforaminal epidural steroid injection)"
    readings = ("needle tips in the superior-anterior foramen with contrast outlining the nerve root and spreading into the epidural space, no vascular uptake",
                "contrast flowed medially into the epidural space along the exiting root without intravascular or intrathecal spread",
                "appropriate periradicular and epidural contrast pattern, no vascular runoff on live fluoroscopy")
    if gap:
        readings = ("epidural contrast spread without vascular uptake", "contrast confirmed epidural placement at each level")
    used, img = imaging_sentences(p, rng, where, rng.choice(readings))
    steps = [rng.choice(PREP), rng.choice(SKIN_LOCAL)]
    for side, levels in side_groups(p):
        sw = side_word(side, rng) + " " if side else ""
        for lv in levels:
            lt = level_text(lv, notation)
            if gap:
                steps.append(rng.choice((
                    f"A 22-gauge spinal needle was advanced {used or ''} to the {sw}{lt} level and the epidural space was accessed.",
                    f"At {sw}{lt}, the needle was directed into the epidural space {used or ''}.",
                )))
            elif roots and not cervical:
                steps.append(rng.choice((
                    f"A 22-gauge 3.5 inch Quincke needle was advanced {used or ''} into the {sw}{_root(lv)} neural foramen using an oblique view.",
                    f"The needle was walked into the {sw}{_root(lv)} foramen (safe triangle) {used or ''}.",
                )))
            else:
                steps.append(rng.choice((
                    f"A 22-gauge spinal needle was advanced {used or ''} into the {sw}{lt} neural foramen.",
                    f"Using an oblique view, the needle was directed to the {sw}{lt} foramen, subpedicular position {used or ''}.",
                    f"The {sw}{lt} intervertebral foramen was entered {used or ''} with a 25-gauge needle.",
                )))
    steps.append(rng.choice(ASPIRATION))
    steps.append(rng.choice(("Isovue-M 200 contrast, 1 mL per level, was injected.", "Omnipaque 240 was injected under live view.",
                             "Contrast was injected with real-time imaging.")))
    steps.extend(img)
    steps.append(f"{drug.capitalize()} was injected{' divided between levels' if len(p.levels) > 1 else ''}.")
    steps.append(rng.choice(TOLERANCE))
    return ProcText(name=name, short=short, steps=[re.sub(r"\s+", " ", s).replace(" .", ".") for s in steps],
                    history=_epidural_history(rng), imaging_field="fluoroscopy" if p.imaging == "fluoroscopy" else "")


def _epidural_history(rng: random.Random) -> list[str]:
    """Prior injections and negations that must not be coded (no side, no approach words)."""
    out = []
    if rng.random() < 0.35:
        out.append(rng.choice(("A prior epidural injection about 3 months ago gave roughly 60% relief for 8 weeks.",
                               "Last epidural steroid injection in the spring helped for two months.",
                               "She has had two previous epidural injections this year with good but temporary benefit.")))
    if rng.random() < 0.4:
        out.append(rng.choice(("No bowel or bladder dysfunction. No progressive weakness.",
                               "Denies saddle anesthesia; no fever or chills.",
                               "Patient is not on anticoagulation and denies any recent infection.")))
    return out


def write_ilesi(p: Procedure, rng: random.Random, notation: str, terse: bool) -> ProcText:
    gap = "approach" in p.gaps
    lv = level_text(p.levels[0], notation)
    side = p.sides[0] if p.sides else "midline"
    drug, drug_short = _drug(p, rng)
    region = "cervical" if p.region == "cervical" else "thoracic" if p.region == "thoracic" else "lumbar"
    caudal = p.family == "caudal"
    parts = {"midline": "midline", "right": "right paramedian", "left": "left paramedian"}
    approach_word = parts.get(side, "midline")
    if caudal:
        name = rng.choice(("Caudal epidural steroid injection", "Caudal epidural steroid injection via the sacral hiatus",
                           "Epidural steroid injection, caudal approach"))
        short = rng.choice((f"caudal ESI, {drug_short}", f"Caudal epidural ({drug_short})"))
    elif gap:
        name = rng.choice((f"{region.capitalize()} epidural steroid injection at {lv}", f"Epidural steroid injection {lv}"))
        short = f"ESI {lv}, {drug_short}"
    else:
        name = rng.choice((f"{region.capitalize()} interlaminar epidural steroid injection at {lv}",
                           f"Interlaminar epidural steroid injection, {lv}, {approach_word} approach",
                           f"{lv} interlaminar ESI", f"{region.capitalize()} epidural steroid injection, interlaminar, {lv}"))
        short = rng.choice((f"{lv} ILESI, {drug_short}", f"ILESI {lv} {approach_word} - {drug_short}"))
    steps = [rng.choice(PREP), rng.choice(SKIN_LOCAL)]
    unnamed = "modality_unnamed" in p.gaps
    if unnamed:
        # contrast read on images, but neither the modality nor the images are named
        used, img = "", ["Contrast " + rng.choice((
            "spread in the posterior epidural space without intrathecal or vascular pattern.",
            "showed an epidural spread pattern, no vascular uptake.",
            "was injected and spread appropriately in the epidural space."))]
    elif p.imaging in ("fluoroscopy", "ct"):
        used, img = imaging_sentences(p, rng, lv, rng.choice((
            "contrast spread in the posterior epidural space without intrathecal or vascular pattern",
            "epidural contrast pattern confirmed, no vascular uptake") if not gap else ("epidural contrast pattern confirmed, no vascular uptake",)))
        word = "CT" if p.imaging == "ct" else "fluoro"
        short = short + rng.choice((f", {word}", f" under {word}", ""))
        if word not in short and word.lower() not in name.lower():
            name = name + (" under CT guidance" if p.imaging == "ct" else " under fluoroscopic guidance")
    elif p.imaging == "none":
        used, img = "", [rng.choice((
            "No fluoroscopy was used for this procedure.", "This was performed without imaging guidance, by landmarks.",
            "Fluoroscopy was not used (patient pregnant / declined imaging); landmark technique.",
            "No imaging guidance was used."))]
        short = short + rng.choice((", no fluoro", ", landmark-guided (no imaging)"))
    else:
        used, img = "", []
    if caudal:
        steps.append(f"The sacral hiatus was identified and a 20-gauge Tuohy needle was advanced into the caudal canal {used}.")
    elif gap:
        steps.append(f"A 20-gauge needle was advanced to the epidural space at {lv} {used}.")
    else:
        steps.append(rng.choice((
            f"A 20-gauge Tuohy needle was advanced via a {approach_word} approach at {lv} {used} and the epidural space was identified with loss of resistance to saline.",
            f"Using loss-of-resistance technique, the Tuohy needle entered the {lv} interlaminar epidural space {used}.",
            f"The {lv} interlaminar space was accessed {used} with an 18G Tuohy; LOR to air at 5 cm.",
        )))
    steps.append(rng.choice(ASPIRATION))
    steps.extend(img)
    steps.append(f"{drug.capitalize()} was injected slowly.")
    steps.append(rng.choice(TOLERANCE))
    return ProcText(name=name, short=short, history=_epidural_history(rng), steps=[re.sub(r"\s+", " ", s).replace(" .", ".") for s in steps],
                    imaging_field="" if unnamed else {"fluoroscopy": "fluoroscopy", "none": "none", "ct": "CT"}.get(p.imaging, ""))


# --------------------------------------------------------------------------- facets and RFA

def _facet_where(p: Procedure, rng: random.Random, notation: str, terse: bool, nerves: bool) -> str:
    if nerves:
        return targets_phrase(p, rng, notation, terse, lambda lv: _nerve_list(lv, rng))
    return targets_phrase(p, rng, notation, terse)


def write_facet(p: Procedure, rng: random.Random, notation: str, terse: bool) -> ProcText:
    lumbar = p.region == "lumbar"
    nerves = lumbar and p.diagnostic and rng.random() < 0.4
    where = _facet_where(p, rng, notation, terse, nerves)
    if p.diagnostic:
        if nerves:
            name = rng.choice((f"{where} blocks (diagnostic medial branch blocks)", f"Diagnostic medial branch block of the {where}"))
        else:
            name = rng.choice((f"{where} medial branch blocks", f"Diagnostic medial branch blocks, {where} facet joints",
                               f"{where} facet medial branch nerve blocks (diagnostic)"))
        short = rng.choice((f"{where} MBB #{rng.choice((1, 2))}", f"dx MBB {where}", f"{where} MBBs under fluoro"))
        drug, drug_short = medication(rng, "block")
    else:
        name = rng.choice((f"{where} intra-articular facet joint injections", f"Facet joint injection, {where}, intra-articular",
                           f"{where} facet injections (intraarticular)"))
        short = rng.choice((f"{where} IA facet inj", f"facet IA {where}"))
        drug, drug_short = medication(rng)
    reading = rng.choice(("needle tips at the junction of the superior articular process and transverse process at each level",
                          "contrast confined to the joint capsule at each level without vascular uptake",
                          "appropriate needle placement at the target points, no vascular spread"))
    used, img = imaging_sentences(p, rng, where, reading)
    if p.imaging == "ultrasound":
        short = short + " (US-guided)"
        name = name + " under ultrasound guidance"
    steps = [rng.choice(PREP), rng.choice(SKIN_LOCAL)]
    for side, levels in side_groups(p):
        sw = side_word(side, rng) + " " if side else ""
        if nerves:
            steps.append(f"{used.capitalize() if used else 'Then'}, a 22-gauge needle was placed at the target for the {sw}{_nerve_list(levels, rng)}.")
        else:
            lv = join([level_text(x, notation) for x in levels], rng)
            target = "medial branch target points" if p.diagnostic else "facet joints"
            steps.append(rng.choice((
                f"{used.capitalize() if used else 'Then'}, 22-gauge needles were placed at the {sw}{lv} {target}.",
                f"Spinal needles (22G, 3.5 in) were advanced {used} to the {sw}{lv} {target}.",
                f"The {sw}{lv} {target} were identified {used} and a needle was placed at each.",
                f"Needles were positioned at the {sw}{lv} {target} {used}, confirmed on AP and oblique views.",
            )))
    steps.append(rng.choice(ASPIRATION))
    steps.extend(img)
    steps.append(f"At each level {drug} was injected.")
    steps.append(rng.choice(TOLERANCE))
    findings = []
    if p.diagnostic:
        if p.relief_pct is not None:
            pre = rng.choice((6, 7, 8, 9, 10))
            post = round(pre * (100 - p.relief_pct) / 100)
        else:
            pre, post = rng.choice(((7, 1), (8, 2), (6, 1), (8, 1), (7, 3), (9, 2)))
        findings.append(rng.choice((f"Pre-procedure pain {pre}/10; 30 minutes after, {post}/10.",
                                    f"Pain went from {pre}/10 to {post}/10 during the anesthetic phase ({round(100 * (pre - post) / pre)}% relief).",
                                    f"Post-block NRS {post}/10 (baseline {pre}/10). Pain diary provided.")))
    plan = []
    history = []
    if rng.random() < 0.5:
        history.append(rng.choice(("Axial pain worse with extension and rotation; patient denies radicular symptoms.",
                                   f"No radiating {'arm' if p.region == 'cervical' else 'leg'} pain; neurologic exam nonfocal.",
                                   "Denies numbness, tingling or weakness in the extremities.")))
    if p.diagnostic:
        plan.append(rng.choice(("If relief is >80% with this and a confirmatory block, will consider RFA at the same levels.",
                                "Will consider radiofrequency ablation if he has greater than 80% relief again.",
                                "Plan: 2nd MBB in 2 weeks; RFA only if both blocks positive.",
                                "Discussed possible RFA in the future depending on block response.")))
    return ProcText(name=name, short=short, steps=[re.sub(r"\s+", " ", s).replace(" .", ".") for s in steps],
                    findings=findings, plan=plan, history=history, imaging_field=p.imaging if p.imaging != "none" else "")


def relief_history(p: Procedure, rng: random.Random) -> list[str]:
    """The prior diagnostic block story an RFA note carries (with the gaps the facts ask for)."""
    n = p.prior_blocks or 2
    pct = p.relief_pct or 80
    pct2 = max(50, pct - rng.choice((0, 5, 10)))
    hrs = p.relief_hours or 6
    blocks = "two diagnostic medial branch blocks" if n >= 2 else "one diagnostic medial branch block"
    if n >= 2 and rng.random() < 0.3:
        blocks = "MBB x2"
    if "relief_pct" in p.gaps:
        relief = rng.choice(("significant relief", "excellent relief", "good relief", "significant but temporary improvement"))
    elif n >= 2:
        relief = rng.choice((f"{pct}% and {pct2}% relief", f"{pct}% relief after each", f"{pct}%/{pct2}% pain relief"))
    else:
        relief = f"{pct}% relief"
    duration = "" if "relief_duration" in p.gaps else rng.choice((f" lasting {hrs} hours", f" for about {hrs} hours",
                                                                     f" x {hrs} hrs", f", duration {hrs} hours"))
    return [rng.choice((f"The patient had {blocks} at these levels with {relief}{duration}.",
                        f"S/p {blocks} with {relief}{duration} consistent with facet-mediated pain.",
                        f"Prior {blocks} provided {relief}{duration}."))]


def write_rfa(p: Procedure, rng: random.Random, notation: str, terse: bool) -> ProcText:
    lumbar = p.region == "lumbar"
    nerves = lumbar and rng.random() < 0.4
    where = _facet_where(p, rng, notation, terse, nerves)
    if nerves:
        name = rng.choice((f"Radiofrequency ablation of the {where}", f"{where} radiofrequency neurotomy"))
    else:
        name = rng.choice((f"{where} radiofrequency ablation of the medial branch nerves",
                           f"Radiofrequency ablation, {where} facet joints", f"{where} facet RFA (medial branch neurotomy)",
                           f"{where} medial branch radiofrequency neurotomy"))
    short = rng.choice((f"{where} RFA", f"RFA {where} @ 80C x 90s", f"{where} MB RFA"))
    steps = [rng.choice(PREP), rng.choice(SKIN_LOCAL)]
    used, img = imaging_sentences(p, rng, where, "cannula tips parallel to the medial branch course at each target")
    for side, levels in side_groups(p):
        sw = side_word(side, rng) + " " if side else ""
        tgt = _nerve_list(levels, rng) if nerves else join([level_text(x, notation) for x in levels], rng) + " medial branch targets"
        steps.append(rng.choice((
            f"18-gauge 10 cm RF cannulas with 10 mm active tips were placed {used} at the {sw}{tgt}.",
            f"RF introducers were advanced {used} parallel to the course of the {sw}{tgt}.",
            f"Under a caudal-oblique view, cannulas were positioned {used} along the {sw}{tgt}.",
        )))
    steps.append(rng.choice(("Sensory stimulation at 50 Hz reproduced concordant pain below 0.5 V; motor stimulation at 2 Hz up to 2 V showed no radicular response.",
                             "Motor testing at 2 Hz showed multifidus twitch only, no lower extremity involvement.")))
    steps.append(rng.choice(("After 1 mL of 2% lidocaine per site, lesions were made at 80 C for 90 seconds.",
                             "Thermal lesioning at 85 degrees C for 90 s at each site after local anesthetic.")))
    steps.extend(img)
    steps.append(rng.choice(TOLERANCE))
    return ProcText(name=name, short=short, steps=[re.sub(r"\s+", " ", s).replace(" .", ".") for s in steps],
                    history=relief_history(p, rng), imaging_field="fluoroscopy")
