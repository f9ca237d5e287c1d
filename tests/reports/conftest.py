"""One small demo practice (300 encounters) as exports, shared by the report tests."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def demo_exports(tmp_path_factory):
    from painrcm.reports.demo_audit import build_demo_exports

    return build_demo_exports(tmp_path_factory.mktemp("demo-audit"), encounters=300)


@pytest.fixture(scope="session")
def demo_report(demo_exports):
    from painrcm.reports.audit import run_audit
    from painrcm.reports.inputs import load_exports

    return run_audit(load_exports(demo_exports.path), as_of=demo_exports.as_of, workers=1)
