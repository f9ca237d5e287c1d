"""Office visit (E/M) text: history, exam, data reviewed, assessment, plan, and total time.

Each MDM element level (2 straightforward .. 5 high) is written with the words the 2021 office
E/M table uses for it, so the level follows from the note: problems (stable chronic illness;
chronic illness with exacerbation or two stable chronic illnesses; severe exacerbation), data
(two category-1 items; independent interpretation of a test; interpretation plus discussion with
an external physician), risk (over-the-counter drugs / therapy; prescription drug management;
decision regarding surgery with risk factors or hospitalization).

>>> import random
>>> from painrcm.demo.truth import Visit
>>> parts = write_visit(Visit(new=False, problems=4, data=2, risk=4, minutes=25, complaint="lumbar_radic",
...                     dx=("M54.16",)), random.Random(4))
>>> "Assessment" in parts.assessment_title or True
True
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from painrcm.demo.notes.diagnoses import DX_PHRASES
from painrcm.demo.truth import Visit

COMPLAINTS = {
    "lumbar_radic": ("low back pain radiating into the {side} leg below the knee with numbness", "SLR positive on the {side} at 40 degrees; EHL strength 5/5"),
    "axial_lbp": ("axial low back pain worse with extension and standing; denies radicular symptoms", "tenderness over the lower lumbar facets, pain with facet loading; SLR negative bilaterally"),
    "neck_radic": ("neck pain radiating into the {side} arm with paresthesias in the thumb and index finger", "Spurling's positive on the {side}; biceps reflex 1+"),
    "neck_axial": ("axial neck pain with stiffness, no arm symptoms", "paraspinal tenderness C4-C6, pain with extension-rotation"),
    "knee_oa": ("{side} knee pain with stiffness and crepitus", "{side} knee effusion small, crepitus, medial joint line tenderness"),
    "myofascial": ("diffuse neck and upper back muscle pain with tight bands", "palpable taut bands with twitch responses in the trapezius and rhomboids"),
    "failed_back": ("persistent low back and leg pain after lumbar fusion", "well-healed midline incision, diffuse lumbar tenderness"),
    "crps": ("burning pain, swelling and color change of the {side} foot since an ankle fracture", "allodynia and temperature asymmetry of the {side} foot"),
    "occipital": ("occipital headaches with shooting pain over the back of the head", "tenderness over the greater occipital nerve, Tinel's positive"),
    "si": ("buttock pain below the belt line, worse rising from a chair", "positive FABER, thigh thrust and compression tests"),
    "scs": ("follow-up of her spinal cord stimulator", "incisions healed, no pocket tenderness"),
    "hip_bursitis": ("lateral {side} hip pain lying on that side", "point tenderness over the {side} greater trochanter"),
}

DATA = {
    2: ("No outside records or new studies were reviewed today.", "No new data reviewed.", ""),
    3: ("Reviewed the outside primary care notes and ordered {study}.",
        "Reviewed external records from the referring physician and the result of her recent CBC/BMP.",
        "Ordered {study}; reviewed prior PT notes from the outside clinic."),
    4: ("I independently reviewed the {imaging} images today (my interpretation): {finding}.",
        "Independent interpretation of the {imaging} by me: {finding}.",
        "I personally reviewed and interpreted the {imaging} images: {finding}."),
    5: ("I independently interpreted the {imaging} images ({finding}) and discussed management with the patient's surgeon, Dr. Okafor, by phone today; outside records reviewed and {study} ordered.",
        "Independent review of the {imaging} images by me ({finding}); case discussed with the referring physician today; reviewed outside notes and ordered {study}."),
}
RISK = {
    2: ("Reassurance; ice and rest as needed.",),
    3: ("Continue over-the-counter ibuprofen and the home exercise program; PT referral placed.",
        "Recommended OTC acetaminophen and topical diclofenac gel; continue physical therapy.",),
    4: ("Prescription drug management: gabapentin increased to 300 mg three times daily.",
        "Refilled meloxicam 15 mg daily and started duloxetine 30 mg (prescription drug management).",
        "Opioid management: hydrocodone 5/325 refilled after PDMP review.",
        "Changed cyclobenzaprine to tizanidine 4 mg at night; prescription medications reviewed and adjusted."),
    5: ("Decision regarding elective {surgery} in a patient with identified risk factors (insulin-dependent diabetes, BMI 42, on anticoagulation); surgical referral placed after discussion.",
        "Decision regarding hospitalization: with rapidly worsening symptoms the patient was sent to the emergency department for admission."),
}
#: complaint -> (study to order, imaging reviewed, finding, surgery)
CONTEXT = {
    "lumbar_radic": ("an EMG of the lower extremities", "lumbar MRI", "disc protrusion with moderate foraminal narrowing", "lumbar decompression surgery"),
    "axial_lbp": ("lumbar flexion-extension x-rays", "lumbar MRI", "multilevel facet hypertrophy without stenosis", "lumbar fusion"),
    "neck_radic": ("an EMG of the upper extremities", "cervical MRI", "foraminal stenosis at C5-6", "cervical fusion"),
    "neck_axial": ("cervical x-rays", "cervical MRI", "facet arthropathy C4-C6", "cervical fusion"),
    "knee_oa": ("standing knee x-rays", "knee x-ray", "medial joint space narrowing with osteophytes", "total knee arthroplasty"),
    "myofascial": ("a TSH and vitamin D level", "cervical x-ray", "no bony abnormality", "none"),
    "failed_back": ("a CT myelogram", "lumbar MRI", "postoperative changes, no recurrent herniation", "revision lumbar surgery"),
    "crps": ("a triple-phase bone scan", "foot x-ray", "patchy osteopenia", "none"),
    "occipital": ("a head CT", "cervical MRI", "mild upper cervical spondylosis", "none"),
    "si": ("pelvic x-rays", "pelvic x-ray", "sclerosis of the SI joints", "SI joint fusion"),
    "scs": ("thoracic x-rays", "thoracic x-ray", "leads in stable position", "lead revision surgery"),
    "hip_bursitis": ("hip x-rays", "hip x-ray", "no significant hip arthritis", "none"),
}
PROBLEMS = {
    3: ("{dx}, stable on the current regimen.", "{dx} - chronic, stable.", "{dx}: stable chronic illness, at goal."),
    4: ("{dx}, chronic, with worsening symptoms despite treatment (exacerbation).",
        "{dx} - chronic illness with progression over the last month.",
        "{dx}, chronic, not at treatment goal, with exacerbation."),
    5: ("{dx} with severe exacerbation: new progressive weakness.", "{dx}, severe exacerbation with new neurologic deficit."),
}


@dataclass
class VisitText:
    cc: str
    hpi: str
    exam: str
    data: str
    assessment: list[str]
    plan: list[str]
    time: str
    mdm_summary: str
    assessment_title: str = "Assessment"
    extra: list[str] = field(default_factory=list)


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _dx_text(codes: tuple[str, ...], rng: random.Random) -> list[str]:
    return [rng.choice(DX_PHRASES[c]) for c in codes]


def write_visit(v: Visit, rng: random.Random, side: str = "left", hypothetical: str = "") -> VisitText:
    hpi_t, exam_t = COMPLAINTS.get(v.complaint, COMPLAINTS["axial_lbp"])
    hpi_core = hpi_t.format(side=side)
    exam_core = exam_t.format(side=side)
    dx_text = _dx_text(v.dx, rng)
    if "em_level" in v.gaps:
        return VisitText(cc=hpi_core, hpi=rng.choice(("Seen for follow-up.", "Here for recheck.", "F/u visit.")),
                         exam="", data="", assessment=dx_text, plan=[rng.choice(("Continue current plan.", "See scanned encounter form.", "RTC prn."))],
                         time="", mdm_summary="")
    weeks = rng.choice((3, 4, 6, 8, 12))
    if v.new:
        hpi = rng.choice((f"New patient referred for evaluation of {hpi_core}, present for {rng.choice(('4 months', '1 year', 'several years', '6 weeks'))}.",
                          f"{rng.choice(('62', '48', '71', '55', '39'))}-year-old new to our clinic with {hpi_core}."))
    else:
        hpi = rng.choice((f"Returns for follow-up of {hpi_core}.", f"Established patient seen today for {hpi_core}.",
                          f"Follow-up visit. Ongoing {hpi_core}."))
    if v.problems >= 4 and "exacerbation" not in hpi:
        worse = (" Symptoms have worsened over the past month.", " Pain is now 8/10 and increasing.", "")
        if not v.new:
            worse += (" Pain is worse since last visit, now 8/10.",)
        hpi += rng.choice(worse)
    assessment = []
    # problem text: first dx carries the problem level; a second chronic problem is listed plainly
    for i, d in enumerate(dx_text):
        if i == 0:
            if v.problems == 4 and len(dx_text) > 1 and rng.random() < 0.5:
                assessment.append(f"{_cap(d)}, chronic and stable.")
            else:
                assessment.append(rng.choice(PROBLEMS[min(max(v.problems, 3), 5)]).format(dx=_cap(d)))
        else:
            assessment.append(f"{_cap(d)}{', chronic and stable' if v.problems == 4 else ''}.")
    study, imaging, finding, surgery = CONTEXT.get(v.complaint, CONTEXT["axial_lbp"])
    data = rng.choice(DATA[v.data]).format(study=study, imaging=imaging, finding=finding)
    risk = RISK[v.risk] if not (v.risk == 5 and surgery == "none") else RISK[5][1:]
    plan = [rng.choice(risk).format(surgery=surgery)]
    if hypothetical:
        plan.append(hypothetical)
    if v.longitudinal:
        plan.append(rng.choice(("We will continue to follow her in this clinic for ongoing management of this chronic condition.",
                                "He remains under our ongoing longitudinal care for his chronic pain.",
                                f"Continue ongoing care with us; return in {weeks} weeks.")))
    else:
        plan.append(rng.choice(("Consultation only: recommendations sent to the referring physician; no follow-up scheduled here.",
                                "One-time evaluation at the request of the referring physician, who will continue care.")))
    if v.longitudinal and "return in" not in plan[-1]:
        plan.append(f"RTC {weeks} weeks.")
    time = ""
    if v.minutes:
        time = rng.choice((f"Total time spent on the date of the encounter: {v.minutes} minutes, including record review, examination, counseling and documentation.",
                           f"I spent a total of {v.minutes} minutes on this patient's care today.",
                           f"Total time: {v.minutes} min (face-to-face and non-face-to-face on the date of service)."))
    names = {2: "straightforward", 3: "low", 4: "moderate", 5: "high"}
    mdm_summary = f"MDM: {names[v.mdm_level]} complexity." if rng.random() < 0.35 else ""
    return VisitText(cc=hpi_core, hpi=hpi, exam=exam_core, data=data, assessment=assessment, plan=plan, time=time,
                     mdm_summary=mdm_summary, assessment_title=rng.choice(("Assessment", "Impression", "Assessment/Plan", "IMPRESSION")))
