"""Every sample in ../shared/data/x12 parses, or fails with the typed error its defect deserves.

The expected outcome of each broken sample is documented in docs/edi.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from painrcm.edi.errors import X12Error
from painrcm.edi.parse import parse_file

SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "x12"

# file -> (segment id, element, message fragment) of the expected X12Error
BROKEN = {
    "imsweb-x12-parser_277_5010_x12_277_x212.txt": ("IEA", "IEA02", "control number mismatch"),
    "imsweb-x12-parser_837_5010_x12_999_accepted.txt": ("IEA", "IEA02", "control number mismatch"),
    "imsweb-x12-parser_837_5010_x12_bad_segment_identifier.txt": (None, None, "bad segment identifier"),
    "imsweb-x12-parser_837_5010_x12_bad_valid_code.txt": ("CLM", None, "without a billing provider"),
    "imsweb-x12-parser_837_5010_x12_complex.txt": ("HI", "HI01", "diagnosis code is missing"),
    "imsweb-x12-parser_837_5010_x12_loop_errors3_missing_loops.txt": ("CLM", None, "without a billing provider"),
    "imsweb-x12-parser_837_5010_x12_missing_elements.txt": ("HI", "HI01", "diagnosis code is missing"),
    "imsweb-x12-parser_837_5010_x12_multiple_gs.txt": ("HI", "HI01", "diagnosis code is missing"),
    "imsweb-x12-parser_837_5010_x12_multiple_isa.txt": ("HI", "HI01", "diagnosis code is missing"),
    "imsweb-x12-parser_837_5010_x12_multiple_st.txt": ("HI", "HI01", "diagnosis code is missing"),
    "imsweb-x12-parser_837_5010_x12_segments_out_of_order.txt": ("HI", "HI01", "diagnosis code is missing"),
    "imsweb-x12-parser_837_5010_x12_valid.txt": ("HI", "HI01", "diagnosis code is missing"),
    "imsweb-x12-parser_837_5010_x12_valid_different_separators.txt": ("HI", "HI01", "diagnosis code is missing"),
    "imsweb-x12-parser_837_5010_x223-test.txt": ("SE", "SE01", "bad count"),
    "linuxforhealth-x12_271_005010X279A1_subscriber-health-benefit-check-error.271": ("SE", "SE02", "control number mismatch"),
    "linuxforhealth-x12_835_005010X221A1_cob-contractural-adjustment.835": ("SVC", "SVC01", "qualifier:code"),
    "linuxforhealth-x12_835_005010X221A1_managed-care.835": ("BPR", "BPR16", "not a date"),
    "linuxforhealth-x12_835_005010X221A1_secondary-payment.835": ("SVC", "SVC01", "qualifier:code"),
    "linuxforhealth-x12_835_005010X221A1_tertiary-payment.835": ("SVC", "SVC01", "qualifier:code"),
    "linuxforhealth-x12_837_005010X222A2_demo.example11.837": ("SV1", "SV101", "HC:code"),
    "linuxforhealth-x12_837_005010X222A2_demo.example12.837": ("SV1", "SV101", "HC:code"),
    "linuxforhealth-x12_837_005010X222A2_demo.example6.837": ("SV1", "SV101", "HC:code"),
    "linuxforhealth-x12_837_005010X222A2_demo.example9.837": ("SV1", "SV101", "HC:code"),
    "oopfactory-x12parser_277_5010_FromLatitude81uk.txt": ("ISA", "ISA13", "9-digit control number"),
    "oopfactory-x12parser_835_5010_ExampleFromNth.txt": ("CLP", "CLP04", "claim does not balance"),
}


def _samples() -> list[str]:
    if not SAMPLES.is_dir():
        return []
    return sorted(p.name for p in SAMPLES.iterdir() if p.is_file() and p.name != "README.md")


def test_broken_list_is_current(shared_dir):
    names = set(_samples())
    assert set(BROKEN) <= names


@pytest.mark.parametrize("name", _samples() or ["<no samples>"])
def test_sample(name, shared_dir):
    path = shared_dir / "data" / "x12" / name
    if name in BROKEN:
        seg, element, fragment = BROKEN[name]
        with pytest.raises(X12Error) as e:
            parse_file(path)
        assert e.value.file == name and e.value.segment_number
        assert (e.value.segment_id, e.value.element) == (seg, element) or (seg is None and element is None)
        assert fragment in str(e.value)
    else:
        kind, data = parse_file(path)
        assert any(v for v in data.values() if isinstance(v, list)), kind


def test_broken_835_parses_without_balancing(shared_dir):
    kind, data = parse_file(shared_dir / "data" / "x12" / "oopfactory-x12parser_835_5010_ExampleFromNth.txt",
                            check_balance=False)
    assert sum(len(p["claims"]) for p in data["payments"]) == 56
