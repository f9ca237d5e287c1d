"""Posting 835s into the database: matching, idempotence, atomicity, work list (SQLite and PostgreSQL)."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa

from painrcm.demo.faults import Faults
from painrcm.demo.simulator import simulate


def _write(tmp_path, sim):
    out = tmp_path / "era"
    out.mkdir()
    for name, text in sim.x12_files.items():
        (out / name).write_text(text)
    return sorted(out.iterdir())


def _count(engine, table):
    with engine.connect() as c:
        return c.execute(sa.text(f"SELECT COUNT(*) FROM {table}")).scalar()


def test_post_twice_posts_once(practice_db, claims, tmp_path):
    from painrcm.remit.posting import post_paths

    sim = simulate(claims, seed=7, faults=Faults.default())
    files = _write(tmp_path, sim)
    first = post_paths(practice_db, "riverside", files)
    assert sum(len(r.posted) for r in first) == len(sim.remittances)
    assert sum(r.claims_matched for r in first) == len(claims)
    found = {(v.claim_id, v.line_number, v.kind, v.amount) for r in first for v in r.variances if v.is_underpayment}
    assert found == {(i.claim_id, i.line_number, i.kind, i.amount) for i in sim.injected}
    n_claim_payments, n_items = _count(practice_db, "claim_payments"), _count(practice_db, "work_items")
    second = post_paths(practice_db, "riverside", files)
    assert all(not r.posted and r.duplicates for r in second)
    assert "already posted" in second[0].summary
    assert _count(practice_db, "claim_payments") == n_claim_payments
    assert _count(practice_db, "work_items") == n_items
    with practice_db.connect() as c:
        unlinked = c.execute(sa.text("SELECT COUNT(*) FROM line_payments WHERE claim_line_number IS NULL")).scalar()
        statuses = dict(c.execute(sa.text("SELECT status, COUNT(*) FROM claims GROUP BY status")).all())
        pcn = c.execute(sa.text("SELECT COUNT(*) FROM claim_payments WHERE payer_claim_number IS NULL")).scalar()
    assert unlinked == 0 and pcn == 0
    assert sum(statuses.get(s, 0) for s in ("paid", "partially_paid", "denied")) == len(claims)


def test_failure_half_way_leaves_nothing(practice_db, claims, tmp_path, monkeypatch):
    from painrcm.remit import posting
    from painrcm.store.repositories import work

    sim = simulate(claims[:6], seed=7, faults=Faults.none())
    files = _write(tmp_path, sim)
    calls = {"n": 0}
    real = work.audit

    def failing(*args, **kwargs):  # the payment is saved, matching is under way: then it breaks
        calls["n"] += 1
        raise RuntimeError("disk full")

    monkeypatch.setattr(work, "audit", failing)
    with pytest.raises(RuntimeError):
        posting.post_paths(practice_db, "riverside", files[:1])
    assert calls["n"] == 1
    for table in ("remittances", "claim_payments", "line_payments", "remit_adjustments", "edi_files", "work_items"):
        assert _count(practice_db, table) == 0, table
    monkeypatch.setattr(work, "audit", real)
    done = posting.post_paths(practice_db, "riverside", files[:1])
    assert done[0].posted


def test_unmatched_items_go_to_work_list(practice_db, claims):
    from dataclasses import replace

    from painrcm.remit.posting import post_remittance_objects
    from painrcm.store.engine import session_scope
    from painrcm.store.repositories.work import open_work_items

    sim = simulate(claims[:3], seed=7, faults=Faults.none())
    rem = sim.remittances[0]
    stranger = replace(rem.claims[0], patient_control_number="NOTOURS1")
    odd_line = replace(rem.claims[1].lines[0], code="99999", original_code=None)
    changed = replace(rem.claims[1], lines=(odd_line,) + rem.claims[1].lines[1:])
    rem = replace(rem, claims=(stranger, changed) + rem.claims[2:])
    with session_scope(practice_db) as s:
        result = post_remittance_objects(s, "riverside", [rem])
    assert {(u.kind, u.patient_control_number) for u in result.unmatched} == {
        ("claim", "NOTOURS1"), ("line", changed.patient_control_number)}
    with session_scope(practice_db) as s:
        items = open_work_items(s, "riverside", kind="unmatched_payment")
        assert len(items) == 2
        assert {i.amount for i in items} == {stranger.paid, odd_line.paid}


def test_secondary_claim_built_after_primary(practice_db, claims):
    from painrcm.domain.parties import Coverage, CoverageRank
    from painrcm.remit.posting import post_remittance_objects
    from painrcm.store.engine import session_scope
    from painrcm.store.repositories.claims import load_claim
    from painrcm.store.repositories.parties import save_coverages
    from painrcm.store.repositories.work import open_work_items

    medicare_claim = next(c for c in claims if c.payer_id == "medicare")
    with session_scope(practice_db) as s:
        save_coverages(s, "riverside", [
            Coverage(medicare_claim.patient_id, "medicare", "1EG4TE5MK73", CoverageRank.PRIMARY),
            Coverage(medicare_claim.patient_id, "granite-mutual", "GM123", CoverageRank.SECONDARY)])
    sim = simulate([medicare_claim], seed=7, faults=Faults.none())
    with session_scope(practice_db) as s:
        result = post_remittance_objects(s, "riverside", sim.remittances)
    assert result.secondary_claims == [medicare_claim.claim_id + "S"]
    with session_scope(practice_db) as s:
        sec = load_claim(s, "riverside", medicare_claim.claim_id + "S")
        items = open_work_items(s, "riverside", kind="secondary_claim")
    cp = sim.remittances[0].claims[0]
    assert sec.payer_id == "granite-mutual" and sec.subscriber.payer_responsibility == "S"
    assert sec.other_payers[0].paid == cp.paid
    assert sum(l.paid for l in sec.other_payers[0].line_adjudications) == cp.paid
    assert items[0].amount == cp.patient_responsibility > Decimal("0")
