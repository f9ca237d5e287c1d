"""The requirement check before scheduling: does a planned procedure need prior authorization,
what must the payer's clinical package contain, and does the frequency limit leave room?

Everything comes from the payer policy file: ``prior_auth.rules`` (codes/families, places of
service, states, dates - the Traditional Medicare WISeR states and the OPPS list live in
``medicare.yaml``), ``rfa_prerequisite``, ``scs``, ``conservative_treatment``, ``repeat_injection``,
``levels_per_session``, ``covered_diagnoses`` and ``frequency_limits``. Frequency use comes from the
claim history (``painrcm.auth.frequency``).

When a rule depends on the patient's state and no state is given, the answer is "depends"
(``needs_auth`` is None) with the states named, rather than a guess.

>>> from datetime import date
>>> r = check_requirements(PlannedProcedure("medicare", date(2026, 3, 2), codes=("64483",),
...                                         levels=("L4-5",), side="right", place_of_service="11", state="TX"))
>>> r.needs_auth, r.rules[0].program
(True, 'WISeR')
>>> check_requirements(PlannedProcedure("medicare", date(2026, 3, 2), codes=("64483",), state="PA")).needs_auth
False
>>> check_requirements(PlannedProcedure("medicare", date(2026, 3, 2), codes=("64483",))).needs_auth is None
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Iterable

from painrcm.auth.deadlines import Service, check_service
from painrcm.auth.frequency import FrequencyRoom, frequency_room
from painrcm.auth.model import Authorization
from painrcm.auth.policies import policy_for
from painrcm.errors import InputError
from painrcm.policy import PayerPolicy, PriorAuth, families_of, family_of, is_family
from painrcm.scrub.history import HistoryIndex, PatientKey

_REGION_OF_LETTER = {"C": "cervical", "T": "thoracic", "L": "lumbar", "S": "sacral"}


@dataclass(frozen=True, slots=True)
class PlannedProcedure:
    """A procedure to schedule: codes (or a family), levels, side, place, payer, state and date."""

    payer_id: str
    date_of_service: date
    codes: tuple[str, ...] = ()
    family: str | None = None
    levels: tuple[str, ...] = ()
    side: str | None = None  # left | right | bilateral
    place_of_service: str | None = None
    state: str | None = None  # the patient's (or the service's) state, for state-limited rules
    region: str | None = None  # cervical | thoracic | lumbar | sacral; from the levels when None
    patient_id: str | None = None

    @property
    def main_family(self) -> str | None:
        if self.family:
            return self.family
        for code in self.codes:
            fam = family_of(code)
            if fam:
                return fam
        return None

    @property
    def spinal_region(self) -> str | None:
        if self.region:
            return self.region.lower()
        for lv in self.levels:
            letter = lv.strip().upper()[:1]
            if letter in _REGION_OF_LETTER:
                return _REGION_OF_LETTER[letter]
        return None


@dataclass(frozen=True, slots=True)
class MatchedRule:
    applies_to: tuple[str, ...]
    program: str | None
    note: str | None
    states: tuple[str, ...] = ()
    places_of_service: tuple[str, ...] = ()
    depends_on_state: bool = False


@dataclass(frozen=True)
class Requirement:
    """The answer of the requirement check."""

    planned: PlannedProcedure
    needs_auth: bool | None  # None: depends on a state not given
    rules: tuple[MatchedRule, ...]
    package: tuple[str, ...]  # what the payer's clinical package must contain
    frequency: tuple[FrequencyRoom, ...]
    reasons: tuple[str, ...]
    warnings: tuple[str, ...] = ()
    covered_by: str | None = None  # an approved auth on file that covers the planned service
    auth_problems: tuple[str, ...] = ()  # why the closest auth on file does not cover it
    renewal_lead_days: int = 14
    retro_auth_window_days: int = 30
    extra: dict = field(default_factory=dict)

    @property
    def frequency_ok(self) -> bool:
        return all(f.fits for f in self.frequency)

    def to_json(self) -> dict:
        p = self.planned
        return {
            "payer": p.payer_id, "date_of_service": p.date_of_service.isoformat(), "codes": list(p.codes),
            "family": p.main_family, "levels": list(p.levels), "side": p.side, "place_of_service": p.place_of_service,
            "state": p.state, "needs_auth": self.needs_auth,
            "rules": [{"applies_to": list(r.applies_to), "program": r.program, "note": r.note, "states": list(r.states),
                       "places_of_service": list(r.places_of_service), "depends_on_state": r.depends_on_state}
                      for r in self.rules],
            "package": list(self.package),
            "frequency": [{"family": f.family, "region": f.region, "max_sessions": f.max_sessions,
                           "window_days": f.window_days, "window_start": f.window_start.isoformat(), "used": f.used,
                           "remaining": f.remaining, "this_session_counts": f.this_session,
                           "session_dates": [d.isoformat() for d in f.session_dates],
                           "next_available": f.next_available.isoformat() if f.next_available else None,
                           "fits": f.fits} for f in self.frequency],
            "frequency_ok": self.frequency_ok, "covered_by": self.covered_by,
            "auth_problems": list(self.auth_problems), "reasons": list(self.reasons), "warnings": list(self.warnings),
            "renewal_lead_days": self.renewal_lead_days, "retro_auth_window_days": self.retro_auth_window_days,
        }


def _targets(planned: PlannedProcedure) -> tuple[str, ...]:
    if planned.codes:
        return tuple(c.upper() for c in planned.codes)
    if planned.family:
        if not is_family(planned.family):
            raise InputError(f"unknown procedure family {planned.family!r}", field="family")
        return (planned.family,)
    raise InputError("give the planned codes or a procedure family", field="codes")


def matched_rules(policy: PayerPolicy, planned: PlannedProcedure) -> list[MatchedRule]:
    """The payer's prior-auth rules that apply (each asked through ``requires_prior_auth``)."""
    out: list[MatchedRule] = []
    targets = _targets(planned)
    for rule in policy.prior_auth.rules:
        single = policy.model_copy(update={"prior_auth": PriorAuth(rules=(rule,))})
        if not any(single.requires_prior_auth(t, planned.place_of_service, planned.state, planned.date_of_service)
                   for t in targets):
            continue
        out.append(MatchedRule(tuple(rule.applies_to), rule.program, rule.note, tuple(rule.states),
                               tuple(rule.places_of_service),
                               depends_on_state=bool(rule.states) and planned.state is None))
    return out


def _repeat_relief(policy: PayerPolicy, family: str):
    for fam in families_of(family):
        for item in policy.repeat_injection:
            if item.family == fam:
                return item
    return None


def clinical_package(policy: PayerPolicy, planned: PlannedProcedure) -> list[str]:
    """What the payer's clinical package must contain for this procedure (payer file driven)."""
    fam = planned.main_family or ""
    fams = set(families_of(fam)) if fam else set()
    codes = set(planned.codes)
    out = ["Order with CPT/HCPCS codes, levels, side and place of service",
           "Diagnoses (ICD-10-CM) supporting the procedure"]
    covered = policy.covered_diagnosis_prefixes(fam) if fam else None
    if covered:
        out[-1] += f" (payer list: {', '.join(covered)})"
    weeks = policy.conservative_treatment_weeks(fam) if fam else None
    if weeks:
        out.append(f"Conservative treatment history: at least {weeks} weeks (physical therapy, medications, "
                   "activity modification) and its result")
    if fams & {"esi", "facet_interventions", "facet", "rfa", "scs", "vertebral_augmentation"}:
        out.append("Pain score and functional impairment (e.g. ODI/NDI, activities of daily living)")
        out.append("Imaging correlation (MRI/CT/X-ray findings at the planned levels)")
    if "facet_rfa" in fams:
        req = policy.rfa_prerequisite
        dur = (f", relief lasting at least {req.min_relief_duration_hours:g} hours" if req.min_relief_duration_hours
               else ", relief duration documented")
        out.append(f"{req.diagnostic_blocks} diagnostic medial branch block(s)"
                   + (" on separate dates" if req.separate_dates else "")
                   + (" at the same levels and side" if req.same_levels_and_side else "")
                   + f", each with >= {req.relief_threshold_pct}% relief{dur}: the block notes themselves")
        out.append(f"Repeat RFA: at least {req.repeat_rfa_min_months} months after the prior one with "
                   f">= {req.repeat_rfa_relief_pct}% relief for {req.repeat_rfa_relief_min_months} months")
    if "scs" in fams:
        scs = policy.scs
        if scs.psychological_evaluation_required:
            out.append("Psychological evaluation clearing the patient for neurostimulation")
        if "63685" in codes or planned.family == "scs" and not codes:
            out.append(f"Trial results: >= {scs.trial_success_relief_pct}% pain relief with functional gains "
                       "(permanent implant)")
        if scs.separate_trial_and_implant_auth:
            out.append("Trial and permanent implant are separate authorizations")
    repeat = _repeat_relief(policy, fam) if fam else None
    if repeat is not None:
        days = f" for at least {repeat.min_relief_days} days" if repeat.min_relief_days else ""
        out.append(f"For a repeat {repeat.family.replace('_', ' ')}: prior injection gave >= "
                   f"{repeat.min_relief_pct}% relief{days}")
    out.append("Provider attestation (signed and dated)")
    return out


def check_requirements(planned: PlannedProcedure, *, policy: PayerPolicy | None = None,
                       history: HistoryIndex | None = None, history_key: PatientKey | None = None,
                       authorizations: Iterable[Authorization] = ()) -> Requirement:
    """Needs auth?, package contents, frequency room and auth coverage for a planned procedure."""
    policy = policy or policy_for(planned.payer_id)
    rules = matched_rules(policy, planned)
    definite = [r for r in rules if not r.depends_on_state]
    needs: bool | None = True if definite else (None if rules else False)
    reasons: list[str] = []
    warnings: list[str] = []
    targets = ", ".join(_targets(planned))
    for r in rules:
        what = r.program or "prior-auth rule"
        where = ""
        if r.places_of_service:
            where += f" at place of service {', '.join(r.places_of_service)}"
        if r.states:
            where += f" in {', '.join(r.states)}"
        reasons.append(f"{policy.name}: {what} requires prior authorization for {', '.join(r.applies_to)}{where}"
                       + (f" ({r.note})" if r.note else ""))
    if needs is None:
        states = sorted({s for r in rules for s in r.states})
        reasons.append(f"Depends on the patient's state: needed in {', '.join(states)} (give --state)")
    elif not rules:
        reasons.append(f"{policy.name}: no prior-auth rule covers {targets} at this place of service, state and date")
    if planned.place_of_service is None and any(r.places_of_service for r in rules):
        warnings.append("Place of service not given: rules limited to some places of service were counted")
    fam = planned.main_family
    region = planned.spinal_region
    rooms: list[FrequencyRoom] = []
    if fam and region:
        room = frequency_room(policy, history, history_key, planned.codes[0] if planned.codes else fam, region,
                              planned.date_of_service, planned.side)
        if room is not None:
            rooms.append(room)
            reasons.append(room.reason)
            if not room.fits:
                warnings.append(f"Frequency limit reached: {room.reason}")
            if history is None:
                warnings.append("No claim history given: sessions used counted as 0")
    limit = policy.level_limit(planned.codes[0] if planned.codes else fam) if fam else None
    if limit is not None and planned.levels and len(planned.levels) > limit.max_levels:
        warnings.append(f"{len(planned.levels)} levels planned; this payer covers {limit.max_levels} per session")
    for code in planned.codes:
        if policy.is_non_covered_level_code(code):
            warnings.append(f"{code} is never covered by this payer (level limit)")
    covered_by = None
    problems: tuple[str, ...] = ()
    if planned.patient_id:
        svc = Service(planned.patient_id, planned.payer_id, planned.date_of_service, tuple(planned.codes),
                      planned.family, tuple(planned.levels), planned.side, planned.place_of_service, planned.state)
        check = check_service(svc, list(authorizations), needs_auth=bool(needs),
                              policy_lookup=lambda _pid: policy)
        covered_by = check.covered_by
        problems = check.problems
        if covered_by:
            reasons.append(f"Authorization {covered_by} on file covers the planned service")
        elif needs and check.candidate:
            warnings.append(f"Authorization {check.candidate} on file does not cover it: {'; '.join(problems)}")
    return Requirement(planned, needs, tuple(rules), tuple(clinical_package(policy, planned)), tuple(rooms),
                       tuple(reasons), tuple(warnings), covered_by, problems,
                       policy.prior_auth.renewal_lead_days, policy.prior_auth.retro_auth_window_days)


__all__ = ["MatchedRule", "PlannedProcedure", "Requirement", "check_requirements", "clinical_package",
           "matched_rules"]
