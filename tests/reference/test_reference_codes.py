"""The pain code set: families, add-on primaries, imaging, CMS indicators, dates."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from painrcm.reference import codes
from painrcm.reference.codes import FAMILIES, UNITS_RULES, all_codes, codes_in_family, lookup

ADDON_PRIMARIES = {
    "64480": ("64479",), "64484": ("64483",),
    "64491": ("64490",), "64492": ("64490",), "64494": ("64493",), "64495": ("64493",),
    "64634": ("64633",), "64636": ("64635",),
    "0214T": ("0213T",), "0215T": ("0213T",), "0217T": ("0216T",), "0218T": ("0216T",),
    "22512": ("22510", "22511"), "22515": ("22513", "22514"),
    "64421": ("64420",), "G3003": ("G3002",), "G2212": ("99205", "99215"),
}


@pytest.mark.parametrize("addon,primaries", sorted(ADDON_PRIMARIES.items()))
def test_addon_primaries(addon, primaries):
    info = lookup(addon)
    assert info.is_addon
    assert set(primaries) <= set(info.primaries)
    for primary in primaries:
        assert addon in lookup(primary).addons


def test_every_addon_has_zzz_or_known_exception():
    for info in all_codes():
        if info.is_addon and info.global_indicator not in (None, "ZZZ"):
            # G2212 is priced XXX by CMS but is reported only with 99205/99215
            assert info.code in {"G2212"}, info.code


def test_primaries_are_in_the_set():
    for info in all_codes():
        for primary in info.primaries:
            assert lookup(primary) is not None, (info.code, primary)


@pytest.mark.parametrize("code", ["62321", "62323", "62325", "62327", "64479", "64480", "64483",
                                  "64484", "64490", "64495", "0213T", "0218T", "64633", "64636",
                                  "64624", "64625", "64454", "27096", "20604", "20606", "20611",
                                  "64530", "22510", "22515", "63650"])
def test_imaging_included(code):
    assert lookup(code).imaging_included


@pytest.mark.parametrize("code", ["62320", "62322", "64510", "64520", "62273", "62280", "20552",
                                  "20610", "77002", "77003", "76942"])
def test_imaging_not_included(code):
    assert not lookup(code).imaging_included


def test_ultrasound_facet_codes():
    assert lookup("0213T").imaging_modalities == ("ultrasound",)
    assert "ultrasound" not in lookup("64493").imaging_modalities


def test_families_match_brief():
    expect = {
        "esi_interlaminar": {"62320", "62321", "62322", "62323"},
        "epidural_catheter": {"62324", "62325", "62326", "62327"},
        "esi_transforaminal": {"64479", "64480", "64483", "64484"},
        "scs_programming": {"95970", "95971", "95972", "95973"},
        "tpi": {"20552", "20553"},
        "si_joint": {"27096"},
        "cpm": {"G3002", "G3003"},
    }
    for family, members in expect.items():
        assert members <= {c.code for c in codes_in_family(family)}, family
    assert {"64490", "64495", "0213T", "0218T"} <= {c.code for c in codes_in_family("facet")}
    assert {"64633", "64636", "64624", "64625"} <= {c.code for c in codes_in_family("rfa")}
    assert {"63650", "63655", "63661", "63662", "63663", "63664", "63685", "63688"} <= {
        c.code for c in codes_in_family("scs")}
    assert {"C1607", "C1767", "C1778", "C1820", "C1827", "C1787"} <= {
        c.code for c in codes_in_family("device")}
    assert {"77002", "77003", "76942", "77012"} <= {
        c.code for c in codes_in_family("imaging_guidance")}
    assert {"99417", "G2212", "G2211", "99202", "99215"} <= {c.code for c in codes_in_family("em")}
    for info in all_codes():
        assert info.family in FAMILIES
        assert info.units_rule in UNITS_RULES, info.code
        assert info.region in (None, *codes.REGIONS)


def test_regions():
    assert lookup("62321").region == "cervical_thoracic"
    assert lookup("64484").region == "lumbar_sacral"
    assert lookup("22513").region == "thoracic"
    assert lookup("22514").region == "lumbar"


def test_cms_values_from_pprrvu():
    info = lookup("64483")
    assert info.status_code == "A"
    assert info.global_days == 0 and info.global_indicator == "000"
    assert info.bilateral_indicator == "1" and info.mult_proc_indicator == "2"
    assert info.work_rvu == Decimal("1.90")
    assert lookup("62323").bilateral_indicator == "9"
    assert lookup("20552").bilateral_indicator == "0"
    assert lookup("63650").global_days == 10
    assert lookup("99417").status_code == "I"
    assert lookup("0213T").status_code == "C"
    assert "RVU25D" in info.source and "MUE 2024-07-01" in info.source


def test_mue_from_practitioner_table():
    assert (lookup("64484").mue, lookup("64484").mue_mai) == (4, "3")
    assert (lookup("20552").mue, lookup("20552").mue_mai) == (1, "2")


def test_deleted_codes_keep_their_dates():
    info = lookup("95973")
    assert info.effective_to == date(2018, 12, 31)
    assert info.deleted_on == date(2019, 1, 1)
    assert info.in_effect(date(2018, 12, 31)) and not info.in_effect(date(2019, 1, 1))
    assert lookup("76005").effective_to == date(2007, 12, 31)
    assert not lookup("76005").in_effect(date(2024, 5, 1))
    assert "not in CMS PPRRVU" in info.source


def test_effective_dates():
    assert not lookup("G3002").in_effect(date(2024, 12, 31))
    assert lookup("G3002").in_effect(date(2025, 1, 1))
    assert not lookup("C1607").in_effect(date(2025, 6, 1))
    assert lookup("62323").in_effect(date(2025, 6, 1))
    assert not lookup("62323").in_effect(date(2016, 12, 31))


def test_lookup_normalizes_and_misses():
    assert lookup("g3003").code == "G3003"
    assert lookup("0213t").code == "0213T"
    assert lookup("99999") is None
    assert lookup("") is None


def test_codeinfo_is_frozen():
    with pytest.raises(Exception):
        lookup("64483").family = "x"


def test_seed_codes_are_in_the_set(shared_dir):
    seeds = shared_dir / "seeds"
    found = set()
    for path in seeds.glob("*.txt"):
        found |= set(re.findall(r"\b(\d{5}|\d{4}T|[GC]\d{4})\b", path.read_text(encoding="utf-8")))
    missing = sorted(c for c in found if lookup(c) is None)
    assert missing == []


def test_descriptors_are_short_and_ours():
    for info in all_codes():
        assert 10 < len(info.descriptor) < 160, info.code


def test_imaging_addon_primaries_exclude_imaging():
    for code in ("77002", "77003"):
        for primary in lookup(code).primaries:
            info = lookup(primary)
            assert not info.imaging_included, (code, primary)
            assert code not in info.ncci_bundled_imaging, (code, primary)


def test_ncci_bundled_imaging():
    assert "77003" in lookup("64483").ncci_bundled_imaging
    assert "77003" not in lookup("64520").ncci_bundled_imaging
