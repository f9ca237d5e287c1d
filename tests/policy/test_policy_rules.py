"""The questions stages ask a PayerPolicy, on the shipped profiles."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from painrcm.policy import BilateralStyle, codes_in, families_of, load_policy


@pytest.fixture(scope="module")
def medicare():
    return load_policy("medicare")


def test_medicare_bilateral_and_modifiers(medicare):
    for pos in ("11", "22", "24"):
        assert medicare.bilateral_style(pos) is BilateralStyle.MODIFIER_50_ONE_LINE
    assert medicare.wants_modifier_51 is False
    assert medicare.distinct_procedure_modifier == "X"
    assert medicare.distinct_modifier("structure") == "XS"
    assert medicare.distinct_modifier() == "XS"


def test_medicare_lcd_frequency_limits(medicare):
    esi = medicare.frequency_limit("esi", "lumbar")
    assert esi.max_sessions == 4 and esi.window_days == 365 and esi.bilateral_same_level_counts_once
    assert medicare.frequency_limit("64483", "lumbar") == esi     # a code finds its family
    assert medicare.frequency_limit("facet_injection", "cervical").max_sessions == 4
    assert medicare.frequency_limit("64635", "lumbar").max_sessions == 2
    assert medicare.frequency_limit("tpi", "lumbar") is None
    assert medicare.counting_region("sacral") == medicare.counting_region("lumbar") == "lumbar_sacral"


def test_medicare_levels_and_non_covered_codes(medicare):
    assert medicare.level_limit("64483").max_levels == 2
    assert medicare.level_limit("62323").max_levels == 1
    assert medicare.level_limit("64493").max_levels == 2
    assert medicare.is_non_covered_level_code("64495")
    assert not medicare.is_non_covered_level_code("64494")


def test_medicare_rfa_prerequisite(medicare):
    rfa = medicare.rfa_prerequisite
    assert rfa.diagnostic_blocks == 2 and rfa.relief_threshold_pct == 80
    assert rfa.same_levels_and_side and rfa.repeat_rfa_min_months == 6 and rfa.repeat_rfa_relief_pct == 50


def test_medicare_prior_auth_wiser_and_opps(medicare):
    jan = date(2026, 1, 15)
    assert medicare.requires_prior_auth("64483", "11", "TX", jan)          # WISeR state
    assert not medicare.requires_prior_auth("64483", "11", "CA", jan)      # not a WISeR state
    assert not medicare.requires_prior_auth("64483", "11", "TX", date(2025, 12, 31))
    assert not medicare.requires_prior_auth("62322", "11", "TX", jan)      # no-imaging code not listed
    assert medicare.requires_prior_auth("esi", "11", "WA", jan)            # family name
    assert medicare.requires_prior_auth("63650", "22", "CA", jan)          # OPPS hospital outpatient
    assert not medicare.requires_prior_auth("63650", "11", "CA", jan)
    assert medicare.requires_prior_auth("64635", "22", "CA", jan)
    assert not medicare.requires_prior_auth("64635", "24", "CA", jan)
    assert not medicare.requires_prior_auth("20552", "11", "TX", jan)


def test_medicare_devices_em_deadlines(medicare):
    assert not medicare.device_codes_reported("11")
    assert medicare.device_codes_reported("22") and medicare.device_codes_reported("24")
    assert medicare.em.prolonged_code.value == "G2212" and medicare.em.g2211_allowed
    assert medicare.deadlines.timely_filing_days == 365 and medicare.deadlines.appeal_days == 120
    assert medicare.multiple_procedure_reduction == (Decimal("1.00"), Decimal("0.50"))
    assert medicare.reduction_fraction(4) == Decimal("0.50")


def test_medicare_kx_on_diagnostic_snrb(medicare):
    assert medicare.required_modifiers("64483", "11", "diagnostic") == ("KX",)
    assert medicare.required_modifiers("64483", "11", "therapeutic") == ()
    assert medicare.required_modifiers("62323", "11", "diagnostic") == ()


def test_medicare_covered_diagnoses(medicare):
    assert medicare.diagnosis_supports("64483", "M54.16") is True       # radiculopathy
    assert medicare.diagnosis_supports("64483", "M54.50") is False      # axial pain: not for ESI
    assert medicare.diagnosis_supports("64493", "M47.816") is True      # spondylosis w/o radiculopathy
    assert medicare.diagnosis_supports("64635", "M54.16") is False
    assert medicare.diagnosis_supports("20552", "M79.18") is None       # no list: no edit
    assert medicare.conservative_treatment_weeks("64483") == 4


def test_medicare_advantage_prior_auth():
    ma = load_policy("medicare-advantage")
    assert ma.plan_type.value == "medicare_advantage"
    for code in ("62323", "64483", "64635", "63650", "63685"):
        assert ma.requires_prior_auth(code, "11", "CA", date(2026, 3, 1)), code
    assert not ma.requires_prior_auth("64493", "11", "CA", date(2026, 3, 1))
    assert ma.frequency_limit("esi", "cervical").max_sessions == 4


def test_summit_health_variant():
    p = load_policy("summit-health")
    for pos in ("11", "22", "24"):
        assert p.bilateral_style(pos) is BilateralStyle.RT_LT_TWO_LINES
    assert p.frequency_limit("64483", "lumbar").max_sessions == 3
    assert p.rfa_prerequisite.diagnostic_blocks == 1 and p.rfa_prerequisite.relief_threshold_pct == 50
    assert p.distinct_modifier("structure") == "59"


def test_lakeshore_variant():
    p = load_policy("lakeshore-ppo")
    assert p.bilateral_style("11") is BilateralStyle.MODIFIER_50_ONE_LINE
    assert p.bilateral_style("24") is BilateralStyle.RT_LT_TWO_LINES
    assert p.wants_modifier_51
    assert p.reduction_fraction(2) == Decimal("0.50")
    assert p.rfa_prerequisite.diagnostic_blocks == 2 and p.rfa_prerequisite.relief_threshold_pct == 80
    for code in ("64493", "64635", "62323", "64483", "63650"):
        assert p.requires_prior_auth(code, "24", "IL", date(2026, 3, 1)), code
    assert not p.requires_prior_auth("20552", "11", "IL", date(2026, 3, 1))
    assert p.frequency_limit("esi", "lumbar").min_days_between_sessions == 14


def test_granite_variant():
    p = load_policy("granite-mutual")
    assert p.bilateral_style("24") is BilateralStyle.MODIFIER_50_TWO_UNITS
    assert p.distinct_procedure_modifier == "X" and p.distinct_modifier() == "XU"
    assert p.imaging_separately_billable("77003", "64493") is True
    assert p.imaging_separately_billable("77003", "64483") is None       # no override: NCCI decides
    assert p.deadlines.timely_filing_days == 90
    assert p.em.g2211_allowed is False
    assert load_policy("medicare").imaging_separately_billable("77003", "64493") is None


def test_families():
    assert families_of("64484") == ("esi_transforaminal", "esi")
    assert "64495" in codes_in("facet")
    assert families_of("nope") == ()


def test_frequency_limit_by_counting_region(tmp_path):
    from painrcm.policy import validate_file
    path = tmp_path / "acme.yaml"
    path.write_text("id: acme\nname: A\nplan_type: commercial\nversion: '1'\neffective_from: 2026-01-01\n"
                    "frequency_limits:\n  - family: esi\n    regions: [lumbar]\n    max_sessions: 3\n")
    p = validate_file(path)
    assert p.frequency_limit("esi", "lumbar_sacral").max_sessions == 3
    assert p.frequency_limit("esi", "sacral").max_sessions == 3
    assert p.frequency_limit("esi", "cervical") is None


def test_policy_is_hashable_for_caches():
    a, b = load_policy("medicare"), load_policy("lakeshore-ppo")
    assert len({a, b, load_policy("medicare")}) == 2


def test_policy_as_domain_payer():
    payer = load_policy("granite-mutual").payer()
    assert payer.policy_id == "granite-mutual" and payer.x12_payer_id == "GRM01"
    assert payer.plan_type.value == "commercial"


def test_families_align_with_the_reference_code_set():
    """Every reference code has a policy family, and its reference family name is one of them."""
    codes = pytest.importorskip("painrcm.reference.codes")
    for info in codes.all_codes():
        assert info.family in families_of(info.code), (info.code, info.family, families_of(info.code))
