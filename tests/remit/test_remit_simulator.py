"""The payer simulator: real 835 text, deterministic, and every injected underpayment found to the cent."""

from __future__ import annotations

import io
from collections import Counter
from decimal import Decimal

from painrcm.demo.faults import Faults
from painrcm.demo.simulator import simulate
from painrcm.edi.reader_835 import read_835
from painrcm.remit.contracts import shipped_contracts
from painrcm.remit.reconcile import reconcile
from painrcm.remit.variances import UNDERPAYMENT_KINDS
from remit_factories import practice_claims


def _read_all(sim):
    return [r for name, text in sorted(sim.x12_files.items()) for r in read_835(io.StringIO(text), name=name)]


def test_x12_reads_back_to_the_same_remittances():
    sim = simulate(practice_claims(1), seed=11)
    assert sorted(_read_all(sim), key=lambda r: r.trn) == sorted(sim.remittances, key=lambda r: r.trn)


def test_deterministic_by_seed():
    claims = practice_claims(2)
    a, b = simulate(claims, seed=5), simulate(claims, seed=5)
    assert a.x12_files == b.x12_files and a.injected == b.injected
    assert simulate(claims, seed=6).x12_files != a.x12_files


def test_every_injected_underpayment_found_to_the_cent():
    claims = practice_claims(3)
    sim = simulate(claims, seed=7, faults=Faults.default())
    kinds = Counter(i.kind for i in sim.injected)
    assert set(kinds) == UNDERPAYMENT_KINDS  # each fault that underpays fired at least once
    result = reconcile(claims, _read_all(sim), shipped_contracts())
    found = {(v.claim_id, v.line_number): (v.kind, v.amount) for v in result.underpayments}
    injected = {(i.claim_id, i.line_number): (i.kind, i.amount) for i in sim.injected}
    assert found == injected
    assert result.underpaid_total == sim.injected_total > Decimal("0")
    assert not [v for v in result.variances if not v.is_underpayment]
    assert {d.claim_id for d in result.denials} == {cid for cid, _ in sim.denied}
    assert result.unmatched == ()


def test_no_faults_no_variances_and_plb_late_payment():
    claims = practice_claims(2)
    clean = simulate(claims, seed=7, faults=Faults.none())
    assert clean.injected == () and reconcile(claims, clean.remittances, shipped_contracts()).variances == ()
    sim = simulate(claims, seed=7, faults=Faults.only("plb_recoupment", "late_payment"))
    assert sim.injected == ()
    medicare = [r for r in sim.remittances if r.payer_id == "DMC01"]
    assert [p.reason for r in medicare for p in r.provider_adjustments] == ["WO"]
    assert all(r.balance_difference() == 0 for r in sim.remittances)
    late = [r for r in sim.remittances if r.trn.endswith("L")]
    assert late and {cp.patient_control_number for r in late for cp in r.claims} == set(sim.late)


def test_recovery_835_round_trips_and_plb_is_reported():
    from datetime import date

    from painrcm.demo.era_writer import write_835
    from painrcm.demo.simulator import recovery_remittance

    claims = practice_claims(1)
    sim = simulate(claims, seed=7, faults=Faults.only("mppr_over", "plb_recoupment"))
    fix = recovery_remittance(claims, sim, [i.claim_id for i in sim.injected], paid_on=date(2026, 7, 1))
    text = write_835([fix], sender_id="DGRA5", receiver_id="PAINRCM")
    back = list(read_835(io.StringIO(text), name="fix.835"))
    assert back == [fix] and {cp.status for cp in fix.claims} == {"22", "1"}
    assert fix.total_paid == sum(cp.paid for cp in fix.claims) > 0
    result = reconcile(claims, sim.remittances, shipped_contracts())
    assert [(p.reason, p.amount) for _, p in result.provider_adjustments] == [("WO", Decimal("85.00"))]
