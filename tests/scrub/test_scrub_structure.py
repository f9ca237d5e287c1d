"""ADDON_WITHOUT_PRIMARY, PRIMARY_REPEATED, ADDON_UNITS, MUE_EXCEEDED, NCCI_PAIR, MOD59_PREFERENCE,
IMAGING_INCLUDED, IMAGING_DOCUMENTATION: a failing and a passing claim each, and the fixes."""

from __future__ import annotations

from painrcm.scrub import NoteEvidence, NoteProcedure, apply_fixes, scrub_and_fix

from scrub_helpers import claim, ctx, edits, findings, line


def codes(c):
    return [(ln.code, ln.modifiers, int(ln.units)) for ln in c.lines]


def test_addon_without_primary():
    assert "ADDON_WITHOUT_PRIMARY" in edits(claim(line("64484", "RT")), severity="error")
    assert "ADDON_WITHOUT_PRIMARY" not in edits(claim(line("64483", "RT"), line("64484", "RT")))


def test_addon_on_a_side_without_its_primary():
    assert "ADDON_WITHOUT_PRIMARY" in edits(claim(line("64483", "RT"), line("64484", "LT")), severity="error")


def test_third_level_addon_needs_second_level():
    c = claim(line("64493", "RT"), line("64495", "RT"), diagnoses=("M47816",))
    assert "ADDON_WITHOUT_PRIMARY" in edits(c, severity="error")
    ok = claim(line("64493", "RT"), line("64494", "RT"), line("64495", "RT"), diagnoses=("M47816",))
    assert "ADDON_WITHOUT_PRIMARY" not in edits(ok)


def test_imaging_guidance_without_a_procedure():
    assert "ADDON_WITHOUT_PRIMARY" in edits(claim(line("99213"), line("77003"), diagnoses=("G8929",)))
    assert "ADDON_WITHOUT_PRIMARY" not in edits(claim(line("64510", "LT"), line("77003"), diagnoses=("G90512",)))


def test_addon_before_primary_is_resequenced():
    c = claim(line("64484", "RT"), line("64483", "RT"))
    fs = [f for f in findings(c) if f.edit == "ADDON_WITHOUT_PRIMARY"]
    assert fs and fs[0].severity == "warning" and fs[0].fixable
    assert [ln.code for ln in apply_fixes(c, fs).lines] == ["64483", "64484"]


def test_g2211_without_em_and_g3003_without_g3002():
    assert "ADDON_WITHOUT_PRIMARY" in edits(claim(line("G2211"), diagnoses=("G8929",)))
    assert "ADDON_WITHOUT_PRIMARY" in edits(claim(line("G3003"), diagnoses=("G8929",)))
    assert "ADDON_WITHOUT_PRIMARY" not in edits(claim(line("G3002"), line("G3003"), diagnoses=("G8929",)))


def test_primary_repeated_and_its_fix():
    c = claim(line("64483", "RT"), line("64483", "RT"))
    assert "PRIMARY_REPEATED" in edits(c, severity="error")
    fixed, left = scrub_and_fix(c, ctx())
    assert codes(fixed) == [("64483", ("RT",), 1), ("64484", ("RT",), 1)]
    assert not [f for f in left if f.severity == "error"]
    assert "PRIMARY_REPEATED" not in edits(claim(line("64483", "RT"), line("64483", "LT")), payer="summit-health")


def test_primary_repeated_as_units_on_facet_ladder():
    c = claim(line("64493", "LT", units=3), diagnoses=("M47816",))
    assert "PRIMARY_REPEATED" in edits(c)
    fixed, _ = scrub_and_fix(c, ctx())
    assert codes(fixed) == [("64493", ("LT",), 1), ("64494", ("LT",), 1), ("64495", ("LT",), 1)]


def test_addon_units_one_unit_addons():
    c = claim(line("64493", "RT"), line("64494", "RT"), line("64495", "RT", units=2), diagnoses=("M47816",))
    assert "ADDON_UNITS" in edits(c, severity="error")
    fixed, _ = scrub_and_fix(c, ctx())
    assert codes(fixed)[-1] == ("64495", ("RT",), 1)
    ok = claim(line("64493", "RT"), line("64494", "RT"), diagnoses=("M47816",))
    assert "ADDON_UNITS" not in edits(ok)


def test_addon_units_third_level_not_covered_is_a_warning():
    c = claim(line("64493", "RT"), line("64494", "RT"), line("64495", "RT"), diagnoses=("M47816",))
    fs = [f for f in findings(c) if f.edit == "ADDON_UNITS"]
    assert fs and all(f.severity == "warning" for f in fs)


def test_mue_exceeded():
    assert "MUE_EXCEEDED" in edits(claim(line("62323", units=2)), severity="error")
    assert "MUE_EXCEEDED" not in edits(claim(line("62323")))


def test_mue_counts_a_bilateral_rt_lt_pair_once():
    c = claim(line("64483", "RT"), line("64483", "LT"))
    assert "MUE_EXCEEDED" not in edits(c, payer="summit-health")


def test_ncci_pair():
    c = claim(line("27096", "RT"), line("64483", "RT"), diagnoses=("M5416", "M533"))
    assert "NCCI_PAIR" in edits(c, severity="error")
    ok = claim(line("27096", "RT"), line("64483", "RT", "XS"), diagnoses=("M5416", "M533"))
    assert "NCCI_PAIR" not in edits(ok)


def test_ncci_pair_with_indicator_zero_is_not_bypassed_by_a_modifier():
    c = claim(line("63650", units=2), line("64483", "RT", "XS"), pos="24", diagnoses=("M961",))
    assert "NCCI_PAIR" in edits(c, severity="error")


def test_mod59_preference():
    c = claim(line("27096", "RT"), line("64483", "RT", "59"), diagnoses=("M5416", "M533"))
    assert "MOD59_PREFERENCE" in edits(c, severity="warning")  # medicare prefers XS/XU
    assert "MOD59_PREFERENCE" not in edits(c, payer="summit-health")  # summit wants 59
    x = claim(line("27096", "RT"), line("64483", "RT", "XS"), diagnoses=("M5416", "M533"))
    fs = [f for f in findings(x, payer="summit-health") if f.edit == "MOD59_PREFERENCE"]
    assert fs and fs[0].fixable
    assert apply_fixes(x, fs).lines[1].modifiers == ("RT", "59")


def test_imaging_included():
    c = claim(line("64483", "RT"), line("77003"))
    fs = [f for f in findings(c) if f.edit == "IMAGING_INCLUDED"]
    assert fs and fs[0].severity == "error"
    assert [ln.code for ln in apply_fixes(c, fs).lines] == ["64483"]
    ok = claim(line("64510", "LT"), line("77003"), diagnoses=("G90512",))
    assert "IMAGING_INCLUDED" not in edits(ok)


def _note(missing=(), modality="fluoroscopy"):
    return NoteEvidence(lines=(("64510", ("LT",), 1), ("77003", (), 1)),
                        procedures=(NoteProcedure("sympathetic_block", imaging_modality=modality,
                                                  imaging_missing=tuple(missing)),))


def test_imaging_documentation():
    c = claim(line("64510", "LT"), line("77003"), diagnoses=("G90512",))
    assert "IMAGING_DOCUMENTATION" in edits(c, note=_note(["permanent image"]), severity="error")
    assert "IMAGING_DOCUMENTATION" in edits(c, note=_note(modality=None), severity="error")
    assert "IMAGING_DOCUMENTATION" not in edits(c, note=_note())
    assert "IMAGING_DOCUMENTATION" not in edits(c)  # no note: the edit is skipped
