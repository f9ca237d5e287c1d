"""``code_note``: one note in, proposed lines with evidence and provider queries out.

Steps: extract facts (:mod:`painrcm.notes.extract`) -> per-procedure drafts
(:mod:`.procedures`) -> imaging guidance (:mod:`.imaging`) -> E/M (:mod:`.em`) ->
laterality per the payer's bilateral style and the PFS bilateral indicator -> distinct-site
modifiers on NCCI pairs -> diagnoses (:mod:`.diagnoses`) -> printed-code conflicts.

>>> r = code_note("PROCEDURE: Bilateral L4-5 transforaminal epidural steroid injection under "
...               "fluoroscopy.\\nDIAGNOSIS: Lumbar radiculopathy.")
>>> [(l.code, l.modifiers, l.units) for l in r.lines], r.diagnoses, r.status
([('64483', ('50',), 1)], ('M54.16',), 'ready')
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from painrcm.coding.diagnoses import map_diagnoses
from painrcm.coding.em import code_em
from painrcm.coding.imaging import imaging_code
from painrcm.coding.model import CodeLine, CodingResult, Query
from painrcm.coding.procedures import Draft, code_procedure
from painrcm.notes.extract import extract
from painrcm.notes.facts import NoteFacts
from painrcm.policy import load_policy
from painrcm.reference.codes import lookup
from painrcm.reference.ncci import ptp_edit

_FAMILY_REGION = {"cervical_thoracic": "cervical", "lumbar_sacral": "lumbar"}
_DEVICE_GENERATOR = {"integrated_rechargeable": "C1607", "rechargeable": "C1820",
                     "non_rechargeable": "C1767", "external": "C1827"}


def code_note(text: str, *, payer: str | None = None, pos: str | None = None, dos: date | None = None,
              visit_type: str | None = None) -> CodingResult:
    """Propose the codes for one note (see module doc). ``visit_type``: 'new' or 'established'."""
    policy = load_policy(payer or "medicare")
    day = dos or date.today()
    facts = extract(text)
    drafts: list[Draft] = []
    queries: list[Query] = []
    for fact in facts.procedures:
        d, q = code_procedure(fact)
        queries.extend(q)
        primaries = [x for x in d if not (lookup(x.code) and lookup(x.code).is_addon)]
        for p in primaries[:1]:
            img, msg = imaging_code(p.code, fact.imaging)
            if img:
                d.append(Draft(img, 1, None, fact, fact.imaging and fact.evidence))
            if msg:
                queries.append(Query("imaging_documentation", msg))
        drafts.extend(d)
    drafts = _devices(drafts, facts, policy, pos, day, queries)
    for what, ev in facts.unsupported:
        queries.append(Query("not_billable", f"{what}: not in the pain code set; review manually."))
    # diagnoses (also feed the E/M problem count)
    region = next((_FAMILY_REGION.get(p.region or "") for p in facts.procedures if p.region), None)
    side = next((p.sides[0] if len(p.sides) == 1 else "B" for p in facts.procedures if p.sides), None)
    diagnoses, _ = map_diagnoses([e.text for e in facts.diagnosis_text], default_region=region,
                                 default_side=side)
    # E/M
    v = facts.visit
    structural = [d for d in diagnoses if not d.startswith(("G89", "Z", "F"))]
    if v.is_visit and not facts.procedures and len(structural) >= 2 and \
            v.problems in (None, "straightforward", "low"):
        v = replace(v, problems="moderate")  # two or more chronic illnesses addressed
    procedure_done = bool(drafts) or bool(facts.procedures)
    if v.is_visit and procedure_done and not (v.separate_evaluation or v.risk in ("moderate", "high")):
        v = replace(v, is_visit=False)  # the evaluation is the procedure's pre-service work
    if v.is_visit:
        codes, units, msg = code_em(v, visit_type=visit_type, opioid_high=policy.em.opioid_monitoring_is_high_risk,
                                    prolonged=policy.em.prolonged_code.value)
        if msg:
            queries.append(Query("em_level", msg))
        else:
            procedure_globals = [lookup(x.code).global_days for x in drafts if lookup(x.code)]
            same_day = any(g in (0, 10) for g in procedure_globals if g is not None) or (
                bool(facts.procedures) and not drafts)  # a procedure done but not coded (query) still needs 25
            if same_day and not (v.separate_evaluation or v.risk in ("moderate", "high")):
                codes = []  # the evaluation is the procedure's pre-service work
            mods = ("25",) if same_day and codes else ()
            for i, c in enumerate(codes):
                drafts.append(Draft(c, units if i else 1, None, None, v.evidence,
                                    extra_modifiers=mods if i == 0 else ()))
            if codes and not mods and v.longitudinal and policy.em.g2211_allowed and \
                    _in_effect("G2211", day):
                drafts.append(Draft("G2211", 1, None, None, v.evidence))
    # validity on the date of service
    kept = []
    for d in drafts:
        if not _in_effect(d.code, day):
            queries.append(Query("not_billable", f"{d.code} is not valid on {day.isoformat()}."))
            continue
        kept.append(d)
    lines = _lateralise(kept, policy, pos)
    lines = _distinct(lines, kept, policy, day)
    if not lines and not queries:
        queries.append(Query("not_billable", "The note documents no billable service."))
    if not diagnoses and (lines or facts.procedures):
        queries.append(Query("diagnosis", "No billable ICD-10-CM diagnosis could be taken from the "
                                          "indication, diagnosis or assessment."))
    pointers = tuple(diagnoses[:4])
    lines = [CodeLine(l.code, l.modifiers, l.units, pointers, l.evidence) for l in lines]
    # printed codes that disagree with the documentation
    proposed = {l.code for l in lines}
    for code in facts.printed_codes:
        info = lookup(code)
        if info is None or info.family == "drug" or not info.in_effect(day):
            continue  # not a pain-set code, a drug, or a deleted code (76005, 95973): ignored
        if code not in proposed:
            queries.append(Query("code_conflict", f"The note prints code {code}, which the documented "
                                                  f"work does not support."))
    queries = _dedupe(queries)
    return CodingResult(tuple(lines), tuple(diagnoses), tuple(queries), facts.to_json())


def _in_effect(code: str, day: date) -> bool:
    info = lookup(code)
    return info is None or info.in_effect(day)


def _devices(drafts: list[Draft], facts: NoteFacts, policy, pos: str | None, day: date,
             queries: list[Query]) -> list[Draft]:
    if pos is None or not policy.device_codes_reported(pos):
        return drafts
    out = list(drafts)
    generators = [d for d in drafts if d.code == "63685"]
    if generators and not any(_DEVICE_GENERATOR.get((d.fact.device if d.fact else None) or "") for d in generators):
        queries.append(Query("device", "Pulse generator: the device type (integrated, rechargeable or not) is not "
                                       "documented; the device HCPCS codes depend on it."))
        return drafts  # no device line until the type is known
    for d in drafts:
        f = d.fact
        integrated = any(x.code == "63685" and x.fact and x.fact.device == "integrated_rechargeable" and
                         _in_effect("C1607", day) for x in drafts)
        if d.code in ("63650", "63655") and not integrated and not (f and f.detail == "trial"):
            out.append(Draft("C1778", d.units, None, f, d.evidence))
        if d.code == "63685":
            kind = f.device if f else None
            code = _DEVICE_GENERATOR.get(kind or "")
            if code == "C1607" and not _in_effect("C1607", day):
                code = "C1820"
            if code is None:
                queries.append(Query("device", "Pulse generator: the device type (rechargeable or not) is "
                                               "not documented; the device HCPCS code depends on it."))
            else:
                out.append(Draft(code, 1, None, f, d.evidence))
    return out


def _lateralise(drafts: list[Draft], policy, pos: str | None) -> list[CodeLine]:
    style = policy.bilateral_style(pos).value
    lines: list[CodeLine] = []
    for d in drafts:
        info = lookup(d.code)
        indicator = info.bilateral_indicator if info else None
        mods = list(d.extra_modifiers)
        if d.side is None or indicator not in ("1", "3"):
            lines.append(CodeLine(d.code, tuple(mods), d.units, (), d.evidence))
            continue
        if d.side == "B":
            if style == "rt_lt_two_lines":
                lines.append(CodeLine(d.code, tuple(mods + ["RT"]), d.units, (), d.evidence))
                lines.append(CodeLine(d.code, tuple(mods + ["LT"]), d.units, (), d.evidence))
            elif style == "modifier_50_two_units":
                lines.append(CodeLine(d.code, tuple(mods + ["50"]), d.units * 2, (), d.evidence))
            else:
                lines.append(CodeLine(d.code, tuple(mods + ["50"]), d.units, (), d.evidence))
        else:
            lines.append(CodeLine(d.code, tuple(mods + ["RT" if d.side == "R" else "LT"]), d.units, (),
                                  d.evidence))
    # one line per (code, modifier set)
    merged: dict[tuple[str, tuple[str, ...]], CodeLine] = {}
    for l in lines:
        key = (l.code, l.modifiers)
        if key in merged:
            m = merged[key]
            merged[key] = CodeLine(m.code, m.modifiers, m.units + l.units, (), m.evidence + l.evidence)
        else:
            merged[key] = l
    return list(merged.values())


def _distinct(lines: list[CodeLine], drafts: list[Draft], policy, day: date) -> list[CodeLine]:
    """Add 59/XS to the column-2 code of an NCCI pair done at a different site."""
    fam = {}
    for d in drafts:
        if d.fact is not None:
            fam.setdefault(d.code, set()).add((d.fact.family, d.fact.target))
    out = list(lines)
    for i, a in enumerate(out):
        for j, b in enumerate(out):
            if i >= j or a.code == b.code:
                continue
            fa, fb = fam.get(a.code), fam.get(b.code)
            if not fa or not fb or fa & fb:
                continue
            edit = ptp_edit(a.code, b.code, day)
            if edit is None or not edit.modifier_allowed:
                continue
            k = j if edit.column2 == b.code else i
            line = out[k]
            mod = policy.distinct_modifier("structure")
            if mod not in line.modifiers:
                out[k] = CodeLine(line.code, line.modifiers + (mod,), line.units, line.diagnoses, line.evidence)
    return out


def _dedupe(queries: list[Query]) -> list[Query]:
    seen = set()
    out = []
    for q in queries:
        key = (q.topic, q.message)
        if key not in seen:
            seen.add(key)
            out.append(q)
    return out
