"""999 implementation acknowledgments (005010X231A1) and TA1 interchange acknowledgments.

A 999 says, per functional group (AK1) and per transaction (AK2/IK5), whether the
receiver accepted what we sent, and where it found errors (IK3 segment, IK4 element,
CTX context). A TA1 says whether an interchange envelope itself was accepted.

>>> import io
>>> text = ("ISA*00*          *00*          *ZZ*CH             *ZZ*US             *240101*1200*^*00501*000000005*0*P*:~"
...         "TA1*000000123*240101*1200*R*006~IEA*0*000000005~")
>>> [(a.control_number, a.accepted, a.note_code) for a in read_ta1(io.StringIO(text))]
[('000000123', False, '006')]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from painrcm.edi.tokenizer import SegmentReader
from painrcm.edi.transactions import iter_transactions
from painrcm.edi.values import get

IK5_CODES = {"A": "accepted", "E": "accepted with errors", "M": "rejected, message authentication",
             "P": "partially accepted", "R": "rejected", "W": "rejected, assurance failed",
             "X": "rejected, content could not be analyzed"}


@dataclass(frozen=True, slots=True)
class ElementError:
    position: str  # IK401 (element position, "2" or "5:3" for a component)
    reference: str | None  # IK402 data element reference number
    code: str  # IK403 implementation data element syntax error code
    bad_value: str | None = None  # IK404 (may be patient data: never logged)


@dataclass(frozen=True, slots=True)
class SegmentError:
    segment_id: str  # IK301
    position: int | None  # IK302: segment position in the transaction
    loop: str | None  # IK303
    code: str | None  # IK304 implementation segment syntax error code
    elements: tuple[ElementError, ...] = ()
    context: tuple[str, ...] = ()  # CTX segments as text


@dataclass(frozen=True, slots=True)
class TransactionAck:
    set_id: str  # AK201 e.g. 837
    control_number: str  # AK202: our ST02
    status: str  # IK501: A, E, R, ...
    errors: tuple[SegmentError, ...] = ()
    syntax_codes: tuple[str, ...] = ()  # IK502-IK506

    @property
    def accepted(self) -> bool:
        return self.status in ("A", "E")


@dataclass(frozen=True, slots=True)
class FunctionalAck:
    """One 999: the acknowledgment of one functional group we sent."""

    functional_id: str  # AK101: HC for 837
    group_control_number: str  # AK102: our GS06
    version: str | None  # AK103
    status: str  # AK901: A, E, P, R ...
    transactions_included: int
    transactions_received: int
    transactions_accepted: int
    transactions: tuple[TransactionAck, ...] = ()
    control_number: str = ""  # ST02 of the 999 itself

    @property
    def accepted(self) -> bool:
        return self.status in ("A", "E")


@dataclass(frozen=True, slots=True)
class InterchangeAck:
    """TA1: the acknowledgment of one interchange (ISA13) we sent."""

    control_number: str  # TA101
    date: str
    time: str
    status: str  # TA104: A accepted, E accepted with errors, R rejected
    note_code: str  # TA105: 000 no error, 006 duplicate interchange number, ...

    @property
    def accepted(self) -> bool:
        return self.status in ("A", "E")


def _int(tx, seg, i) -> int:
    v = get(seg[1], i)
    if not v:
        return 0
    if not v.isdigit():
        raise tx.error(f"not a count: {v!r}", seg, i)
    return int(v)


def read_999(source, *, name: str | None = None) -> Iterator[FunctionalAck]:
    """Yield one :class:`FunctionalAck` per 999 transaction."""
    for tx in iter_transactions(source, name=name):
        if tx.set_id != "999":
            raise tx.error(f"not a 999: ST01 is {tx.set_id!r}", tx.segments[0], 1)
        yield _ack(tx)


def _ack(tx) -> FunctionalAck:
    ak1 = None
    ak9 = None
    txs: list[TransactionAck] = []
    cur: dict | None = None
    seg_err: dict | None = None
    comp = tx.reader.delimiters.component

    def close_seg():
        nonlocal seg_err
        if seg_err is not None and cur is not None:
            cur["errors"].append(SegmentError(seg_err["id"], seg_err["pos"], seg_err["loop"],
                                              seg_err["code"], tuple(seg_err["elements"]),
                                              tuple(seg_err["ctx"])))
        seg_err = None

    for seg in tx.segments[1:-1]:
        n, el = seg
        sid = el[0]
        if sid == "AK1":
            ak1 = el
        elif sid == "AK2":
            close_seg()
            cur = {"set_id": get(el, 1), "control": get(el, 2), "errors": []}
        elif sid == "IK3":
            if cur is None:
                raise tx.error("IK3 outside an AK2 loop", seg)
            close_seg()
            pos = get(el, 2)
            seg_err = {"id": get(el, 1), "pos": int(pos) if pos.isdigit() else None,
                       "loop": get(el, 3) or None, "code": get(el, 4) or None, "elements": [], "ctx": []}
        elif sid == "IK4":
            if seg_err is None:
                raise tx.error("IK4 outside an IK3 loop", seg)
            seg_err["elements"].append(ElementError(get(el, 1).replace(comp, ":"), get(el, 2) or None,
                                                    get(el, 3), get(el, 4) or None))
        elif sid == "CTX":
            if seg_err is not None:
                seg_err["ctx"].append("*".join(el[1:]))
        elif sid == "IK5":
            if cur is None:
                raise tx.error("IK5 outside an AK2 loop", seg)
            close_seg()
            txs.append(TransactionAck(cur["set_id"], cur["control"], get(el, 1), tuple(cur["errors"]),
                                      tuple(v for v in el[2:7] if v)))
            cur = None
        elif sid == "AK9":
            close_seg()
            ak9 = seg
        else:
            raise tx.error(f"unknown segment {sid!r} in a 999", seg)
    if ak1 is None:
        raise tx.error("999 without AK1", tx.segments[-1])
    if ak9 is None:
        raise tx.error("999 without AK9", tx.segments[-1])
    return FunctionalAck(get(ak1, 1), get(ak1, 2), get(ak1, 3) or None, get(ak9[1], 1),
                         _int(tx, ak9, 2), _int(tx, ak9, 3), _int(tx, ak9, 4), tuple(txs),
                         tx.control_number)


def read_ta1(source, *, name: str | None = None) -> list[InterchangeAck]:
    """The TA1 segments of a file (an interchange may carry TA1s and no groups)."""
    found: list = []
    r = SegmentReader(source, name=name)
    for _ in iter_transactions(source, ta1=found, reader=r):
        pass
    out = []
    for n, el in found:
        if len(el) < 6:
            raise r.error("TA1 needs five elements", el, len(el), number=n)
        out.append(InterchangeAck(el[1], el[2], el[3], el[4], el[5]))
    return out
