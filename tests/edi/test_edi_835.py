from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from edi_helpers import CLAIM_OK, x835

from painrcm.claims.model import Adjustment
from painrcm.edi.errors import X12Error
from painrcm.edi.jsonforms import remittances_to_json
from painrcm.edi.reader_835 import read_835
from painrcm.errors import InputError


def read(text: str, **kw):
    return list(read_835(io.StringIO(text), name="test.835", **kw))


def test_medicare_part_a_sample(fixtures):
    (rem,) = list(read_835(fixtures / "linuxforhealth-x12_835_005010X221A1_medicare-part-a.835"))
    assert rem.trn == "12345" and rem.payer_id == "999" and rem.payee_npi == "6543210903"
    assert rem.total_paid == Decimal("150000.00") and rem.payment_date == date(2002, 9, 13)
    assert [c.patient_control_number for c in rem.claims] == ["666123", "777777"]
    assert rem.claims[1].remarks == ("MA02",)
    (plb,) = rem.provider_adjustments
    assert (plb.reason, plb.reference, plb.amount) == ("CV", "CP", Decimal("-1.27"))
    assert rem.balance_difference() == 0


def test_denied_lines_with_remarks(fixtures):
    (rem,) = list(read_835(fixtures / "pyx12_tests_835_mult_loops.txt"))
    (claim,) = rem.claims
    assert claim.status == "4" and claim.paid == 0
    assert [ln.units for ln in claim.lines] == [Decimal(68), Decimal(16), Decimal(36)]
    assert all(ln.remarks == ("N14",) for ln in claim.lines)
    assert claim.lines[1].adjustments == (Adjustment("OA", "A7", Decimal("127.8")),)
    assert claim.lines[0].service_date == date(2003, 11, 29)


def test_claim_line_cas_svc06_amt_and_json():
    body = ("CLP*PCN9*2*300*150*50*12*ICN9~CAS*CO*45*20**253*5*2~NM1*QC*1*DOE*JANE****MI*M9~"
            "MOA***MA01*N130~DTM*050*20260201~"
            "SVC*HC:64484:RT:59*300*175**2*HC:64483:RT~DTM*472*20260210~"
            "CAS*PR*1*30*1*2*20~CAS*CO*97*75~REF*6R*LINE1~AMT*B6*180~LQ*HE*M15~LQ*HE*N20~")
    (rem,) = read(x835(body, bpr_total="150"))
    (claim,) = rem.claims
    assert claim.adjustments == (Adjustment("CO", "45", Decimal(20)), Adjustment("CO", "253", Decimal(5), Decimal(2)))
    assert claim.remarks == ("MA01", "N130") and claim.received_date == date(2026, 2, 1)
    (line,) = claim.lines
    assert (line.code, line.modifiers, line.original_code, line.original_modifiers) == (
        "64484", ("RT", "59"), "64483", ("RT",))
    assert line.units == 2 and line.allowed == Decimal(180) and line.line_id == "LINE1"
    assert [(a.group, a.reason, a.amount, a.quantity) for a in line.adjustments] == [
        ("PR", "1", Decimal(30), Decimal(1)), ("PR", "2", Decimal(20), None), ("CO", "97", Decimal(75), None)]
    assert line.remarks == ("M15", "N20")
    js = remittances_to_json([rem])
    p = js["payments"][0]
    assert p["trn"] == "TRACE1" and p["payer"]["name"] == "ACME HEALTH PLAN" and p["total_paid"] == "150.00"
    c = p["claims"][0]
    assert {k: c[k] for k in ("patient_control_number", "status", "charge", "paid", "patient_responsibility",
                              "payer_claim_number")} == {
        "patient_control_number": "PCN9", "status": "2", "charge": "300.00", "paid": "150.00",
        "patient_responsibility": "50.00", "payer_claim_number": "ICN9"}
    assert c["adjustments"][0] == {"group": "CO", "reason": "45", "amount": "20.00"}
    ln = c["lines"][0]
    assert ln["code"] == "64484" and ln["modifiers"] == ["RT", "59"] and ln["units"] == "2"
    assert ln["charge"] == "300.00" and ln["paid"] == "175.00" and ln["remarks"] == ["M15", "N20"]
    assert ln["adjustments"][2] == {"group": "CO", "reason": "97", "amount": "75.00"}


def test_plb_multiple_pairs_balance():
    body = CLAIM_OK + "PLB*1234567893*20261231*WO:ABC123*25*L6*-5~"
    (rem,) = read(x835(body, bpr_total="50"))
    assert [(p.reason, p.reference, p.amount) for p in rem.provider_adjustments] == [
        ("WO", "ABC123", Decimal(25)), ("L6", None, Decimal(-5))]
    assert rem.total_paid == Decimal(50)


def test_several_transactions_stream_one_by_one():
    one = x835(CLAIM_OK, bpr_total="70")
    st = one[one.index("ST*"):one.index("GE*")]
    second = st.replace("*0001~", "*0002~").replace("TRACE1", "TRACE2")
    text = one.replace(st, st + second).replace("GE*1*7", "GE*2*7")
    it = read_835(io.StringIO(text), name="two.835")
    assert next(it).trn == "TRACE1"
    assert next(it).trn == "TRACE2"
    assert list(it) == []


@pytest.mark.parametrize("chunk", [7, 64, 1 << 20])
def test_chunk_boundaries_do_not_matter(chunk):
    text = x835(CLAIM_OK * 3, bpr_total="210")
    rems = list(read_835(io.StringIO(text), chunk_size=chunk))
    assert len(rems[0].claims) == 3


def test_unbalanced_claim_names_clp04():
    body = CLAIM_OK.replace("CAS*CO*45*10", "CAS*CO*45*9")
    with pytest.raises(X12Error) as e:
        read(x835(body, bpr_total="70"))
    msg = str(e.value)
    assert isinstance(e.value, InputError)
    assert msg.startswith("test.835, segment 11 (CLP), field CLP04: claim does not balance")
    assert "DOE" not in msg and "JANE" not in msg


def test_unbalanced_line_names_svc03():
    body = CLAIM_OK.replace("CAS*PR*1*20", "CAS*PR*1*19").replace("CAS*CO*45*10", "CAS*CO*45*11")
    with pytest.raises(X12Error, match=r"segment 14 \(SVC\), field SVC03: service line does not balance"):
        read(x835(body, bpr_total="70"))


def test_unbalanced_payment_names_bpr02():
    with pytest.raises(X12Error, match=r"segment 4 \(BPR\), field BPR02: payment does not balance: "
                                       r"BPR02 71.00 != claim payments 70.00"):
        read(x835(CLAIM_OK, bpr_total="71"))
    (rem,) = read(x835(CLAIM_OK, bpr_total="71"), check_balance=False)
    assert rem.balance_difference() == 1


def test_bytes_crlf_bom_and_indentation():
    text = x835(CLAIM_OK, bpr_total="70")
    pretty = "\ufeff" + "~\r\n    ".join(text.split("~"))
    (rem,) = list(read_835(io.BytesIO(pretty.encode("utf-8")), name="pretty.835"))
    assert rem.claims[0].lines[0].code == "64483"


def test_newline_as_segment_terminator():
    text = x835(CLAIM_OK, bpr_total="70").replace("~", "\n")
    (rem,) = read(text)
    assert rem.claims[0].patient_control_number == "PCN1"


def test_claim_by_claim_reading_matches_whole_payments(fixtures):
    from painrcm.edi.reader_835 import read_835_claims

    for name in ("linuxforhealth-x12_835_005010X221A1_medicare-part-a.835", "pyx12_tests_835_mult_loops.txt"):
        (rem,) = list(read_835(fixtures / name))
        pairs = list(read_835_claims(fixtures / name))
        assert [cp for _, cp in pairs[:-1]] == list(rem.claims)
        header, end = pairs[-1]
        assert end is None and header.provider_adjustments == rem.provider_adjustments
        assert header.trn == rem.trn and header.total_paid == rem.total_paid


def test_claim_by_claim_reading_checks_balance():
    from painrcm.edi.reader_835 import read_835_claims

    text = x835(CLAIM_OK * 2, bpr_total="141")
    it = read_835_claims(io.StringIO(text), name="s.835")
    assert next(it)[1].patient_control_number == "PCN1"
    assert next(it)[1].patient_control_number == "PCN1"
    with pytest.raises(X12Error, match=r"segment 4 \(BPR\), field BPR02: payment does not balance"):
        next(it)
    bad = x835(CLAIM_OK.replace("CAS*CO*45*10", "CAS*CO*45*1") + CLAIM_OK, bpr_total="140")
    with pytest.raises(X12Error, match=r"segment 11 \(CLP\), field CLP04"):
        list(read_835_claims(io.StringIO(bad), name="s.835"))
