"""Pieces every procedure writer needs: the rendered-procedure record, target and imaging phrases.

>>> import random
>>> from painrcm.demo.truth import Procedure
>>> p = Procedure("tfesi", "lumbar", (("right", "L4-5"), ("left", "L5-S1")))
>>> targets_phrase(p, random.Random(3), "dash")
'right L4-5 and left L5-S1'
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from painrcm.demo.notes.phrasing import join, level_text, side_word
from painrcm.demo.truth import Procedure


@dataclass
class ProcText:
    """A procedure rendered as text pieces; a style arranges them into a note."""

    name: str                      # formal title ("Right L4-5 transforaminal epidural steroid injection")
    short: str                     # clinic shorthand ("R L4-5 TFESI under fluoro, 80 mg depo")
    steps: list[str] = field(default_factory=list)     # technique, in order
    findings: list[str] = field(default_factory=list)  # imaging reading, response
    history: list[str] = field(default_factory=list)   # indication / history sentences
    plan: list[str] = field(default_factory=list)      # plan, including hypotheticals
    imaging_field: str = ""        # value for an EHR "Imaging:" field ("" = none stated)
    needs_detail: bool = False     # terse notes must keep every step (imaging documentation matters)
    conservative: bool = True      # a "failed conservative care" history fits this procedure


def side_groups(p: Procedure) -> list[tuple[str, list[str]]]:
    """[(side-or-'both'-or-'', levels)] in the order a physician would write them."""
    if "laterality" in p.gaps:
        return [("", list(p.levels))]
    right, left = list(p.levels_on("right")), list(p.levels_on("left"))
    if right and left and set(right) == set(left):
        return [("both", right)]
    out = []
    if right:
        out.append(("right", right))
    if left:
        out.append(("left", left))
    mid = list(p.levels_on("midline"))
    if mid:
        out.append(("", mid))
    return out


def targets_phrase(p: Procedure, rng: random.Random, notation: str, terse: bool = False,
                   levels_fn=None) -> str:
    """'right L4-5 and left L5-S1', 'bilateral L3-4, L4-5', 'L4-5' (no side when laterality is a gap)."""
    parts = []
    for side, levels in side_groups(p):
        lv = levels_fn(levels) if levels_fn else join([level_text(x, notation) for x in levels], rng)
        parts.append(f"{side_word(side, rng, terse)} {lv}" if side else lv)
    return join(parts, rng) if len(parts) > 1 else parts[0]


FLUORO_USED = (
    "under fluoroscopic guidance", "using intermittent fluoroscopy", "with C-arm fluoroscopic guidance",
    "under AP and lateral fluoroscopic visualization", "under live fluoroscopy",
)
US_USED = (
    "under real-time ultrasound guidance", "using ultrasound guidance with a linear transducer",
    "with sonographic guidance", "under direct ultrasound visualization",
)
SAVED = (
    "Permanent images were saved to PACS.", "Representative images were captured and retained in the medical record.",
    "A permanent image was recorded and stored in the chart.", "Hard copy images were saved for the record.",
    "Images archived in the EMR.", "Still images were stored to the patient's chart.",
)
NOT_SAVED = (
    "", "", "No images were saved.", "Images were not retained.",
)


def imaging_sentences(p: Procedure, rng: random.Random, target: str, reading: str) -> tuple[str, list[str]]:
    """(phrase for 'used', [saved / interpretation sentences]) following the documentation facts.

    ``reading`` is the physician's interpretation ("needle tip at the ... with contrast ...").
    """
    if p.imaging == "fluoroscopy":
        used = rng.choice(FLUORO_USED)
        word = "fluoroscopic"
    elif p.imaging == "ultrasound":
        used = rng.choice(US_USED)
        word = "ultrasound"
    elif p.imaging == "ct":
        used = "under CT guidance"
        word = "CT"
    else:
        return "", []
    out: list[str] = []
    if p.image_saved:
        out.append(rng.choice(SAVED))
    else:
        out.append(rng.choice(NOT_SAVED))
    if p.interpretation:
        out.append(rng.choice((
            f"My interpretation of the {word} images: {reading}.",
            f"{word.capitalize()} images were reviewed and interpreted: {reading}.",
            f"Interpretation: {reading}.",
            f"Review of the {word} images showed {reading}.",
        )))
    rng.shuffle(out)
    return used, [s for s in out if s]


PREP = (
    "The patient was placed in the prone position and the area was prepped with chlorhexidine and draped in sterile fashion.",
    "Patient positioned prone on the procedure table; skin prepped with ChloraPrep x3 and sterile drapes applied.",
    "After a time-out confirming patient, procedure and site, the skin was cleaned with Betadine and draped sterilely.",
    "Standard sterile prep and drape. Time-out performed.",
    "The patient was brought to the procedure suite and positioned prone. The back was prepped and draped in the usual sterile manner.",
)
SKIN_LOCAL = (
    "The skin was anesthetized with 1% lidocaine.", "Local anesthesia with 1% lidocaine was infiltrated at the entry site.",
    "A skin wheal was raised with 1% lidocaine.", "Skin and subcutaneous tissue were infiltrated with lidocaine 1%.",
)
ASPIRATION = (
    "Aspiration was negative for blood and CSF.", "Negative aspiration for heme or CSF.",
    "Negative aspiration was confirmed before injection.", "Aspiration negative.",
)
TOLERANCE = (
    "The patient tolerated the procedure well without complications.", "No complications. Tolerated well.",
    "There were no immediate complications.", "Patient tolerated the procedure well and was discharged in stable condition.",
    "EBL: none. Complications: none.", "The patient left the procedure area in good condition with stable vital signs.",
)
CONSENT = (
    "Risks, benefits and alternatives were discussed and informed consent was signed.",
    "Informed consent was obtained after discussion of risks including infection, bleeding, nerve injury and headache.",
    "Consent obtained. All questions answered.", "Written informed consent on chart.",
)
SEDATION = (
    "No sedation was given.", "Local anesthesia only; no IV sedation.", "Moderate sedation was not used.",
    "The patient declined sedation.", "Anesthesia: local.",
)

PRE_ASSESSMENT = (
    "Pre-procedure: BP {bp}, HR {hr}, SpO2 {spo2}% on room air. Allergies: {allergy}. Anticoagulants: {anticoag}. No fever, no active infection.",
    "Vitals stable (BP {bp}, pulse {hr}). Allergy list reviewed: {allergy}. Blood thinners: {anticoag}. Site of procedure marked.",
    "H&P reviewed and unchanged. BP {bp}; HR {hr}. Allergies: {allergy}. {anticoag_sentence}",
    "Pre-procedure checklist complete: NPO status confirmed, allergies ({allergy}) reviewed, anticoagulation {anticoag}, pregnancy excluded where applicable.",
)
CONSERVATIVE = (
    "Conservative care including {n} weeks of physical therapy, NSAIDs and a home exercise program has failed to provide adequate relief.",
    "Symptoms have persisted for more than {n} weeks despite physical therapy, medications (gabapentin, meloxicam) and activity modification.",
    "Failed conservative management: PT x {n} weeks, chiropractic care, oral anti-inflammatories.",
    "She has tried acetaminophen, NSAIDs, muscle relaxants and {n} weeks of PT without lasting benefit; pain interferes with sleep and work.",
)
POST_INSTRUCTIONS = (
    "Discharge instructions given: ice to the site, no driving for the rest of the day, resume usual medications, call for fever, new weakness, bowel or bladder changes or severe headache.",
    "The patient was observed for 20 minutes, ambulated without difficulty and was discharged home with a driver. Written post-procedure instructions were reviewed.",
    "Post-procedure: vitals stable, neurologically intact, no new deficits. Pain diary provided. Follow up in 2-3 weeks to assess response.",
    "Recovered in the post-procedure area without incident. Instructions: keep the dressing dry for 24 hours, may shower tomorrow, no heat to the area. Return to clinic in 2 weeks.",
)


def boilerplate(rng, kind: str, procs: list | None = None) -> str:
    """Vitals, conservative-care history and discharge text that carry no coding decision."""
    if kind == "conservative" and procs and not all(p.conservative for p in procs):
        return ""
    if kind == "pre":
        anticoag = rng.choice(("none", "aspirin 81 mg continued", "apixaban held for 3 days per cardiology", "clopidogrel held x 7 days"))
        return rng.choice(PRE_ASSESSMENT).format(
            bp=f"{rng.randrange(110, 160)}/{rng.randrange(64, 94)}", hr=rng.randrange(58, 96), spo2=rng.randrange(94, 100),
            allergy=rng.choice(("NKDA", "penicillin (rash)", "sulfa", "iodinated contrast - premedicated", "codeine (nausea)")),
            anticoag=anticoag, anticoag_sentence=f"Anticoagulation: {anticoag}.")
    if kind == "conservative":
        return rng.choice(CONSERVATIVE).format(n=rng.choice((6, 8, 10, 12)))
    return rng.choice(POST_INSTRUCTIONS)
