"""RFA package: the payer's diagnostic-block rule, every gap, HTML and PDF with the MBB notes."""

import dataclasses
import io
from datetime import date

import pytest

from painrcm.auth.rfa_package import (Attestation, ProcedureNote, RfaRequest, build_package, relief_hours,
                                      render_html, render_pdf)
from painrcm.policy import load_policy

NOTE = """PROCEDURE NOTE
Date of service: {dos}
Pre-operative diagnosis: Lumbar spondylosis without myelopathy or radiculopathy (M47.816).
Procedure: {side} {levels} diagnostic medial branch blocks under fluoroscopy.
Description: The patient was placed prone. Under fluoroscopic guidance, 22-gauge needles were placed at the
{side_lower} {levels} medial branch target points. Images were saved. Fluoroscopic images confirmed needle
placement. At each level 0.5 mL of 0.5% bupivacaine was injected. Block marker {marker}.
Findings: Pre-procedure pain 8/10; 30 minutes after, 1/10. {relief}
"""


def note(nid, dos, relief, *, side="Bilateral", levels="L4-5 and L5-S1", marker="", **kw):
    text = NOTE.format(dos=dos.strftime("%m/%d/%Y"), side=side, side_lower=side.lower(), levels=levels,
                       relief=relief, marker=marker or nid)
    return ProcedureNote(nid, dos, text, "Elena Marsh, MD", **kw)


FIRST = note("MBB-ONE", date(2026, 3, 2), "The patient reported 85% relief lasting 6 hours on the pain diary.")
SECOND = note("MBB-TWO", date(2026, 3, 20), "The patient reported 90% relief lasting 5 hours on the pain diary.")
WEAK = note("MBB-WEAK", date(2026, 3, 20), "The patient reported 60% relief lasting 4 hours on the pain diary.")
REQUEST = RfaRequest("pt-1", "medicare", ("L4-5", "L5-S1"), "bilateral", date(2026, 4, 20), codes=("64635",),
                     functional_impairment="ODI 46%", imaging_correlation="MRI: facet arthropathy L4-S1",
                     conservative_treatment="14 weeks PT and NSAIDs",
                     attestation=Attestation("Elena Marsh, MD", "1234567893", date(2026, 4, 1)))


def test_two_qualifying_blocks_meet_the_rule_and_nothing_blocks():
    pkg = build_package([FIRST, SECOND], REQUEST)
    assert pkg.threshold_met and pkg.ready and pkg.gaps == ()
    assert [(b.relief_pct, b.relief_hours, b.levels, b.side_text) for b in pkg.blocks] == \
        [(85, 6.0, ("L4-L5", "L5-S1"), "bilateral"), (90, 5.0, ("L4-L5", "L5-S1"), "bilateral")]
    assert pkg.verdict.startswith("THRESHOLD MET: 2 of 2")


def test_low_relief_block_is_a_gap():
    pkg = build_package([FIRST, WEAK], REQUEST)
    assert not pkg.threshold_met and not pkg.ready
    assert pkg.gaps[0].startswith("Only 1 qualifying diagnostic block(s)")
    assert "Block of 2026-03-20: relief 60% is below the 80% threshold" in pkg.gaps


def test_payer_threshold_and_duration_come_from_the_payer_file():
    lenient = load_policy("medicare").model_copy(update={"rfa_prerequisite": load_policy("medicare").rfa_prerequisite
                                                         .model_copy(update={"relief_threshold_pct": 50,
                                                                             "min_relief_duration_hours": 5.5})})
    pkg = build_package([FIRST, WEAK], REQUEST, policy=lenient)
    assert [b.problems for b in pkg.blocks] == [(), ("relief lasted 4 hours, less than 5.5",)]


def test_same_day_blocks_count_once_and_other_levels_or_side_do_not_count():
    same_day = dataclasses.replace(SECOND, date_of_service=FIRST.date_of_service, note_id="MBB-SAME")
    assert len(build_package([FIRST, same_day], REQUEST).qualifying) == 1
    other_level = note("MBB-L34", date(2026, 3, 20), "85% relief lasting 6 hours.", levels="L3-4")
    right_only = note("MBB-R", date(2026, 3, 25), "85% relief lasting 6 hours.", side="Right")
    pkg = build_package([FIRST, other_level, right_only], REQUEST)
    problems = {b.note.note_id: b.problems for b in pkg.blocks}
    assert "do not include L4-L5, L5-S1" in problems["MBB-L34"][0]
    assert "not the planned bilateral side" in problems["MBB-R"][0]


def test_missing_relief_and_duration_and_the_other_package_elements():
    vague = note("MBB-V", date(2026, 3, 20), "Significant relief reported.")
    bare = RfaRequest("pt-1", "medicare", ("L4-5", "L5-S1"), "bilateral", date(2026, 4, 20))
    pkg = build_package([vague], bare)
    text = "\n".join(pkg.gaps)
    for expected in ("relief % not documented", "relief duration not documented", "Functional impairment",
                     "Imaging correlation", "Conservative treatment history not documented (payer wants at least 12 weeks)",
                     "Provider attestation not signed"):
        assert expected in text
    assert build_package([], bare).gaps[0].startswith("No diagnostic medial branch block notes")


def test_pain_diary_figures_override_and_later_notes_are_ignored():
    diary = dataclasses.replace(WEAK, relief_pct=85, relief_hours=8.0)
    after = dataclasses.replace(SECOND, date_of_service=date(2026, 5, 1), note_id="LATER")
    pkg = build_package([FIRST, diary, after], REQUEST)
    assert pkg.threshold_met and [b.note.note_id for b in pkg.blocks] == ["MBB-ONE", "MBB-WEAK"]


@pytest.mark.parametrize("text, hours", [("lasting 6 hours", 6.0), ("for 2 days", 48.0), ("x 8 hrs", 8.0),
                                         ("duration of 3 hours", 3.0), ("for six hours", 6.0), ("good", None)])
def test_relief_hours(text, hours):
    assert relief_hours(text) == hours


def test_html_escapes_note_text():
    evil = note("MBB-X", date(2026, 3, 20), "85% relief lasting 6 hours <script>alert(1)</script>")
    html = render_html(build_package([FIRST, evil], REQUEST))
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_pdf_contains_both_mbb_notes_and_the_threshold_verdict():
    from pypdf import PdfReader

    pkg = build_package([FIRST, WEAK], REQUEST)
    pdf = render_pdf(pkg)
    assert pdf.startswith(b"%PDF")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    flat = " ".join(text.split())
    assert "Block marker MBB-ONE" in flat and "Block marker MBB-WEAK" in flat  # the notes themselves
    assert "85% relief lasting 6 hours" in flat and "60% relief lasting 4 hours" in flat
    assert "Threshold verdict: THRESHOLD NOT MET: 1 of 2 required diagnostic medial branch blocks" in flat
    assert "relief 60% is below the 80% threshold" in flat
    assert "Elena Marsh, MD (NPI 1234567893), signed 2026-04-01" in flat
