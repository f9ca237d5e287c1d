"""The scale benchmark runs end to end at a tiny size (PostgreSQL only); the full-size
figures are in docs/benchmarks.md and docs/reliability.md."""

from __future__ import annotations

import json
import sys
import uuid
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))


@pytest.mark.postgres
def test_bench_scale_small(tmp_path):
    import hardening_db as h
    if not h.PG_URL:
        pytest.skip("PAINRCM_TEST_DATABASE_URL not set: no PostgreSQL server for this run")
    import sqlalchemy as sa

    import bench_scale
    from painrcm.store.config import database_url

    schema = f"s_{uuid.uuid4().hex[:10]}"
    try:
        bench_scale.main(["--lines", "3000", "--practices", "3", "--db", h.PG_URL, "--schema", schema,
                          "--repeat", "1", "--json", str(tmp_path / "r.json")])
        result = json.loads((tmp_path / "r.json").read_text())
        assert result["counts"]["claim_lines"] >= 2900
        assert set(result["results"]) == {"AR queue", "variance list", "audit aggregate"}
        assert result["results"]["AR queue"]["rows"] == 50
        assert all("Execution Time" in r["plan"] for r in result["results"].values())
    finally:
        engine = sa.create_engine(database_url(h.PG_URL))
        with engine.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        engine.dispose()
