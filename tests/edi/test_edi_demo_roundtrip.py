"""Acceptance: the demo practice's claims -> 837P files (written by the demo) -> read back -> equal.

X12 cannot carry ``encounter_id``; tax ids and ZIP codes are written digits only (REF*EI, N403).
"""

from __future__ import annotations

import dataclasses

import pytest

from painrcm.claims.model import Claim
from painrcm.edi.reader_837p import read_837p
from painrcm.edi.validate import pyx12_problems


def _normalised(c: Claim) -> Claim:
    bp = c.billing_provider
    bp = dataclasses.replace(bp, tax_id=bp.tax_id.replace("-", "") if bp.tax_id else None)
    return dataclasses.replace(c, encounter_id=None, billing_provider=bp)


def test_demo_claims_round_trip(tmp_path):
    demo_run = pytest.importorskip("painrcm.demo.run")
    run = demo_run.run_demo(f"sqlite:///{tmp_path / 'demo.db'}", encounters=40, out_dir=tmp_path / "out")
    assert run.submitted and run.files
    payer_ids = {p.x12_payer_id: p.id for p in run.demo.payers}
    back = {}
    for path in run.files:  # every X12 file the demo writes (837P and the simulated 835s) passes pyx12
        assert pyx12_problems(path) == [], path.name
    for path in (p for p in run.files if p.name.startswith("837P-")):
        for claim in read_837p(path, practice_id=run.demo.practice.id, payer_ids=payer_ids):
            back[claim.claim_id] = claim
    assert set(back) == {c.claim_id for c in run.submitted}
    for claim in run.submitted:
        assert back[claim.claim_id] == _normalised(claim), claim.claim_id
