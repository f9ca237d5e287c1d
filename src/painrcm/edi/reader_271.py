"""271 eligibility responses (005010X279A1): is the patient covered, and what is left?

For each subscriber (or dependant) loop: the plan, whether coverage is active (EB01 1
active, 6 inactive; 2-5 active with a limit type), each benefit (EB) with its service
types, time period, amount, percent, authorization flag (EB11) and the MSG lines after
it; the deductible (EB01 C) and out-of-pocket (EB01 G) amounts with time period 29
(remaining); AAA rejections (e.g. 72 invalid member id, 75 subscriber not found).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Iterator

from painrcm.edi.transactions import iter_transactions
from painrcm.edi.values import amount, get, x12_date

ACTIVE = frozenset({"1", "2", "3", "4", "5"})
INACTIVE = frozenset({"6", "7", "8"})


@dataclass(frozen=True, slots=True)
class Benefit:
    code: str  # EB01: 1 active, 6 inactive, A co-insurance, B co-payment, C deductible, G out of pocket ...
    coverage_level: str | None = None  # EB02: IND, FAM ...
    service_types: tuple[str, ...] = ()  # EB03 (repeating): 30 plan coverage, 33 chiropractic ...
    insurance_type: str | None = None  # EB04
    plan: str | None = None  # EB05
    time_period: str | None = None  # EB06: 29 remaining, 23 calendar year, 27 visit ...
    amount: Decimal | None = None  # EB07
    percent: Decimal | None = None  # EB08
    quantity: Decimal | None = None  # EB10
    authorization_required: bool | None = None  # EB11 Y/N (None when U or absent)
    in_network: bool | None = None  # EB12 Y/N (None: W not applicable / absent)
    messages: tuple[str, ...] = ()  # MSG01 after the EB


@dataclass(frozen=True, slots=True)
class EligibilityResponse:
    payer_name: str
    payer_id: str | None
    provider_name: str | None
    provider_id: str | None
    member_id: str | None
    subscriber_name: str | None
    patient_name: str | None  # the dependant when the patient is not the subscriber
    trace_number: str | None  # TRN02 (our 270 trace echoed back)
    coverage_active: bool | None
    plan: str | None
    plan_begin: date | None
    deductible_remaining: Decimal | None
    out_of_pocket_remaining: Decimal | None
    authorization_required: bool | None
    benefits: tuple[Benefit, ...] = ()
    rejections: tuple[str, ...] = ()  # AAA03 reject reason codes
    messages: tuple[str, ...] = field(default=())

    @property
    def prior_auth_messages(self) -> tuple[str, ...]:
        return tuple(m for b in self.benefits if b.authorization_required for m in b.messages) or tuple(
            m for m in self.messages if "AUTH" in m.upper() or "CERT" in m.upper())


def _yn(v: str) -> bool | None:
    return True if v == "Y" else False if v == "N" else None


def read_271(source, *, name: str | None = None) -> Iterator[EligibilityResponse]:
    """Yield one :class:`EligibilityResponse` per subscriber/dependant loop of each 271."""
    for tx in iter_transactions(source, name=name):
        if tx.set_id != "271":
            raise tx.error(f"not a 271: ST01 is {tx.set_id!r}", tx.segments[0], 1)
        yield from _responses(tx)


def _responses(tx) -> Iterator[EligibilityResponse]:
    r = tx.reader
    rep = r.delimiters.repetition or "^"
    payer_name, payer_id, prov_name, prov_id = "", None, None, None
    cur: dict | None = None
    level = ""
    rejections_above: list[str] = []

    def flush(c):
        if c is None:
            return None
        benefits = c["benefits"]
        active = None
        plan = None
        for b in benefits:
            if b.code in ACTIVE:
                active = True
                plan = plan or b.plan
            elif b.code in INACTIVE and active is None:
                active = False
        ded = next((b.amount for b in benefits if b.code == "C" and b.time_period == "29"
                    and b.amount is not None), None)
        oop = next((b.amount for b in benefits if b.code == "G" and b.time_period == "29"
                    and b.amount is not None), None)
        auths = [b.authorization_required for b in benefits if b.authorization_required is not None]
        auth = True if any(auths) else (False if auths else None)
        return EligibilityResponse(payer_name, payer_id, prov_name, prov_id, c.get("member_id"),
                                   c.get("sub_name"), c.get("pat_name"), c.get("trn"), active, plan,
                                   c.get("plan_begin"), ded, oop, auth, tuple(benefits),
                                   tuple(rejections_above + c["rejections"]), tuple(c["messages"]))

    last_benefit: dict | None = None

    def close_benefit():
        nonlocal last_benefit
        if last_benefit is not None:
            cur["benefits"].append(Benefit(**last_benefit))
        last_benefit = None

    for seg in tx.segments[1:-1]:
        n, el = seg
        sid = el[0]
        if sid == "HL":
            level = get(el, 3)
            if level in ("22", "23"):
                if cur is not None:
                    close_benefit()
                if level == "22":
                    out = flush(cur)
                    if out is not None:
                        yield out
                    cur = {"benefits": [], "rejections": [], "messages": []}
                else:
                    if cur is None:
                        cur = {"benefits": [], "rejections": [], "messages": []}
                    elif cur["benefits"] or cur["rejections"]:
                        prev = cur
                        out = flush(prev)
                        if out is not None:
                            yield out
                        cur = {"benefits": [], "rejections": [], "messages": [],
                               "member_id": prev.get("member_id"), "sub_name": prev.get("sub_name")}
        elif sid == "NM1":
            q = get(el, 1)
            nm = ", ".join(p for p in (get(el, 3), get(el, 4)) if p) or None
            if level == "20" and q == "PR":
                payer_name, payer_id = get(el, 3), get(el, 9) or None
            elif level == "21":
                prov_name, prov_id = nm, get(el, 9) or None
            elif cur is not None and last_benefit is None and q == "IL":
                cur["sub_name"], cur["member_id"] = nm, get(el, 9) or None
            elif cur is not None and last_benefit is None and q == "03":
                cur["pat_name"] = nm
        elif sid == "TRN":
            if cur is not None and "trn" not in cur:
                cur["trn"] = get(el, 2)
        elif sid == "DTP":
            if cur is not None and last_benefit is None and get(el, 1) in ("346", "356", "291"):
                d = x12_date(r, el, 3)
                if get(el, 1) in ("346", "356"):
                    cur["plan_begin"] = d
        elif sid == "EB":
            if cur is None:
                raise tx.error("EB outside a subscriber loop", seg)
            close_benefit()
            if not get(el, 1):
                raise tx.error("EB01 benefit code is missing", seg, 1)
            last_benefit = dict(
                code=get(el, 1), coverage_level=get(el, 2) or None,
                service_types=tuple(s for s in get(el, 3).split(rep) if s),
                insurance_type=get(el, 4) or None, plan=get(el, 5) or None,
                time_period=get(el, 6) or None,
                amount=amount(r, el, 7) if get(el, 7) else None,
                percent=amount(r, el, 8) if get(el, 8) else None,
                quantity=amount(r, el, 10) if get(el, 10) else None,
                authorization_required=_yn(get(el, 11)), in_network=_yn(get(el, 12)), messages=())
        elif sid == "MSG":
            if last_benefit is not None:
                last_benefit["messages"] = last_benefit["messages"] + (get(el, 1),)
            elif cur is not None:
                cur["messages"].append(get(el, 1))
        elif sid == "AAA":
            code = get(el, 3)
            if cur is not None:
                cur["rejections"].append(code)
            else:
                rejections_above.append(code)
        elif sid in ("BHT", "N3", "N4", "DMG", "INS", "HI", "REF", "PER", "PRV", "MPI", "HSD",
                     "III", "LS", "LE", "N2"):
            pass
        else:
            raise tx.error(f"unknown segment {sid!r} in a 271", seg)
    if cur is not None:
        close_benefit()
    out = flush(cur)
    if out is not None:
        yield out
    elif rejections_above:
        yield EligibilityResponse(payer_name, payer_id, prov_name, prov_id, None, None, None, None,
                                  None, None, None, None, None, None, (), tuple(rejections_above))
