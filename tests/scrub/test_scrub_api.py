"""The public API: build_context, ScrubContext defaults, Finding, fixes applied in order."""

from __future__ import annotations

from datetime import date

import pytest

from painrcm.scrub import (EDITS, Finding, ScrubContext, apply_fixes, build_context, claim_status,
                           scrub_and_fix, scrub_claim)

from scrub_helpers import DOS, claim, line


def test_build_context_from_payer_id_and_history():
    history = [claim(line("64483", "RT"), claim_id=f"H{i}", dos=date(2026, 1, 1 + i)) for i in range(4)]
    ctx = build_context("summit-health", as_of=date(2026, 3, 1), history=history)
    assert ctx.policy.id == "summit-health" and len(ctx.history) == 4
    assert ctx.authorizations is None and ctx.enrollments is None
    assert ScrubContext().policy.id == "medicare"  # no policy: CMS defaults


def test_build_context_unknown_payer():
    from painrcm.errors import NotFound
    with pytest.raises(NotFound):
        build_context("no-such-payer")


def test_finding_shape_and_status():
    f = Finding("MOD51", "warning", (2,), "m", "f")
    assert f.to_dict() == {"edit": "MOD51", "severity": "warning", "lines": [2], "message": "m", "fix": "f"}
    assert claim_status((f,)) == "warning"
    with pytest.raises(ValueError):
        Finding("NOT_AN_EDIT", "error", (), "m")
    with pytest.raises(ValueError):
        Finding("MOD51", "fatal", (), "m")
    assert len(EDITS) >= 35


def test_fixes_compose_split_then_51():
    # lakeshore at an ASC: RT/LT lines, and 51 on the secondary procedure
    c = claim(line("64483", "50", charge="600.00"), line("27096", "50", charge="300.00"),
              diagnoses=("M5416", "M533"), pos="24", prior_authorization="A1")
    ctx = build_context("lakeshore-ppo", as_of=date(2026, 3, 1))
    fixed, left = scrub_and_fix(c, ctx)
    assert [(ln.code, ln.modifiers) for ln in fixed.lines] == [
        ("64483", ("RT",)), ("64483", ("LT",)), ("27096", ("RT", "51")), ("27096", ("LT", "51"))]
    assert sum(ln.charge for ln in fixed.lines) == c.total_charge
    assert not [f for f in left if f.apply is not None]


def test_scrub_is_deterministic_and_pure():
    c = claim(line("64484", "RT"), line("64483", "RT"), line("77003"))
    ctx = build_context("medicare", as_of=date(2026, 3, 1))
    a, b = scrub_claim(c, ctx), scrub_claim(c, ctx)
    assert a == b and [f.edit for f in a] == sorted((f.edit for f in a), key=[f.edit for f in a].index)
    assert apply_fixes(c, ()) == c
    assert c.lines[0].code == "64484"  # the claim itself is never changed
    assert DOS < date(2026, 3, 1)


def test_void_claims_only_get_the_shape_checks():
    void = claim(line("64484", "RT"), frequency_code="8")
    ctx = build_context("medicare", as_of=date(2026, 3, 1))
    assert [f.edit for f in scrub_claim(void, ctx)] == ["MISSING_REQUIRED_FIELD"]  # no payer claim number
