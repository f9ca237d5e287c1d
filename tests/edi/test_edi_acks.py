from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest

from painrcm.edi.envelope import InMemoryControlNumbers
from painrcm.edi.errors import X12Error
from painrcm.edi.reader_271 import read_271
from painrcm.edi.reader_277ca import read_277ca
from painrcm.edi.reader_999 import read_999, read_ta1
from painrcm.edi.samples import PARTIES
from painrcm.edi.writer_270 import EligibilityInquiry, write_270

ISA = ("ISA*00*          *00*          *ZZ*CLEARHOUSE     *ZZ*PAINRCM01      *260301*1200*^*00501*"
       "000000077*0*P*:~")


def test_999_rejected_with_segment_error(fixtures):
    (ack,) = read_999(fixtures / "imsweb-x12-parser_837_5010_x12_999_rejected.txt")
    assert not ack.accepted and ack.status == "R" and ack.group_control_number == "28"
    (tx,) = ack.transactions
    assert tx.control_number == "0028" and tx.status == "R" and not tx.accepted
    assert tx.errors[0].segment_id == "NM" and tx.errors[0].position == 17


def test_999_with_element_errors_and_context():
    text = ISA + ("GS*FA*CH*PR*20260301*1200*5*X*005010X231A1~ST*999*0001*005010X231A1~AK1*HC*1*005010X222A1~"
                  "AK2*837*0001*005010X222A1~IK5*A~AK2*837*0002*005010X222A1~IK3*CLM*22*2300*8~"
                  "CTX*CLM01:C1~IK4*2*782*1~IK5*R*5~AK9*P*2*2*1~SE*11*0001~GE*1*5~IEA*1*000000077~")
    (ack,) = read_999(io.StringIO(text))
    assert ack.status == "P" and (ack.transactions_included, ack.transactions_accepted) == (2, 1)
    ok, bad = ack.transactions
    assert ok.accepted and not bad.accepted and bad.syntax_codes == ("5",)
    (err,) = bad.errors
    assert (err.segment_id, err.position, err.loop, err.code) == ("CLM", 22, "2300", "8")
    assert err.elements[0].position == "2" and err.elements[0].code == "1" and err.context == ("CLM01:C1",)


def test_999_without_ak9_is_an_error():
    text = ISA + ("GS*FA*CH*PR*20260301*1200*5*X*005010X231A1~ST*999*0001*005010X231A1~AK1*HC*1~"
                  "SE*3*0001~GE*1*5~IEA*1*000000077~")
    with pytest.raises(X12Error, match="999 without AK9"):
        list(read_999(io.StringIO(text), name="x.999"))


def test_ta1():
    text = ISA + "TA1*000000123*260301*1200*A*000~IEA*0*000000077~"
    (ta1,) = read_ta1(io.StringIO(text))
    assert ta1.accepted and ta1.control_number == "000000123" and ta1.note_code == "000"


def test_277ca_rejected_and_accepted(fixtures):
    (rep,) = read_277ca(fixtures / "imsweb-x12-parser_277_5010_x12_277CA_rejected.txt")
    (claim,) = rep.claims
    assert claim.status == "rejected" and claim.patient_control_number == "3920394930203"
    assert (claim.codes[0].category, claim.codes[0].code, claim.codes[0].entity) == ("A7", "562", "85")
    assert claim.payer_claim_number == "1107000000001120" and claim.charge == Decimal("199.14")
    assert rep.batch_codes[0].category == "A1" and rep.rejected == (claim,)
    (rep,) = read_277ca(fixtures / "imsweb-x12-parser_277_5010_x12_277CA_accepted.txt")
    assert [(c.patient_control_number, c.status) for c in rep.claims] == [("5781", "accepted")]


def test_271_active_coverage(fixtures):
    (resp,) = read_271(fixtures / "linuxforhealth-x12_271_005010X279A1_subscriber-health-benefit-check.271")
    assert resp.coverage_active is True and resp.plan == "GOLD 123 PLAN"
    assert resp.member_id == "123456789" and resp.plan_begin == date(2006, 1, 1)
    copays = [b for b in resp.benefits if b.code == "B"]
    assert [(b.amount, b.in_network) for b in copays] == [(Decimal("10.00"), True), (Decimal("30.00"), False)]
    assert "33" in copays[0].service_types


def test_271_dependant(fixtures):
    (resp,) = read_271(fixtures / "linuxforhealth-x12_271_005010X279A1_dependent-health-benefit-check.271")
    assert resp.patient_name == "SMITH, MARY" and resp.subscriber_name == "SMITH, JOHN"


def test_271_deductible_oop_remaining_and_prior_auth():
    text = ISA + ("GS*HB*PR*CH*20260301*1200*9*X*005010X279A1~ST*271*0001*005010X279A1~"
                  "BHT*0022*11*T1*20260301*1200~HL*1**20*1~NM1*PR*2*ACME*****PI*ACME01~HL*2*1*21*1~"
                  "NM1*1P*2*DESERT PAIN*****XX*1234567893~HL*3*2*22*0~TRN*2*T1*9PAINRCM01~"
                  "NM1*IL*1*DOE*JANE****MI*W1~DTP*346*D8*20260101~EB*1*IND*30**PPO GOLD~"
                  "EB*C*IND*30***29*350.50~EB*G*IND*30***29*2100~EB*C*IND*30***23*1000~"
                  "EB*CB*IND*BF**PPO GOLD******Y~MSG*PRIOR AUTHORIZATION REQUIRED FOR SPINAL INJECTIONS~"
                  "SE*17*0001~GE*1*9~IEA*1*000000077~")
    (resp,) = read_271(io.StringIO(text))
    assert resp.coverage_active and resp.plan == "PPO GOLD" and resp.trace_number == "T1"
    assert resp.deductible_remaining == Decimal("350.50") and resp.out_of_pocket_remaining == Decimal(2100)
    assert resp.authorization_required is True
    assert resp.prior_auth_messages == ("PRIOR AUTHORIZATION REQUIRED FOR SPINAL INJECTIONS",)


def test_271_inactive_and_rejected():
    text = ISA + ("GS*HB*PR*CH*20260301*1200*9*X*005010X279A1~ST*271*0001*005010X279A1~"
                  "BHT*0022*11*T1*20260301*1200~HL*1**20*1~NM1*PR*2*ACME*****PI*ACME01~HL*2*1*21*1~"
                  "NM1*1P*2*DESERT PAIN*****XX*1234567893~HL*3*2*22*0~NM1*IL*1*DOE*JANE****MI*W1~"
                  "AAA*Y**72*C~EB*6~SE*11*0001~GE*1*9~IEA*1*000000077~")
    (resp,) = read_271(io.StringIO(text))
    assert resp.coverage_active is False and resp.rejections == ("72",)


def test_270_writer_envelopes_and_content(tmp_path):
    """pyx12 has no 005010X279A1 map: the envelopes and counts are checked by our reader."""
    q = EligibilityInquiry("ACME HEALTH", "ACME01", "DESERT PAIN SPECIALISTS", "1234567893", "W123",
                           "DOE", "JANE", date(1970, 2, 3), date(2026, 3, 10), ("30", "BF"), "TRACE9")
    text = write_270([q, q], PARTIES, InMemoryControlNumbers())
    from painrcm.edi.transactions import iter_transactions

    (tx,) = iter_transactions(io.StringIO(text))
    ids = [el[0] for _, el in tx.segments]
    assert ids.count("EQ") == 2 and ids.count("HL") == 6
    assert ["EQ", "30^BF"] in [el for _, el in tx.segments]
    assert ["TRN", "1", "TRACE9", "9PAINRCM01"] in [el for _, el in tx.segments]
