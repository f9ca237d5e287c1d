"""Note text for non-epidural procedures: SI joint, joints and bursae, trigger points, nerve and
sympathetic blocks, genicular and SI RFA, blood patch, vertebral augmentation.

>>> import random
>>> from painrcm.demo.truth import Procedure
>>> t = write_tpi(Procedure("tpi", muscles=(("right", "trapezius"), ("left", "trapezius"))), random.Random(2), "dash", False)
>>> "trapezius" in " ".join(t.steps)
True
"""

from __future__ import annotations

import random
import re

from painrcm.demo.notes.common import ASPIRATION, PREP, SKIN_LOCAL, TOLERANCE, ProcText, imaging_sentences

PERIPHERAL_ASPIRATION = ("Aspiration was negative for blood.", "Negative aspiration.", "Aspiration prior to injection was negative.")
from painrcm.demo.notes.phrasing import join, level_text, medication, side_word
from painrcm.demo.truth import Procedure


def _clean(steps: list[str]) -> list[str]:
    return [re.sub(r"\s+", " ", s).replace(" .", ".").replace(" ,", ",") for s in steps if s]


def _sides(p: Procedure, rng: random.Random, terse: bool) -> str:
    if "laterality" in p.gaps:
        return ""
    s = [x for x in p.sides if x in ("left", "right")]
    if len(s) == 2:
        return side_word("both", rng, terse)
    return side_word(s[0], rng, terse) if s else ""


def _plural(p: Procedure, word: str, plural: str) -> str:
    return plural if len([x for x in p.sides if x in ("left", "right")]) == 2 and "laterality" not in p.gaps else word


def write_si_joint(p: Procedure, rng: random.Random, notation: str, terse: bool) -> ProcText:
    sw = _sides(p, rng, terse)
    joints = _plural(p, "sacroiliac joint injection", "sacroiliac joint injections")
    drug, drug_short = medication(rng)
    name = rng.choice((f"{sw} {joints}", f"{sw} SI joint injection", f"Sacroiliac joint injection, {sw or 'SI joint'}")).strip()
    short = rng.choice((f"{sw} SIJ inj, {drug_short}", f"SI jt inj {sw}")).strip()
    steps = [rng.choice(PREP), rng.choice(SKIN_LOCAL)]
    if "imaging_unstated" in p.gaps:
        used, img = "", []
    else:
        used, img = imaging_sentences(p, rng, "SI joint", rng.choice((
            "contrast outlining the inferior joint recess with intra-articular spread", "intra-articular arthrogram at the inferior pole")))
        short += ", fluoro" if p.imaging == "fluoroscopy" else ""
    steps.append(f"A 22-gauge spinal needle was directed into the inferior aspect of the {sw} sacroiliac joint {used}.".replace("  ", " "))
    steps.append(rng.choice(ASPIRATION))
    steps.extend(img)
    steps.append(f"{drug.capitalize()} was injected into {'each joint' if 'bilat' in sw.lower() or 'b/l' in sw else 'the joint'}.")
    steps.append(rng.choice(TOLERANCE))
    return ProcText(name=name, short=short, steps=_clean(steps), imaging_field=p.imaging if "imaging_unstated" not in p.gaps else "")


def write_si_rfa(p: Procedure, rng: random.Random, notation: str, terse: bool) -> ProcText:
    sw = _sides(p, rng, terse)
    name = rng.choice((f"{sw} sacroiliac joint radiofrequency ablation (L5 dorsal ramus and S1-S3 lateral branches)",
                       f"{sw} SI joint RFA, lateral branch neurotomy")).strip()
    short = f"{sw} SIJ RFA (lateral branches)".strip()
    used, img = imaging_sentences(p, rng, "SI joint", "cannulas lateral to the S1-S3 foramina")
    steps = [rng.choice(PREP), rng.choice(SKIN_LOCAL),
             f"RF cannulas were placed {used} at the {sw} L5 dorsal ramus and S1, S2, S3 lateral branch targets.",
             "Sensory and motor testing were performed; lesions at 80 C for 90 s.", *img, rng.choice(TOLERANCE)]
    return ProcText(name=name, short=short, steps=_clean(steps), imaging_field="fluoroscopy")


def write_genicular(p: Procedure, rng: random.Random, notation: str, terse: bool) -> ProcText:
    sw = _sides(p, rng, terse)
    knees = _plural(p, "knee", "knees")
    rfa = p.family == "genicular_rfa"
    nerves = "superomedial, superolateral and inferomedial genicular nerves"
    if rfa:
        name = rng.choice((f"{sw} genicular nerve radiofrequency ablation", f"Radiofrequency ablation of the {sw} {knees} genicular nerves"))
        short = f"{sw} genicular RFA".strip()
    else:
        name = rng.choice((f"{sw} genicular nerve block", f"Genicular nerve blocks, {sw} {knees}"))
        short = f"{sw} genicular NB".strip()
    used, img = imaging_sentences(p, rng, "knee", "needle tips at the junction of the shaft and epicondyle at each target")
    act = "lesioned at 80 C for 90 seconds after sensory/motor testing" if rfa else "each injected with 1 mL of 0.5% bupivacaine"
    steps = [rng.choice(PREP).replace("prone", "supine"), rng.choice(SKIN_LOCAL),
             f"The {nerves} of the {sw} {knees} were targeted {used} and {act}.".replace("  ", " "), *img, rng.choice(TOLERANCE)]
    return ProcText(name=name.strip().replace("  ", " "), short=short, steps=_clean(steps), imaging_field=p.imaging)


JOINT_NAMES = {
    "knee": ("knee", "knee joint"), "shoulder": ("glenohumeral joint", "shoulder"), "hip": ("hip joint", "hip"),
    "trochanteric bursa": ("greater trochanteric bursa", "trochanteric bursa"), "ankle": ("ankle joint", "tibiotalar joint"),
    "acromioclavicular joint": ("acromioclavicular joint", "AC joint"),
}


def write_joint(p: Procedure, rng: random.Random, notation: str, terse: bool) -> ProcText:
    sw = _sides(p, rng, terse)
    jname = rng.choice(JOINT_NAMES[p.site])
    if "laterality" not in p.gaps and len([x for x in p.sides if x in ("left", "right")]) == 2:
        jname = jname + "s" if not jname.endswith("s") else jname
    drug, drug_short = medication(rng)
    kind = "injection" if "bursa" in p.site else rng.choice(("injection", "intra-articular injection", "arthrocentesis and injection"))
    name = rng.choice((f"{sw} {jname} {kind}", f"{kind.capitalize()} of the {sw} {jname}")).strip().replace("  ", " ")
    short = f"{sw} {jname} inj, {drug_short}".strip()
    reading = rng.choice(("needle tip within the joint with intra-articular contrast spread",
                          "needle within the target with appropriate spread of injectate",
                          "hypoechoic injectate distending the target, needle tip in place"))
    used, img = imaging_sentences(p, rng, jname, reading)
    if p.imaging == "ultrasound":
        short += rng.choice((" US-guided", " under US"))
        if not p.image_saved and rng.random() < 0.5:
            img.append("No permanent image was recorded.")
    elif p.imaging == "fluoroscopy":
        short += " under fluoro"
    elif rng.random() < 0.5:
        img.append(rng.choice(("Landmark technique; no imaging guidance was used.", "No ultrasound was used.",
                               "Ultrasound guidance was considered but not needed given easily palpable landmarks.",
                               "Fluoroscopy would be considered for future injections if landmarks are difficult.")))
    pos = "supine" if p.site in ("knee", "shoulder", "hip") else "lateral decubitus"
    steps = [f"The patient was positioned {pos}; the site was prepped with chlorhexidine.", rng.choice(SKIN_LOCAL),
             rng.choice((f"A 22-gauge needle was introduced into the {sw} {jname} {used}.",
                         f"Using a {rng.choice(('lateral', 'anterior', 'posterior', 'superolateral'))} approach, a 1.5-inch 22G needle entered the {sw} {jname} {used}.",
                         f"The {sw} {jname} was entered {used} without difficulty.")).replace("  ", " "),
             rng.choice(PERIPHERAL_ASPIRATION), *img, f"{drug.capitalize()} was injected.", rng.choice(TOLERANCE)]
    return ProcText(name=name, short=short, steps=_clean(steps), imaging_field=p.imaging if p.imaging != "none" else "none")


def write_tpi(p: Procedure, rng: random.Random, notation: str, terse: bool) -> ProcText:
    drug, drug_short = rng.choice((("1 mL of 0.25% bupivacaine per site", "0.25% bupi 1cc/site"),
                                   ("a mixture of 1% lidocaine and 10 mg triamcinolone", "lido/kenalog"),
                                   ("0.5 mL of 1% lidocaine at each point", "1% lido")))
    if "muscles" in p.gaps or not p.muscles:
        n = rng.choice((3, 4, 5, 6))
        area = rng.choice(("upper back", "neck and shoulder girdle", "low back", "paraspinal region", "periscapular area"))
        name = rng.choice((f"Trigger point injections, {area}", "Trigger point injections", f"TPIs x{n}"))
        short = f"TPI x{n} {area}"
        steps = [f"{n} trigger points were identified by palpation in the {area}.",
                 f"Each was injected with {drug} after negative aspiration.", rng.choice(TOLERANCE)]
        return ProcText(name=name, short=short, steps=_clean(steps))
    by_side: dict[str, list[str]] = {}
    for side, muscle in p.muscles:
        by_side.setdefault(side, []).append(muscle)
    phrases = []
    both = [m for m in by_side.get("right", []) if m in by_side.get("left", [])]
    for m in both:
        phrases.append(rng.choice((f"bilateral {m}", f"right and left {m}", f"{m} bilaterally")))
    for side in ("right", "left", "midline"):
        for m in by_side.get(side, []):
            if m in both:
                continue
            phrases.append(f"{side_word(side, rng, terse)} {m}" if side != "midline" else m)
    muscles = join(phrases, rng)
    n_points = len(p.muscles) + rng.choice((0, 0, 1, 2))
    name = rng.choice((f"Trigger point injections: {muscles}", "Trigger point injection(s)", f"TPI - {muscles}"))
    short = rng.choice((f"TPI {muscles}", f"TPIs to {muscles}"))
    steps = [rng.choice((f"Trigger points were identified by palpation with a taut band and twitch response in the {muscles}.",
                         f"Palpable trigger points in the {muscles} reproducing her referred pain.")),
             f"{n_points} points were injected in total with {drug} using a 25-gauge needle after negative aspiration.",
             rng.choice(TOLERANCE)]
    if p.imaging == "ultrasound":
        used, img = imaging_sentences(p, rng, muscles, "needle tip within the muscle belly, no intravascular spread")
        steps.insert(1, f"Injections were performed {used}.")
        steps.extend(img)
    return ProcText(name=name, short=short, steps=_clean(steps))


NERVES = {
    "greater occipital": ("greater occipital nerve block", "GON block", "occipital protuberance"),
    "suprascapular": ("suprascapular nerve block", "SSNB", "suprascapular notch"),
    "ilioinguinal": ("ilioinguinal nerve block", "II nerve block", "anterior superior iliac spine"),
    "lateral femoral cutaneous": ("lateral femoral cutaneous nerve block", "LFCN block", "inguinal ligament, medial to the ASIS"),
    "superficial peroneal": ("superficial peroneal nerve block", "SPN block", "lateral lower leg"),
    "morton": ("Morton's neuroma injection (interdigital nerve block)", "Morton's neuroma inj", "third web space"),
    "intercostal": ("intercostal nerve block", "ICNB", "posterior angle of the rib"),
}


def write_nerve_block(p: Procedure, rng: random.Random, notation: str, terse: bool) -> ProcText:
    formal, abbr, landmark = NERVES[p.site]
    sw = _sides(p, rng, terse)
    drug, drug_short = rng.choice((("3 mL of 0.5% bupivacaine with 40 mg triamcinolone", "3cc 0.5% bupi + 40 kenalog"),
                                   ("2 mL of 0.25% bupivacaine and 4 mg dexamethasone", "2cc bupi + 4 dex")))
    if p.site == "intercostal":
        levels = join([lv for lv in p.levels], rng)
        name = rng.choice((f"{sw} {levels} intercostal nerve blocks", f"Intercostal nerve blocks, {sw} {levels}")).strip()
        short = f"{sw} ICNB {levels}".strip()
        target = f"the inferior border of the {sw} {levels} ribs"
    else:
        name = rng.choice((f"{sw} {formal}", f"{formal.capitalize()}, {sw or 'side not specified'}"))
        if "laterality" in p.gaps:
            name = formal.capitalize()
        short = f"{sw} {abbr}".strip()
        target = f"the {sw} {formal.replace(' block', '').replace(' injection', '')} at the {landmark}"
    used, img = imaging_sentences(p, rng, p.site, rng.choice(("needle tip adjacent to the nerve with perineural spread of injectate",
                                                               "perineural spread around the target nerve")))
    if p.imaging == "ultrasound":
        short += " (US)"
    steps = [rng.choice(("The skin was prepped with alcohol and chlorhexidine.", "Sterile prep.")),
             rng.choice((f"A 25-gauge needle was advanced to {target} {used}.", f"The needle was directed toward {target} {used}.",
                         f"{target[0].upper() + target[1:]} was approached {used} with a 22G block needle.")).replace("  ", " "),
             rng.choice(PERIPHERAL_ASPIRATION), *img,
             f"{drug.capitalize()} was injected.", rng.choice(TOLERANCE)]
    return ProcText(name=name.strip().replace("  ", " "), short=short, steps=_clean(steps), imaging_field=p.imaging)


SYMPATHETIC = {
    "stellate": ("stellate ganglion block", "SGB", "anterior tubercle of C6"),
    "lumbar sympathetic": ("lumbar sympathetic block", "LSB", "anterolateral L3 vertebral body"),
    "celiac": ("celiac plexus block", "celiac plexus blk", "anterolateral L1 vertebral body"),
    "sphenopalatine": ("sphenopalatine ganglion block", "SPG block", "posterior nasopharynx"),
}


def _write_spg(p: Procedure, rng: random.Random, terse: bool) -> ProcText:
    sw = _sides(p, rng, terse)
    both = len([x for x in p.sides if x in ("left", "right")]) == 2 and "laterality" not in p.gaps
    name = rng.choice((f"{sw} sphenopalatine ganglion block", f"Sphenopalatine ganglion block, {sw}", f"{sw} SPG block (transnasal)")).strip()
    steps = [rng.choice(("The patient was positioned supine with the neck extended.", "Supine, head extended on a pillow.")),
             "The nares were sprayed with oxymetazoline and topical lidocaine.",
             f"Cotton-tipped applicators soaked in 4% lidocaine were advanced along the superior border of the middle turbinate "
             f"to the posterior nasopharynx {'in each naris' if both else 'in the ' + sw + ' naris'} and kept in place for 20 minutes.",
             rng.choice(("Headache intensity decreased from 8/10 to 2/10.", "Tearing and rhinorrhea were noted; pain improved.")),
             rng.choice(TOLERANCE)]
    return ProcText(name=name.replace("  ", " "), short=f"{sw} SPG blk".strip(), steps=_clean(steps), imaging_field="")


def write_sympathetic(p: Procedure, rng: random.Random, notation: str, terse: bool) -> ProcText:
    if p.site == "sphenopalatine":
        return _write_spg(p, rng, terse)
    formal, abbr, landmark = SYMPATHETIC[p.site]
    sw = "" if p.site == "celiac" else _sides(p, rng, terse)
    name = rng.choice((f"{sw} {formal}", f"{formal.capitalize()}{', ' + sw if sw else ''}")).strip()
    short = f"{sw} {abbr}".strip()
    used, img = imaging_sentences(p, rng, formal, rng.choice((
        "contrast spread along the anterolateral vertebral body in a sympathetic chain pattern, no vascular or epidural spread",
        "needle tip at the target with appropriate prevertebral contrast spread")))
    if p.imaging == "fluoroscopy":
        short += " under fluoro"
    prep = rng.choice(PREP)
    if p.site in ("stellate", "sphenopalatine"):
        prep = prep.replace("prone", "supine")
    steps = [prep, rng.choice(SKIN_LOCAL) if p.site != "sphenopalatine" else "Topical anesthetic applied.",
             f"A 22-gauge needle was advanced {used} to the {landmark}.".replace("  ", " "), rng.choice(ASPIRATION), *img,
             rng.choice(("10 mL of 0.25% bupivacaine was injected incrementally.", "8 mL of 0.2% ropivacaine was injected in divided doses.")),
             rng.choice(("Post-block temperature rise of 2 C in the ipsilateral limb was documented.", "Ipsilateral warmth noted post block.", "")),
             rng.choice(TOLERANCE)]
    return ProcText(name=name, short=short, steps=_clean(steps), imaging_field=p.imaging)


def write_blood_patch(p: Procedure, rng: random.Random, notation: str, terse: bool) -> ProcText:
    lv = level_text(p.levels[0] if p.levels else "L3-4", notation)
    used, img = imaging_sentences(p, rng, lv, "epidural contrast spread at the target level")
    steps = [rng.choice(PREP), rng.choice(SKIN_LOCAL),
             f"A 20-gauge Tuohy needle entered the {lv} epidural space with loss of resistance {used}.".replace("  ", " "),
             *img, "20 mL of autologous blood drawn sterilely was injected slowly.", rng.choice(TOLERANCE)]
    return ProcText(name=f"Epidural blood patch at {lv}", short=f"EBP {lv}", steps=_clean(steps), imaging_field=p.imaging)


def write_vert_aug(p: Procedure, rng: random.Random, notation: str, terse: bool) -> ProcText:
    levels = join(list(p.levels), rng)
    if "approach" in p.gaps:
        name = f"Vertebral augmentation, {levels}"
        how = "Bone cement was injected through bilateral transpedicular access cannulas"
    elif p.approach == "kyphoplasty":
        name = rng.choice((f"{levels} balloon kyphoplasty", f"Kyphoplasty, {levels}"))
        how = "An inflatable bone tamp was inflated to create a cavity, then PMMA cement was injected"
    else:
        name = rng.choice((f"{levels} vertebroplasty", f"Percutaneous vertebroplasty, {levels}"))
        how = "PMMA cement was injected directly into the vertebral body without cavity creation"
    steps = [rng.choice(PREP),
             f"Under biplanar fluoroscopy, 11-gauge cannulas were advanced transpedicularly into the {levels} vertebral bod{'ies' if len(p.levels) > 1 else 'y'}.",
             f"{how} under continuous lateral fluoroscopy with good fill and no extravasation.", rng.choice(TOLERANCE)]
    return ProcText(name=name, short=name, steps=_clean(steps), imaging_field="fluoroscopy")
