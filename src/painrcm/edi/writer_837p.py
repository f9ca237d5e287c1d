"""837P professional claim writer (005010X222A1).

``write_837p(claims, parties, control_numbers)`` returns the text of one interchange
(ISA/GS, one ST per 5,000 claims as the TR3 recommends, GE/IEA) with the control
numbers taken from a :class:`~painrcm.edi.envelope.ControlNumberSource`.

Loops written: 1000A submitter (NM1*41, PER*IC), 1000B receiver (NM1*40);
2000A billing provider (HL 20, PRV*BI, NM1*85, N3/N4, REF*EI) with 2010AB pay-to
(NM1*87) when the pay-to address differs; 2000B subscriber (HL 22, SBR, NM1*IL, N3/N4,
DMG, NM1*PR payer); 2000C patient (HL 23, PAT, NM1*QC, N3/N4, DMG) only when the
patient is not the subscriber; 2300 claim (CLM, AMT*F5, REF*G1 prior auth, REF*F8 payer
claim number for replacements and voids, REF*EA patient account, NTE, HI with ABK then ABF);
2310A/B/C/D referring, rendering, service facility, supervising; 2320/2330A/2330B other
payers on secondary claims (SBR, CAS, AMT*D, OI, NM1*IL, NM1*PR, DTP*573); 2400 lines (LX,
SV1 with HC:code:modifiers, UN units, place of service when it differs, diagnosis pointers;
DTP*472, REF*G1, REF*6R, NTE) and 2430 line adjudication (SVD, CAS, DTP*573).

Claims sharing a billing provider share one 2000A; claims of the same subscriber (and
patient) with the same payer share one 2000B (2000C). Strings are built in lists and
joined once: writing is the hot path of a billing run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Iterable

from painrcm.claims.model import Adjustment, Claim, Party, PersonName
from painrcm.domain.parties import Address
from painrcm.edi.envelope import ControlNumberSource, interchange
from painrcm.edi.errors import X12Error
from painrcm.edi.values import fmt_amount, fmt_date

VERSION = "005010X222A1"
MAX_CLAIMS_PER_TRANSACTION = 5000
# characters that would break the file if they appeared in data
_SAFE = str.maketrans({"*": " ", ":": " ", "^": " ", "~": " ", "\n": " ", "\r": " "})


@dataclass(frozen=True, slots=True)
class SubmissionParties:
    """Who sends the file and who receives it (ISA, GS, loops 1000A/1000B)."""

    sender_id: str  # ISA06/GS02: the submitter's id at the receiver (ETIN)
    receiver_id: str  # ISA08/GS03: the clearinghouse or payer
    submitter_name: str
    submitter_contact: str
    submitter_phone: str
    receiver_name: str
    submitter_id: str | None = None  # NM1*41 NM109, defaults to sender_id
    receiver_code: str | None = None  # NM1*40 NM109, defaults to receiver_id
    sender_qualifier: str = "ZZ"
    receiver_qualifier: str = "ZZ"
    usage: str = "P"  # ISA15: P production, T test


def _t(value: str | None) -> str:
    """Data made safe for the file: delimiters and line breaks become spaces."""
    if not value:
        return ""
    if "*" in value or ":" in value or "^" in value or "~" in value or "\n" in value or "\r" in value:
        value = value.translate(_SAFE)
    return value.strip()


def _trim(seg: str) -> str:
    """Drop trailing empty elements (X12 forbids them)."""
    return seg.rstrip("*")


def _name(entity: str, name: PersonName, org: bool, qual: str = "", ident: str | None = None) -> str:
    """NM1; names are cut to the TR3 maximum lengths (last/organisation 60, first 35, middle 25)."""
    if org:
        s = f"NM1*{entity}*2*{_t(name.last)[:60]}*****"
    else:
        s = f"NM1*{entity}*1*{_t(name.last)[:60]}*{_t(name.first)[:35]}*{_t(name.middle)[:25]}***"
    if ident:
        s += f"{qual}*{_t(ident)}"
    return _trim(s)


def _address(a: Address | None, out: list[str]) -> None:
    if a is None:
        return
    out.append(_trim(f"N3*{_t(a.line1)[:55]}*{_t(a.line2)[:55]}"))
    out.append(f"N4*{_t(a.city)[:30]}*{_t(a.state)}*{_t(a.postal_code).replace('-', '')}")


def _dmg(birth, sex) -> str | None:
    if birth is None:
        return None
    return _trim(f"DMG*D8*{fmt_date(birth)}*{sex or 'U'}")


def _cas(adjustments: Iterable[Adjustment], out: list[str]) -> None:
    """CAS segments: one per group, at most six reason/amount/quantity triplets each."""
    by_group: dict[str, list[Adjustment]] = {}
    for a in adjustments:
        by_group.setdefault(a.group, []).append(a)
    for group, items in by_group.items():
        for i in range(0, len(items), 6):
            parts = [f"CAS*{group}"]
            for a in items[i:i + 6]:
                q = fmt_amount(a.quantity) if a.quantity is not None else ""
                parts.append(f"{a.reason}*{fmt_amount(a.amount)}*{q}")
            out.append(_trim("*".join(parts)))


def _billing_block(claim: Claim, hl: int) -> list[str]:
    bp = claim.billing_provider
    out = [f"HL*{hl}**20*1"]
    if bp.taxonomy:
        out.append(f"PRV*BI*PXC*{bp.taxonomy}")
    out.append(_name("85", bp.name, bp.is_organization, "XX", bp.npi))
    _address(bp.address, out)
    if bp.tax_id:
        out.append(f"REF*EI*{bp.tax_id.replace('-', '')}")
    if claim.pay_to_address is not None and claim.pay_to_address != bp.address:
        out.append("NM1*87*2")
        _address(claim.pay_to_address, out)
    return out


def _subscriber_block(claim: Claim, hl: int, parent: int, has_patient: bool) -> list[str]:
    s = claim.subscriber
    self_ = s.relationship == "18"
    out = [f"HL*{hl}*{parent}*22*{1 if has_patient else 0}",
           _trim(f"SBR*{s.payer_responsibility}*{'18' if self_ else ''}*{_t(s.group_number)}"
                 f"******{s.plan_type_code}"),
           _name("IL", s.name, False, "MI", s.member_id)]
    address = s.address or (claim.patient_address if self_ else None)
    _address(address, out)
    birth = s.birth_date if s.birth_date is not None else (claim.patient_birth_date if self_ else None)
    dmg = _dmg(birth, s.sex or (claim.patient_sex if self_ else None))
    if dmg:
        out.append(dmg)
    out.append(_name("PR", PersonName(claim.payer_name), True, "PI", claim.x12_payer_id))
    return out


def _patient_block(claim: Claim, hl: int, parent: int) -> list[str]:
    out = [f"HL*{hl}*{parent}*23*0", f"PAT*{claim.subscriber.relationship}",
           _name("QC", claim.patient_name, False)]
    _address(claim.patient_address or claim.subscriber.address, out)
    out.append(_dmg(claim.patient_birth_date, claim.patient_sex))
    return out


def _provider(entity: str, p: Party, out: list[str], prv: bool = False) -> None:
    out.append(_name(entity, p.name, p.is_organization, "XX", p.npi))
    if prv and p.taxonomy:
        out.append(f"PRV*PE*PXC*{p.taxonomy}")


def _check(claim: Claim, index: int) -> None:
    """What the writer cannot fix itself; the error names the claim's position in the input."""
    where = f"claims[{index}]"
    if not 1 <= len(claim.claim_id) <= 38:
        raise X12Error(f"{where}: the patient control number (claim id) must be 1 to 38 characters",
                       segment_id="CLM", element="CLM01")
    if claim.frequency_code not in ("1", "7", "8"):
        raise X12Error(f"{where}: claim frequency code must be 1, 7 or 8, not {claim.frequency_code!r}",
                       segment_id="CLM", element="CLM05-3")
    if claim.frequency_code in ("7", "8") and not claim.payer_claim_number:
        raise X12Error(f"{where}: a replacement or void (frequency {claim.frequency_code}) needs the payer"
                       " claim number for REF*F8", segment_id="REF", element="REF02")
    if not claim.billing_provider.npi:
        raise X12Error(f"{where}: the billing provider has no NPI", segment_id="NM1", element="NM109")


def _claim(claim: Claim, out: list[str]) -> None:
    total = claim.total_charge
    out.append(f"CLM*{_t(claim.claim_id)}*{fmt_amount(total)}***{claim.place_of_service}:B:"
               f"{claim.frequency_code}*{claim.signature_on_file}*{claim.accept_assignment}*"
               f"{claim.benefits_assigned}*{claim.release_of_info}")
    if claim.patient_paid:
        out.append(f"AMT*F5*{fmt_amount(claim.patient_paid)}")
    if claim.prior_authorization:
        out.append(f"REF*G1*{_t(claim.prior_authorization)}")
    if claim.frequency_code in ("7", "8"):
        out.append(f"REF*F8*{_t(claim.payer_claim_number)}")
    if claim.patient_id:
        out.append(f"REF*EA*{_t(claim.patient_id)}")
    if claim.note:
        out.append(f"NTE*ADD*{_t(claim.note)[:80]}")
    dx = claim.diagnoses
    out.append("HI*ABK:" + dx[0] + "".join(f"*ABF:{d}" for d in dx[1:]))
    if claim.referring_provider is not None:
        _provider("DN", claim.referring_provider, out)
    if claim.rendering_provider is not None:
        _provider("82", claim.rendering_provider, out, prv=True)
    if claim.service_facility is not None:
        f = claim.service_facility
        out.append(_name("77", f.name, True, "XX", f.npi))
        _address(f.address, out)
    if claim.supervising_provider is not None:
        _provider("DQ", claim.supervising_provider, out)
    for op in claim.other_payers:
        s = op.subscriber
        out.append(_trim(f"SBR*{s.payer_responsibility}*{s.relationship}*{_t(s.group_number)}"
                         f"******{s.plan_type_code}"))
        _cas(op.adjustments, out)
        out.append(f"AMT*D*{fmt_amount(op.paid)}")
        out.append("OI***Y***Y")
        out.append(_name("IL", s.name, False, "MI", s.member_id))
        _address(s.address, out)
        out.append(_name("PR", PersonName(op.payer_name), True, "PI", op.payer_id))
        if op.adjudication_date is not None:
            out.append(f"DTP*573*D8*{fmt_date(op.adjudication_date)}")
    pos = claim.place_of_service
    for n, line in enumerate(claim.lines, 1):
        mods = ":".join(line.modifiers)
        code = f"HC:{line.code}:{mods}" if mods else f"HC:{line.code}"
        lpos = line.place_of_service if line.place_of_service and line.place_of_service != pos else ""
        ptrs = ":".join(str(p) for p in line.diagnosis_pointers)
        out.append(f"LX*{n}")
        out.append(f"SV1*{code}*{fmt_amount(line.charge)}*UN*{fmt_amount(line.units)}*{lpos}**{ptrs}")
        out.append(f"DTP*472*D8*{fmt_date(line.service_date or claim.service_date)}")
        if line.authorization_number:
            out.append(f"REF*G1*{_t(line.authorization_number)}")
        if line.line_id:
            out.append(f"REF*6R*{_t(line.line_id)}")
        if line.note:
            out.append(f"NTE*ADD*{_t(line.note)[:80]}")
        for op in claim.other_payers:
            for la in op.line_adjudications:
                if la.line_number != n:
                    continue
                lm = ":".join(la.modifiers)
                lcode = f"HC:{la.code}:{lm}" if lm else f"HC:{la.code}"
                out.append(f"SVD*{la.payer_id}*{fmt_amount(la.paid)}*{lcode}**{fmt_amount(la.units)}")
                _cas(la.adjustments, out)
                out.append(f"DTP*573*D8*{fmt_date(la.adjudication_date)}")


def _transaction(claims: list[Claim], parties: SubmissionParties, st02: str, when: datetime) -> list[str]:
    out = [f"ST*837*{st02}*{VERSION}",
           f"BHT*0019*00*{st02}*{when:%Y%m%d}*{when:%H%M}*CH",
           _trim(f"NM1*41*2*{_t(parties.submitter_name)}*****46*{_t(parties.submitter_id or parties.sender_id)}"),
           _trim(f"PER*IC*{_t(parties.submitter_contact)}*TE*{_t(parties.submitter_phone)}"),
           f"NM1*40*2*{_t(parties.receiver_name)}*****46*{_t(parties.receiver_code or parties.receiver_id)}"]
    # group: billing provider -> (subscriber, payer) -> patient -> claims, keeping first-seen order
    groups: dict = {}
    for c in claims:
        bkey = (c.billing_provider, c.pay_to_address)
        skey = (c.subscriber, c.x12_payer_id, c.payer_name)
        pkey = None if c.subscriber.relationship == "18" else (
            c.patient_name, c.patient_birth_date, c.patient_sex, c.patient_address)
        groups.setdefault(bkey, {}).setdefault(skey, {}).setdefault(pkey, []).append(c)
    hl = 0
    for subs in groups.values():
        first = next(iter(next(iter(subs.values())).values()))[0]
        hl += 1
        bhl = hl
        out.extend(_billing_block(first, bhl))
        for pats in subs.values():
            # a self claim and a dependant claim under one subscriber: split the 2000B
            self_claims = pats.get(None)
            if self_claims:
                hl += 1
                out.extend(_subscriber_block(self_claims[0], hl, bhl, False))
                for c in self_claims:
                    _claim(c, out)
            dependants = [(k, v) for k, v in pats.items() if k is not None]
            if dependants:
                hl += 1
                shl = hl
                out.extend(_subscriber_block(dependants[0][1][0], shl, bhl, True))
                for _, cs in dependants:
                    hl += 1
                    out.extend(_patient_block(cs[0], hl, shl))
                    for c in cs:
                        _claim(c, out)
    out.append(f"SE*{len(out) + 1}*{st02}")
    return out


def write_837p(claims: Iterable[Claim], parties: SubmissionParties,
               control_numbers: ControlNumberSource, *, practice_id: str | None = None,
               now: datetime | None = None, line_breaks: bool = True) -> str:
    """The 837P interchange for ``claims`` as text (``~`` terminated, ``*`` ``:`` ``^``).

    ``practice_id`` keys the control numbers (default: the first claim's practice).
    """
    claims = list(claims)
    if not claims:
        raise X12Error("no claims to write", segment_id="CLM")
    for i, claim in enumerate(claims):
        _check(claim, i)
    when = now or datetime.now()
    practice = practice_id or claims[0].practice_id
    isa13, gs06, st_first = control_numbers.next(practice, parties.receiver_id)
    body: list[str] = []
    n_st = 0
    for i in range(0, len(claims), MAX_CLAIMS_PER_TRANSACTION):
        st02 = f"{(st_first + n_st) % 1_000_000_000:04d}"
        body.extend(_transaction(claims[i:i + MAX_CLAIMS_PER_TRANSACTION], parties, st02, when))
        n_st += 1
    return interchange(parties, body, isa13=isa13, gs06=gs06, functional_id="HC", version=VERSION, when=when,
                       transactions=n_st, line_breaks=line_breaks)


def write_837p_file(path, claims: Iterable[Claim], parties: SubmissionParties,
                    control_numbers: ControlNumberSource, **kw) -> str:
    """Write the 837P to ``path``; returns the text written."""
    text = write_837p(claims, parties, control_numbers, **kw)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)
    return text
