"""Disputes: grouping per payer with clause, totals and deadline; letter, worksheets; recovery."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

from painrcm.demo.faults import Faults
from painrcm.demo.simulator import recovery_remittance, simulate
from painrcm.remit.contracts import shipped_contracts
from painrcm.remit.disputes import apply_recovery, build_disputes
from painrcm.remit.reconcile import reconcile
from remit_factories import practice_claims


def _granite_dispute():
    claims = practice_claims(2)
    sim = simulate(claims, seed=7, faults=Faults.only("mppr_over", "addon_reduced"))
    res = reconcile(claims, sim.remittances, shipped_contracts())
    disputes = build_disputes(res.variances, shipped_contracts(), opened_on=date(2026, 5, 1))
    return claims, sim, disputes


def test_dispute_groups_per_payer_with_clause_totals_and_deadline():
    _, sim, disputes = _granite_dispute()
    assert [d.payer_id for d in disputes] == ["granite-mutual"]
    d = disputes[0]
    assert d.total_underpaid == sim.injected_total
    assert d.total_expected - d.total_paid == d.total_underpaid
    assert {k for k, *_ in d.by_kind()} == {"MPPR_OVERAPPLIED", "MPPR_MISAPPLIED"}
    assert all(clause and clause.startswith("Amendment 2") for k, clause, *_ in d.by_kind() if k == "MPPR_OVERAPPLIED")
    first_paid = min(l.payment_date for l in d.lines)
    assert d.deadline == first_paid + timedelta(days=540)  # Granite: payer file dispute_days 540


def test_letter_pdf_and_worksheets(tmp_path):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    from painrcm.remit.dispute_files import write_dispute_files

    _, _, disputes = _granite_dispute()
    d = disputes[0]
    paths = write_dispute_files(d, tmp_path, practice_name="Riverside Interventional Pain", practice_npi="1990000013")
    text = "".join(p.extract_text() for p in PdfReader(paths["letter"]).pages)
    assert "Riverside Interventional Pain" in text and f"{d.total_underpaid:.2f}" in text and "Amendment 2" in text
    rows = list(csv.reader(io.StringIO(paths["csv"].read_text())))
    assert len(rows) == len(d.lines) + 2 and rows[-1][12] == f"{d.total_underpaid:.2f}"
    ws = load_workbook(paths["xlsx"])["Underpayments"]
    assert sum(Decimal(str(c.value)) for c in ws["M"][1:-1]) == d.total_underpaid
    assert ws.cell(ws.max_row, 13).value.startswith("=SUM(")


def test_corrected_payment_recovers_the_dispute():
    claims, sim, disputes = _granite_dispute()
    d = disputes[0]
    fix = recovery_remittance(claims, sim, d.claim_ids[:1], paid_on=date(2026, 6, 1))
    partial = apply_recovery(d, [fix])
    assert partial.status == "partially_recovered"
    assert partial.recovered == sum(l.amount for l in d.lines if l.claim_id == d.claim_ids[0])
    rest = recovery_remittance(claims, sim, d.claim_ids[1:], paid_on=date(2026, 6, 15))
    done = apply_recovery(partial, [fix, rest])   # the first one is not counted twice
    assert done.status == "recovered" and done.recovered == d.total_underpaid and done.outstanding == 0
    assert reconcile(claims, [fix, rest], shipped_contracts()).variances == ()


def test_dispute_stored_and_recovered_on_posting(practice_db, claims):
    from painrcm.remit.dispute_store import load_disputes, save_dispute
    from painrcm.remit.posting import post_remittance_objects
    from painrcm.store.engine import session_scope

    sim = simulate(claims, seed=7, faults=Faults.only("mppr_over"))
    with session_scope(practice_db) as s:
        result = post_remittance_objects(s, "riverside", sim.remittances)
        d = build_disputes(result.variances, shipped_contracts(), opened_on=date(2026, 5, 1))[0]
        save_dispute(s, "riverside", d)
    fix = recovery_remittance(claims, sim, d.claim_ids, paid_on=date(2026, 6, 1))
    with session_scope(practice_db) as s:
        again = post_remittance_objects(s, "riverside", [fix])
    assert [r.status for r in again.recoveries] == ["recovered"]
    with session_scope(practice_db) as s:
        assert load_disputes(s, "riverside", open_only=True) == []
        assert load_disputes(s, "riverside")[0].recovered == d.total_underpaid
