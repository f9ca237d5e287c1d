"""``painrcm demo`` end to end on a small practice, on SQLite and PostgreSQL."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa

from painrcm.demo.run import run_demo

STAGES = ["practice", "store", "coding", "claims", "charge capture", "authorizations", "scrub", "837P",
          "payments", "denials & AR", "deadlines"]


@pytest.fixture
def small_demo(db_url, tmp_path):
    return run_demo(db_url, encounters=240, out_dir=tmp_path / "out"), db_url


def test_every_stage_runs_and_writes_its_files(small_demo):
    run, _ = small_demo
    assert [s.name for s in run.stages] == STAGES
    assert any(p.name.startswith("837P-") for p in run.files)
    assert any(p.suffix == ".835" for p in run.files)
    assert all(p.exists() for p in run.files + run.documents)
    assert run.submitted and len(run.submitted) + len(run.held) + len(run.awaiting_provider) == len(run.claims)


def test_injected_underpayments_are_all_found_to_the_cent(small_demo):
    run, _ = small_demo
    sim = run.extras["simulation"]
    found = {(v.claim_id, v.line_number, v.amount) for v in run.extras["variances"] if v.is_underpayment}
    assert {(i.claim_id, i.line_number, i.amount) for i in sim.injected} <= found
    under = sum((v.amount for v in run.extras["variances"] if v.is_underpayment), Decimal("0"))
    assert under == sum((i.amount for i in sim.injected), Decimal("0"))


def test_running_again_refreshes_instead_of_duplicating(small_demo, tmp_path):
    run, url = small_demo
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as conn:
        before = conn.execute(sa.text("select count(*) from claims")).scalar_one()
    engine.dispose()
    run_demo(url, encounters=240, out_dir=tmp_path / "again")
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as conn:
        assert conn.execute(sa.text("select count(*) from claims")).scalar_one() == before
        assert conn.execute(sa.text("select count(*) from remittances")).scalar_one() == len(
            run.extras["simulation"].remittances)
    engine.dispose()
