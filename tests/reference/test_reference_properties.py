"""Property checks: lookups never raise on arbitrary input; ICD-10 forms round-trip."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from painrcm.reference import adjustments, codes, icd10, ncci, pos

TEXT = st.text(max_size=12)


@given(TEXT)
def test_lookups_never_raise(text):
    codes.lookup(text)
    ncci.mue(text)
    ncci.ptp_edit(text, "64483")
    adjustments.carc(text)
    adjustments.rarc(text)
    adjustments.group(text)
    pos.place_of_service(text)


@given(st.sampled_from(["M54.16", "M47.816", "M48.061", "G89.29", "S32.010A", "M54.50"]))
def test_icd10_forms_round_trip(code):
    assert icd10.with_dot(icd10.normalize(code)) == code
    assert icd10.is_billable(code) and icd10.is_billable(icd10.normalize(code))


@given(TEXT)
def test_icd10_never_raises(text):
    icd10.is_valid(text)
    icd10.is_billable(text)
    icd10.description(text)
