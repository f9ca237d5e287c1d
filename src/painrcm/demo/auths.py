"""Demo authorizations, credentials and payer enrollments derived from the demo practice.

Pure and deterministic (no randomness beyond the demo practice itself). "Today" is the demo's
last date of service. What the demo shows:

* an approved auth for most services the payer file says need one (grouped per patient, payer and
  procedure family; units = the visits it covers), some **expiring** within the renewal lead time,
  some **lapsed** (ending the day before the last service they were meant to cover), some
  **missing** altogether (retro-authorization candidates);
* an **RFA with only one qualifying block**: a draft RFA request for a patient with a single
  diagnostic medial branch block (its package lists the gap);
* an **SCS trial succeeding**: the trial auth approved, its success documented, and the permanent
  implant request opened as a draft from the trial result (``painrcm.auth.scs``);
* credentials for the three clinicians, one (a DEA registration) **expiring** within 120 days;
  payer enrollments for every clinician and payer except one **not enrolled** (pending).

>>> from painrcm.demo.generate import generate_practice
>>> d = generate_practice(7, encounters=300)
>>> auths = demo_authorizations(d)
>>> sorted({a.status.value for a in auths}) == ['approved', 'draft']
True
>>> any(a.purpose == "scs_permanent" for a in auths), any(a.purpose == "rfa" for a in auths)
(True, True)
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from painrcm.auth.deadlines import Service
from painrcm.auth.model import (Authorization, AuthStatus, Credential, CredentialKind, EnrollmentStatus,
                                PayerEnrollment)
from painrcm.auth.policies import policy_for
from painrcm.auth.rfa_package import Attestation, ProcedureNote, RfaRequest
from painrcm.auth.scs import permanent_request, trial_outcome
from painrcm.policy.families import family_of
from painrcm.scrub.codefacts import facts as code_facts

AUTH_WINDOW_DAYS = 90
_SIDE = {("left",): "left", ("right",): "right", ("left", "right"): "bilateral"}
_LEVEL = re.compile(r"^[CTLS]\d{1,2}(-[CTLS]?\d{1,2})?$")


def demo_today(demo: Any) -> date:
    return max(e.date_of_service for e in demo.encounters)


def _state(demo: Any, patient_id: str) -> str | None:
    for p in demo.patients:
        if p.id == patient_id and p.address is not None:
            return p.address.state
    return demo.practice.address.state if demo.practice.address else None


def _codes(demo: Any, enc) -> tuple[str, ...]:
    t = demo.truth.get(enc.id)
    lines = (t.expected or {}).get("lines", ()) if t is not None else ()
    return tuple(dict.fromkeys(ln["code"] for ln in lines))


def demo_services(demo: Any) -> list[Service]:
    """Every procedure encounter as an auth-tracker ``Service`` (codes from the expected coding)."""
    out = []
    for enc in demo.encounters:
        t = demo.truth.get(enc.id)
        if t is None or not t.procedures:
            continue
        codes = tuple(c for c in _codes(demo, enc) if not code_facts(c).is_em and c not in ("G2211",))
        if not codes:
            continue
        p = t.procedures[0]
        side = _SIDE.get(p.sides)
        levels = tuple(lv for lv in p.levels if _LEVEL.match(lv))
        out.append(Service(enc.patient_id, enc.payer_id, enc.date_of_service, codes, levels=levels,
                           side=side, place_of_service=enc.place_of_service, state=_state(demo, enc.patient_id),
                           id=enc.id))
    return out


def _needs_auth(s: Service) -> bool:
    policy = policy_for(s.payer_id)
    return any(policy.requires_prior_auth(c, s.place_of_service, s.state, s.date_of_service) for c in s.codes)


def _family(s: Service) -> str:
    for c in s.codes:
        fam = family_of(c)
        if fam and not code_facts(c).is_addon and fam not in ("imaging_guidance", "device", "drug"):
            return fam
    return family_of(s.codes[0]) or "other"


def _groups(services: list[Service]) -> list[list[Service]]:
    """Services needing auth, grouped per (patient, payer, family) within a 90-day window."""
    groups: dict[tuple, list[list[Service]]] = {}
    for s in sorted(services, key=lambda s: (s.date_of_service, s.id or "")):
        if not _needs_auth(s):
            continue
        key = (s.patient_id, s.payer_id, _family(s))
        runs = groups.setdefault(key, [])
        if runs and (s.date_of_service - runs[-1][0].date_of_service).days < AUTH_WINDOW_DAYS - 10:
            runs[-1].append(s)
        else:
            runs.append([s])
    return [run for runs in groups.values() for run in runs]


def _merged_side(run: list[Service]) -> str | None:
    sides = {s.side for s in run if s.side}
    return None if not sides else sides.pop() if len(sides) == 1 else "bilateral"


def _auth(n: int, run: list[Service], practice_id: str, **changes) -> Authorization:
    first, last = run[0], run[-1]
    codes = tuple(dict.fromkeys(c for s in run for c in s.codes))
    fam = _family(first)
    auth = Authorization(
        number=f"PA{n:06d}", practice_id=practice_id, payer_id=first.payer_id, patient_id=first.patient_id,
        start_date=first.date_of_service - timedelta(days=7),
        end_date=first.date_of_service - timedelta(days=7) + timedelta(days=AUTH_WINDOW_DAYS),
        status=AuthStatus.APPROVED, codes=codes, family=fam,
        levels=tuple(dict.fromkeys(lv for s in run for lv in s.levels)),
        side=_merged_side(run),
        units=len(run), units_used=len(run), place_of_service=None,
        claim_ids=tuple(s.id for s in run if s.id), submitted_on=first.date_of_service - timedelta(days=14),
        decided_on=first.date_of_service - timedelta(days=8),
        purpose={"scs": "scs_trial" if "63685" not in codes else "scs_permanent", "facet_rfa": "rfa"}.get(fam))
    if auth.end_date < last.date_of_service:
        auth = replace(auth, end_date=last.date_of_service + timedelta(days=7))
    return replace(auth, **changes)


def demo_authorizations(demo: Any) -> tuple[Authorization, ...]:
    """The demo's authorizations (see the module docstring for what each kind shows)."""
    today = demo_today(demo)
    services = demo_services(demo)
    runs = _groups(services)
    out: list[Authorization] = []
    rfa_one_block = _one_block_rfa(demo)
    for n, run in enumerate(runs, 1):
        first, last = run[0], run[-1]
        if rfa_one_block is not None and any(s.id == rfa_one_block.id for s in run):
            continue  # the RFA with one qualifying block: a draft request below, never approved
        if n % 9 == 0:
            continue  # missing: services done without the auth the payer requires
        if n % 7 == 0 and (last.date_of_service - first.date_of_service).days >= 1 or n % 11 == 0:
            # lapsed: ends the day before the last service it was meant to cover
            out.append(_auth(n, run, demo.practice.id, end_date=last.date_of_service - timedelta(days=1),
                             units=len(run) + 1, units_used=len(run) - 1))
            continue
        auth = _auth(n, run, demo.practice.id)
        if (today - last.date_of_service).days <= 45:
            # recent series still going: more visits approved, ending soon (renewal due)
            end = today + timedelta(days=5 + n % 17)
            auth = replace(auth, end_date=max(end, last.date_of_service), units=len(run) + 2)
        out.append(auth)
    if rfa_one_block is not None:
        s = rfa_one_block
        out.append(Authorization(
            number="PA-RFA-DRAFT", practice_id=demo.practice.id, payer_id=s.payer_id, patient_id=s.patient_id,
            start_date=s.date_of_service, end_date=s.date_of_service + timedelta(days=AUTH_WINDOW_DAYS),
            status=AuthStatus.DRAFT, codes=s.codes, family="facet_rfa", levels=s.levels, side=s.side, units=1,
            documents=("RFA package: one qualifying diagnostic block of the two required",), purpose="rfa"))
    out.extend(_scs_trial_success(demo, out))
    return tuple(out)


def _one_block_rfa(demo: Any) -> Service | None:
    """The first RFA service whose truth says only one diagnostic block preceded it."""
    by_id = {s.id: s for s in demo_services(demo)}
    for enc in demo.encounters:
        t = demo.truth.get(enc.id)
        if t is None:
            continue
        for p in t.procedures:
            if p.family == "rfa" and p.prior_blocks == 1 and enc.id in by_id:
                return by_id[enc.id]
    return None


def _scs_trial_success(demo: Any, auths: list[Authorization]) -> list[Authorization]:
    """The SCS trial that succeeds: the latest trial of a patient without a permanent implant yet
    (else the latest trial; that patient's implant auth is then replaced by the draft request, so
    the 63685 shows up as done without its own approved auth). Its success is documented two weeks
    after the trial and the permanent request opened as a draft at once."""
    services = demo_services(demo)
    trials = [s for s in services if "63650" in s.codes and "63685" not in s.codes]
    if not trials:
        return []
    implanted = {s.patient_id for s in services if "63685" in s.codes}
    fresh = [s for s in trials if s.patient_id not in implanted]
    chosen = max(fresh or trials, key=lambda s: (s.date_of_service, s.id or ""))
    trial = next((a for a in auths if a.purpose == "scs_trial" and chosen.id in a.claim_ids), None)
    extra: list[Authorization] = []
    if trial is None:
        trial = Authorization(
            number=f"PA-SCS-{chosen.id}", practice_id=demo.practice.id, payer_id=chosen.payer_id,
            patient_id=chosen.patient_id, start_date=chosen.date_of_service - timedelta(days=7),
            end_date=chosen.date_of_service + timedelta(days=60), codes=("63650",), family="scs", units=1,
            units_used=1, claim_ids=(chosen.id,) if chosen.id else (), purpose="scs_trial")
        extra.append(trial)
    for a in [a for a in auths if a.purpose == "scs_permanent" and a.patient_id == chosen.patient_id]:
        auths.remove(a)
    outcome = trial_outcome(trial, 70, documented_on=chosen.date_of_service + timedelta(days=14),
                            functional_gains="walks 30 minutes, sleeps through the night, opioid use halved")
    req = permanent_request(outcome, number=f"{trial.number}-PERM")
    return extra + ([req] if req is not None else [])


def demo_rfa_package_inputs(demo: Any) -> tuple[list[ProcedureNote], RfaRequest] | None:
    """The notes and request of the demo's RFA with one qualifying block (for ``build_package``)."""
    s = _one_block_rfa(demo)
    if s is None:
        return None
    notes: list[ProcedureNote] = []
    provider_names = {p.npi: f"{p.first_name} {p.last_name}, {p.credential}" for p in demo.providers}
    for enc in demo.encounters:
        if enc.patient_id != s.patient_id or enc.date_of_service >= s.date_of_service:
            continue
        t = demo.truth.get(enc.id)
        mbb = [p for p in (t.procedures if t else ()) if p.family == "facet" and p.diagnostic]
        if not mbb:
            continue
        for note in enc.notes:
            notes.append(ProcedureNote(note.id, enc.date_of_service, note.text,
                                       provider_names.get(enc.rendering_npi), relief_pct=mbb[0].relief_pct,
                                       relief_hours=float(mbb[0].relief_hours or 6)))
    enc = next(e for e in demo.encounters if e.id == s.id)
    patient = next(p for p in demo.patients if p.id == s.patient_id)
    prov = next((p for p in demo.providers if p.npi == enc.rendering_npi), demo.providers[0])
    t = demo.truth.get(enc.id)
    region = t.procedures[0].region if t and t.procedures else None
    request = RfaRequest(
        patient_id=s.patient_id, payer_id=s.payer_id, levels=s.levels, side=s.side or "bilateral",
        planned_date=s.date_of_service, region=region,
        patient_label=f"{patient.last_name}, {patient.first_name} (DOB {patient.birth_date.isoformat()})",
        member_id=next((c.member_id for c in demo.coverages if c.patient_id == s.patient_id
                        and c.payer_id == s.payer_id), None),
        practice_name=demo.practice.name, codes=tuple(c for c in s.codes if family_of(c) == "facet_rfa"),
        diagnoses=tuple(t.procedures[0].dx) if t and t.procedures else (),
        functional_impairment="Oswestry Disability Index 46%: cannot stand more than 15 minutes or sit through work.",
        imaging_correlation="MRI lumbar spine: facet arthropathy with effusions at the planned levels, "
                            "no foraminal stenosis.",
        conservative_treatment="14 weeks of physical therapy, NSAIDs and home exercise without lasting relief.",
        attestation=Attestation(f"{prov.first_name} {prov.last_name}, {prov.credential}", prov.npi,
                                s.date_of_service - timedelta(days=10)))
    return notes, request


def demo_rfa_package(demo: Any):
    """The checked RFA package of the demo's one-block RFA (render it with ``render_pdf``), or None.

    The demo runner writes it with ``Path(out, "rfa-package.pdf").write_bytes(render_pdf(pkg))``.
    """
    from painrcm.auth.rfa_package import build_package

    inputs = demo_rfa_package_inputs(demo)
    if inputs is None:
        return None
    notes, request = inputs
    payer = next((p for p in demo.payers if p.id == request.payer_id), None)
    return build_package(notes, request, policy=policy_for(request.payer_id, {p.id: p for p in demo.payers}),
                         payer_name=payer.name if payer else None)


def demo_due_lines(demo: Any, within_days: int = 21) -> list[str]:
    """The demo's due list as printable lines: auth deadlines, retro-auth windows, credentials, enrollment."""
    from painrcm.auth.credentialing import credentials_due, enrollment_gaps
    from painrcm.auth.deadlines import auth_deadlines, retro_deadlines, within

    today = demo_today(demo)
    auths = demo_authorizations(demo)
    rows = within(auth_deadlines(auths, today=today) + retro_deadlines(demo_services(demo), auths, today=today),
                  today, within_days)
    lines = [f"{d.day.isoformat()}{' OVERDUE' if d.overdue else ''}  {d.title}" for d in sorted(rows)]
    lines += [a.message for a in credentials_due(demo_credentials(demo), today=today, within_days=120)]
    lines += [f"NPI {g.provider_npi} not enrolled with {g.payer_id} ({g.reason})" for g in enrollment_gaps(
        [p.npi for p in demo.providers], [p.id for p in demo.payers], demo_enrollments(demo), on=today)]
    return lines


def demo_credentials(demo: Any) -> tuple[Credential, ...]:
    """Licence, DEA, board certification (MD/DO), malpractice and CAQH for each clinician;
    the second clinician's DEA registration expires within 120 days of the demo's today."""
    today = demo_today(demo)
    out: list[Credential] = []
    state = demo.practice.address.state
    K = CredentialKind
    for i, p in enumerate(demo.providers):
        base = 400 + 90 * i
        out.append(Credential(p.npi, K.STATE_LICENSE, f"{state}-{35 + i}.{100123 + i}", today + timedelta(days=base),
                              issued_on=today - timedelta(days=730 - base), state=state))
        dea_days = 75 if i == 1 else base + 200
        out.append(Credential(p.npi, K.DEA, f"B{p.last_name[0]}{4_100_000 + i * 1_111}",
                              today + timedelta(days=dea_days), issued_on=today + timedelta(days=dea_days - 1095)))
        if p.is_physician:
            out.append(Credential(p.npi, K.BOARD_CERTIFICATION, f"ABA-PM-{58_000 + i}", today + timedelta(days=1500 + i)))
        out.append(Credential(p.npi, K.MALPRACTICE, f"MPL-{2026_000 + i}", today + timedelta(days=240 + 15 * i),
                              issued_on=today - timedelta(days=125 - 15 * i)))
        out.append(Credential(p.npi, K.CAQH_ATTESTATION, f"CAQH-{16_000_000 + i}", today + timedelta(days=150 + 10 * i)))
    return tuple(out)


def demo_enrollments(demo: Any) -> tuple[PayerEnrollment, ...]:
    """Every clinician enrolled with every payer, except the last clinician with the fourth payer
    (pending: claims for that provider and payer are held as PROVIDER_NOT_ENROLLED)."""
    out: list[PayerEnrollment] = []
    payers = list(demo.payers)
    for i, p in enumerate(demo.providers):
        for j, payer in enumerate(payers):
            pending = i == len(demo.providers) - 1 and j == min(3, len(payers) - 1)
            out.append(PayerEnrollment(p.npi, payer.id, EnrollmentStatus.PENDING if pending else EnrollmentStatus.ACTIVE,
                                       effective_from=None if pending else date(2020, 1, 1) + timedelta(days=30 * j)))
    return tuple(out)


__all__ = ["demo_authorizations", "demo_credentials", "demo_due_lines", "demo_enrollments", "demo_rfa_package",
           "demo_rfa_package_inputs", "demo_services", "demo_today"]
