"""Generic envelope-checked iteration over transactions, for the small transaction types.

``iter_transactions(source)`` yields one :class:`Transaction` per ST..SE with its
segments (and their ordinals, for error messages), plus the TA1 segments found at
interchange level. The big-file readers (835, 837P) do not use it: they stream segment
by segment instead of holding a transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

from painrcm.edi.envelope import EnvelopeChecker
from painrcm.edi.tokenizer import SegmentReader


@dataclass(slots=True)
class Transaction:
    set_id: str  # ST01: 835, 837, 999, 277, 271 ...
    control_number: str  # ST02
    version: str  # ST03 or GS08
    functional_id: str  # GS01
    segments: list[tuple[int, list[str]]] = field(default_factory=list)  # (ordinal, elements), ST..SE
    reader: SegmentReader | None = None

    def error(self, message: str, seg: tuple[int, list[str]] | None = None, index: int | None = None):
        n, el = seg if seg else (None, None)
        return self.reader.error(message, el, index, number=n)


def iter_transactions(source, *, name: str | None = None, ta1: list | None = None,
                      reader: SegmentReader | None = None) -> Iterator[Transaction]:
    """Yield the transactions of ``source``; TA1 segments are appended to ``ta1`` if given."""
    r = reader or SegmentReader(source, name=name)
    env = EnvelopeChecker(r)
    envelope = env.dispatch()
    current: Transaction | None = None
    for el in r:
        sid = el[0]
        if current is None:
            fn = envelope.get(sid)
            if fn is None:
                env.outside_transaction(el)
                if ta1 is not None:
                    ta1.append((r.count, el))
                continue
            fn(el)
            if sid == "ST":
                current = Transaction(el[1], el[2], el[3] if len(el) > 3 and el[3] else env.version or "",
                                      env.gs[1], [(r.count, el)], r)
            continue
        if sid == "SE":
            env.on_se(el)
            current.segments.append((r.count, el))
            yield current
            current = None
        elif sid in ("ST", "GS", "GE", "ISA", "IEA"):
            envelope[sid](el)
        else:
            if not (2 <= len(sid) <= 3 and sid.isalnum() and sid.isupper()):
                raise r.error(f"bad segment identifier {sid[:8]!r}", el)
            current.segments.append((r.count, el))
    env.finish()
