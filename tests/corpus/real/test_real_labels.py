"""Checks on the expert labels of the 83 real MTSamples pain notes (tests/corpus/real/*.json).

The labels are hand-made (see README.md beside this file); these tests keep them well formed and
consistent with docs/coding-conventions.md: JSON shape, billable ICD-10-CM codes, CPT/HCPCS codes
known to the reference table and in effect, and the convention rules a label must never break
(no 50/RT/LT on bilateral-indicator 0/9 codes, no imaging add-on where the primary includes
imaging, add-ons only with a primary, one line per code and modifier set). The note texts are
not in the repository; the pairing test reads ../shared/corpus/real-notes/ and skips without it.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
NOTES = HERE.parents[2].parent / "shared" / "corpus" / "real-notes"
LABELS = sorted(HERE.glob("mts-*.json"))
TOPICS = {
    "approach", "region", "levels", "laterality", "imaging_documentation", "muscles",
    "programming_complexity", "device", "relief_documentation", "em_level", "diagnosis",
    "not_billable", "code_conflict",
}
MODIFIERS = {"50", "RT", "LT", "25", "57", "59", "XS", "F0", "F1", "F2", "F3", "F4", "F5", "F6",
             "F7", "F8", "F9", "TA", "T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9"}
SIDE = {"50", "RT", "LT"}
IMAGING_ADDONS = {"77002", "77003", "76942"}
NEVER = {"76005", "95973"}
TODAY = date(2026, 4, 1)


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _codes():
    try:
        from painrcm.reference import codes
    except ImportError:  # reference table not built yet
        return None
    return codes


def _icd():
    try:
        from painrcm.reference import icd10

        return icd10.is_billable
    except ImportError:
        cm = pytest.importorskip("simple_icd_10_cm")
        return lambda code: cm.is_valid_item(code) and cm.is_leaf(code)


def test_all_83_labels_present():
    assert [p.stem for p in LABELS] == [f"mts-{i:04d}" for i in range(1, 84)]
    assert not list(HERE.glob("*.txt")), "note texts must not be copied into the repository"


@pytest.mark.parametrize("path", LABELS, ids=lambda p: p.stem)
def test_label_shape(path):
    label = _load(path)
    assert set(label) == {"status", "lines", "diagnoses", "queries", "context", "rationale"}
    assert label["status"] == ("needs_review" if label["queries"] else "ready")
    assert set(label["context"]) == {"payer", "pos", "dos", "visit_type"}
    assert isinstance(label["rationale"], str) and label["rationale"].strip()
    seen = set()
    for line in label["lines"]:
        assert set(line) == {"code", "modifiers", "units", "diagnoses"}
        assert isinstance(line["units"], int) and line["units"] >= 1
        assert set(line["modifiers"]) <= MODIFIERS, line
        key = (line["code"], tuple(sorted(line["modifiers"])))
        assert key not in seen, f"two lines for {key}"
        seen.add(key)
        assert set(line["diagnoses"]) <= set(label["diagnoses"]), line
    for query in label["queries"]:
        assert set(query) == {"topic", "message"}
        assert query["topic"] in TOPICS and query["message"].strip()
    if not label["lines"]:
        assert label["queries"], "a note without lines must say why (query)"
    if not label["diagnoses"]:
        assert "diagnosis" in {q["topic"] for q in label["queries"]} or not label["lines"]


@pytest.mark.parametrize("path", LABELS, ids=lambda p: p.stem)
def test_diagnoses_are_billable_icd10(path):
    is_billable = _icd()
    for code in _load(path)["diagnoses"]:
        assert "." in code or len(code) == 3, f"{code}: ICD-10-CM is written with the dot"
        assert is_billable(code), f"{code} is not a billable ICD-10-CM code"


@pytest.mark.parametrize("path", LABELS, ids=lambda p: p.stem)
def test_codes_follow_the_conventions(path):
    lines = _load(path)["lines"]
    codes = {line["code"] for line in lines}
    assert not codes & NEVER
    for line in lines:
        code, mods = line["code"], set(line["modifiers"])
        if "62320" <= code <= "62327":
            assert not mods & SIDE, "62320-62327: never 50/RT/LT"
        if code in {"20552", "20553"}:
            assert not mods & SIDE and line["units"] == 1
        if code == "G2211":
            assert not any("25" in other["modifiers"] for other in lines)
    ref = _codes()
    if ref is None:
        return
    for line in lines:
        info = ref.lookup(line["code"])
        assert info is not None, f"{line['code']} unknown to painrcm.reference.codes"
        assert info.in_effect(TODAY), f"{line['code']} not in effect in 2026"
        if info.bilateral_indicator in {"0", "9"} and info.family != "em":
            assert not set(line["modifiers"]) & SIDE, f"{line['code']}: bilateral indicator {info.bilateral_indicator}"
        if info.is_addon and info.primaries:
            assert codes & set(info.primaries), f"add-on {line['code']} without its primary"
    if codes & IMAGING_ADDONS:
        primaries = [ref.lookup(c) for c in codes - IMAGING_ADDONS]
        assert not any(p.imaging_included for p in primaries if p.family != "em")


def test_every_label_has_its_note():
    if not NOTES.is_dir():
        pytest.skip("../shared/corpus/real-notes is not beside the repository")
    notes = sorted(p.stem for p in NOTES.glob("mts-*.txt"))
    assert notes == [p.stem for p in LABELS]
