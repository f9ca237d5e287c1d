"""The deterministic fixers: content-based, charge-preserving, composable."""

from __future__ import annotations

from decimal import Decimal

from painrcm.scrub import fixes

from scrub_helpers import claim, line


def shape(c):
    return [(ln.code, ln.modifiers, int(ln.units), str(ln.charge)) for ln in c.lines]


def test_split_keeps_the_odd_cent_on_the_first_line():
    c = claim(line("27096", "50", charge="250.01"), diagnoses=("M533",))
    assert shape(fixes.split_bilateral("27096")(c)) == [("27096", ("RT",), 1, "125.01"), ("27096", ("LT",), 1, "125.00")]


def test_split_two_units_style_back_to_one_unit_per_side():
    c = claim(line("64484", "50", units=2), diagnoses=("M5416",))
    assert [u for _, _, u, _ in shape(fixes.split_bilateral("64484", two_units_style=True)(c))] == [1, 1]


def test_merge_sums_charges_and_keeps_other_modifiers():
    c = claim(line("27096", "RT", "XS", charge="125.00"), line("27096", "LT", "XS", charge="125.00"), diagnoses=("M533",))
    assert shape(fixes.merge_bilateral("27096")(c)) == [("27096", ("50", "XS"), 1, "250.00")]
    assert shape(fixes.merge_bilateral("27096", two_units=True)(c))[0][2] == 2


def test_merge_leaves_unequal_sides_alone():
    c = claim(line("64484", "RT", units=1), line("64484", "LT", units=2))
    assert fixes.merge_bilateral("64484")(c) == c


def test_primary_to_addon_keeps_existing_addon_lines():
    c = claim(line("64483", "RT"), line("64483", "RT"), line("64484", "RT"))
    out = shape(fixes.primary_to_addon("64483")(c))
    assert [x[0] for x in out] == ["64483", "64484"]


def test_resequence_puts_addons_after_their_primary_per_side():
    c = claim(line("64484", "LT"), line("64484", "RT"), line("64483", "RT"), line("64483", "LT"))
    assert [(ln.code, ln.modifiers) for ln in fixes.resequence_addons(c).lines] == [
        ("64483", ("RT",)), ("64484", ("RT",)), ("64483", ("LT",)), ("64484", ("LT",))]


def test_modifier_fixers_respect_four_modifiers():
    c = claim(line("64483", "RT", "XS", "KX", "59"))
    assert fixes.add_modifier("64483", "51")(c) == c
    assert fixes.remove_modifier("64483", "59")(c).lines[0].modifiers == ("RT", "XS", "KX")
    assert fixes.add_modifier("99214", "25", front=True)(claim(line("99214", "GT"))).lines[0].modifiers == ("25", "GT")


def test_drop_never_empties_a_claim():
    c = claim(line("77003"))
    assert fixes.drop_code("77003")(c) == c
    assert sum(ln.charge for ln in fixes.drop_code("77003")(claim(line("64510", "LT"), line("77003"))).lines) == Decimal("100.00")
