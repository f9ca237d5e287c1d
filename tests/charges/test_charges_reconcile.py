"""Charge reconciliation: every seen appointment ends in a claim or a documented reason."""

from __future__ import annotations

from datetime import date

from charges_helpers import DO, MD, appt, claim, enc

from painrcm.claims.reconcile import ChargeEvent, charge_events, charge_lag, filing_days_from_policies, reconcile

D = date(2026, 3, 2)
AS_OF = date(2026, 3, 20)


def run(appts, encs=(), coding=None, claims=(), **kw):
    return reconcile(appts, encs, coding or {}, claims, as_of=kw.pop("as_of", AS_OF), **kw)


def test_each_stage():
    appts = [appt("A1", D, patient="P1"), appt("A2", D, patient="P2"), appt("A3", D, patient="P3"),
             appt("A4", D, patient="P4"), appt("A5", D, patient="P5")]
    encs = [enc("E2", D, patient="P2", signed=False), enc("E3", D, patient="P3"), enc("E4", D, patient="P4"),
            enc("E5", D, patient="P5")]
    coding = {"E4": {"lines": [{"code": "99213"}]}, "E5": 1}
    r = run(appts, encs, coding, [claim("C5", D, [("99213", (), 1, "150")], patient="P5", encounter="E5")])
    stages = {g.appointment_id: g.stage for g in r.gaps}
    assert stages == {"A1": "no_encounter", "A2": "not_signed", "A3": "signed_uncoded", "A4": "coded_unbilled"}
    assert r.seen == 5 and r.billed == 1
    assert [g.appointment_id for g in r.missing] == ["A1", "A2", "A3"]
    assert [g.appointment_id for g in r.signed_uncoded] == ["A3"]
    assert [g.appointment_id for g in r.coded_unbilled] == ["A4"]
    assert r.encounter_of["A4"] == "E4"


def test_documented_reasons_and_statuses_not_seen():
    appts = [appt("A1", D, reason="global_period"), appt("A2", D, reason="research", patient="P2"),
             appt("A3", D, status="no-show", patient="P3"), appt("A4", D, status="cancelled", patient="P4"),
             appt("A5", D, status="arrived", patient="P5"), appt("A6", D, status="scheduled", patient="P6"),
             appt("A7", date(2026, 4, 1), patient="P7")]  # after the as-of date
    r = run(appts)
    assert r.exempt == 2 and r.seen == 3
    assert [g.appointment_id for g in r.gaps] == ["A5"]
    assert r.stale_scheduled == ("A6",)


def test_age_and_timely_filing_deadline_per_payer_sorted_by_risk():
    appts = [appt("A1", date(2026, 1, 5), payer="medicare"),
             appt("A2", date(2026, 2, 2), payer="granite-mutual", patient="P2"),
             appt("A3", date(2026, 1, 2), payer=None, patient="P3")]
    days = filing_days_from_policies(["medicare", "granite-mutual", "no-such-payer"])
    assert days == {"medicare": 365, "granite-mutual": 90}
    r = run(appts, filing_days=days)
    assert [g.appointment_id for g in r.gaps] == ["A2", "A3", "A1"]
    a2 = r.gaps[0]
    assert a2.age_days == 46 and a2.filing_deadline == date(2026, 5, 3) and a2.days_left == 44
    assert not a2.at_risk
    late = run(appts, filing_days=days, as_of=date(2026, 4, 20)).gaps[0]
    assert late.days_left == 13 and late.at_risk
    assert run([appts[2]], filing_days=lambda payer: 30).gaps[0].filing_deadline == date(2026, 2, 1)


def test_matching_by_encounter_id_then_patient_day_preferring_provider():
    appts = [appt("A1", D, npi=MD.npi), appt("A2", D, npi=DO.npi), appt("A3", D, encounter="EX", patient="P9")]
    encs = [enc("E-do", D, npi=DO.npi), enc("E-md", D, npi=MD.npi), enc("EX", date(2026, 3, 3), patient="P9")]
    r = run(appts, encs)
    assert r.encounter_of == {"A1": "E-md", "A2": "E-do", "A3": "EX"}


def test_claim_without_encounter_matches_by_patient_and_date_and_voids_do_not_count():
    c = claim("C1", D, [("99213", (), 1, "150")])
    assert run([appt("A1", D)], claims=[c]).billed == 1
    from dataclasses import replace
    void = replace(c, frequency_code="8")
    assert run([appt("A1", D)], claims=[void]).billed == 0


def test_charge_lag_per_provider():
    c1 = claim("C1", date(2026, 3, 2), [("99213", (), 1, "150")])
    c2 = claim("C2", date(2026, 3, 2), [("99213", (), 1, "150")], rendering=DO.npi)
    c3 = claim("C3", date(2026, 3, 2), [("99213", (), 1, "150")], rendering=DO.npi)
    events = charge_events([c1, c2, c3], {"C1": date(2026, 3, 3), "C2": date(2026, 3, 12), "C3": date(2026, 3, 22)})
    stats = {s.provider_npi: s for s in charge_lag(events)}
    assert stats[MD.npi].median_days == 1 and stats[MD.npi].charges == 1
    assert stats[DO.npi].median_days == 15 and stats[DO.npi].max_days == 20 and stats[DO.npi].p90_days == 20
    assert charge_lag(events)[0].provider_npi == DO.npi  # worst first
    assert ChargeEvent("X", date(2026, 3, 2), date(2026, 3, 1)).lag_days == 0


def test_report_dict_is_json_ready():
    import json
    r = run([appt("A1", D)])
    data = json.loads(json.dumps(r.to_dict()))
    assert data["counts"]["no_encounter"] == 1 and data["gaps"][0]["filing_deadline"] == "2027-03-02"
