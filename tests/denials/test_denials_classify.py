"""Classification: every CARC has a rule; the CARCs most frequent in pain billing map as a biller expects."""

from __future__ import annotations

import pytest

from painrcm.claims.model import Adjustment
from painrcm.denials.classify import (GENERIC_CARCS, NOT_DENIAL, ROOT_CAUSES, carc_rules, classify, classify_denial,
                                      rarc_overrides, rule)
from painrcm.denials.testing import make_claim, make_denial
from painrcm.reference.adjustments import all_carcs, rarc

# (group-CARC, root cause, severity): the CARCs most frequent on pain-management remittances
PAIN_CARCS = [
    ("CO-4", "modifier", "soft"), ("CO-5", "coding_bundling", "soft"), ("CO-11", "medical_necessity", "soft"),
    ("CO-15", "authorization", "soft"), ("CO-16", "coding_bundling", "soft"), ("OA-18", "duplicate", "hard"),
    ("OA-22", "coordination_of_benefits", "soft"), ("CO-26", "eligibility", "hard"),
    ("CO-27", "eligibility", "hard"), ("CO-29", "timely_filing", "hard"), ("CO-31", "eligibility", "soft"),
    ("CO-50", "medical_necessity", "hard"), ("CO-58", "coding_bundling", "soft"), ("CO-96", "eligibility", "hard"),
    ("CO-97", "coding_bundling", "soft"), ("CO-107", "coding_bundling", "soft"),
    ("CO-109", "coordination_of_benefits", "soft"), ("CO-112", "documentation", "hard"),
    ("CO-119", "frequency", "hard"), ("CO-129", "coordination_of_benefits", "soft"),
    ("CO-140", "eligibility", "soft"), ("CO-146", "coding_bundling", "soft"), ("CO-150", "medical_necessity", "hard"),
    ("CO-151", "frequency", "hard"), ("CO-163", "documentation", "soft"), ("CO-167", "medical_necessity", "hard"),
    ("CO-170", "credentialing", "hard"), ("CO-181", "coding_bundling", "soft"), ("CO-182", "modifier", "soft"),
    ("CO-183", "credentialing", "hard"), ("CO-185", "credentialing", "hard"), ("CO-188", "medical_necessity", "hard"),
    ("CO-189", "coding_bundling", "soft"), ("CO-197", "authorization", "soft"), ("CO-198", "authorization", "hard"),
    ("CO-199", "coding_bundling", "soft"), ("PR-204", "eligibility", "hard"), ("CO-206", "credentialing", "soft"),
    ("CO-222", "frequency", "soft"), ("CO-226", "documentation", "soft"), ("CO-227", "documentation", "soft"),
    ("CO-231", "coding_bundling", "soft"), ("CO-234", "coding_bundling", "soft"),
    ("CO-236", "coding_bundling", "soft"), ("CO-242", "credentialing", "hard"), ("CO-252", "documentation", "soft"),
    ("CO-272", "medical_necessity", "hard"), ("CO-284", "authorization", "soft"), ("CO-288", "authorization", "soft"),
    ("CO-B7", "credentialing", "hard"), ("CO-B9", "eligibility", "hard"), ("OA-B13", "duplicate", "hard"),
    ("CO-B15", "coding_bundling", "soft"), ("CO-A1", "coding_bundling", "soft"),
]


@pytest.mark.parametrize("code,root,severity", PAIN_CARCS)
def test_pain_carcs(code, root, severity):
    c = classify([code])
    assert (c.root_cause, c.severity) == (root, severity), c.basis
    assert c.code == code
    assert c.fix


def test_at_least_forty_pain_carcs_are_covered():
    assert len({c for c, _, _ in PAIN_CARCS}) >= 40


@pytest.mark.parametrize("codes", [["CO-45"], ["PR-1"], ["PR-2", "CO-45"], ["PR-3"], ["CO-253"], ["OA-23"], ["CO-59"]])
def test_contractual_and_cost_sharing_are_not_denials(codes):
    assert classify(codes) is None


def test_every_reference_carc_has_a_rule():
    rules = carc_rules()
    missing = [c.code for c in all_carcs() if c.code not in rules]
    assert missing == []
    for r in rules.values():
        assert r.root_cause in ROOT_CAUSES or r.root_cause in NOT_DENIAL, r
        assert r.severity in ("hard", "soft", "none"), r
        assert (r.severity == "none") == (r.root_cause in NOT_DENIAL) or r.carc == "133", r


def test_every_rarc_override_is_a_real_rarc():
    for code, o in rarc_overrides().items():
        assert rarc(code) is not None, code
        assert o.root_cause in ROOT_CAUSES


@pytest.mark.parametrize("codes,remarks,root,severity", [
    (["CO-16"], ["M127"], "documentation", "soft"),
    (["CO-16"], ["N290"], "credentialing", "soft"),
    (["CO-16"], ["MA04"], "coordination_of_benefits", "soft"),
    (["CO-16"], ["M62"], "authorization", "soft"),
    (["CO-16"], ["MA130"], "coding_bundling", "soft"),
    (["CO-96"], ["N130"], "eligibility", "hard"),
    (["CO-96"], ["N115"], "medical_necessity", "hard"),
    (["CO-252"], ["N29"], "documentation", "soft"),
])
def test_rarc_refines_generic_carcs(codes, remarks, root, severity):
    c = classify(codes, remarks)
    assert (c.root_cause, c.severity) == (root, severity)
    assert "RARC" in c.basis


def test_rarc_does_not_override_a_specific_carc():
    # CO-29 stays timely filing whatever the remark says
    c = classify(["CO-29"], ["M127"])
    assert c.root_cause == "timely_filing"
    assert set(GENERIC_CARCS) >= {"16", "96"}


def test_first_denial_code_decides_and_adjustment_objects_work():
    c = classify([Adjustment("CO", "45", 10), Adjustment("CO", "197", 90)])
    assert c.carc == "197" and c.group == "CO"
    assert classify(["CO-A1"]).carc_text.startswith("Claim/Service denied")


def test_unknown_carc_is_other_hard():
    c = classify(["CO-999"])
    assert (c.root_cause, c.severity) == ("other", "hard")


def test_zero_paid_without_denial_code_is_still_classified():
    claim = make_claim()
    c = classify_denial(make_denial(claim, ["CO-45"]))
    assert c.root_cause == "other"


def test_rule_lookup_accepts_group_prefix():
    assert rule("CO-197").root_cause == rule("197").root_cause == "authorization"
