"""270 eligibility inquiries (005010X279A1): one subscriber loop per inquiry.

>>> from datetime import date
>>> from painrcm.edi.envelope import InMemoryControlNumbers
>>> from painrcm.edi.samples import PARTIES
>>> q = EligibilityInquiry("ABC COMPANY", "842610001", "DESERT PAIN", "1234567893", "W1", "SMITH", "ROB",
...                        date(1943, 5, 19), date(2026, 5, 1), trace_number="T1")
>>> text = write_270([q], PARTIES, InMemoryControlNumbers(), now=None)
>>> [s.split("*")[0] for s in text.split("~\\n") if s][2:]
['ST', 'BHT', 'HL', 'NM1', 'HL', 'NM1', 'HL', 'TRN', 'NM1', 'DMG', 'DTP', 'EQ', 'SE', 'GE', 'IEA']
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Iterable

from painrcm.edi.envelope import ControlNumberSource, interchange
from painrcm.edi.errors import X12Error
from painrcm.edi.values import fmt_date
from painrcm.edi.writer_837p import SubmissionParties, _t, _trim

VERSION = "005010X279A1"


@dataclass(frozen=True, slots=True)
class EligibilityInquiry:
    payer_name: str
    payer_id: str
    provider_name: str
    provider_npi: str
    member_id: str
    last_name: str
    first_name: str | None
    birth_date: date | None
    service_date: date
    service_types: tuple[str, ...] = ("30",)  # 30 health benefit plan coverage
    trace_number: str = "1"
    practice_id: str = ""
    provider_is_organization: bool = True


def write_270(inquiries: Iterable[EligibilityInquiry], parties: SubmissionParties,
              control_numbers: ControlNumberSource, *, now: datetime | None = None,
              line_breaks: bool = True) -> str:
    items = list(inquiries)
    if not items:
        raise X12Error("no inquiries to write", segment_id="EQ")
    when = now or datetime.now()
    isa13, gs06, st = control_numbers.next(items[0].practice_id, parties.receiver_id)
    st02 = f"{st:04d}"
    body = [f"ST*270*{st02}*{VERSION}", f"BHT*0022*13*{st02}*{when:%Y%m%d}*{when:%H%M}"]
    hl = 0
    for q in items:
        hl += 1
        phl = hl
        body += [f"HL*{hl}**20*1", f"NM1*PR*2*{_t(q.payer_name)}*****PI*{_t(q.payer_id)}"]
        hl += 1
        rhl = hl
        kind = "2" if q.provider_is_organization else "1"
        body += [f"HL*{hl}*{phl}*21*1", f"NM1*1P*{kind}*{_t(q.provider_name)}*****XX*{q.provider_npi}"]
        hl += 1
        body += [f"HL*{hl}*{rhl}*22*0", f"TRN*1*{_t(q.trace_number)}*9{_t(parties.sender_id)[:9].rjust(9, '0')}",
                 _trim(f"NM1*IL*1*{_t(q.last_name)}*{_t(q.first_name)}****MI*{_t(q.member_id)}")]
        if q.birth_date:
            body.append(f"DMG*D8*{fmt_date(q.birth_date)}")
        body.append(f"DTP*291*D8*{fmt_date(q.service_date)}")
        body.append("EQ*" + "^".join(q.service_types))
    body.append(f"SE*{len(body) + 1}*{st02}")
    return interchange(parties, body, isa13=isa13, gs06=gs06, functional_id="HS", version=VERSION, when=when,
                       line_breaks=line_breaks)
