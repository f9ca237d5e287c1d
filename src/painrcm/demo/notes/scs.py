"""Note text for spinal cord stimulation: trial leads, permanent implant, programming visits.

>>> import random
>>> from painrcm.demo.truth import Procedure
>>> t = write_programming(Procedure("scs_programming", parameters=("amplitude", "pulse width")), random.Random(1), "dash", False)
>>> "amplitude" in " ".join(t.steps).lower()
True
"""

from __future__ import annotations

import random

from painrcm.demo.notes.common import PREP, TOLERANCE, ProcText
from painrcm.demo.truth import Procedure

COUNT_WORDS = {1: ("one", "a single", "1"), 2: ("two", "2", "two")}
DEVICE_WORDS = {
    "integrated": ("an integrated rechargeable neurostimulator system (integrated implantable neurostimulator)",
                   "the integrated neurostimulator (all implantable components in one integrated device)"),
    "rechargeable": ("a rechargeable implantable pulse generator", "a rechargeable IPG"),
    "nonrechargeable": ("a non-rechargeable (primary cell) implantable pulse generator", "a non-rechargeable IPG"),
}


def _leads(n: int, rng: random.Random) -> str:
    w = rng.choice(COUNT_WORDS.get(n, (str(n),)))
    return f"{w} {'lead' if n == 1 else 'leads'}"


def write_scs_trial(p: Procedure, rng: random.Random, notation: str, terse: bool) -> ProcText:
    leads = _leads(p.leads, rng)
    tops = rng.choice(("top of T8", "superior endplate of T8", "T7-T8", "mid T8"))
    name = rng.choice(("Spinal cord stimulator trial: percutaneous placement of epidural leads",
                       f"SCS trial, {leads} percutaneous", "Percutaneous spinal cord stimulator trial lead placement"))
    short = f"SCS trial - {leads} placed perc, tips {tops}"
    steps = [rng.choice(PREP), "Under fluoroscopic guidance, a 14-gauge Tuohy needle entered the epidural space at T12-L1 with loss of resistance.",
             f"{leads.capitalize()} (8-contact) {'were' if p.leads > 1 else 'was'} advanced in the dorsal epidural space to the {tops}.",
             "Intraoperative testing produced paresthesia coverage of the painful area.",
             f"The {'leads were' if p.leads > 1 else 'lead was'} anchored to the skin and connected to the external trial stimulator.",
             rng.choice(TOLERANCE)]
    plan = [rng.choice(("Trial for 5-7 days; if >50% relief, will proceed with permanent implant.",
                        "Will consider permanent implantation if the trial is successful.",
                        "Return for lead pull and trial assessment in one week."))]
    return ProcText(name=name, short=short, steps=steps, plan=plan, imaging_field="fluoroscopy")


def write_scs_implant(p: Procedure, rng: random.Random, notation: str, terse: bool) -> ProcText:
    leads = _leads(p.leads, rng)
    if "device" in p.gaps:
        device = rng.choice(("the generator", "the IPG", "the implantable pulse generator"))
    else:
        device = rng.choice(DEVICE_WORDS[p.device])
    name = rng.choice(("Permanent spinal cord stimulator implantation: percutaneous leads and pulse generator",
                       f"SCS implant ({leads}, IPG placement)",
                       "Implantation of spinal cord stimulator leads and insertion of pulse generator"))
    short = f"perm SCS - {leads}, IPG L flank"
    steps = [rng.choice(PREP), "Under fluoroscopy, the epidural space was entered at T12-L1 with a Tuohy needle using loss of resistance.",
             f"{leads.capitalize()} {'were' if p.leads > 1 else 'was'} advanced to the top of T8 with concordant paresthesia mapping.",
             "The leads were anchored to the fascia and tunneled to a subcutaneous pocket in the left flank.",
             f"A pocket was created and {device} was connected and implanted; impedances were normal.",
             "Wounds were irrigated and closed in layers.", rng.choice(TOLERANCE)]
    history = [rng.choice(("She completed a 7-day SCS trial with 70% relief and improved function.",
                           "Successful trial with more than 60% pain relief.", "Trial in the prior month was positive."))]
    return ProcText(name=name, short=short, steps=steps, history=history, imaging_field="fluoroscopy")


PARAM_TEXT = {
    "amplitude": ("amplitude increased from 3.2 to 4.0 mA", "amplitude adjusted to 2.5 mA", "amp 4.5 -> 5.1 mA"),
    "pulse width": ("pulse width changed from 300 to 450 us", "PW decreased to 210 usec", "pulse width 350 us"),
    "frequency": ("frequency reduced from 60 to 40 Hz", "rate set to 1200 Hz", "frequency 50 -> 70 Hz"),
    "electrode configuration": ("active contacts changed to 2+ 3- 4+", "electrode configuration moved one contact caudally",
                                "new contact combination 5-6"),
    "cycling": ("cycling turned on, 1 min on / 2 min off", "cycle mode enabled"),
    "waveform": ("waveform changed to burst mode", "switched to a high-frequency program"),
}


def write_programming(p: Procedure, rng: random.Random, notation: str, terse: bool) -> ProcText:
    name = rng.choice(("Spinal cord stimulator analysis and programming", "Neurostimulator interrogation and reprogramming",
                       "SCS programming visit", "Electronic analysis of implanted neurostimulator"))
    steps = [rng.choice(("The device was interrogated with the clinician programmer; impedances were within normal limits.",
                         "Interrogation: battery adequate, impedances normal on all contacts.",
                         "IPG interrogated in clinic with the manufacturer's representative present."))]
    if "parameters" in p.gaps or p.parameters is None:
        steps.append(rng.choice(("The device was reprogrammed for better coverage of the left leg.",
                                 "Programming adjusted to optimize coverage; patient reports improvement.",
                                 "New program created and saved; patient satisfied with paresthesia coverage.")))
        short = "SCS reprogrammed"
    elif not p.parameters:
        steps.append(rng.choice(("No programming changes were made; current settings continued.",
                                 "Settings reviewed and left unchanged.", "No parameters were changed today.")))
        short = "SCS interrogation only, no changes"
    else:
        changes = [rng.choice(PARAM_TEXT[x]) for x in p.parameters]
        rng.shuffle(changes)
        steps.append("Programming changes: " + "; ".join(changes) + ".")
        short = "SCS reprog: " + ", ".join(changes)
    steps.append(rng.choice(("Patient reports good coverage after adjustments.", "She will call if coverage decreases.", "")))
    return ProcText(name=name, short=short, steps=[s for s in steps if s])
