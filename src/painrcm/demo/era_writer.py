"""Render :class:`~painrcm.remit.model.Remittance` objects as X12 835 (005010X221A1) text.

The EDI stage reads 835s but, being a provider's system, writes none; the payer simulator
needs real 835 files so that the demo posts exactly what a clearinghouse would deliver. This
writer covers what the reader reads (BPR, TRN, DTM*405, N1*PR + REF*2U, N1*PE, LX, CLP, CAS,
NM1*QC, MOA, DTM*232/233/050, SVC with SVC06, DTM*472, REF*6R, AMT*B6, LQ*HE, PLB) and is
checked in the tests by reading its output back with ``painrcm.edi.reader_835``.

>>> from decimal import Decimal as D
>>> from painrcm.remit.model import ClaimPayment, LinePayment, Remittance
>>> from painrcm.claims.model import Adjustment
>>> line = LinePayment("64483", ("RT",), D("900.00"), D("176.98"),
...                    adjustments=(Adjustment("CO", "45", D("678.78")), Adjustment("PR", "2", D("44.24"))))
>>> cp = ClaimPayment("C1", "1", D("900.00"), D("176.98"), D("44.24"), "ICN1", "MB", lines=(line,))
>>> rem = Remittance("T1", "MEDICARE", "DMC01", "RIVERSIDE", "1990000013", D("176.98"), "ACH", None, (cp,))
>>> text = write_835([rem], sender_id="DMC01", receiver_id="RIVERSIDE", control_number=7)
>>> [s for s in text.split("~") if s.startswith("SVC")]
['SVC*HC:64483:RT*900*176.98**1']
"""

from __future__ import annotations

import zlib

from datetime import date, datetime
from decimal import Decimal
from typing import Iterable

from painrcm.edi.values import fmt_amount, fmt_date
from painrcm.remit.model import ClaimPayment, LinePayment, Remittance

VERSION = "005010X221A1"


def _units(u: Decimal) -> str:
    return str(int(u)) if u == u.to_integral_value() else f"{u.normalize():f}"


def _cas(adjustments, out: list[str]) -> None:
    by_group: dict[str, list] = {}
    for a in adjustments:
        by_group.setdefault(a.group, []).append(a)
    for group, items in by_group.items():
        for i in range(0, len(items), 6):  # at most six reason triplets per CAS
            parts = [f"CAS*{group}"]
            for a in items[i:i + 6]:
                parts.append(f"{a.reason}*{fmt_amount(a.amount)}"
                             + (f"*{_units(a.quantity)}" if a.quantity is not None else "*"))
            out.append("*".join(parts).rstrip("*"))


def _composite(code: str, modifiers) -> str:
    return ":".join(("HC", code, *modifiers))


def _line(lp: LinePayment, out: list[str]) -> None:
    seg = f"SVC*{_composite(lp.code, lp.modifiers)}*{fmt_amount(lp.charge)}*{fmt_amount(lp.paid)}**{_units(lp.units)}"
    if lp.original_code:
        seg += f"*{_composite(lp.original_code, lp.original_modifiers)}"
    out.append(seg)
    if lp.service_date:
        out.append(f"DTM*472*{fmt_date(lp.service_date)}")
    _cas(lp.adjustments, out)
    if lp.line_id:
        out.append(f"REF*6R*{lp.line_id}")
    if lp.allowed is not None:
        out.append(f"AMT*B6*{fmt_amount(lp.allowed)}")
    for rarc in lp.remarks:
        out.append(f"LQ*HE*{rarc}")


def _name(name: str | None) -> tuple[str, str]:
    if not name:
        return "UNKNOWN", ""
    last, _, first = name.partition(",")
    return last.strip(), first.strip()


def _claim(cp: ClaimPayment, out: list[str]) -> None:
    out.append("*".join([
        "CLP", cp.patient_control_number, cp.status, fmt_amount(cp.charge), fmt_amount(cp.paid),
        fmt_amount(cp.patient_responsibility), cp.claim_filing_indicator or "12", cp.payer_claim_number or "",
        "11", "1"]))
    _cas(cp.adjustments, out)
    last, first = _name(cp.patient_name)
    out.append(f"NM1*QC*1*{last}*{first}****MI*{cp.member_id or 'UNKNOWN'}")
    if cp.remarks:
        out.append("MOA***" + "*".join(cp.remarks[:5]))
    if cp.service_date_from:
        out.append(f"DTM*232*{fmt_date(cp.service_date_from)}")
    if cp.service_date_to:
        out.append(f"DTM*233*{fmt_date(cp.service_date_to)}")
    if cp.received_date:
        out.append(f"DTM*050*{fmt_date(cp.received_date)}")
    for lp in cp.lines:
        _line(lp, out)


def _transaction(rem: Remittance, st02: str, when: datetime) -> list[str]:
    pay_day = rem.payment_date or when.date()
    method = rem.payment_method or "ACH"
    if method == "NON" or rem.total_paid == 0:
        bpr = f"BPR*H*{fmt_amount(rem.total_paid)}*C*NON************{fmt_date(pay_day)}"
    elif method == "CHK":
        bpr = f"BPR*I*{fmt_amount(rem.total_paid)}*C*CHK************{fmt_date(pay_day)}"
    else:
        bpr = (f"BPR*I*{fmt_amount(rem.total_paid)}*C*ACH*CCP*01*999999999*DA*123456789*1999999999**"
               f"01*888888888*DA*987654321*{fmt_date(pay_day)}")
    body = [
        # TRN03 is "1" + the payer's 9-digit tax id; the demo's fictional payers get a stable made-up one
        f"ST*835*{st02}", bpr, f"TRN*1*{rem.trn}*1{zlib.crc32((rem.payer_id or '').encode()) % 10**9:09d}",
        f"DTM*405*{fmt_date(pay_day)}", f"N1*PR*{rem.payer_name}",
        # loop 1000A requires the payer's address and technical contact (fictional for the demo)
        "N3*PO BOX 1000", "N4*SPRINGFIELD*OH*455010000",
    ]
    if rem.payer_id:
        body.append(f"REF*2U*{rem.payer_id}")
    body.append("PER*BL*EDI SUPPORT*TE*8005550100")
    body.append(f"N1*PE*{rem.payee_name}*XX*{rem.payee_npi}" if rem.payee_npi else f"N1*PE*{rem.payee_name}")
    if rem.payee_tax_id:
        body.append(f"REF*TJ*{rem.payee_tax_id}")
    if rem.claims:
        body.append("LX*1")
        for cp in rem.claims:
            _claim(cp, body)
    for p in rem.provider_adjustments:
        fiscal = p.fiscal_period_date or date(pay_day.year, 12, 31)
        ref = f"{p.reason}:{p.reference}" if p.reference else p.reason
        body.append(f"PLB*{p.provider_id}*{fmt_date(fiscal)}*{ref}*{fmt_amount(p.amount)}")
    body.append(f"SE*{len(body) + 1}*{st02}")
    return body


def write_835(remittances: Iterable[Remittance], *, sender_id: str, receiver_id: str, control_number: int = 1,
              now: datetime | None = None, line_breaks: bool = False) -> str:
    """One interchange with one functional group (HP) and one 835 per remittance."""
    rems = list(remittances)
    when = now or datetime(2026, 1, 1, 12, 0)
    isa13 = f"{control_number % 1_000_000_000:09d}"
    segs = [
        "ISA*00*" + " " * 10 + "*00*" + " " * 10 + f"*ZZ*{sender_id[:15].ljust(15)}*ZZ*"
        f"{receiver_id[:15].ljust(15)}*{when:%y%m%d}*{when:%H%M}*^*00501*{isa13}*0*P*:",
        f"GS*HP*{sender_id}*{receiver_id}*{when:%Y%m%d}*{when:%H%M}*{control_number}*X*{VERSION}",
    ]
    for i, rem in enumerate(rems, start=1):
        segs.extend(_transaction(rem, f"{i:04d}", when))
    segs.append(f"GE*{len(rems)}*{control_number}")
    segs.append(f"IEA*1*{isa13}")
    sep = "~\n" if line_breaks else "~"
    return sep.join(segs) + sep


__all__ = ["write_835"]
