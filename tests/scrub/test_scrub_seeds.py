"""Regression cases for every error type the seeds describe (seed 000: eight costly coding errors;
seed 004: modifier traps and the seven most common denials), plus the edit catalogue checks."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from painrcm.auth.model import Authorization
from painrcm.scrub import EDITS, AuthIndex, NoteEvidence, NoteProcedure

from scrub_helpers import DOS, claim, edits, line

REPO = Path(__file__).resolve().parents[2]


# ---- seed 000 -------------------------------------------------------------------------------

def test_seed000_1_wrong_approach_code_on_esi():
    note = NoteEvidence(lines=(("64483", ("RT",), 1),), status="ready")
    assert "CODE_NOTE_MISMATCH" in edits(claim(line("62323")), note=note, severity="error")


def test_seed000_2_imaging_guidance_without_documentation():
    note = NoteEvidence(procedures=(NoteProcedure("joint", imaging_modality="fluoroscopy",
                                                  imaging_missing=("interpretation",)),))
    c = claim(line("20610", "RT"), line("77002"), diagnoses=("M1711",))
    assert "IMAGING_DOCUMENTATION" in edits(c, note=note, severity="error")


def test_seed000_3_laterality_on_bilateral_facet_by_payer():
    assert "LATERALITY_MISSING" in edits(claim(line("64493"), diagnoses=("M47816",)), severity="error")
    rt_lt = claim(line("64493", "RT"), line("64493", "LT"), diagnoses=("M47816",))
    assert "BILATERAL_FORMAT" in edits(rt_lt, payer="medicare")
    assert "BILATERAL_FORMAT" not in edits(rt_lt, payer="summit-health")


def test_seed000_4_rfa_without_two_positive_blocks():
    from painrcm.scrub import HistoryIndex, HistoryRelief
    h = HistoryIndex()
    h.add(claim(line("64493", "RT"), dos=DOS - timedelta(days=30), claim_id="MBB1", diagnoses=("M47816",)),
          HistoryRelief(90, 6, "diagnostic"))
    rfa = claim(line("64635", "RT"), diagnoses=("M47816",))
    assert "RFA_PREREQUISITE" in edits(rfa, history=h, severity="error")


def test_seed000_6_scs_implant_on_trial_auth_and_deleted_95973():
    trial = Authorization("T1", "P1", "granite-mutual", "PT-M1", date(2026, 1, 1), date(2026, 6, 30),
                          codes=("63650",))
    c = claim(line("63685"), pos="24", diagnoses=("M961",), prior_authorization="T1")
    assert "SCS_PERMANENT_AUTH" in edits(c, payer="granite-mutual", authorizations=AuthIndex([trial]))
    assert "DELETED_CODE" in edits(claim(line("95972"), line("95973"), diagnoses=("M961",)))


def test_seed000_8_trigger_point_upcoded():
    note = NoteEvidence(procedures=(NoteProcedure("tpi", muscle_count=2),))
    assert "TPI_MUSCLE_COUNT" in edits(claim(line("20553"), diagnoses=("M7918",)), note=note, severity="error")


# ---- seed 004 -------------------------------------------------------------------------------

def test_seed004_denial1_fluoroscopy_billed_with_bundled_injection():
    for code in ("62321", "62323", "64479", "64483"):
        c = claim(line(code, *(("RT",) if code.startswith("644") else ())), line("77003"),
                  diagnoses=("M5412",) if code in ("62321", "64479") else ("M5416",))
        assert "IMAGING_INCLUDED" in edits(c, severity="error"), code


def test_seed004_denial2_transforaminal_without_laterality():
    assert "LATERALITY_MISSING" in edits(claim(line("64483")), severity="error")


def test_seed004_denial3_rfa_without_diagnostic_blocks():
    c = claim(line("64635", "RT"), diagnoses=("M47816",))
    other = claim(line("99213"), claim_id="V0", dos=DOS - timedelta(days=40), diagnoses=("G8929",))
    assert "RFA_PREREQUISITE" in edits(c, history=[other], severity="error")


def test_seed004_denial4_more_than_four_esi_sessions_per_region():
    prior = [claim(line("64483", "RT"), dos=DOS - timedelta(days=d), claim_id=f"E{d}") for d in (20, 90, 180, 270)]
    assert "FREQUENCY_LIMIT" in edits(claim(line("64483", "RT")), history=prior, severity="error")


def test_seed004_denial5_addon_without_primary_or_primary_twice():
    assert "ADDON_WITHOUT_PRIMARY" in edits(claim(line("64484", "RT")), severity="error")
    assert "PRIMARY_REPEATED" in edits(claim(line("64635", "RT"), line("64635", "RT"),
                                             diagnoses=("M47816",)), severity="error")


def test_seed004_denial6_no_conservative_treatment():
    assert "CONSERVATIVE_TREATMENT" in edits(claim(line("64483", "RT")),
                                             note=NoteEvidence(conservative_treatment=False))


def test_seed004_denial7_modifier_25_not_supported():
    c = claim(line("99214", "25"), line("64483", "RT"))
    assert "MOD25_UNSUPPORTED" in edits(c, note=NoteEvidence(separate_evaluation=False))


def test_seed004_modifier_traps():
    # 50 not accepted in an ASC by some payers
    asc = claim(line("27096", "50"), diagnoses=("M533",), pos="24", prior_authorization="A1")
    assert "BILATERAL_FORMAT" in edits(asc, payer="lakeshore-ppo")
    # 59 where the payer wants XS
    c = claim(line("27096", "RT"), line("64483", "RT", "59"), diagnoses=("M5416", "M533"))
    assert "MOD59_PREFERENCE" in edits(c)
    # 51 on add-on codes
    assert "MOD51" in edits(claim(line("64493", "RT"), line("64494", "RT", "51"), diagnoses=("M47816",)))
    # G3002 with CCM in the same month
    ccm = claim(line("99491"), claim_id="K", dos=DOS - timedelta(days=3), diagnoses=("G8929",))
    assert "CPM_CONFLICT" in edits(claim(line("G3002"), diagnoses=("G8929",)), history=[ccm])


# ---- seeds 001-003 (FAQ, coding Q&A, revenue cycle) ---------------------------------------------

def test_seed001_expired_authorization_is_no_authorization():
    from datetime import date as d
    lapsed = Authorization("A1", "P1", "lakeshore-ppo", "PT-M1", d(2025, 11, 1), d(2026, 1, 31), codes=("64483",))
    c = claim(line("64483", "RT"), prior_authorization="A1")
    assert "AUTH_INVALID" in edits(c, payer="lakeshore-ppo", authorizations=AuthIndex([lapsed]), severity="error")


def test_seed001_timely_filing_past_the_payer_window():
    c = claim(line("64483", "RT"), dos=date(2025, 8, 1), prior_authorization="A1")
    assert "TIMELY_FILING" in edits(c, payer="summit-health", as_of=date(2026, 3, 1), severity="error")


def test_seed002_bilateral_same_level_counts_once_and_64495_one_unit():
    prior = [claim(line("64493", "50"), dos=DOS - timedelta(days=d), claim_id=f"F{d}", diagnoses=("M47816",))
             for d in (30, 120, 210)]
    assert "FREQUENCY_LIMIT" not in edits(claim(line("64493", "50"), diagnoses=("M47816",)), history=prior)
    c = claim(line("64493", "RT"), line("64494", "RT"), line("64495", "RT", units=3), diagnoses=("M47816",))
    assert "ADDON_UNITS" in edits(c, severity="error")


def test_seed002_non_billable_icd10_from_the_seed():
    assert "DX_INVALID" in edits(claim(line("62323"), diagnoses=("M4806",)), severity="error")


def test_seed003_scrub_checklist():
    from painrcm.auth.model import EnrollmentStatus, PayerEnrollment
    from painrcm.scrub.testing import RENDERING_NPI
    c = claim(line("64483", "RT"))
    pending = (PayerEnrollment(RENDERING_NPI, "medicare", EnrollmentStatus.PENDING),)
    assert "PROVIDER_NOT_ENROLLED" in edits(c, enrollments=pending, severity="error")
    assert "AUTH_MISSING" in edits(c, payer="lakeshore-ppo", severity="error")
    assert "MOD25_MISSING" in edits(claim(line("99213"), line("64483", "RT")), severity="error")


# ---- the catalogue --------------------------------------------------------------------------

def test_every_edit_has_tests_and_documentation():
    tests = "".join(p.read_text() for p in Path(__file__).parent.glob("test_scrub_*.py"))
    doc = (REPO / "docs" / "edits.md").read_text()
    for edit in EDITS:
        assert f'"{edit}"' in tests, f"{edit} has no test"
        assert re.search(rf"^### `{edit}`", doc, re.M), f"{edit} is not documented in docs/edits.md"


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_edit_ids_are_stable_upper_snake(edit):
    assert re.fullmatch(r"[A-Z0-9]+(_[A-Z0-9]+)*", edit)
