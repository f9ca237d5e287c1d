"""277CA claim acknowledgments (005010X214): was each claim accepted into adjudication?

Each patient-level loop (HL ... PT) carries our patient control number (TRN*2), the
payer's claim number (REF*1K) and one or more STC status segments whose first
composite is category:status[:entity]. Category A1/A2/A5 means the claim went on to
adjudication; A3/A4/A6/A7/A8 (and E0-E4 response errors) mean it was rejected and must
be corrected and resubmitted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Iterator

from painrcm.edi.transactions import iter_transactions
from painrcm.edi.values import amount, get, x12_date

ACCEPTED_CATEGORIES = frozenset({"A1", "A2", "A5"})
REJECTED_CATEGORIES = frozenset({"A3", "A4", "A6", "A7", "A8", "E0", "E1", "E2", "E3", "E4"})


@dataclass(frozen=True, slots=True)
class StatusCode:
    category: str  # e.g. A7
    code: str  # health care claim status code, e.g. 562
    entity: str | None = None  # entity identifier, e.g. 85 billing provider


@dataclass(frozen=True, slots=True)
class ClaimAcknowledgment:
    patient_control_number: str
    status: str  # accepted | rejected | pending
    codes: tuple[StatusCode, ...]
    payer_claim_number: str | None = None
    charge: Decimal | None = None
    status_date: date | None = None
    service_date: date | None = None
    billing_npi: str | None = None


@dataclass(frozen=True, slots=True)
class ClaimStatusReport:
    """One 277CA transaction."""

    payer_name: str
    control_number: str
    claims: tuple[ClaimAcknowledgment, ...]
    batch_codes: tuple[StatusCode, ...] = ()  # STC at information-receiver level

    @property
    def rejected(self) -> tuple[ClaimAcknowledgment, ...]:
        return tuple(c for c in self.claims if c.status == "rejected")


def claim_status(codes) -> str:
    """accepted / rejected / pending from the categories of a claim's STC segments.

    >>> claim_status([StatusCode("A7", "562")]), claim_status([StatusCode("A2", "20")])
    ('rejected', 'accepted')
    """
    cats = {c.category for c in codes}
    if cats & REJECTED_CATEGORIES:
        return "rejected"
    if cats & ACCEPTED_CATEGORIES:
        return "accepted"
    return "pending"


def read_277ca(source, *, name: str | None = None) -> Iterator[ClaimStatusReport]:
    for tx in iter_transactions(source, name=name):
        if tx.set_id != "277":
            raise tx.error(f"not a 277: ST01 is {tx.set_id!r}", tx.segments[0], 1)
        yield _report(tx)


def _report(tx) -> ClaimStatusReport:
    comp = tx.reader.delimiters.component
    payer = ""
    level = ""
    claims: list[ClaimAcknowledgment] = []
    batch: list[StatusCode] = []
    cur: dict | None = None
    npi = None

    def close():
        nonlocal cur
        if cur is not None and (cur["pcn"] or cur["codes"]):
            if not cur["pcn"]:
                raise tx.error("claim status loop without TRN*2 patient control number", cur["seg"])
            claims.append(ClaimAcknowledgment(cur["pcn"], claim_status(cur["codes"]), tuple(cur["codes"]),
                                              cur.get("icn"), cur.get("charge"), cur.get("date"),
                                              cur.get("dos"), cur.get("npi")))
        cur = None

    for seg in tx.segments[1:-1]:
        n, el = seg
        sid = el[0]
        if sid == "HL":
            close()
            level = get(el, 3)
            if level in ("PT", "22", "23"):  # 277CA patient loop; 277 (X212) subscriber/dependent
                cur = {"seg": seg, "pcn": "", "codes": [], "npi": npi}
        elif sid == "NM1":
            if get(el, 1) == "PR":
                payer = get(el, 3)
            elif get(el, 1) == "85":
                npi = get(el, 9) or None
        elif sid == "TRN":
            if cur is not None and get(el, 1) == "2":
                cur["pcn"] = get(el, 2)
        elif sid == "STC":
            parts = get(el, 1).split(comp)
            if len(parts) < 2:
                raise tx.error("STC01 must be category:status", seg, 1)
            code = StatusCode(parts[0], parts[1], parts[2] if len(parts) > 2 and parts[2] else None)
            if cur is not None:
                cur["codes"].append(code)
                cur["date"] = x12_date(tx.reader, el, 2)
                if get(el, 4):
                    cur["charge"] = amount(tx.reader, el, 4)
            else:
                batch.append(code)
                x12_date(tx.reader, el, 2)
        elif sid == "REF":
            if cur is not None and get(el, 1) == "1K":
                cur["icn"] = get(el, 2)
        elif sid == "DTP":
            if cur is not None and get(el, 1) == "472":
                cur["dos"] = x12_date(tx.reader, el, 3)
        elif sid in ("BHT", "QTY", "AMT", "SVC", "N3", "N4", "PER", "N1", "DMG", "INS"):
            pass
        else:
            raise tx.error(f"unknown segment {sid!r} in a 277CA", seg)
    close()
    return ClaimStatusReport(payer, tx.control_number, tuple(claims), tuple(batch))
