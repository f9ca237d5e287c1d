"""The audit from the painrcm database (the demo run's SQLite file)."""

from __future__ import annotations

import pytest

from painrcm.errors import InputError, NotFound
from painrcm.reports.audit import run_audit
from painrcm.reports.inputs import load_database


def test_audit_from_database(demo_exports):
    run = demo_exports.run
    inp = load_database(run.db_url)
    assert {c.claim_id for c in run.claims} <= {c.claim_id for c in inp.claims}
    with_notes = [c for c in inp.claims if c.claim_id in inp.notes]
    assert len(with_notes) >= len(run.claims)
    report = run_audit(inp, as_of=demo_exports.as_of, workers=1)
    assert report.claims == len(inp.claims)
    # the database holds painrcm's own (scrubbed) claims: nothing imaging-related to find
    assert report.count("imaging_not_billed") == 0


def test_database_errors(demo_exports, tmp_path):
    with pytest.raises(NotFound):
        load_database(demo_exports.run.db_url, practice="nobody")
    with pytest.raises(InputError):
        load_database(f"sqlite:///{tmp_path / 'empty.db'}")


def test_render_audit_html_for_the_web(demo_exports):
    from painrcm.reports.audit import render_audit_html
    from painrcm.store.engine import make_engine, session_scope

    engine = make_engine(demo_exports.run.db_url)
    try:
        with session_scope(engine) as s:
            html = render_audit_html(s, demo_exports.run.demo.practice.id, as_of=demo_exports.as_of)
    finally:
        engine.dispose()
    assert html.startswith("<!DOCTYPE html>") and "Billing audit" in html
