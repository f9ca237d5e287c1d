"""The demo's schedule: never-charged visits, an NP visit failing incident-to, two charges below allowable."""

from __future__ import annotations

from painrcm.claims.builder import SimpleLine, build_claim
from painrcm.demo.charges import demo_charge_master
from painrcm.demo.generate import generate_practice
from painrcm.demo.schedule import (demo_charge_capture_report, demo_charge_overrides, demo_incident_to,
                                   demo_schedule)
from painrcm.domain.parties import CoverageRank, VisitType


def test_demo_schedule_and_report():
    d = generate_practice(3, encounters=80)
    appts = demo_schedule(d)
    assert appts == demo_schedule(d)  # deterministic
    assert len({a.id for a in appts}) == len(appts)
    assert sum(1 for a in appts if a.encounter_id) == len(d.encounters)
    (enc_id, billed) = next(iter(demo_incident_to(d).items()))
    np_ = next(p for p in d.providers if not p.is_physician)
    original = next(e for e in d.encounters if e.id == enc_id)
    assert original.rendering_npi == np_.npi and billed.rendering_npi != np_.npi
    cm = demo_charge_master(overrides=demo_charge_overrides())
    pat = {p.id: p for p in d.patients}
    pay = {p.id: p for p in d.payers}
    prov = {p.npi: p for p in d.providers}
    prim = {c.patient_id: c for c in d.coverages if c.rank is CoverageRank.PRIMARY}
    claims, coding = [], {}
    for n, e in enumerate(d.encounters):
        e = demo_incident_to(d).get(e.id, e)
        code = "64483" if e.visit_type is VisitType.PROCEDURE else "99213"
        coding[e.id] = {"lines": [{"code": code}]}
        claims.append(build_claim(claim_id=f"C{n}", practice=d.practice, payer=pay[prim[e.patient_id].payer_id],
                                  patient=pat[e.patient_id], coverage=prim[e.patient_id], encounter=e,
                                  rendering=prov[e.rendering_npi], lines=[SimpleLine(code, diagnoses=("M54.16",))],
                                  charge_master=cm))
    text = "\n".join(demo_charge_capture_report(d, claims, coding, cm))
    assert text.count("never charged:") == 4 and "AT RISK" in text
    assert "incident-to" in text and "new problem" in text
    assert "2 charge(s) below the highest allowable" in text
    assert "raise 64483" in text and "raise 99213" in text
