"""False-positive guard: claims built from the labelled development corpus (the expected coding of
each note, tests/corpus/dev) scrub without errors for every shipped payer once the automatic
fixes have put them in the payer's format. The only errors allowed are NCCI pairs with modifier
indicator 0, which the coding labels do not model (they label what was done, not what is paid)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from painrcm.claims.model import ClaimLine
from painrcm.policy import load_policy
from painrcm.scrub import ScrubContext, scrub_and_fix, scrub_claim
from painrcm.scrub.codefacts import ptp
from painrcm.scrub.testing import make_claim

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "dev"
PAYERS = ("medicare", "medicare-advantage", "summit-health", "granite-mutual", "lakeshore-ppo")


def _claims():
    out = []
    for path in sorted(CORPUS.glob("*.json")):
        label = json.loads(path.read_text())
        if label.get("status") != "ready" or not label.get("lines"):
            continue
        ctx = label.get("context") or {}
        dos = date.fromisoformat(ctx["dos"]) if ctx.get("dos") else date(2026, 3, 2)
        dx = [d.replace(".", "") for d in label.get("diagnoses", [])][:12] or ["M5416"]
        lines = []
        for ln in label["lines"]:
            ptrs = sorted({dx.index(d.replace(".", "")) + 1 for d in ln.get("diagnoses", [])
                           if d.replace(".", "") in dx})[:4] or [1]
            lines.append(ClaimLine(ln["code"], Decimal("100.00"), Decimal(ln.get("units", 1)),
                                   tuple(ln.get("modifiers", ())), tuple(ptrs)))
        out.append((path.stem, dos, ctx.get("pos") or "11", tuple(dx), lines))
    return out


def _ncci_zero(codes: list[str], day: date) -> bool:
    return any((e := ptp(a, b)) is not None and e.modifier_indicator == 0 and e.active_on(day)
               for i, a in enumerate(codes) for b in codes[i + 1:] if a != b)


@pytest.fixture(scope="module")
def labelled():
    if not CORPUS.is_dir():
        pytest.skip("no development corpus")
    claims = _claims()
    if len(claims) < 50:
        pytest.skip("development corpus too small")
    return claims


@pytest.mark.parametrize("payer", PAYERS)
def test_labelled_claims_have_no_errors(labelled, payer):
    policy = load_policy(payer)
    bad = []
    for name, dos, pos, dx, lines in labelled:
        claim = make_claim(name, dos, lines, diagnoses=dx, pos=pos, payer_id=payer, prior_authorization="PA1")
        ctx = ScrubContext(policy=policy, as_of=dos)
        fixed, findings = scrub_and_fix(claim, ctx)
        errors = [f for f in findings if f.severity == "error"]
        if errors and not (all(f.edit == "NCCI_PAIR" for f in errors)
                           and _ncci_zero([ln.code for ln in lines], dos)):
            bad.append((name, [(f.edit, f.message) for f in errors]))
        if payer == "medicare":  # the labels follow the medicare profile: nothing to fix
            assert fixed == claim or not [f for f in scrub_claim(claim, ctx) if f.apply and f.severity == "error"], name
    assert not bad, bad[:5]
