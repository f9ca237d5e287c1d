"""Reading clinical text: sections, levels, sides, ConText, diagnoses, FHIR."""

import base64
import json

import pytest

from painrcm.coding.diagnoses import map_diagnoses
from painrcm.errors import InputError
from painrcm.notes.anatomy import sided_levels
from painrcm.notes.context import sentence_context
from painrcm.notes.extract import extract
from painrcm.notes.fhir import notes_from_fhir
from painrcm.notes.text import read_note


@pytest.mark.parametrize("text, expected", [
    ("L4-5", ["L4-L5"]), ("L4-L5", ["L4-L5"]), ("L45", ["L4-L5"]), ("L4/5", ["L4-L5"]),
    ("L5-S1", ["L5-S1"]), ("C7-T1", ["C7-T1"]), ("T10-11", ["T10-T11"]), ("L5S1", ["L5-S1"]),
    ("L4 and L5 nerve roots", ["L4", "L5"]), ("T11", ["T11"]),
])
def test_level_notations(text, expected):
    assert [l.label for _, l in sided_levels(text)] == expected


@pytest.mark.parametrize("text, sides", [
    ("b/l L4-5", ["B"]), ("bilat L4-5", ["B"]), ("R L5", ["R"]), ("rt L5", ["R"]), ("right-sided L5", ["R"]),
    ("L4-5 bilaterally", ["B"]), ("L5 on the left", ["L"]),
])
def test_side_notations(text, sides):
    assert [s for s, _ in sided_levels(text)] == sides


def test_left_as_verb_is_not_a_side():
    assert [s for s, _ in sided_levels("The needle was left in place at L5")] == [None]


@pytest.mark.parametrize("sentence, category", [
    ("No fluoroscopy was used.", "negated"),
    ("Fluoroscopy was not used.", "negated"),
    ("We will schedule RFA.", "hypothetical"),
    ("Consider MBB next visit.", "hypothetical"),
    ("She had a prior L5 TFESI with good relief.", "historical"),
])
def test_context(sentence, category):
    target = next(w for w in ("fluoroscopy", "Fluoroscopy", "RFA", "MBB", "TFESI") if w in sentence)
    assert category in sentence_context(sentence).modifiers_at(sentence.index(target))


def test_sections_and_plan_not_performed():
    facts = extract("HISTORY: Prior RFA in 2023.\nPROCEDURE: Right L5 TFESI under fluoroscopy.\n"
                    "PLAN: Consider RFA.")
    assert [p.family for p in facts.procedures] == ["epidural"]
    note = read_note("PRE-OPERATIVE DIAGNOSIS: lumbar radiculopathy\nPROCEDURE: L5 TFESI")
    assert [s.section for s in note.sentences] == ["preop_diagnosis", "procedure"]


def test_evidence_offsets_point_into_the_original_text():
    text = "Date: 2026-01-01\n\nPROCEDURE:  Left  L5 transforaminal ESI, fluoro.\nDX: radiculopathy"
    p = extract(text).procedures[0]
    for ev in p.evidence:
        assert text[ev.start:ev.end] == ev.text


@pytest.mark.parametrize("phrases, codes", [
    (["Lumbar spondylosis without myelopathy or radiculopathy"], ["M47.816"]),
    (["Lumbar spinal stenosis with neurogenic claudication"], ["M48.062"]),
    (["Left knee osteoarthritis"], ["M17.12"]),
    (["CRPS of the right upper extremity"], ["G90.511"]),
    (["Post-laminectomy syndrome", "Chronic pain syndrome"], ["M96.1", "G89.4"]),
    (["Sacroiliitis"], ["M46.1"]),
    (["Occipital neuralgia"], ["M54.81"]),
    (["No radiculopathy"], []),
])
def test_diagnosis_mapping(phrases, codes):
    got, _ = map_diagnoses(phrases)
    assert got == codes


def test_fhir_document_reference_and_bundle():
    doc = {"resourceType": "DocumentReference", "id": "a", "status": "current",
           "content": [{"attachment": {"contentType": "text/plain",
                                       "data": base64.b64encode(b"Right L5 TFESI").decode()}}]}
    bundle = {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": doc}]}
    assert notes_from_fhir(json.dumps(bundle)) == [("a", "Right L5 TFESI")]
    with pytest.raises(InputError):
        notes_from_fhir(json.dumps({"resourceType": "Patient", "id": "p"}))
