"""Arrange rendered procedures and visits into a note in one physician's style.

Styles: ``ehr`` (templated procedure note with labeled fields), ``dictation`` (transcribed
paragraphs under capitalised headings, sometimes ending with codes someone typed), ``terse``
(clinic shorthand), ``narrative`` (a free paragraph), and for visits ``soap`` and ``ehr_visit``.
Heading names, field order and joining vary from note to note.

>>> STYLES
('ehr', 'dictation', 'terse', 'narrative')
"""

from __future__ import annotations

import random

from painrcm.demo.notes.common import CONSENT, SEDATION, ProcText, boilerplate
from painrcm.demo.notes.visit import VisitText

STYLES = ("ehr", "dictation", "terse", "narrative")

H = {
    "title": ("PROCEDURE NOTE", "Procedure Note", "INTERVENTIONAL PAIN PROCEDURE NOTE", "OPERATIVE REPORT", "Procedure Report", ""),
    "pre_dx": ("Pre-procedure diagnosis", "Preoperative Diagnosis", "Diagnosis", "Indication", "Pre-op Dx", "DIAGNOSES"),
    "post_dx": ("Post-procedure diagnosis", "Postoperative Diagnosis", "Post-op Dx"),
    "proc": ("Procedure(s) performed", "Procedure", "PROCEDURES", "Procedure Performed", "Operation"),
    "anes": ("Anesthesia", "Sedation", "ANESTHESIA"),
    "imaging": ("Imaging", "Guidance", "Imaging guidance"),
    "technique": ("Technique", "Description of procedure", "Procedure details", "DETAILS", "Description"),
    "history": ("History", "Indications", "Clinical history", "Brief history", "HPI"),
    "findings": ("Findings", "Response", "Post-procedure assessment"),
    "compl": ("Complications", "Complications/EBL"),
    "plan": ("Plan", "Disposition", "Follow-up", "Plan/Disposition"),
}


def _h(key: str, rng: random.Random, upper: bool = False) -> str:
    h = rng.choice(H[key])
    return h.upper() if upper else h


def _numbered(items: list[str], rng: random.Random) -> str:
    if len(items) == 1:
        return items[0]
    if rng.random() < 0.6:
        return "\n".join(f"{i}. {x}" for i, x in enumerate(items, 1))
    return "; ".join(items)


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


def ehr(header: list[str], dx: list[str], procs: list[ProcText], rng: random.Random, anesthesia: str,
        extra_history: list[str], extra_plan: list[str]) -> str:
    upper = rng.random() < 0.4
    out = []
    title = _h("title", rng, upper)
    if title:
        out.append(title)
    out.extend(header)
    if dx:
        out.append(f"{_h('pre_dx', rng, upper)}: " + ("\n" if len(dx) > 1 else "") + _numbered([_cap(d) for d in dx], rng))
        if rng.random() < 0.6:
            out.append(f"{_h('post_dx', rng, upper)}: Same")
    out.append(f"{_h('proc', rng, upper)}: " + ("\n" if len(procs) > 1 else "") + _numbered([_cap(p.name) for p in procs], rng))
    fields = []
    fields.append(f"{_h('anes', rng, upper)}: {anesthesia}")
    img = next((p.imaging_field for p in procs if p.imaging_field and p.imaging_field != "none"), "")
    if img and rng.random() < 0.6:
        fields.append(f"{_h('imaging', rng, upper)}: {img.capitalize() if img != 'CT' else img}")
    rng.shuffle(fields)
    out.extend(fields)
    hist = [s for p in procs for s in p.history] + extra_history
    if rng.random() < 0.7:
        hist.extend(x for x in [boilerplate(rng, "conservative", procs)] if x)
    if hist:
        out.append(f"{_h('history', rng, upper)}: " + " ".join(hist))
    if rng.random() < 0.75:
        out.append(f"{rng.choice(('Pre-procedure assessment', 'Pre-op', 'Vitals/Pre-procedure'))}: {boilerplate(rng, 'pre')}")
    out.append(f"Consent: {rng.choice(CONSENT)}")
    numbered = rng.random() < 0.3
    for p in procs:
        label = _h("technique", rng, upper)
        if len(procs) > 1:
            short = p.name.split(",")[0]
            label = f"{label} ({short if len(short) <= 60 else short[:60].rsplit(' ', 1)[0]})"
        if numbered:
            out.append(f"{label}:\n" + "\n".join(f"{i}. {step}" for i, step in enumerate(p.steps, 1)))
        else:
            out.append(f"{label}:\n" + " ".join(p.steps))
    findings = [s for p in procs for s in p.findings]
    if findings:
        out.append(f"{_h('findings', rng, upper)}: " + " ".join(findings))
    out.append(f"{_h('compl', rng, upper)}: None")
    if rng.random() < 0.7:
        out.append(f"{rng.choice(('Post-procedure', 'Discharge', 'Recovery'))}: {boilerplate(rng, 'post')}")
    plan = [s for p in procs for s in p.plan] + extra_plan
    if plan:
        out.append(f"{_h('plan', rng, upper)}: " + " ".join(plan))
    sep = "\n\n" if rng.random() < 0.5 else "\n"
    return sep.join(out)


def dictation(header: list[str], dx: list[str], procs: list[ProcText], rng: random.Random, anesthesia: str,
              extra_history: list[str], extra_plan: list[str], surgeon: str) -> str:
    out = []
    if dx:
        label = rng.choice(("PREOPERATIVE DIAGNOSIS", "PREOPERATIVE DIAGNOSES", "DIAGNOSIS", "INDICATION"))
        out.append(f"{label}: " + _numbered([_cap(d) for d in dx], rng))
        if rng.random() < 0.7:
            out.append(f"{rng.choice(('POSTOPERATIVE DIAGNOSIS', 'POSTOPERATIVE DIAGNOSES'))}: Same.")
    label = rng.choice(("PROCEDURE PERFORMED", "PROCEDURES PERFORMED", "PROCEDURE", "OPERATION PERFORMED"))
    out.append(f"{label}: " + _numbered([_cap(p.name) for p in procs], rng))
    out.append(f"{rng.choice(('SURGEON', 'PHYSICIAN', 'ATTENDING'))}: {surgeon}")
    out.append(f"ANESTHESIA: {anesthesia}")
    hist = [s for p in procs for s in p.history] + extra_history
    if rng.random() < 0.75:
        hist.extend(x for x in [boilerplate(rng, "conservative", procs)] if x)
    if hist:
        out.append(f"{rng.choice(('INDICATIONS', 'HISTORY', 'INDICATIONS FOR PROCEDURE'))}: " + " ".join(hist))
    body = [rng.choice(CONSENT)] + ([boilerplate(rng, "pre")] if rng.random() < 0.6 else [])
    for p in procs:
        body.extend(p.steps)
    body.extend(s for p in procs for s in p.findings)
    if rng.random() < 0.7:
        body.append(boilerplate(rng, "post"))
    out.append(f"{rng.choice(('DESCRIPTION OF PROCEDURE', 'DETAILS OF PROCEDURE', 'PROCEDURE IN DETAIL', 'TECHNIQUE'))}: " + " ".join(body))
    plan = [s for p in procs for s in p.plan] + extra_plan
    if plan:
        out.append(f"{rng.choice(('PLAN', 'DISPOSITION', 'RECOMMENDATIONS'))}: " + " ".join(plan))
    return "\n\n".join(header + out)


def terse(header: list[str], dx: list[str], procs: list[ProcText], rng: random.Random, anesthesia: str,
          extra_history: list[str], extra_plan: list[str]) -> str:
    lines = list(header)
    if dx:
        lines.append(rng.choice(("Dx: ", "dx - ", "Indication: ", "DX: ")) + "; ".join(dx))
    hist = [s for p in procs for s in p.history] + extra_history
    if hist:
        lines.append(rng.choice(("Hx: ", "hx: ", "")) + " ".join(hist))
    for p in procs:
        lines.append(rng.choice(("Proc: ", "Procedure: ", "- ", "")) + p.short)
        if p.needs_detail:
            lines.append(" ".join(p.steps[1:]))
        elif rng.random() < 0.7:
            lines.append(" ".join(p.steps[2:5] if len(p.steps) > 4 else p.steps))
        lines.extend(p.findings)
    if rng.random() < 0.4:
        lines.append(rng.choice(("VS: ", "Pre: ")) + boilerplate(rng, "pre"))
    lines.append(rng.choice(("Tol well, no cx.", "No complications.", "tolerated well", "VSS, d/c home.")))
    lines.append(rng.choice(("Local only.", f"Anes: {anesthesia}.", "")))
    plan = [s for p in procs for s in p.plan] + extra_plan
    if plan:
        lines.append(rng.choice(("Plan: ", "P: ", "")) + " ".join(plan))
    return "\n".join(x for x in lines if x)


def narrative(header: list[str], dx: list[str], procs: list[ProcText], rng: random.Random, anesthesia: str,
              extra_history: list[str], extra_plan: list[str]) -> str:
    paras = list(header)
    intro = []
    if dx:
        intro.append(rng.choice(("The patient presents today for a scheduled procedure for ", "Patient is here for treatment of ",
                                 "Seen today in the procedure suite; indication: ")) + " and ".join(dx) + ".")
    intro.extend(s for p in procs for s in p.history)
    intro.extend(extra_history)
    if rng.random() < 0.8:
        intro.extend(x for x in [boilerplate(rng, "conservative", procs)] if x)
    names = [p.name[0].lower() + p.name[1:] if p.name[1:2].islower() else p.name for p in procs]
    intro.append(rng.choice(("Today I performed ", "We proceeded with ", "Procedure today: ")) + " and ".join(names) + ".")
    paras.append(" ".join(intro))
    body = [rng.choice(CONSENT), rng.choice(SEDATION)] + ([boilerplate(rng, "pre")] if rng.random() < 0.5 else [])
    for p in procs:
        body.extend(p.steps)
        body.extend(p.findings)
    paras.append(" ".join(body))
    if rng.random() < 0.7:
        paras.append(boilerplate(rng, "post"))
    plan = [s for p in procs for s in p.plan] + extra_plan
    if plan:
        paras.append(" ".join(plan))
    return "\n\n".join(paras)


# --------------------------------------------------------------------------- visits

MEDS = ("gabapentin 300 mg TID, meloxicam 15 mg daily, lisinopril", "duloxetine 60 mg daily, tizanidine 4 mg qhs, metformin",
        "acetaminophen 1 g BID, topical lidocaine patch, atorvastatin", "tramadol 50 mg BID prn, cyclobenzaprine 10 mg qhs",
        "pregabalin 75 mg BID, naproxen 500 mg BID, levothyroxine", "hydrocodone/APAP 5/325 q8h prn, senna")
ROS = ("Negative except as noted in the HPI.", "Denies fever, weight loss, bowel or bladder incontinence.",
       "No saddle anesthesia, no night sweats; otherwise negative.", "Positive for poor sleep; 10-point ROS otherwise negative.")

def visit_block(v: VisitText, rng: random.Random, style: str, new: bool) -> str:
    if style == "soap":
        meds = f" Meds: {rng.choice(MEDS)}" if v.exam and rng.random() < 0.6 else ""
        vitals = f"BP {rng.randrange(110, 160)}/{rng.randrange(64, 94)}, HR {rng.randrange(58, 96)}. " if rng.random() < 0.6 else ""
        parts = [f"S: {v.hpi}{meds}", f"O: {vitals}{v.exam}" if v.exam else "", f"Data: {v.data}" if v.data else "",
                 "A: " + " ".join(f"{i}) {a}" for i, a in enumerate(v.assessment, 1)),
                 "P: " + " ".join(v.plan + ([v.mdm_summary] if v.mdm_summary else [])), v.time]
        return "\n".join(p for p in parts if p)
    if style == "narrative":
        text = [v.hpi, f"On exam, {v.exam}." if v.exam else "", v.data,
                "My impression is " + "; ".join(a.rstrip(".") for a in v.assessment) + ".", " ".join(v.plan), v.mdm_summary, v.time]
        return "\n\n".join(t for t in (" ".join(x for x in text[:3] if x), " ".join(x for x in text[3:] if x)) if t)
    upper = rng.random() < 0.5
    def h(s: str) -> str:
        return s.upper() if upper else s
    title = rng.choice(("NEW PATIENT CONSULTATION", "New Patient Visit", "Initial Pain Evaluation")) if new else \
        rng.choice(("FOLLOW-UP VISIT", "Established Patient Visit", "Office Visit", "Progress Note"))
    parts = [title, f"{h('Chief complaint')}: {v.cc}", f"{h('HPI')}: {v.hpi}"]
    if v.exam and rng.random() < 0.8:
        parts.append(f"{h('Current medications')}: " + rng.choice(MEDS))
        parts.append(f"{h('ROS')}: " + rng.choice(ROS))
        parts.append(f"{h('Vitals')}: BP {rng.randrange(110, 160)}/{rng.randrange(64, 94)}, HR {rng.randrange(58, 96)}, "
                     f"pain {rng.randrange(3, 10)}/10, BMI {rng.randrange(21, 41)}")
    if v.exam:
        parts.append(f"{h(rng.choice(('Exam', 'Physical examination', 'PE')))}: {v.exam}.")
    if v.data:
        parts.append(f"{h(rng.choice(('Data reviewed', 'Imaging/records', 'Studies')))}: {v.data}")
    parts.append(f"{h(v.assessment_title)}:\n" + "\n".join(f"{i}. {a}" for i, a in enumerate(v.assessment, 1)))
    parts.append(f"{h('Plan')}:\n" + "\n".join(f"- {p}" for p in v.plan))
    if v.mdm_summary:
        parts.append(v.mdm_summary)
    if v.time:
        parts.append(v.time)
    return "\n".join(parts) if rng.random() < 0.5 else "\n\n".join(parts)


# --------------------------------------------------------------------------- checkbox templates

CHECKLIST_FAMILIES = frozenset({"tfesi", "ilesi", "caudal", "facet", "rfa", "si_joint"})


def checklist(header: list[str], dx: list[str], proc, text: ProcText, rng: random.Random, notation: str) -> str:
    """An EHR smart-form: checkboxes for approach, region, side and guidance, then a short narrative.

    Unchecked boxes state nothing; a documentation gap leaves its boxes all unchecked.
    """
    from painrcm.demo.notes.phrasing import level_text

    on, off = rng.choice((("[x]", "[ ]"), ("[X]", "[ ]"), ("(X)", "( )"), ("[*]", "[ ]")))

    def boxes(options: list[tuple[str, bool]]) -> str:
        return "  ".join(f"{on if checked else off} {label}" for label, checked in options)

    f = proc.family
    lines = list(header)
    lines.append(rng.choice(("PROCEDURE FORM - SPINE", "Interventional Spine Procedure (template)", "Spine injection flowsheet")))
    if dx:
        lines.append(f"Diagnosis: {'; '.join(dx)}")
    if f in ("tfesi", "ilesi", "caudal"):
        gap = "approach" in proc.gaps
        lines.append("Procedure: epidural steroid injection")
        lines.append("Approach: " + boxes([("Transforaminal", f == "tfesi" and not gap), ("Interlaminar", f == "ilesi" and not gap),
                                            ("Caudal", f == "caudal" and not gap)]))
    elif f == "facet":
        lines.append("Procedure: " + boxes([("Medial branch block", proc.diagnostic), ("Intra-articular facet injection", not proc.diagnostic),
                                             ("Radiofrequency ablation", False)]))
    elif f == "rfa":
        lines.append("Procedure: " + boxes([("Medial branch block", False), ("Intra-articular facet injection", False),
                                             ("Radiofrequency ablation", True)]))
    else:
        lines.append("Procedure: " + boxes([("SI joint injection", True), ("SI joint RFA", False)]))
    if f != "si_joint":
        lines.append("Region: " + boxes([("Cervical", proc.region == "cervical"), ("Thoracic", proc.region == "thoracic"),
                                          ("Lumbar/sacral", proc.region in ("lumbar", "sacral"))]))
    right, left = proc.levels_on("right"), proc.levels_on("left")
    lat_gap = "laterality" in proc.gaps or f in ("ilesi", "caudal")
    both = bool(right and left and set(right) == set(left))
    lines.append("Side: " + boxes([("Right", not lat_gap and bool(right) and not both), ("Left", not lat_gap and bool(left) and not both),
                                    ("Bilateral", not lat_gap and both)]))
    if f != "si_joint" and f != "caudal":
        if lat_gap or both or not (right and left):
            lines.append("Level(s): " + ", ".join(level_text(x, notation) for x in proc.levels))
        else:
            lines.append(f"Level(s): right {', '.join(level_text(x, notation) for x in right)}; left {', '.join(level_text(x, notation) for x in left)}")
    img_gap = bool({"imaging_unstated", "modality_unnamed"} & proc.gaps)
    lines.append("Guidance: " + boxes([("Fluoroscopy", not img_gap and proc.imaging == "fluoroscopy"),
                                        ("CT", not img_gap and proc.imaging == "ct"),
                                        ("Ultrasound", not img_gap and proc.imaging == "ultrasound"),
                                        ("None", not img_gap and proc.imaging == "none")]))
    if not img_gap and proc.imaging in ("fluoroscopy", "ct", "ultrasound"):
        lines.append("Images saved to PACS: " + boxes([("Yes", proc.image_saved), ("No", not proc.image_saved)]))
    lines.append("Sedation: " + boxes([("None", rng.random() < 0.6), ("Minimal", False), ("MAC", False)]).replace(f"{off} Minimal", f"{off} Minimal"))
    lines.append("Complications: " + boxes([("None", True), ("Other", False)]))
    notes = [s for s in text.steps if "needle" in s.lower() or "injected" in s.lower() or "interpret" in s.lower()]
    if notes:
        lines.append("Comments: " + " ".join(notes[:3]))
    if text.history:
        lines.append("History: " + " ".join(text.history))
    if text.findings:
        lines.append("Response: " + " ".join(text.findings))
    if text.plan:
        lines.append("Plan: " + " ".join(text.plan))
    return "\n".join(lines)
