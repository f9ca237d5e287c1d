"""276 claim status requests (005010X212): the day-15 status check of the AR cycle.

Hand-written beside ``painrcm.edi.writer_270`` (same envelope and escaping helpers) because the
EDI stage has no 276 writer; the loops are 2000A payer (HL 20), 2000B information receiver
(HL 21), 2000C service provider (HL 19), 2000D subscriber (HL 22) with one 2200D claim status
tracking loop per claim (TRN, REF*1K payer claim number, REF*EJ patient account number,
AMT*T3 charge, DTP*472 service dates).

>>> from datetime import date
>>> from decimal import Decimal
>>> from painrcm.edi.envelope import InMemoryControlNumbers
>>> from painrcm.edi.samples import PARTIES
>>> q = StatusInquiry("MEDICARE", "DMC01", "RIVERSIDE PAIN", "1990000014", "M1", "DOE", "JANE",
...                   "CLM1", Decimal("555.00"), date(2026, 3, 2), payer_claim_number="PCN1")
>>> text = write_276([q], PARTIES, InMemoryControlNumbers(), now=None)
>>> [s.split("*")[0] for s in text.split("~\\n") if s][2:]
['ST', 'BHT', 'HL', 'NM1', 'HL', 'NM1', 'HL', 'NM1', 'HL', 'NM1', 'TRN', 'REF', 'REF', 'AMT', 'DTP', 'SE', 'GE', 'IEA']
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Iterable

from painrcm.claims.model import Claim
from painrcm.edi.envelope import ControlNumberSource, interchange
from painrcm.edi.errors import X12Error
from painrcm.edi.values import fmt_date
from painrcm.edi.writer_837p import SubmissionParties, _t, _trim

VERSION = "005010X212"


@dataclass(frozen=True, slots=True)
class StatusInquiry:
    payer_name: str
    payer_id: str
    provider_name: str
    provider_npi: str
    member_id: str
    last_name: str
    first_name: str | None
    claim_id: str                      # CLM01, our patient account number
    charge: Decimal
    service_date: date
    service_date_to: date | None = None
    payer_claim_number: str | None = None
    trace_number: str | None = None
    practice_id: str = ""


def inquiry_for(claim: Claim, payer_claim_number: str | None = None) -> StatusInquiry:
    """The 276 inquiry of one claim."""
    last = max((claim.line_date(ln) for ln in claim.lines), default=claim.service_date)
    return StatusInquiry(claim.payer_name, claim.x12_payer_id, claim.billing_provider.name.last,
                         claim.billing_provider.npi or "", claim.subscriber.member_id, claim.subscriber.name.last,
                         claim.subscriber.name.first, claim.claim_id, claim.total_charge, claim.service_date,
                         last if last != claim.service_date else None,
                         payer_claim_number or claim.payer_claim_number, practice_id=claim.practice_id)


def write_276(inquiries: Iterable[StatusInquiry], parties: SubmissionParties, control_numbers: ControlNumberSource,
              *, now: datetime | None = None, line_breaks: bool = True) -> str:
    items = list(inquiries)
    if not items:
        raise X12Error("no claims to ask about", segment_id="TRN")
    when = now or datetime.now()
    isa13, gs06, st = control_numbers.next(items[0].practice_id, parties.receiver_id)
    st02 = f"{st:04d}"
    body = [f"ST*276*{st02}*{VERSION}", f"BHT*0010*13*{st02}*{when:%Y%m%d}*{when:%H%M}"]
    hl = 0
    for q in items:
        hl += 1
        payer_hl = hl
        body += [f"HL*{hl}**20*1", f"NM1*PR*2*{_t(q.payer_name)}*****PI*{_t(q.payer_id)}"]
        hl += 1
        recv_hl = hl
        body += [f"HL*{hl}*{payer_hl}*21*1",
                 f"NM1*41*2*{_t(parties.submitter_name)}*****46*{_t(parties.submitter_id or parties.sender_id)}"]
        hl += 1
        prov_hl = hl
        body += [f"HL*{hl}*{recv_hl}*19*1", f"NM1*1P*2*{_t(q.provider_name)}*****XX*{q.provider_npi}"]
        hl += 1
        body += [f"HL*{hl}*{prov_hl}*22*0",
                 _trim(f"NM1*IL*1*{_t(q.last_name)}*{_t(q.first_name)}****MI*{_t(q.member_id)}"),
                 f"TRN*1*{_t(q.trace_number or q.claim_id)}"]
        if q.payer_claim_number:
            body.append(f"REF*1K*{_t(q.payer_claim_number)}")
        body += [f"REF*EJ*{_t(q.claim_id)}", f"AMT*T3*{q.charge:.2f}"]
        if q.service_date_to and q.service_date_to != q.service_date:
            body.append(f"DTP*472*RD8*{fmt_date(q.service_date)}-{fmt_date(q.service_date_to)}")
        else:
            body.append(f"DTP*472*D8*{fmt_date(q.service_date)}")
    body.append(f"SE*{len(body) + 1}*{st02}")
    return interchange(parties, body, isa13=isa13, gs06=gs06, functional_id="HR", version=VERSION, when=when,
                       line_breaks=line_breaks)


__all__ = ["StatusInquiry", "inquiry_for", "write_276", "VERSION"]
