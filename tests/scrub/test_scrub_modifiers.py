"""LATERALITY_MISSING, BILATERAL_FORMAT, BILATERAL_NOT_ALLOWED, MOD25_MISSING, MOD25_UNSUPPORTED, MOD51,
KX_REQUIRED, GLOBAL_PERIOD, CPM_CONFLICT."""

from __future__ import annotations

from datetime import date, timedelta

from painrcm.scrub import NoteEvidence, NoteProcedure, apply_fixes, scrub_and_fix

from scrub_helpers import DOS, claim, ctx, edits, findings, line


def mods(c):
    return [(ln.code, ln.modifiers, int(ln.units)) for ln in c.lines]


def test_laterality_missing():
    assert "LATERALITY_MISSING" in edits(claim(line("64483")), severity="error")
    assert "LATERALITY_MISSING" not in edits(claim(line("64483", "RT")))
    # knee joint: a warning, not an error
    fs = [f for f in findings(claim(line("20610"), diagnoses=("M1711",))) if f.edit == "LATERALITY_MISSING"]
    assert fs and fs[0].severity == "warning"
    # interlaminar (indicator 9) never takes a side
    assert "LATERALITY_MISSING" not in edits(claim(line("62323")))


def test_bilateral_format_medicare_merges_rt_lt():
    c = claim(line("27096", "RT", charge="200.00"), line("27096", "LT", charge="200.00"), diagnoses=("M533",))
    assert "BILATERAL_FORMAT" in edits(c, severity="error")
    fixed, _ = scrub_and_fix(c, ctx())
    assert mods(fixed) == [("27096", ("50",), 1)] and str(fixed.lines[0].charge) == "400.00"
    assert "BILATERAL_FORMAT" not in edits(claim(line("64493", "50"), diagnoses=("M47816",)))


def test_bilateral_format_spine_levels_decide():
    same = NoteEvidence(procedures=(NoteProcedure("facet", levels=(("right", "L4-5"), ("left", "L4-5"))),))
    differ = NoteEvidence(procedures=(NoteProcedure("facet", levels=(("right", "L4-5"), ("left", "L5-S1"))),))
    c = claim(line("64493", "RT", charge="200.00"), line("64493", "LT", charge="200.00"), diagnoses=("M47816",))
    assert "BILATERAL_FORMAT" in edits(c, note=same, severity="error")
    fixed, _ = scrub_and_fix(c, ctx(note=same))
    assert mods(fixed) == [("64493", ("50",), 1)]
    assert "BILATERAL_FORMAT" not in edits(c, note=differ)
    # no note: a warning (right L4-5 + left L5-S1 is correctly two lines)
    assert "BILATERAL_FORMAT" in edits(c, severity="warning")
    assert "BILATERAL_FORMAT" not in edits(c, severity="error")
    # two levels right, one left: RT/LT is the right format
    uneven = claim(line("64493", "RT"), line("64494", "RT"), line("64493", "LT"), diagnoses=("M47816",))
    assert "BILATERAL_FORMAT" not in edits(uneven)


def test_bilateral_format_rt_lt_payer_splits_50():
    c = claim(line("64493", "50"), line("64494", "50"), diagnoses=("M47816",))
    assert "BILATERAL_FORMAT" in edits(c, payer="summit-health", severity="error")
    fixed, left = scrub_and_fix(c, ctx("summit-health"))
    assert mods(fixed) == [("64493", ("RT",), 1), ("64493", ("LT",), 1), ("64494", ("RT",), 1), ("64494", ("LT",), 1)]
    assert "BILATERAL_FORMAT" not in {f.edit for f in left}


def test_bilateral_format_two_units_payer():
    c = claim(line("27096", "50"), diagnoses=("M533",))
    assert "BILATERAL_FORMAT" in edits(c, payer="granite-mutual")
    fixed, _ = scrub_and_fix(c, ctx("granite-mutual"))
    assert mods(fixed) == [("27096", ("50",), 2)]
    assert "BILATERAL_FORMAT" not in edits(fixed, payer="granite-mutual")


def test_bilateral_format_by_place_of_service():
    # seed 004: modifier 50 not accepted in an ASC by some payers (lakeshore: RT/LT at POS 24)
    asc = claim(line("27096", "50"), diagnoses=("M533",), pos="24")
    office = claim(line("27096", "50"), diagnoses=("M533",), pos="11")
    assert "BILATERAL_FORMAT" in edits(asc, payer="lakeshore-ppo")
    assert "BILATERAL_FORMAT" not in edits(office, payer="lakeshore-ppo")


def test_bilateral_not_allowed():
    c = claim(line("62323", "50"))
    fs = [f for f in findings(c) if f.edit == "BILATERAL_NOT_ALLOWED"]
    assert fs and fs[0].severity == "error"
    assert mods(apply_fixes(c, fs)) == [("62323", (), 1)]
    assert "BILATERAL_NOT_ALLOWED" in edits(claim(line("20553", "50"), diagnoses=("M7918",)), severity="error")
    assert "BILATERAL_NOT_ALLOWED" not in edits(claim(line("62323")))


def test_mod25_missing_and_fix():
    c = claim(line("99214"), line("64483", "RT"))
    assert "MOD25_MISSING" in edits(c, severity="error")
    fixed, _ = scrub_and_fix(c, ctx())
    assert fixed.lines[0].modifiers == ("25",)
    assert "MOD25_MISSING" not in edits(claim(line("99214", "25"), line("64483", "RT")))


def test_mod25_missing_without_separate_evaluation_has_no_automatic_fix():
    c = claim(line("99214"), line("64483", "RT"))
    fs = [f for f in findings(c, note=NoteEvidence(separate_evaluation=False)) if f.edit == "MOD25_MISSING"]
    assert fs and not fs[0].fixable


def test_mod25_same_day_procedure_on_another_claim():
    proc = claim(line("64483", "RT"), claim_id="P1")
    visit = claim(line("99214"), claim_id="V1", diagnoses=("G8929",))
    assert "MOD25_MISSING" in edits(visit, history=[proc])
    assert "MOD25_MISSING" not in edits(visit)


def test_mod25_unsupported():
    assert "MOD25_UNSUPPORTED" in edits(claim(line("99214", "25"), diagnoses=("G8929",)), severity="warning")
    assert "MOD25_UNSUPPORTED" not in edits(claim(line("99214"), diagnoses=("G8929",)))
    # seed 004 denial #7: 25 on an E/M that the note does not separate from the injection decision
    c = claim(line("99214", "25"), line("64483", "RT"))
    assert "MOD25_UNSUPPORTED" in edits(c, note=NoteEvidence(separate_evaluation=False))
    assert "MOD25_UNSUPPORTED" not in edits(c, note=NoteEvidence(separate_evaluation=True))


def test_mod51_wanted_by_payer():
    c = claim(line("64483", "RT", charge="600.00"), line("64493", "RT", charge="400.00"),
              diagnoses=("M5416", "M47816"))
    fs = [f for f in findings(c, payer="lakeshore-ppo") if f.edit == "MOD51"]
    assert [f.lines for f in fs] == [(2,)] and fs[0].severity == "warning"
    assert apply_fixes(c, fs).lines[1].modifiers == ("RT", "51")
    assert "MOD51" not in edits(c)  # medicare: no 51


def test_mod51_not_on_addons_or_for_medicare():
    c = claim(line("64483", "RT"), line("64484", "RT", "51"))
    assert "MOD51" in edits(c)
    assert "MOD51" in edits(claim(line("64483", "RT", "51")))
    assert "MOD51" not in edits(claim(line("64483", "RT")))


def test_kx_required_for_diagnostic_selective_nerve_root_block():
    note = NoteEvidence(procedures=(NoteProcedure("epidural", purpose="diagnostic"),))
    assert "KX_REQUIRED" in edits(claim(line("64483", "RT")), note=note, severity="error")
    assert "KX_REQUIRED" not in edits(claim(line("64483", "RT", "KX")), note=note)
    assert "KX_REQUIRED" not in edits(claim(line("64483", "RT")))  # therapeutic/unknown: no KX


def test_global_period():
    rfa = claim(line("64635", "RT"), claim_id="R1", diagnoses=("M47816",))
    visit = lambda days, *m: claim(line("99213", *m), claim_id="V1", dos=DOS + timedelta(days=days),
                                   diagnoses=("G8929",))
    assert "GLOBAL_PERIOD" in edits(visit(5), history=[rfa], severity="error")
    assert "GLOBAL_PERIOD" not in edits(visit(11), history=[rfa])
    assert "GLOBAL_PERIOD" not in edits(visit(5, "24"), history=[rfa])
    # 0-day globals (ESI) never open a post-operative period
    esi = claim(line("64483", "RT"), claim_id="E1")
    assert "GLOBAL_PERIOD" not in edits(visit(2), history=[esi])


def test_cpm_conflict_same_month():
    ccm = claim(line("99490"), claim_id="K1", dos=date(2026, 2, 2), diagnoses=("G8929",))
    cpm = claim(line("G3002"), claim_id="K2", dos=date(2026, 2, 20), diagnoses=("G8929",))
    assert "CPM_CONFLICT" in edits(cpm, history=[ccm], severity="error")
    next_month = claim(line("99490"), claim_id="K1", dos=date(2026, 1, 28), diagnoses=("G8929",))
    assert "CPM_CONFLICT" not in edits(cpm, history=[next_month])


def test_g2211_with_modifier_25_em():
    c = claim(line("99214", "25"), line("G2211"), line("64483", "RT"))
    fs = [f for f in findings(c) if f.edit == "CPM_CONFLICT"]
    assert fs and fs[0].severity == "error"
    assert [ln.code for ln in apply_fixes(c, fs).lines] == ["99214", "64483"]
    assert "CPM_CONFLICT" not in edits(claim(line("99214"), line("G2211"), diagnoses=("G8929",)))
