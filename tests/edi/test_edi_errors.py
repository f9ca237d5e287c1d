"""Each kind of bad input raises X12Error naming file, segment number, segment id and element."""

from __future__ import annotations

import io

import pytest
from edi_helpers import CLAIM_OK, ISA, x835

from painrcm.edi.errors import X12Error
from painrcm.edi.reader_835 import read_835
from painrcm.edi.tokenizer import Delimiters
from painrcm.errors import InputError


def error_of(text: str) -> str:
    with pytest.raises(X12Error) as e:
        list(read_835(io.StringIO(text), name="bad.835"))
    assert isinstance(e.value, InputError)
    return str(e.value)


def test_wrong_delimiters_alphanumeric_element_separator():
    text = x835(CLAIM_OK, bpr_total="70").replace("*", "A")
    assert error_of(text) == ("bad.835, segment 1 (ISA), field ISA01: wrong delimiters: element separator "
                              "'A' is a letter, digit or space")


def test_wrong_delimiters_component_equals_terminator():
    text = x835(CLAIM_OK, bpr_total="70").replace("*P*:~", "*P*~~", 1)
    assert "segment 1 (ISA), field ISA16: wrong delimiters" in error_of(text)


def test_isa_with_shifted_fields():
    text = x835(CLAIM_OK, bpr_total="70").replace("*ZZ*PAYER", "*ZZ**PAYER", 1)
    assert error_of(text).startswith("bad.835, segment 1 (ISA), field ISA13:")


def test_truncated_file_mid_segment():
    text = x835(CLAIM_OK, bpr_total="70")
    cut = text[:text.index("SVC*") + 10]
    assert error_of(cut) == ("bad.835, segment 14 (SVC): truncated file: the last segment has no segment "
                             "terminator")


def test_truncated_file_without_trailers():
    text = x835(CLAIM_OK, bpr_total="70")
    cut = text[:text.index("GE*")]
    assert error_of(cut) == "bad.835, segment 19 (GE): truncated file: functional group has no GE"


def test_missing_isa():
    text = x835(CLAIM_OK, bpr_total="70")
    assert error_of(text[len(ISA):]) == ("bad.835, segment 1 (GS): missing interchange envelope: the file "
                                         "does not start with ISA")


def test_missing_st():
    text = x835(CLAIM_OK, bpr_total="70").replace("ST*835*0001~", "")
    assert error_of(text) == ("bad.835, segment 3 (BPR): segment outside a transaction set "
                              "(missing ST envelope)")


def test_bad_se_count():
    msg = error_of(x835(CLAIM_OK, bpr_total="70", se_count=5))
    assert msg == "bad.835, segment 18 (SE), field SE01: bad count: SE01 says 5 segments, the transaction has 16"


def test_bad_ge_count_and_control_numbers():
    text = x835(CLAIM_OK, bpr_total="70")
    assert "field GE01: bad count" in error_of(text.replace("GE*1*7", "GE*2*7"))
    assert "field GE02: control number mismatch: GE02 '8' != GS06 '7'" in error_of(text.replace("GE*1*7", "GE*1*8"))
    assert "field IEA01: bad count" in error_of(text.replace("IEA*1*", "IEA*3*"))
    assert "field IEA02: control number mismatch" in error_of(text.replace("IEA*1*000000101", "IEA*1*000000102"))
    assert "field SE02: control number mismatch" in error_of(text.replace("SE*16*0001", "SE*16*0002"))


def test_unknown_segment():
    body = CLAIM_OK.replace("LQ*HE*N130~", "LQ*HE*N130~ZZZ*1~")
    assert error_of(x835(body, bpr_total="70")) == "bad.835, segment 18 (ZZZ): unknown segment 'ZZZ' in an 835"


def test_bad_segment_identifier():
    body = CLAIM_OK.replace("LQ*HE*N130~", "LQ*HE*N130~c4*1~")
    assert "segment 18 (c4): bad segment identifier 'c4'" in error_of(x835(body, bpr_total="70"))


def test_non_numeric_amount():
    body = CLAIM_OK.replace("CLP*PCN1*1*100*70", "CLP*PCN1*1*100*7O")
    assert error_of(x835(body, bpr_total="70")) == ("bad.835, segment 11 (CLP), field CLP04: not a number: "
                                                    "'7O'")


def test_non_numeric_cas_amount():
    body = CLAIM_OK.replace("CAS*CO*45*10", "CAS*CO*45*1,0")
    assert "segment 12 (CAS), field CAS03: not a number: '1,0'" in error_of(x835(body, bpr_total="70"))


def test_bad_date():
    body = CLAIM_OK.replace("DTM*472*20260215", "DTM*472*20261315")
    assert "segment 15 (DTM), field DTM02: not a date (CCYYMMDD): '20261315'" in error_of(x835(body, bpr_total="70"))


def test_wrong_transaction_type():
    text = x835(CLAIM_OK, bpr_total="70").replace("ST*835", "ST*837")
    assert error_of(text) == "bad.835, segment 3 (ST), field ST01: not an 835: ST01 is '837'"


def test_empty_file():
    with pytest.raises(X12Error, match="empty file"):
        list(read_835(io.StringIO("  \n"), name="bad.835"))


def test_second_interchange_with_other_delimiters():
    text = x835(CLAIM_OK, bpr_total="70")
    other = text.replace("*", "|").replace("ISA|", "ISA|", 1)
    with pytest.raises(X12Error, match="declares other delimiters"):
        list(read_835(io.StringIO(text + other), name="bad.835"))


def test_delimiters_from_isa():
    d = Delimiters.from_isa(ISA)
    assert (d.element, d.repetition, d.component, d.segment) == ("*", "^", ":", "~")
    old = ISA.replace("*^*00501", "*U*00401")
    assert Delimiters.from_isa(old).repetition is None
