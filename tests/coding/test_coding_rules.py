"""The coding rules of docs/coding-conventions.md on small hand-written notes."""

from datetime import date

import pytest

from painrcm.coding import code_note

DOS = date(2026, 6, 1)


def lines(text, **kw):
    kw.setdefault("dos", DOS)
    r = code_note(text, **kw)
    return sorted((l.code, l.modifiers, l.units) for l in r.lines), sorted({q.topic for q in r.queries})


@pytest.mark.parametrize("text, expected", [
    ("PROCEDURE: Right L4-5 and left L5-S1 transforaminal epidural steroid injection under fluoroscopy.\n"
     "DIAGNOSIS: Lumbar radiculopathy.",
     [("64483", ("LT",), 1), ("64483", ("RT",), 1)]),
    ("PROCEDURE: Bilateral L4/5 and L5/S1 TFESI, fluoro.\nDX: lumbar radiculopathy",
     [("64483", ("50",), 1), ("64484", ("50",), 1)]),
    ("Proc: Left L3, L4 and L5 transforaminal ESI under fluoroscopic guidance.\nDx: lumbar radiculopathy",
     [("64483", ("LT",), 1), ("64484", ("LT",), 2)]),
    ("PROCEDURE: C6-7 interlaminar epidural steroid injection under fluoroscopy.\nDX: cervical radiculopathy",
     [("62321", (), 1)]),
    ("PROCEDURE: Caudal epidural steroid injection. No imaging guidance was used.\nDX: lumbar radiculopathy",
     [("62322", (), 1)]),
])
def test_epidurals(text, expected):
    got, _ = lines(text)
    assert got == expected


def test_epidural_without_approach_is_a_query():
    got, topics = lines("PROCEDURE: L4-5 epidural steroid injection under fluoroscopy.\nDX: lumbar radiculopathy")
    assert got == [] and "approach" in topics


def test_ultrasound_transforaminal_is_not_coded():
    got, topics = lines("PROCEDURE: Right L5 transforaminal epidural injection under ultrasound guidance.\n"
                        "DX: lumbar radiculopathy")
    assert got == [] and "approach" in topics


@pytest.mark.parametrize("text, expected", [
    ("PROCEDURE: Bilateral L3, L4 medial branch blocks and L5 dorsal ramus block under fluoroscopy.\n"
     "DX: lumbar spondylosis",
     [("64493", ("50",), 1), ("64494", ("50",), 1)]),
    ("PROCEDURE: Right L3-4, L4-5 and L5-S1 facet joint injections, fluoroscopic guidance.\nDX: facet arthropathy",
     [("64493", ("RT",), 1), ("64494", ("RT",), 1), ("64495", ("RT",), 1)]),
    ("PROCEDURE: Bilateral C4-5 facet injections under ultrasound.\nDX: cervical spondylosis",
     [("0213T", ("50",), 1)]),
])
def test_facets(text, expected):
    got, _ = lines(text)
    assert got == expected


def test_rfa_levels_and_relief():
    text = ("INDICATION: Two prior medial branch blocks gave 90% relief for 6 hours.\n"
            "PROCEDURE: Bilateral L3, L4 medial branch and L5 dorsal ramus radiofrequency ablation.\n"
            "DX: lumbar spondylosis")
    got, topics = lines(text)
    assert got == [("64635", ("50",), 1), ("64636", ("50",), 1)]
    assert "relief_documentation" not in topics
    got, topics = lines(text.replace("90% relief for 6 hours", "significant relief"))
    assert "relief_documentation" in topics and got


@pytest.mark.parametrize("muscles, code", [
    ("right trapezius and left trapezius", "20552"),
    ("bilateral trapezius and the levator scapulae", "20553"),
    ("right rhomboid", "20552"),
])
def test_trigger_points_count_distinct_muscles(muscles, code):
    got, _ = lines(f"PROCEDURE: Trigger point injections into the {muscles}.\nDX: myofascial pain")
    assert got == [(code, (), 1)]


def test_trigger_points_without_muscles_is_a_query():
    got, topics = lines("PROCEDURE: Trigger point injections x4 performed.\nDX: myofascial pain")
    assert got == [] and "muscles" in topics


def test_imaging_three_elements():
    base = ("PROCEDURE: Left lumbar sympathetic block at L3 under fluoroscopy. {saved} {interp}\n"
            "DX: CRPS of the left lower extremity")
    full = base.format(saved="Images were saved to PACS.",
                       interp="Fluoroscopic images confirmed needle placement with contrast spread.")
    got, topics = lines(full)
    assert ("77003", (), 1) in got and "imaging_documentation" not in topics
    got, topics = lines(base.format(saved="", interp="Fluoroscopic images confirmed needle placement."))
    assert all(c != "77003" for c, _, _ in got) and "imaging_documentation" in topics


def test_negated_or_hypothetical_imaging_never_counts():
    got, topics = lines("PROCEDURE: Right knee injection. No fluoroscopy was used. Fluoroscopy would be "
                        "considered next time.\nDX: right knee osteoarthritis")
    assert got == [("20610", ("RT",), 1)] and "imaging_documentation" not in topics


def test_ultrasound_joint_needs_recording_and_report():
    got, topics = lines("PROCEDURE: Left knee injection under ultrasound guidance.\nDX: left knee osteoarthritis")
    assert got == [("20610", ("LT",), 1)] and "imaging_documentation" in topics
    got, _ = lines("PROCEDURE: Left knee injection under ultrasound guidance. Images were saved to the chart. "
                   "Ultrasound images reviewed and interpreted: needle within the joint.\nDX: left knee OA")
    assert got == [("20611", ("LT",), 1)]


def test_planned_procedures_are_not_coded():
    got, topics = lines("HPI: Established patient with chronic low back pain.\nPLAN: We will schedule RFA. "
                        "Consider MBB next visit.")
    assert all(c not in ("64635", "64493") for c, _, _ in got)


def test_si_joint_needs_imaging_statement():
    got, topics = lines("PROCEDURE: Right sacroiliac joint injection.\nDX: sacroiliitis")
    assert got == [] and "imaging_documentation" in topics
    got, _ = lines("PROCEDURE: Right SI joint injection under fluoroscopy.\nDX: sacroiliitis")
    assert got == [("27096", ("RT",), 1)]


def test_bilateral_style_follows_payer():
    text = "PROCEDURE: Bilateral L5 transforaminal epidural steroid injection, fluoro.\nDX: lumbar radiculopathy"
    assert lines(text)[0] == [("64483", ("50",), 1)]


def test_scs_programming_and_deleted_95973():
    got, _ = lines("PROCEDURE: SCS programming. Amplitude, pulse width and frequency were adjusted.\nDX: FBSS")
    assert got == [("95971", (), 1)]
    got, topics = lines("PROCEDURE: Spinal cord stimulator reprogramming session.\nDX: FBSS")
    assert got == [] and "programming_complexity" in topics


def test_scs_trial_units_per_lead():
    got, _ = lines("PROCEDURE: SCS trial. Two percutaneous leads were placed under fluoroscopy.\nDX: FBSS")
    assert got == [("63650", (), 2)]


def test_device_codes_only_at_facility():
    text = ("PROCEDURE: Permanent spinal cord stimulator implant: two percutaneous leads placed and a "
            "rechargeable pulse generator implanted.\nDX: failed back surgery syndrome")
    office, _ = lines(text, pos="11")
    asc, _ = lines(text, pos="24")
    assert not any(c.startswith("C") for c, _, _ in office)
    assert ("C1820", (), 1) in asc and ("C1778", (), 2) in asc


def test_em_by_time_and_mdm():
    got, _ = lines("HPI: Established patient, chronic low back pain, worsening.\nASSESSMENT: Lumbar radiculopathy.\n"
                   "PLAN: Refill gabapentin 300 mg. Total time 42 minutes.")
    assert ("99215", (), 1) in got


def test_em_without_visit_type_is_em_level_query():
    got, topics = lines("CHIEF COMPLAINT: neck pain.\nEXAM: tender.\nASSESSMENT: cervicalgia.\nPLAN: ice.")
    assert "em_level" in topics


def test_printed_code_conflict_and_never_copied():
    text = ("PROCEDURE: Right L5 transforaminal epidural steroid injection under fluoroscopy.\n"
            "DX: lumbar radiculopathy\nCPT: 64483, {extra}")
    got, topics = lines(text.format(extra="76005"))  # a deleted code printed: ignored, never copied
    assert [c for c, _, _ in got] == ["64483"] and "code_conflict" not in topics
    got, topics = lines(text.format(extra="64484"))  # a current code the work does not support
    assert [c for c, _, _ in got] == ["64483"] and "code_conflict" in topics


def test_printed_deleted_codes_are_ignored_silently():
    text = ("PROCEDURE: Right L5 transforaminal epidural steroid injection under fluoroscopy.\n"
            "DX: lumbar radiculopathy\nCPT: 64483, 76005, 95973\nICD-9: 724.4")
    got, topics = lines(text)
    assert got == [("64483", ("RT",), 1)] and topics == []


@pytest.mark.parametrize("text, code", [
    ("PROCEDURE: Percutaneous lysis of epidural adhesions via caudal Racz catheter under fluoroscopy; "
     "hyaluronidase and hypertonic saline infused, then steroid injected through the catheter.\n"
     "DX: lumbar postlaminectomy syndrome", "62264"),
    ("PROCEDURE: Lysis of epidural adhesions, day 2 of a 3-day series, catheter left in place from day 1; "
     "hypertonic saline infused under fluoroscopy.\nDX: lumbar postlaminectomy syndrome", "62263"),
])
def test_lysis_of_adhesions(text, code):
    got, topics = lines(text)
    assert got == [(code, (), 1)]  # imaging included, no 77003, no side, injection part of it
    assert "not_billable" not in topics


@pytest.mark.parametrize("text, expected, topics", [
    ("PROCEDURE: L4-5 interlaminar epidural steroid injection. Tuohy needle, loss of resistance; "
     "80 mg triamcinolone injected.\nDX: lumbar radiculopathy", [("62322", (), 1)], []),
    ("PROCEDURE: C7-T1 interlaminar epidural steroid injection. Allergies: iodinated contrast - premedicated. "
     "Tuohy needle, loss of resistance.\nDX: cervical radiculopathy", [("62320", (), 1)], []),
    ("PROCEDURE: L4-5 interlaminar epidural steroid injection. Tuohy needle, loss of resistance; "
     "contrast spread in the posterior epidural space.\nDX: lumbar radiculopathy", [], ["imaging_documentation"]),
])
def test_interlaminar_imaging_is_billable_only_when_documented(text, expected, topics):
    assert lines(text) == (expected, topics)


def test_nothing_billable():
    got, topics = lines("Patient called to ask about parking.")
    assert got == [] and "not_billable" in topics


def test_result_shape():
    r = code_note("PROCEDURE: Right L5 TFESI under fluoroscopy.\nDX: lumbar radiculopathy", dos=DOS)
    j = r.to_json()
    assert set(j) == {"status", "lines", "diagnoses", "queries", "facts"}
    line = j["lines"][0]
    assert set(line) == {"code", "modifiers", "units", "diagnoses", "evidence"}
    ev = line["evidence"][0]
    text = "PROCEDURE: Right L5 TFESI under fluoroscopy.\nDX: lumbar radiculopathy"
    assert text[ev["start"]:ev["end"]] == ev["text"]
    assert j["status"] == "ready" and j["diagnoses"] == ["M54.16"]


def test_template_check_boxes_and_fields():
    text = ("Diagnosis: lumbar spondylosis without radiculopathy\n"
            "Procedure: [ ] Medial branch block  [x] Radiofrequency ablation\n"
            "Side: [ ] Right  [ ] Left  [x] Bilateral\nLevel(s): L4-5, L5-S1\n"
            "Guidance: [x] Fluoroscopy  [ ] None\n")
    r = code_note(text, dos=DOS)
    assert sorted((l.code, l.modifiers, l.units) for l in r.lines) == [("64635", ("50",), 1), ("64636", ("50",), 1)]
    for line in r.lines:
        for ev in line.evidence:
            assert text[ev.start:ev.end] == ev.text  # evidence shows the original text


def test_multi_procedure_levels_and_imaging_stay_with_their_procedure():
    text = ("PROCEDURES: 1. Caudal epidural steroid injection 2. Right L4-5 and L5-S1 medial branch blocks\n"
            "DESCRIPTION: The sacral hiatus was identified and a Tuohy needle was advanced into the caudal canal. "
            "No imaging was used for this part. Then under fluoroscopy 22-gauge needles were placed at the right "
            "L4-5 and L5-S1 medial branch targets.\nDX: lumbar spondylosis; lumbar radiculopathy")
    got, _ = lines(text)
    assert got == [("62322", (), 1), ("64493", ("RT",), 1), ("64494", ("RT",), 1)]


def test_em_with_same_day_procedure_gets_25_and_no_g2211():
    text = ("HPI: Follow-up visit, chronic occipital neuralgia, worsening.\nASSESSMENT: occipital neuralgia.\n"
            "PLAN: Separately identifiable evaluation; gabapentin increased to 600 mg. Continue ongoing care with us.\n"
            "PROCEDURE: Right greater occipital nerve block. No imaging guidance was used.")
    got, _ = lines(text)
    codes = {c: m for c, m, _ in got}
    assert codes["64405"] == ("RT",) and codes["99214"] == ("25",) and "G2211" not in codes


def test_l5_dorsal_ramus_with_lumbar_medial_branches_is_a_facet_block_not_si_nerves():
    from painrcm.coding import code_note

    note = ("Procedure: Bilateral S1 transforaminal epidural steroid injection; bilateral L3 and L4 medial "
            "branches and the L5 dorsal ramus blocks (diagnostic medial branch blocks). Under fluoroscopy the "
            "needles were placed at the bilateral L3, L4 and L5 dorsal ramus medial branches. "
            "Indication: lumbar radiculopathy; lumbar facet spondylosis.")
    codes = {line.code for line in code_note(note, payer="medicare").lines}
    assert "64451" not in codes and {"64483", "64493", "64494"} <= codes


def test_sacral_lateral_branches_with_l5_dorsal_ramus_are_si_joint_nerves():
    from painrcm.coding import code_note

    note = ("Procedure: Right L5 dorsal ramus and S1, S2, S3 lateral branch blocks under fluoroscopy for "
            "sacroiliac joint pain. Indication: right sacroiliac joint dysfunction.")
    assert [line.code for line in code_note(note, payer="medicare").lines][:1] == ["64451"]
