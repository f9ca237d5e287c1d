"""Helpers for the X12 tests: the copied sample files and a small 835 builder.

A module of its own (not conftest.py) so tests import it by a unique name."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"

ISA = ("ISA*00*          *00*          *ZZ*PAYER          *ZZ*PRACTICE       *260301*1200*^*00501*"
       "000000101*0*P*:~")


def x835(body: str, *, bpr_total: str = "100", se_count: int | None = None, trn: str = "TRACE1",
         isa: str = ISA) -> str:
    """A one-transaction 835 around ``body`` (the claim loops), counts computed."""
    head = [f"BPR*I*{bpr_total}*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999988880*DA*98765*20260301",
            f"TRN*1*{trn}*1512345678", "DTM*405*20260228", "N1*PR*ACME HEALTH PLAN", "REF*2U*ACME01",
            "N1*PE*DESERT PAIN SPECIALISTS*XX*1234567893", "LX*1"]
    segs = ["ST*835*0001", *head, *[s for s in body.split("~") if s.strip()]]
    n = se_count if se_count is not None else len(segs) + 1
    segs.append(f"SE*{n}*0001")
    return isa + "~".join(["GS*HP*PAYER*PRACTICE*20260301*1200*7*X*005010X221A1", *segs, "GE*1*7",
                           "IEA*1*000000101"]) + "~"


CLAIM_OK = ("CLP*PCN1*1*100*70*20*12*ICN1~CAS*CO*45*10~NM1*QC*1*DOE*JANE****MI*M1~"
            "SVC*HC:64483:RT*100*80**1~DTM*472*20260215~CAS*PR*1*20~LQ*HE*N130~")


