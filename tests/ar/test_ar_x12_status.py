"""The day-15 status check: 276 claim status requests out, 277 responses in (touches + status)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from painrcm.ar.claim_status import status_from_codes, touches_from_277
from painrcm.ar.x12_276 import inquiry_for, write_276
from painrcm.denials.testing import make_claim
from painrcm.edi.envelope import InMemoryControlNumbers
from painrcm.edi.reader_277ca import StatusCode, read_277ca
from painrcm.edi.writer_837p import SubmissionParties

FIXTURES = Path(__file__).resolve().parents[1] / "edi" / "fixtures"
PARTIES = SubmissionParties("RIPAIN01", "CLEARHOUSE", "RIVERSIDE PAIN", "Billing", "5555550100", "CLEARINGHOUSE")


def _segments(text):
    return [s.strip() for s in text.split("~") if s.strip()]


def test_276_segments_and_counts():
    claims = [make_claim("CLM1", payer_claim_number="PCN9"), make_claim("CLM2")]
    text = write_276([inquiry_for(c) for c in claims], PARTIES, InMemoryControlNumbers(),
                     now=datetime(2026, 3, 20, 9, 30))
    segs = _segments(text)
    assert segs[1].startswith("GS*HR*RIPAIN01*CLEARHOUSE*20260320*0930*1*X*005010X212")
    assert segs[2] == "ST*276*0001*005010X212"
    assert segs[3] == "BHT*0010*13*0001*20260320*0930"
    body = segs[2:segs.index(next(s for s in segs if s.startswith("SE*"))) + 1]
    se = body[-1].split("*")
    assert int(se[1]) == len(body)                       # SE01 counts ST..SE
    assert "NM1*IL*1*PATIENT*TEST****MI*M00000001" in segs
    assert "TRN*1*CLM1" in segs and "REF*1K*PCN9" in segs and "REF*EJ*CLM1" in segs
    assert "AMT*T3*555.00" in segs and "DTP*472*D8*20260302" in segs
    assert [s.split("*")[3] for s in segs if s.startswith("HL*")] == ["20", "21", "19", "22"] * 2
    assert segs[-1].startswith("IEA*1*")


def test_277_response_becomes_touches_with_next_actions():
    reports = list(read_277ca(FIXTURES / "imsweb-x12-parser_277_5010_x12_277CA_rejected.txt"))
    pairs = touches_from_277(reports, received=date(2026, 3, 25))
    assert len(pairs) == 1
    touch, upd = pairs[0]
    assert touch.claim_id == "3920394930203" and touch.channel == "edi_277"
    assert upd.status == "rejected" and touch.next_action == "corrected_claim"
    assert touch.next_date == date(2026, 3, 25) and touch.reference == "1107000000001120"
    assert "A7:562" in touch.outcome


def test_status_mapping_precedence():
    assert status_from_codes([StatusCode("A2", "20")]).status == "in_process"
    assert status_from_codes([StatusCode("P1", "1")]).next_action == "status_check"
    assert status_from_codes([StatusCode("R4", "35")]).next_action == "documentation_request"
    assert status_from_codes([StatusCode("F2", "65")]).status == "denied"
    assert status_from_codes([StatusCode("F1", "65")]).status == "paid"
    assert status_from_codes([StatusCode("D0", "35")]).status == "not_on_file"
    assert status_from_codes([StatusCode("A2", "20"), StatusCode("A7", "21")]).status == "rejected"
    assert status_from_codes([]).status == "pending"
