"""Streaming 837P reader: the claims a practice already sent, as :class:`Claim` objects.

``read_837p(path)`` yields one :class:`~painrcm.claims.model.Claim` per CLM, in file
order, checking envelopes as it goes. It reads back everything
:mod:`painrcm.edi.writer_837p` writes (so claims -> 837P -> claims is the identity,
given the same ``practice_id`` and ``payer_ids`` mapping, see below) and the common
loops of 837P files written by other systems (ICD-9 ``BK``/``BF`` qualifiers, RD8 line
dates, missing optional loops).

What an 837P cannot carry is filled from arguments: ``practice_id`` (painrcm's id of the
billing practice) and ``payer_ids`` (X12 payer id -> painrcm payer id; unmapped payers
keep their X12 id). The patient id is read from REF*EA (the writer puts it there); the
encounter id is not in the file.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Iterator, Mapping

from painrcm.claims.model import (Claim, ClaimLine, OtherPayer, OtherPayerLine, Party,
                                  PersonName, Subscriber)
from painrcm.domain.money import ZERO
from painrcm.domain.parties import Address
from painrcm.edi.envelope import EnvelopeChecker
from painrcm.edi.reader_835 import _cas
from painrcm.edi.tokenizer import SegmentReader
from painrcm.edi.values import amount, get, x12_date

KNOWN_837P = frozenset({
    "BHT", "NM1", "PER", "HL", "PRV", "N2", "N3", "N4", "REF", "DMG", "SBR", "PAT", "CLM", "DTP",
    "PWK", "CN1", "AMT", "K3", "NTE", "CR1", "CR2", "CRC", "HI", "HCP", "LX", "SV1", "SV5", "CR3",
    "QTY", "MEA", "PS1", "LIN", "CTP", "SVD", "CAS", "OI", "MOA", "MIA", "LQ", "FRM", "CUR",
})
ONE = Decimal(1)


def _person(el: list[str]) -> PersonName:
    return PersonName(get(el, 3), get(el, 4) or None, get(el, 5) or None)


def _party(el: list[str]) -> Party:
    return Party(_person(el), npi=get(el, 9) or None if get(el, 8) == "XX" else None,
                 is_organization=get(el, 2) == "2")


class _State:
    """The loops above the current claim, and the claim and line being read."""

    def __init__(self):
        self.billing: Party | None = None
        self.billing_taxonomy: str | None = None
        self.pay_to: Address | None = None
        self.sub: dict = {}
        self.pat: dict | None = None
        self.claim: dict | None = None
        self.line: dict | None = None
        self.other: dict | None = None
        self.svd: dict | None = None
        self.where = ""  # entity of the last NM1 (85, 87, IL, PR, QC, 77, ...) for N3/N4/REF/PRV


def read_837p(source, *, name: str | None = None, practice_id: str = "",
              payer_ids: Mapping[str, str] | None = None) -> Iterator[Claim]:
    """Yield the claims of an 837P file (path or file object)."""
    r = SegmentReader(source, name=name)
    env = EnvelopeChecker(r)
    envelope = env.dispatch()
    payer_ids = payer_ids or {}
    st = _State()
    in_st = False
    comp = ":"

    def finish_claim():
        c = st.claim
        if c is None:
            return None
        _finish_line(st)
        _finish_other(st)
        st.claim = None
        return _build_claim(r, c, st, practice_id, payer_ids)

    for el in r:
        sid = el[0]
        if not in_st:
            fn = envelope.get(sid)
            if fn is None:
                env.outside_transaction(el)
                continue
            fn(el)
            if sid == "ST":
                if el[1] != "837":
                    raise r.error(f"not an 837: ST01 is {el[1]!r}", el, 1)
                in_st = True
                st = _State()
                comp = r.delimiters.component
            continue
        if sid == "SE":
            c = finish_claim()
            if c is not None:
                yield c
            envelope["SE"](el)
            in_st = False
            continue
        if sid == "HL" or sid == "CLM":
            c = finish_claim()
            if c is not None:
                yield c
        if sid == "NM1":
            e = get(el, 1)
            st.where = e
            if st.claim is None:
                if e == "85":
                    st.billing = replace(_party(el), taxonomy=st.billing_taxonomy)
                    st.pay_to = None
                elif e == "IL":
                    st.sub["name"] = _person(el)
                    st.sub["member_id"] = get(el, 9)
                elif e == "PR":
                    st.sub["payer_name"] = get(el, 3)
                    st.sub["payer_id"] = get(el, 9)
                elif e == "QC" and st.pat is not None:
                    st.pat["name"] = _person(el)
            elif st.other is not None and e in ("IL", "PR"):
                if e == "IL":
                    st.other["name"] = _person(el)
                    st.other["member_id"] = get(el, 9)
                else:
                    st.other["payer_name"] = get(el, 3)
                    st.other["payer_id"] = get(el, 9)
            elif e in ("DN", "82", "77", "DQ"):
                key = {"DN": "referring_provider", "82": "rendering_provider",
                       "77": "service_facility", "DQ": "supervising_provider"}[e]
                if st.line is None:
                    st.claim[key] = _party(el)
                    st.where = key
                else:
                    st.where = "line-" + e  # 2420 line-level providers: not in the model
        elif sid == "N3" or sid == "N4":
            w = st.where
            if sid == "N3":
                st.addr = [get(el, 1), get(el, 2) or None]
                continue
            a = getattr(st, "addr", ["", None])
            addr = Address(a[0], get(el, 1), get(el, 2), get(el, 3), a[1])
            if st.claim is None:
                if w == "85":
                    st.billing = replace(st.billing, address=addr)
                elif w == "87":
                    st.pay_to = addr
                elif w == "IL":
                    st.sub["address"] = addr
                elif w == "QC" and st.pat is not None:
                    st.pat["address"] = addr
            elif st.other is not None and w == "IL":
                st.other["address"] = addr
            elif w in ("service_facility", "rendering_provider", "referring_provider",
                       "supervising_provider"):
                st.claim[w] = replace(st.claim[w], address=addr)
        elif sid == "HL":
            level = get(el, 3)
            st.where = ""  # a new loop: N3/N4/REF no longer belong to the previous loop's NM1
            if level == "20":
                st.billing, st.pay_to, st.sub, st.pat = None, None, {}, None
                st.billing_taxonomy = None
            elif level == "22":
                st.sub, st.pat = {}, None
            elif level == "23":
                st.pat = {}
            else:
                raise r.error(f"unexpected HL level code {level!r} in an 837P", el, 3)
        elif sid == "CLM":
            if st.billing is None:
                raise r.error("claim without a billing provider loop (NM1*85)", el)
            if "member_id" not in st.sub:
                raise r.error("claim without a subscriber loop (NM1*IL)", el)
            parts = get(el, 5).split(comp)
            st.claim = {"n": r.count, "claim_id": get(el, 1), "total": amount(r, el, 2),
                        "place_of_service": parts[0], "frequency_code": parts[2] if len(parts) > 2 else "1",
                        "signature_on_file": get(el, 6) or "Y", "accept_assignment": get(el, 7) or "A",
                        "benefits_assigned": get(el, 8) or "Y", "release_of_info": get(el, 9) or "Y",
                        "lines": [], "others": [], "diagnoses": []}
            st.where = ""
            if not st.claim["claim_id"]:
                raise r.error("CLM01 patient control number is missing", el, 1)
        elif sid == "LX":
            if st.claim is None:
                raise r.error("LX outside a claim", el)
            _finish_line(st)
            _finish_other(st)
            st.line = {"n": r.count}
        elif sid == "SV1":
            if st.line is None:
                raise r.error("SV1 without LX", el)
            parts = get(el, 1).split(comp)
            if len(parts) < 2 or not parts[1]:
                raise r.error("procedure composite must be HC:code", el, 1)
            ptrs = get(el, 7)
            try:
                pointers = tuple(int(p) for p in ptrs.split(comp) if p) if ptrs else (1,)
            except ValueError:
                raise r.error(f"diagnosis pointer is not a number: {ptrs!r}", el, 7) from None
            st.line.update(code=parts[1], modifiers=tuple(m for m in parts[2:6] if m),
                           charge=amount(r, el, 2), units=amount(r, el, 4, ONE),
                           place_of_service=get(el, 5) or None, diagnosis_pointers=pointers)
        elif sid == "DTP":
            q = get(el, 1)
            if q == "472" and st.line is not None:
                st.line["service_date"] = x12_date(r, el, 3)
            elif q == "573":
                d = x12_date(r, el, 3)
                if st.svd is not None:
                    st.svd["date"] = d
                elif st.other is not None:
                    st.other["date"] = d
            elif q == "472" and st.claim is not None:
                st.claim["service_date"] = x12_date(r, el, 3)
        elif sid == "REF":
            q, v = get(el, 1), get(el, 2)
            if st.line is not None:
                if q == "G1":
                    st.line["authorization_number"] = v
                elif q == "6R":
                    st.line["line_id"] = v
            elif st.claim is not None and st.other is None:
                if q == "G1":
                    st.claim["prior_authorization"] = v
                elif q == "F8":
                    st.claim["payer_claim_number"] = v
                elif q == "EA":
                    st.claim["patient_id"] = v
            elif st.claim is None and st.where == "85" and q in ("EI", "SY"):
                st.billing = replace(st.billing, tax_id=v)
        elif sid == "PRV":
            if st.claim is None and get(el, 1) == "BI":
                st.billing_taxonomy = get(el, 3) or None
            elif st.claim is not None and st.where == "rendering_provider" and st.line is None:
                st.claim["rendering_provider"] = replace(st.claim["rendering_provider"],
                                                         taxonomy=get(el, 3) or None)
        elif sid == "SBR":
            if st.claim is None:
                st.sub.update(resp=get(el, 1), rel=get(el, 2), group=get(el, 3) or None,
                              plan=get(el, 9))
            else:
                _finish_other(st)
                st.other = {"resp": get(el, 1), "rel": get(el, 2), "group": get(el, 3) or None,
                            "plan": get(el, 9), "adjustments": [], "paid": ZERO, "lines": []}
                st.where = ""
        elif sid == "DMG":
            birth, sex = x12_date(r, el, 2), get(el, 3) or None
            if st.claim is None:
                target = st.pat if st.pat is not None else st.sub
                target["birth"], target["sex"] = birth, sex
        elif sid == "PAT":
            if st.pat is not None:
                st.pat["rel"] = get(el, 1)
            elif not st.sub or st.claim is not None:
                raise r.error("PAT outside a subscriber or patient loop", el)
            # PAT in 2000B (patient is the subscriber): death date, weight, pregnancy: not modelled
        elif sid == "HI":
            if st.claim is None:
                raise r.error("HI outside a claim", el)
            for i in range(1, len(el)):
                q, _, code = el[i].partition(comp)
                if q in ("ABK", "ABF", "BK", "BF"):
                    if not code:
                        raise r.error("diagnosis code is missing", el, i)
                    st.claim["diagnoses"].append(code.partition(comp)[0])
        elif sid == "CAS":
            if st.svd is not None:
                st.svd["adjustments"].extend(_cas(r, el))
            elif st.other is not None:
                st.other["adjustments"].extend(_cas(r, el))
        elif sid == "AMT":
            q = get(el, 1)
            a = amount(r, el, 2)
            if st.claim is not None and st.other is None and q == "F5":
                st.claim["patient_paid"] = a
            elif st.other is not None and q == "D":
                st.other["paid"] = a
        elif sid == "NTE":
            if st.line is not None:
                st.line["note"] = get(el, 2)
            elif st.claim is not None:
                st.claim["note"] = get(el, 2)
        elif sid == "SVD":
            if st.line is None:
                raise r.error("SVD outside a service line", el)
            _finish_svd(st)
            parts = get(el, 3).split(comp)
            st.svd = {"payer_id": get(el, 1), "paid": amount(r, el, 2),
                      "code": parts[1] if len(parts) > 1 else "",
                      "modifiers": tuple(m for m in parts[2:6] if m),
                      "units": amount(r, el, 5, ONE), "adjustments": [], "date": None}
        elif sid in KNOWN_837P:
            pass
        elif sid in ("ST", "GS", "GE", "ISA", "IEA"):
            envelope[sid](el)
        else:
            if not (2 <= len(sid) <= 3 and sid.isalnum() and sid.isupper()):
                raise r.error(f"bad segment identifier {sid[:8]!r}", el)
            raise r.error(f"unknown segment {sid!r} in an 837P", el)
    env.finish()


def _finish_svd(st: _State) -> None:
    if st.svd is not None and st.line is not None:
        st.line.setdefault("svd", []).append(st.svd)
    st.svd = None


def _finish_line(st: _State) -> None:
    _finish_svd(st)
    if st.line is not None:
        st.claim["lines"].append(st.line)
    st.line = None


def _finish_other(st: _State) -> None:
    if st.other is not None:
        st.claim["others"].append(st.other)
    st.other = None


def _build_claim(r: SegmentReader, c: dict, st: _State, practice_id: str,
                 payer_ids: Mapping[str, str]) -> Claim:
    sub = st.sub
    self_ = st.pat is None
    relationship = "18" if self_ else st.pat.get("rel") or "21"
    subscriber = Subscriber(sub["member_id"], sub["name"], sub.get("birth"), sub.get("sex"),
                            sub.get("address"), sub.get("group"), relationship, sub.get("resp") or "P",
                            sub.get("plan") or "CI")
    pat = sub if self_ else st.pat
    lines = []
    line_svds = []
    for n, ln in enumerate(c["lines"], 1):
        if "code" not in ln:
            raise r.error("service line without SV1", ["LX"], number=ln["n"])
        try:
            lines.append(ClaimLine(ln["code"], ln["charge"], ln["units"], ln["modifiers"],
                                   ln["diagnosis_pointers"], ln.get("service_date"),
                                   ln["place_of_service"] if ln["place_of_service"] != c["place_of_service"] else None,
                                   ln.get("authorization_number"), ln.get("note"), ln.get("line_id")))
        except ValueError as exc:
            raise r.error(str(exc).split(": ", 1)[-1], ["SV1"], number=ln["n"] + 1) from None
        line_svds.extend((n, s) for s in ln.get("svd", ()))
    others = []
    for o in c["others"]:
        osub = Subscriber(o.get("member_id", ""), o.get("name") or PersonName(""), None, None,
                          o.get("address"), o["group"], o["rel"] or "18", o["resp"] or "P",
                          o["plan"] or "CI")
        pid = o.get("payer_id", "")
        olines = tuple(OtherPayerLine(n, s["payer_id"], s["code"], s["modifiers"], s["paid"],
                                      s["units"], s["date"], tuple(s["adjustments"]))
                       for n, s in line_svds if s["payer_id"] == pid)
        others.append(OtherPayer(pid, o.get("payer_name", ""), osub, o["paid"],
                                 tuple(o["adjustments"]), o.get("date"), olines))
    first_date = next((ln.service_date for ln in lines if ln.service_date), None)
    service_date = c.get("service_date") or first_date
    if service_date is None:
        raise r.error("claim without a date of service (DTP*472)", ["CLM"], number=c["n"])
    lines = [replace(ln, service_date=None) if ln.service_date == service_date else ln for ln in lines]
    x12_payer = sub.get("payer_id", "")
    try:
        claim = Claim(
            claim_id=c["claim_id"], practice_id=practice_id,
            payer_id=payer_ids.get(x12_payer, x12_payer), payer_name=sub.get("payer_name", ""),
            x12_payer_id=x12_payer, billing_provider=st.billing, subscriber=subscriber,
            patient_id=c.get("patient_id", ""), patient_name=pat.get("name") or sub["name"],
            patient_birth_date=pat.get("birth"), patient_sex=pat.get("sex") or "U",
            service_date=service_date, place_of_service=c["place_of_service"],
            diagnoses=tuple(c["diagnoses"]), lines=tuple(lines),
            patient_address=pat.get("address"),
            rendering_provider=c.get("rendering_provider"), referring_provider=c.get("referring_provider"),
            supervising_provider=c.get("supervising_provider"), service_facility=c.get("service_facility"),
            pay_to_address=st.pay_to, frequency_code=c["frequency_code"],
            payer_claim_number=c.get("payer_claim_number"), prior_authorization=c.get("prior_authorization"),
            note=c.get("note"), other_payers=tuple(others), patient_paid=c.get("patient_paid", ZERO),
            accept_assignment=c["accept_assignment"], signature_on_file=c["signature_on_file"],
            release_of_info=c["release_of_info"], benefits_assigned=c["benefits_assigned"])
    except ValueError as exc:
        raise r.error(str(exc).split(": ", 1)[-1], ["CLM"], number=c["n"]) from None
    if claim.total_charge != c["total"]:
        raise r.error(f"CLM02 total {c['total']:.2f} != sum of line charges {claim.total_charge:.2f}",
                      ["CLM"], 2, number=c["n"])
    return claim
