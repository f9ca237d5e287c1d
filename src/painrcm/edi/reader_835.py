"""Streaming 835 (005010X221A1) reader: one :class:`Remittance` per ST..SE.

``read_835(path)`` is a generator; it never holds more than one transaction, so a
payer file of any size streams in constant memory (a single transaction is held
whole because the domain :class:`Remittance` is one immutable value);
``read_835_claims(path)`` yields claim by claim for a single transaction too big to hold. Envelopes are
checked as they pass (:mod:`painrcm.edi.envelope`) and each remittance is balanced
(:mod:`painrcm.edi.balancing`) before it is yielded, unless ``check_balance=False``.

Loops read: header (BPR, TRN, DTM*405, N1*PR with REF*2U, N1*PE with REF*TJ),
claims (CLP, CAS, NM1*QC/IL, MIA/MOA remarks, DTM*050/232/233, AMT, REF),
service lines (SVC with composite code, modifiers and SVC06 original code, DTM*472/150/151,
CAS, REF*6R, AMT*B6, LQ*HE) and PLB provider adjustments (each reason:reference and
amount pair). Segment dispatch is a flat if-chain ordered by frequency: the fastest
thing in CPython for a handful of hot segment ids.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Iterator

from painrcm.claims.model import Adjustment
from painrcm.domain.money import ZERO
from painrcm.edi.balancing import check_claims, check_payment, check_remittance
from painrcm.edi.envelope import EnvelopeChecker
from painrcm.edi.tokenizer import SegmentReader
from painrcm.edi.values import amount, get, x12_date
from painrcm.remit.model import ClaimPayment, LinePayment, ProviderAdjustment, Remittance

KNOWN_835 = frozenset({
    "BPR", "TRN", "CUR", "REF", "DTM", "N1", "N2", "N3", "N4", "PER", "RDM", "LX", "TS3", "TS2",
    "CLP", "CAS", "NM1", "MIA", "MOA", "AMT", "QTY", "SVC", "LQ", "PLB",
})
ONE = Decimal(1)


class _Line:
    __slots__ = ("code", "modifiers", "charge", "paid", "units", "adjustments", "remarks",
                 "original_code", "original_modifiers", "service_date", "line_id", "allowed",
                 "number")

    def build(self) -> LinePayment:
        return LinePayment(self.code, self.modifiers, self.charge, self.paid, self.units,
                           tuple(self.adjustments), tuple(self.remarks), self.original_code,
                           self.original_modifiers, self.service_date, self.line_id, self.allowed)


class _Claim:
    __slots__ = ("pcn", "status", "charge", "paid", "pr", "payer_claim_number", "filing",
                 "adjustments", "lines", "patient_name", "member_id", "date_from", "date_to",
                 "received", "remarks", "number", "line_numbers")

    def build(self) -> ClaimPayment:
        return ClaimPayment(self.pcn, self.status, self.charge, self.paid, self.pr,
                            self.payer_claim_number, self.filing, tuple(self.adjustments),
                            tuple(self.lines), self.patient_name, self.member_id, self.date_from,
                            self.date_to, self.received, tuple(self.remarks))


def _cas(r: SegmentReader, el: list[str]) -> list[Adjustment]:
    """CAS: group, then up to six reason/amount/quantity triplets."""
    n = len(el)
    group = el[1] if n > 1 else ""
    if not group:
        raise r.error("CAS01 adjustment group code is missing", el, 1)
    if n <= 5:  # the common case: one triplet without quantity
        if n > 2 and el[2]:
            return [Adjustment(group, el[2], amount(r, el, 3), amount(r, el, 4) if n > 4 and el[4] else None)]
        raise r.error("CAS without a reason code", el, 2)
    out = []
    for i in range(2, min(n, 20), 3):
        reason = el[i]
        if not reason:
            continue
        amt = amount(r, el, i + 1)
        qty = el[i + 2] if i + 2 < n else ""
        out.append(Adjustment(group, reason, amt, amount(r, el, i + 2) if qty else None))
    if not out:
        raise r.error("CAS without a reason code", el, 2)
    return out


def _split_composite(r: SegmentReader, el: list[str], i: int) -> tuple[str, tuple[str, ...]]:
    comp = r.delimiters.component if r.delimiters else ":"
    parts = get(el, i).split(comp)
    if len(parts) < 2 or not parts[1]:
        raise r.error("procedure composite must be qualifier:code", el, i)
    return parts[1], tuple(m for m in parts[2:6] if m)


def read_835(source, *, name: str | None = None, check_balance: bool = True,
             chunk_size: int | None = None) -> Iterator[Remittance]:
    """Yield one :class:`Remittance` per 835 transaction in ``source`` (path or file object)."""
    r = SegmentReader(source, name=name, **({"chunk_size": chunk_size} if chunk_size else {}))
    env = EnvelopeChecker(r)
    yield from _read(r, env, check_balance)


def read_835_claims(source, *, name: str | None = None, check_balance: bool = True,
                    chunk_size: int | None = None) -> Iterator[tuple[Remittance, ClaimPayment | None]]:
    """Claim by claim, for payments too big to hold: ``(header, claim)`` pairs.

    ``header`` is the payment's :class:`Remittance` without claims; after a payment's last claim
    comes ``(header, None)`` with the provider adjustments (PLB) filled in. Memory stays constant
    even for a single huge ST..SE. Balancing is checked claim by claim and, at SE, for the payment.
    """
    r = SegmentReader(source, name=name, **({"chunk_size": chunk_size} if chunk_size else {}))
    env = EnvelopeChecker(r)
    yield from _read(r, env, check_balance, stream=True)


def _read(r: SegmentReader, env: EnvelopeChecker, check_balance: bool, stream: bool = False):
    envelope = env.dispatch()
    in_st = False
    claims: list[ClaimPayment] = []
    claim: _Claim | None = None
    line: _Line | None = None
    hdr: dict = {}
    plbs: list[ProviderAdjustment] = []
    n1 = ""
    checks: list = []  # (ClaimPayment, clp segment number, [svc numbers])

    paid_sum = [Decimal(0)]

    def close_claim() -> None:
        nonlocal claim, line
        if line is not None:
            claim.lines.append(line.build())
            claim.line_numbers.append(line.number)
            line = None
        cp = claim.build()
        claims.append(cp)
        if stream:
            if check_balance:
                check_claims(r, [(cp, claim.number, claim.line_numbers)])
            paid_sum[0] += cp.paid
        else:
            checks.append((cp, claim.number, claim.line_numbers))
        claim = None

    def header() -> Remittance:
        return _remittance(r, None, hdr, (), plbs)

    for el in r:
        sid = el[0]
        if not in_st:
            fn = envelope.get(sid)
            if fn is None:
                env.outside_transaction(el)
                continue
            fn(el)
            if sid == "ST":
                if el[1] != "835":
                    raise r.error(f"not an 835: ST01 is {el[1]!r}", el, 1)
                in_st = True
                claims, plbs, checks, hdr, n1 = [], [], [], {"st": r.count}, ""
                paid_sum[0] = Decimal(0)
                head = None
                claim = line = None
            continue
        if sid == "CAS":
            adj = _cas(r, el)
            if line is not None:
                line.adjustments.extend(adj)
            elif claim is not None:
                claim.adjustments.extend(adj)
            else:
                raise r.error("CAS outside a claim", el)
        elif sid == "SVC":
            if claim is None:
                raise r.error("SVC outside a claim (no CLP before it)", el)
            if line is not None:
                claim.lines.append(line.build())
                claim.line_numbers.append(line.number)
            line = _Line()
            line.number = r.count
            line.code, line.modifiers = _split_composite(r, el, 1)
            line.charge = amount(r, el, 2)
            line.paid = amount(r, el, 3)
            n = len(el)
            units = el[5] if n > 5 else ""
            if units:
                line.units = amount(r, el, 5)
            elif n > 7 and el[7]:
                line.units = amount(r, el, 7)
            else:
                line.units = ONE
            if n > 6 and el[6]:
                line.original_code, line.original_modifiers = _split_composite(r, el, 6)
            else:
                line.original_code, line.original_modifiers = None, ()
            line.adjustments, line.remarks = [], []
            line.service_date = line.line_id = line.allowed = None
        elif sid == "DTM":
            q = el[1] if len(el) > 1 else ""
            if line is not None:
                if q == "472" or q == "150":
                    line.service_date = x12_date(r, el, 2)
            elif claim is not None:
                if q == "232":
                    claim.date_from = x12_date(r, el, 2)
                elif q == "233":
                    claim.date_to = x12_date(r, el, 2)
                elif q == "050":
                    claim.received = x12_date(r, el, 2)
                else:
                    x12_date(r, el, 2)
            else:
                d = x12_date(r, el, 2)
                if q == "405":
                    hdr.setdefault("production_date", d)
        elif sid == "CLP":
            if claim is not None:
                close_claim()
                if stream:
                    head = head or header()
                    yield head, claims.pop()
            if len(el) < 5:
                raise r.error("CLP needs at least four elements", el, len(el))
            claim = _Claim()
            claim.number = r.count
            claim.pcn = el[1]
            if not claim.pcn:
                raise r.error("CLP01 patient control number is missing", el, 1)
            claim.status = el[2]
            claim.charge = amount(r, el, 3)
            claim.paid = amount(r, el, 4)
            claim.pr = amount(r, el, 5, ZERO)
            claim.filing = get(el, 6) or None
            claim.payer_claim_number = get(el, 7) or None
            claim.adjustments, claim.lines, claim.remarks, claim.line_numbers = [], [], [], []
            claim.patient_name = claim.member_id = None
            claim.date_from = claim.date_to = claim.received = None
        elif sid == "NM1":
            if claim is None:
                raise r.error("NM1 outside a claim", el)
            q = get(el, 1)
            if q == "QC":
                claim.patient_name = ", ".join(p for p in (get(el, 3), get(el, 4)) if p) or None
                if get(el, 8) in ("MI", "34", "HN", "II", "MR") and claim.member_id is None:
                    claim.member_id = get(el, 9) or None
            elif q == "IL":
                claim.member_id = get(el, 9) or claim.member_id
        elif sid == "LQ":
            if line is None:
                raise r.error("LQ outside a service line", el)
            if get(el, 1) == "HE":
                line.remarks.append(get(el, 2))
        elif sid == "REF":
            q = get(el, 1)
            if line is not None:
                if q == "6R":
                    line.line_id = get(el, 2) or None
            elif claim is None:
                if n1 == "PR" and q == "2U":
                    hdr["payer_id"] = get(el, 2)
                elif n1 == "PE" and q == "TJ":
                    hdr["payee_tax_id"] = get(el, 2)
        elif sid == "AMT":
            a = amount(r, el, 2)
            if line is not None and get(el, 1) == "B6":
                line.allowed = a
        elif sid == "LX" or sid == "TS3" or sid == "TS2" or sid == "QTY":
            if sid == "LX" and claim is not None:
                close_claim()
                if stream:
                    head = head or header()
                    yield head, claims.pop()
        elif sid == "MOA" or sid == "MIA":
            if claim is None:
                raise r.error(f"{sid} outside a claim", el)
            idx = (3, 4, 5, 6, 7) if sid == "MOA" else (5, 20, 21, 22, 23)
            claim.remarks.extend(el[i] for i in idx if i < len(el) and el[i])
        elif sid == "PLB":
            if claim is not None:
                close_claim()
                if stream:
                    head = head or header()
                    yield head, claims.pop()
            plbs.extend(_plb(r, el))
        elif sid == "BPR":
            hdr["bpr"] = r.count
            hdr["total_paid"] = amount(r, el, 2)
            hdr["method"] = get(el, 4)
            hdr["payment_date"] = x12_date(r, el, 16)
        elif sid == "TRN":
            hdr["trn"] = get(el, 2)
            hdr["trn_payer"] = get(el, 3) or None
        elif sid == "N1":
            n1 = get(el, 1)
            if n1 == "PR":
                hdr["payer_name"] = get(el, 2)
                if get(el, 3) == "XV":
                    hdr["payer_id"] = get(el, 4)
            elif n1 == "PE":
                hdr["payee_name"] = get(el, 2)
                q = get(el, 3)
                if q == "XX":
                    hdr["payee_npi"] = get(el, 4)
                elif q == "FI":
                    hdr["payee_tax_id"] = get(el, 4)
        elif sid == "SE":
            if claim is not None:
                close_claim()
            envelope["SE"](el)
            in_st = False
            if stream:
                head = head or header()
                for cp in claims:
                    yield head, cp
                final = _remittance(r, el, hdr, (), plbs)
                if check_balance:
                    check_payment(r, final, hdr["bpr"], paid_sum[0])
                yield final, None
                continue
            rem = _remittance(r, el, hdr, claims, plbs)
            if check_balance:
                check_remittance(r, rem, hdr["bpr"], checks)
            yield rem
        elif sid in KNOWN_835:
            pass  # N2/N3/N4/PER/RDM/CUR: not carried by the domain model
        elif sid in ("ST", "GS", "GE", "ISA", "IEA"):
            envelope[sid](el)  # raises: envelope opened or closed inside a transaction
        else:
            if not (2 <= len(sid) <= 3 and sid.isalnum() and sid.isupper()):
                raise r.error(f"bad segment identifier {sid[:8]!r}", el)
            raise r.error(f"unknown segment {sid!r} in an 835", el)
    env.finish()


def _plb(r: SegmentReader, el: list[str]) -> list[ProviderAdjustment]:
    provider = get(el, 1)
    when = x12_date(r, el, 2)
    comp = r.delimiters.component if r.delimiters else ":"
    out = []
    for i in range(3, min(len(el), 15), 2):
        if not el[i]:
            continue
        reason, _, ref = el[i].partition(comp)
        out.append(ProviderAdjustment(provider, when, reason, ref or None, amount(r, el, i + 1)))
    if not out:
        raise r.error("PLB without an adjustment", el, 3)
    return out


def _remittance(r: SegmentReader, se: list[str] | None, hdr: dict, claims, plbs) -> Remittance:
    if "bpr" not in hdr:
        raise r.error("835 without BPR", ["BPR"], number=hdr["st"] + 1)
    if not hdr.get("trn"):
        raise r.error("835 without TRN trace number", ["TRN"], 2, number=hdr["bpr"] + 1)
    if "payer_name" not in hdr:
        raise r.error("835 without N1*PR payer", ["N1"], 2)
    return Remittance(hdr["trn"], hdr["payer_name"], hdr.get("payer_id") or hdr.get("trn_payer"),
                      hdr.get("payee_name", ""), hdr.get("payee_npi"), hdr["total_paid"],
                      hdr["method"], hdr["payment_date"] or hdr.get("production_date"),
                      tuple(claims), tuple(plbs), hdr.get("payee_tax_id"))
