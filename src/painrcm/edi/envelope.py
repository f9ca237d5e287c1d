"""Interchange (ISA/IEA), functional group (GS/GE) and transaction set (ST/SE) envelopes.

Two halves:

* :class:`EnvelopeChecker` follows a segment stream and checks what X12 requires of
  envelopes: every ISA has its IEA with the same control number (ISA13 = IEA02) and
  the number of groups (IEA01); every GS its GE (GS06 = GE02, GE01 = number of
  transactions); every ST its SE (ST02 = SE02, SE01 = segments from ST to SE
  inclusive). Readers call it for the six envelope segments only.
* :class:`ControlNumberSource` hands the writer unique control numbers per practice
  and receiver. :class:`InMemoryControlNumbers` is the one for tests and one-off
  files; the database-backed source (``x12_control_numbers`` table) implements the
  same one-method protocol.

:func:`interchange` wraps the transaction sets a writer built in ISA/GS ... GE/IEA, so the
837P, 270 and 276 writers share one envelope.

>>> src = InMemoryControlNumbers()
>>> src.next("p1", "CLEARINGHOUSE")
(1, 1, 1)
>>> src.next("p1", "CLEARINGHOUSE")
(2, 2, 2)
>>> src.next("p2", "CLEARINGHOUSE")
(1, 1, 1)
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Protocol, Sequence, runtime_checkable

from painrcm.edi.tokenizer import SegmentReader

if TYPE_CHECKING:
    from painrcm.edi.writer_837p import SubmissionParties


def interchange(parties: "SubmissionParties", body: Sequence[str], *, isa13: int, gs06: int,
                functional_id: str, version: str, when: datetime, transactions: int = 1,
                line_breaks: bool = True) -> str:
    """One interchange of one functional group around ``body`` (the ST..SE segments, unterminated).

    ``functional_id`` is GS01 (HC claims, HS eligibility, HR claim status); ``transactions``
    the number of ST..SE sets in ``body`` (GE01). Delimiters: ``*`` ``:`` ``^`` and ``~``.
    """
    segs = ["ISA*00*" + " " * 10 + "*00*" + " " * 10 + f"*{parties.sender_qualifier}*"
            f"{parties.sender_id[:15].ljust(15)}*{parties.receiver_qualifier}*"
            f"{parties.receiver_id[:15].ljust(15)}*{when:%y%m%d}*{when:%H%M}*^*00501*{isa13:09d}*0*"
            f"{parties.usage}*:",
            f"GS*{functional_id}*{parties.sender_id}*{parties.receiver_id}*{when:%Y%m%d}*{when:%H%M}*{gs06}*X*"
            f"{version}",
            *body, f"GE*{transactions}*{gs06}", f"IEA*1*{isa13:09d}"]
    sep = "~\n" if line_breaks else "~"
    return sep.join(segs) + sep


@runtime_checkable
class ControlNumberSource(Protocol):
    """Where the 837 writer gets ISA13, GS06 and the first ST02 for one file.

    ``next`` must never return the same ISA13 twice for one practice and receiver
    (ISA13 is at most 999,999,999; GS06 and ST02 may restart per interchange but
    unique values make tracing acknowledgments simpler).
    """

    def next(self, practice_id: str, receiver_id: str) -> tuple[int, int, int]:
        ...


class InMemoryControlNumbers:
    """Control numbers counted in memory, starting at ``start`` per (practice, receiver)."""

    def __init__(self, start: int = 1):
        self._start = start
        self._last: dict[tuple[str, str], int] = {}
        self._lock = threading.Lock()

    def next(self, practice_id: str, receiver_id: str) -> tuple[int, int, int]:
        with self._lock:
            key = (practice_id, receiver_id)
            value = self._last.get(key, self._start - 1) + 1
            if value > 999_999_999:
                value = 1
            self._last[key] = value
        return value, value, value


@dataclass(slots=True)
class Interchange:
    """What the envelopes of one interchange said (for acknowledgments and archiving)."""

    control_number: str
    sender_id: str
    receiver_id: str
    date: str
    time: str
    usage: str  # ISA15: P production, T test
    groups: list[dict] = field(default_factory=list)


class EnvelopeChecker:
    """Follow ISA/GS/ST/SE/GE/IEA and raise :class:`X12Error` on any inconsistency."""

    def __init__(self, reader: SegmentReader):
        self.r = reader
        self.isa: list[str] | None = None
        self.gs: list[str] | None = None
        self.st: list[str] | None = None
        self.st_start = 0
        self.groups = 0
        self.transactions = 0
        self.interchanges: list[Interchange] = []
        self.transaction_type: str | None = None  # ST01 of the current transaction
        self.version: str | None = None  # GS08

    # -- one method per envelope segment ---------------------------------------------------
    def on_isa(self, el: list[str]) -> None:
        r = self.r
        if self.isa is not None:
            raise r.error("missing IEA: a new interchange starts before the previous one ended", el)
        if len(el) != 17:
            raise r.error(f"ISA has {len(el) - 1} elements, expected 16", el, 16)
        self.isa = el
        self.groups = 0
        self.interchanges.append(Interchange(el[13], el[6].strip(), el[8].strip(), el[9], el[10],
                                             el[15]))

    def on_gs(self, el: list[str]) -> None:
        r = self.r
        if self.isa is None:
            raise r.error("missing interchange envelope: GS outside ISA/IEA", el)
        if self.gs is not None:
            raise r.error("missing GE: a new functional group starts before the previous one ended", el)
        if len(el) < 9:
            raise r.error("GS has too few elements", el, len(el))
        self.gs = el
        self.version = el[8]
        self.transactions = 0
        self.interchanges[-1].groups.append({"control_number": el[6], "functional_id": el[1],
                                             "version": el[8], "sender": el[2], "receiver": el[3]})

    def on_st(self, el: list[str]) -> None:
        r = self.r
        if self.gs is None:
            raise r.error("missing functional group envelope: ST outside GS/GE", el)
        if self.st is not None:
            raise r.error("missing SE: a new transaction starts before the previous one ended", el)
        if len(el) < 3 or not el[2]:
            raise r.error("ST02 transaction set control number is missing", el, 2)
        self.st = el
        self.st_start = r.count
        self.transaction_type = el[1]

    def on_se(self, el: list[str]) -> None:
        r = self.r
        if self.st is None:
            raise r.error("SE without ST", el)
        if len(el) < 3:
            raise r.error("SE02 is missing", el, 2)
        expected = r.count - self.st_start + 1
        if not el[1].isdigit():
            raise r.error(f"bad count: SE01 {el[1]!r} is not a number", el, 1)
        if int(el[1]) != expected:
            raise r.error(f"bad count: SE01 says {int(el[1])} segments, the transaction has {expected}",
                          el, 1)
        if el[2] != self.st[2]:
            raise r.error(f"control number mismatch: SE02 {el[2]!r} != ST02 {self.st[2]!r}", el, 2)
        self.st = None
        self.transactions += 1

    def on_ge(self, el: list[str]) -> None:
        r = self.r
        if self.gs is None:
            raise r.error("GE without GS", el)
        if self.st is not None:
            raise r.error("missing SE: the group ends inside a transaction", el)
        if len(el) < 3:
            raise r.error("GE02 is missing", el, 2)
        if not el[1].isdigit() or int(el[1]) != self.transactions:
            raise r.error(f"bad count: GE01 says {el[1]!r} transactions, the group has "
                          f"{self.transactions}", el, 1)
        if el[2] != self.gs[6]:
            raise r.error(f"control number mismatch: GE02 {el[2]!r} != GS06 {self.gs[6]!r}", el, 2)
        self.gs = None
        self.groups += 1

    def on_iea(self, el: list[str]) -> None:
        r = self.r
        if self.isa is None:
            raise r.error("IEA without ISA", el)
        if self.gs is not None:
            raise r.error("missing GE: the interchange ends inside a functional group", el)
        if len(el) < 3:
            raise r.error("IEA02 is missing", el, 2)
        if not el[1].isdigit() or int(el[1]) != self.groups:
            raise r.error(f"bad count: IEA01 says {el[1]!r} groups, the interchange has "
                          f"{self.groups}", el, 1)
        if el[2] != self.isa[13]:
            raise r.error(f"control number mismatch: IEA02 {el[2]!r} != ISA13 {self.isa[13]!r}", el, 2)
        self.isa = None

    def outside_transaction(self, el: list[str]) -> None:
        """A non-envelope segment appeared outside ST..SE (TA1 is allowed in an interchange)."""
        if el[0] == "TA1" and self.isa is not None and self.gs is None:
            return
        raise self.r.error("segment outside a transaction set (missing ST envelope)", el)

    def finish(self) -> None:
        """End of file: every envelope must be closed."""
        r = self.r
        if self.st is not None:
            raise r.error("truncated file: transaction has no SE", ["SE"], number=r.count + 1)
        if self.gs is not None:
            raise r.error("truncated file: functional group has no GE", ["GE"], number=r.count + 1)
        if self.isa is not None:
            raise r.error("truncated file: interchange has no IEA", ["IEA"], number=r.count + 1)
        if not self.interchanges:
            raise r.error("missing interchange envelope: no ISA", None)

    def dispatch(self) -> dict:
        return {"ISA": self.on_isa, "GS": self.on_gs, "ST": self.on_st, "SE": self.on_se,
                "GE": self.on_ge, "IEA": self.on_iea}


ENVELOPE_IDS = frozenset({"ISA", "GS", "ST", "SE", "GE", "IEA"})
