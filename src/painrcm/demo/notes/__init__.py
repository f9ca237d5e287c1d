"""Synthetic clinical notes: render an encounter's facts as text in a physician's style.

``write_note(truth, rng, provider=..., dos=...)`` returns the note text. One writer module per
procedure family group (``spine``, ``other``, ``scs``, ``visit``); ``styles`` arranges the pieces.
"""

from __future__ import annotations

import random
from datetime import date

from painrcm.demo.notes import other, scs, spine
from painrcm.demo.notes.common import PREP, TOLERANCE, ProcText
from painrcm.demo.notes.diagnoses import DX_PHRASES
from painrcm.demo.notes.phrasing import LEVEL_STYLES, add_typos
from painrcm.demo.notes.styles import CHECKLIST_FAMILIES, STYLES, checklist, dictation, ehr, narrative, terse, visit_block
from painrcm.demo.notes.visit import write_visit
from painrcm.demo.truth import EncounterTruth, Procedure

__all__ = ["write_note", "STYLES"]

WRITERS = {
    "tfesi": spine.write_tfesi, "ilesi": spine.write_ilesi, "caudal": spine.write_ilesi,
    "facet": spine.write_facet, "rfa": spine.write_rfa,
    "si_joint": other.write_si_joint, "si_rfa": other.write_si_rfa,
    "genicular_rfa": other.write_genicular, "genicular_block": other.write_genicular,
    "joint": other.write_joint, "tpi": other.write_tpi, "nerve_block": other.write_nerve_block,
    "sympathetic": other.write_sympathetic, "blood_patch": other.write_blood_patch, "vert_aug": other.write_vert_aug,
    "scs_trial": scs.write_scs_trial, "scs_implant": scs.write_scs_implant, "scs_programming": scs.write_programming,
}
_DETAIL = {"joint", "nerve_block", "sympathetic", "blood_patch", "tpi", "ilesi", "caudal", "si_joint", "scs_programming",
           "scs_implant"}

HYPOTHETICALS = {
    "rfa": ("Will consider RFA if relief > 80%.", "If the blocks are positive we may proceed with radiofrequency ablation.",
            "RFA discussed as a future option; not scheduled."),
    "mbb": ("Consider diagnostic medial branch blocks if axial pain persists.", "Possible MBB in the future."),
    "scs": ("We discussed a spinal cord stimulator trial as a possible next step.", "Would consider SCS trial if she fails conservative care."),
    "tfesi": ("May repeat the transforaminal injection in 4-6 weeks if needed.", "Could consider TFESI if radicular pain returns."),
    "kypho": ("Kyphoplasty would be considered if pain persists beyond 6 weeks.",),
    "tpi": ("Trigger point injections could be offered at the next visit.",),
}
NOT_BILLABLE = {
    "cancelled": ("Procedure cancelled: blood pressure 212/118 in pre-op; patient sent to PCP. No needle was placed.",
                  "Patient arrived having taken clopidogrel this morning; procedure postponed. Nothing performed today."),
    "impar": ("Ganglion impar block under fluoroscopy: a 22-gauge needle was advanced through the sacrococcygeal ligament; 4 mL 0.25% bupivacaine injected.",),
    "lysis": ("Percutaneous epidural lysis of adhesions (Racz catheter) over 1 day: catheter placed via the sacral hiatus, hyaluronidase and hypertonic saline infused.",),
    "prp": ("Platelet-rich plasma injection of the right knee: 5 mL autologous PRP injected under ultrasound.",),
}
ANESTHESIA = ("Local", "Local anesthesia", "Local with minimal sedation (midazolam 2 mg IV)", "Local; no sedation",
              "MAC", "1% lidocaine local")


def _dx_lines(codes: list[str], rng: random.Random, with_codes: bool) -> list[str]:
    out = []
    for c in codes:
        phrase = rng.choice(DX_PHRASES[c])
        out.append(f"{phrase} ({c})" if with_codes else phrase)
    return out


def _header(rng: random.Random, provider: str, dos: date | None, pos: str, style: str, visit: bool = False) -> list[str]:
    if style == "terse" and rng.random() < 0.6:
        return [dos.strftime("%m/%d/%y")] if dos and rng.random() < 0.5 else []
    lines = []
    if dos and rng.random() < 0.8:
        lines.append(rng.choice(("Date of service: ", "DOS: ", "Date: ", "Date of procedure: ")) + dos.strftime(rng.choice(("%m/%d/%Y", "%Y-%m-%d", "%B %d, %Y"))))
    if rng.random() < 0.7:
        office = ("Riverside Interventional Pain, Millbrook office", "Pain clinic") if visit else \
            ("Riverside Interventional Pain - office procedure room", "Clinic procedure room")
        loc = {"11": office,
               "24": ("Riverside Surgery Center (ASC)", "Ambulatory surgery center"),
               "22": ("Mercy Valley Hospital outpatient procedure unit", "Hospital outpatient department")}[pos]
        lines.append(rng.choice(("Location: ", "Facility: ", "Site: ")) + rng.choice(loc))
    if rng.random() < 0.6:
        lines.append(rng.choice(("Provider: ", "Physician: ", "Performed by: ", "Attending: ")) + provider)
    return lines


def render_procedures(procs: tuple[Procedure, ...], rng: random.Random, notation: str, terse_style: bool) -> list[ProcText]:
    out = []
    for i, p in enumerate(procs):
        t = WRITERS[p.family](p, rng, notation, terse_style)
        t.needs_detail = p.family in _DETAIL
        t.conservative = p.family not in ("blood_patch", "scs_programming", "scs_implant", "vert_aug") and p.site not in ("celiac", "sphenopalatine")
        if len(procs) > 1:  # one prep and one "tolerated well" per session, not per procedure
            t.steps = [s for s in t.steps if not ((i > 0 and s in PREP) or (i < len(procs) - 1 and s in TOLERANCE))]
            if i > 0:
                t.steps.insert(0, rng.choice(("Attention was then turned to the next procedure.", "Next procedure:", "Then:",
                                              "Second procedure:", "Following this procedure:")))
        out.append(t)
    return out


def write_note(truth: EncounterTruth, rng: random.Random, *, provider: str = "the attending physician",
               dos: date | None = None, style: str | None = None, typos: bool = False) -> str:
    """The note text for ``truth`` (procedures and/or visit), in ``style`` or a random one."""
    style = style or truth.style or rng.choice(STYLES)
    notation = rng.choice(LEVEL_STYLES) if style != "terse" else rng.choice(("dash", "slash", "compact", "full"))
    procs = render_procedures(truth.procedures, rng, notation, style == "terse")
    dx_codes: list[str] = []
    for p in truth.procedures:
        if "diagnosis" not in p.gaps:
            dx_codes.extend(c for c in p.dx if c not in dx_codes)
    dx = _dx_lines(dx_codes, rng, with_codes=(style == "ehr" and rng.random() < 0.3))
    extra_history: list[str] = []
    extra_plan = [rng.choice(HYPOTHETICALS[h]) for h in truth.planned if h in HYPOTHETICALS]
    anesthesia = rng.choice(ANESTHESIA)
    header = _header(rng, provider, dos, truth.place_of_service, style, visit=truth.visit is not None)
    parts: list[str] = []
    if truth.visit is not None:
        v = truth.visit
        # a considered procedure is part of the risk element: only where risk is already moderate or high
        hyp = extra_plan.pop(0) if extra_plan and not truth.procedures and v.risk >= 4 else ""
        vt = write_visit(v, rng, side=v.side, hypothetical=hyp)
        vstyle = {"terse": "soap", "narrative": "narrative"}.get(style, rng.choice(("soap", "ehr_visit", "ehr_visit")))
        if truth.procedures:
            vt.plan.insert(0, rng.choice(("In addition to today's procedure, the above problem was evaluated and managed separately.",
                                          "Separately from the injection, we addressed this problem today.",
                                          "This was a separate, significant evaluation beyond the pre-procedure assessment.")))
        parts.append("\n".join(header) + ("\n\n" if header else "") + visit_block(vt, rng, vstyle, v.new))
        header = []
    if truth.procedures:
        pstyle = style if style in STYLES else "ehr"
        single = len(truth.procedures) == 1 and truth.procedures[0].family in CHECKLIST_FAMILIES
        if pstyle == "ehr" and single and truth.visit is None and rng.random() < 0.3:
            body = checklist(header, dx, truth.procedures[0], procs[0], rng, notation)
        elif pstyle == "ehr":
            body = ehr(header, dx, procs, rng, anesthesia, extra_history, extra_plan)
        elif pstyle == "dictation":
            body = dictation(header, dx, procs, rng, anesthesia, extra_history, extra_plan, provider)
        elif pstyle == "terse":
            body = terse(header, dx, procs, rng, anesthesia, extra_history, extra_plan)
        else:
            body = narrative(header, dx, procs, rng, anesthesia, extra_history, extra_plan)
        if truth.visit is not None:
            body = rng.choice(("PROCEDURE\n", "Procedure note:\n", "--- Procedure ---\n", "PROCEDURE NOTE\n")) + body
        parts.append(body)
    if not truth.procedures and truth.visit is None:
        text = rng.choice(NOT_BILLABLE.get(truth.not_billable, NOT_BILLABLE["cancelled"]))
        parts.append("\n".join(header + [text, rng.choice(("Patient discharged home.", "Will reschedule.", ""))]))
    if truth.not_billable and (truth.procedures or truth.visit is not None):
        parts.append(rng.choice(("Also performed: ", "Additional procedure: ", "")) + rng.choice(NOT_BILLABLE.get(truth.not_billable, NOT_BILLABLE["impar"])))
    note = "\n\n".join(p for p in parts if p)
    if truth.printed_codes:
        cpts = [c for c in truth.printed_codes if "." not in c]
        icd9 = [c for c in truth.printed_codes if "." in c]
        trailer = []
        if cpts:
            trailer.append(rng.choice(("CPT: ", "CPT codes: ", "Codes: ")) + ", ".join(cpts))
        if icd9:
            trailer.append(rng.choice(("ICD-9: ", "Dx codes: ", "ICD: ")) + ", ".join(icd9))
        trailer.append(rng.choice(("D: {d} T: {d}", "Dictated but not read.", "Job #{j}")).format(
            d=dos.strftime("%m/%d/%Y") if dos else "", j=rng.randint(10000, 99999)))
        note += "\n\n" + "\n".join(trailer)
    if typos:
        note = add_typos(note, rng)
    if style == "dictation" and rng.random() < 0.12 and not any("laterality" in p.gaps for p in truth.procedures):
        note = note.upper()  # old transcription systems print everything in capitals
    return note.strip() + "\n"
