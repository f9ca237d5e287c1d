from __future__ import annotations

import io
from dataclasses import replace
from datetime import datetime
from decimal import Decimal

import pytest

from painrcm.claims.model import Claim, ClaimLine, FrequencyCode
from painrcm.edi.envelope import ControlNumberSource, InMemoryControlNumbers
from painrcm.edi.errors import X12Error
from painrcm.edi.jsonforms import claims_from_json, claims_to_json
from painrcm.edi.reader_837p import read_837p
from painrcm.edi.samples import PARTIES, sample_claim, sample_claims
from painrcm.edi.validate import pyx12_problems, validate_file
from painrcm.edi.writer_837p import write_837p

NOW = datetime(2026, 3, 2, 8, 15)


def segments(text: str) -> list[list[str]]:
    return [s.strip().split("*") for s in text.split("~") if s.strip()]


def write(claims, **kw) -> str:
    return write_837p(claims, PARTIES, InMemoryControlNumbers(), now=NOW, **kw)


def test_pyx12_finds_no_error_in_what_we_write(tmp_path):
    claims = sample_claims(15)
    path = tmp_path / "out.837"
    path.write_text(write(claims))
    assert pyx12_problems(path) == []
    assert validate_file(path).ok


def test_pyx12_catches_a_broken_file(tmp_path):
    """The independent validator really validates: a wrong SE count is reported."""
    text = write(sample_claims(2))
    se = next(s for s in segments(text) if s[0] == "SE")
    path = tmp_path / "bad.837"
    path.write_text(text.replace(f"SE*{se[1]}*", f"SE*{int(se[1]) + 1}*"))
    assert pyx12_problems(path)


def test_envelope_counts_and_control_numbers():
    text = write(sample_claims(7))
    segs = segments(text)
    isa, gs, st = segs[0], segs[1], segs[2]
    se = next(s for s in segs if s[0] == "SE")
    ge, iea = segs[-2], segs[-1]
    assert isa[13] == "000000001" == iea[2] and gs[6] == ge[2] == "1" and st[2] == se[2] == "0001"
    assert int(se[1]) == segs.index(se) - 2 + 1
    assert ge[1] == "1" and iea[1] == "1"
    assert st[3] == gs[8] == "005010X222A1"
    assert len(isa) == 17 and len("*".join(isa)) == 105


def test_many_transactions_per_file(monkeypatch):
    import painrcm.edi.writer_837p as w

    monkeypatch.setattr(w, "MAX_CLAIMS_PER_TRANSACTION", 3)
    text = write(sample_claims(7))
    segs = segments(text)
    assert [s[2] for s in segs if s[0] == "ST"] == ["0001", "0002", "0003"]
    assert segs[-2][1] == "3"
    assert len(list(read_837p(io.StringIO(text)))) == 7


def test_control_number_source_protocol():
    src = InMemoryControlNumbers(start=41)
    assert isinstance(src, ControlNumberSource)
    a = segments(write_837p(sample_claims(1), PARTIES, src, now=NOW))
    b = segments(write_837p(sample_claims(1), PARTIES, src, now=NOW))
    assert (a[0][13], b[0][13]) == ("000000041", "000000042")


def test_loops_for_each_claim_shape():
    text = write(sample_claims(5))
    ids = [s[0] + ("*" + s[1] if s[0] in ("NM1", "REF", "HL", "DTP", "AMT") else "") for s in segments(text)]
    segs = segments(text)
    # pay-to only where it differs from the billing address
    assert sum(1 for s in segs if s[:2] == ["NM1", "87"]) == 1
    # the patient loop only for the dependant (relationship 01)
    hl23 = [s for s in segs if s[0] == "HL" and s[3] == "23"]
    assert len(hl23) == 1 and ["PAT", "01"] in segs
    # replacement: frequency 7 and REF*F8
    clm = [s for s in segs if s[0] == "CLM"]
    assert [c[5].split(":")[2] for c in clm].count("7") == 1
    assert "REF*F8" in ids and "REF*G1" in ids and "REF*6R" in ids and "AMT*F5" in ids
    # HI: ABK first, then ABF
    hi = [s for s in segs if s[0] == "HI"]
    assert all(h[1].startswith("ABK:") and all(x.startswith("ABF:") for x in h[2:]) for h in hi)
    # SV1: HC composite with modifiers, UN units, POS only when it differs, pointers
    sv1 = [s for s in segs if s[0] == "SV1"]
    assert ["SV1", "HC:64483:RT", "950", "UN", "1", "", "", "1:2"] in sv1
    assert ["SV1", "HC:99214:25", "210", "UN", "1", "11", "", "2"] in sv1
    # COB: 2320 SBR, AMT*D, OI, 2330A/B, 2430 SVD + CAS + DTP*573
    assert "AMT*D" in ids and "OI" in ids and "SVD" in ids and "DTP*573" in ids
    assert ["CAS", "CO", "45", "400"] in segs and ["CAS", "PR", "2", "120"] in segs


def test_replacement_without_payer_claim_number_is_refused():
    c = replace(sample_claim(3), payer_claim_number=None)
    with pytest.raises(X12Error, match="REF02"):
        write([c])


def test_delimiters_in_data_are_neutralised():
    c = sample_claim(0)
    c = replace(c, note="PAIN 8/10 * WORSE ~ AT NIGHT: YES^")
    text = write([c])
    (back,) = read_837p(io.StringIO(text), practice_id="demo")
    assert back.note == "PAIN 8/10   WORSE   AT NIGHT  YES"


def _key(c: Claim) -> str:
    return c.claim_id


def test_round_trip_claims_837p_claims():
    claims = sample_claims(25)
    text = write(claims)
    payer_ids = {c.x12_payer_id: c.payer_id for c in claims}
    back = list(read_837p(io.StringIO(text), practice_id="demo", payer_ids=payer_ids))
    assert sorted(back, key=_key) == sorted(claims, key=_key)


def test_claims_json_round_trip_and_errors():
    claims = sample_claims(5)
    data = claims_to_json(claims)
    assert claims_from_json(data) == claims
    data["claims"][1]["lines"][0]["charge"] = "abc"
    with pytest.raises(Exception, match=r"claims\[1\].lines\[0\].charge.*not a number"):
        claims_from_json(data, file="c.json")


def test_reader_accepts_other_systems_files(fixtures):
    (claim,) = read_837p(fixtures / "linuxforhealth-x12_837_005010X222A2_demo.cob.example3.B.837")
    assert claim.total_charge == claim.lines[0].charge + sum((ln.charge for ln in claim.lines[1:]), Decimal(0))
    assert claim.other_payers and claim.other_payers[0].payer_name


def test_reader_checks_clm02_total():
    text = write([sample_claim(3)]).replace("CLM*C00000003*150*", "CLM*C00000003*151*")
    with pytest.raises(X12Error, match=r"\(CLM\), field CLM02: CLM02 total 151.00 != sum of line charges 150.00"):
        list(read_837p(io.StringIO(text), name="x.837"))


def test_void_claim_frequency_8():
    c = replace(sample_claim(3), frequency_code=FrequencyCode.VOID)
    (back,) = read_837p(io.StringIO(write([c])), practice_id="demo", payer_ids={"00710": "bcbs"})
    assert back == c


def test_fractional_units():
    c = replace(sample_claim(3), lines=(ClaimLine("J1030", Decimal("25.00"), Decimal("1.5")),))
    (back,) = read_837p(io.StringIO(write([c])), practice_id="demo", payer_ids={"00710": "bcbs"})
    assert back.lines[0].units == Decimal("1.5")


def test_long_names_are_cut_and_long_claim_ids_refused(tmp_path):
    from painrcm.claims.model import PersonName

    c = replace(sample_claim(0), patient_name=PersonName("X" * 80, "Y" * 50))
    c = replace(c, subscriber=replace(c.subscriber, name=c.patient_name))
    path = tmp_path / "long.837"
    path.write_text(write([c]))
    assert pyx12_problems(path) == []
    with pytest.raises(X12Error, match="CLM01"):
        write([replace(c, claim_id="C" * 39)])
