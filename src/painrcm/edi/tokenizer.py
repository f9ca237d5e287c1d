"""Delimiters and the streaming segment tokenizer.

X12 declares its own delimiters in the fixed-position ISA segment: the element
separator is the character after ``ISA``, the repetition separator is ISA11 (5010),
the component separator is ISA16 and the segment terminator is the character right
after ISA16. :class:`SegmentReader` reads the file in chunks, splits on the
terminator and yields each segment as a list of element strings, so a file of any
size is read in constant memory. Whitespace around segments (CR/LF between
segments, indentation of pretty-printed files, a UTF-8 byte-order mark) is ignored.

Hand-written rather than taken from a library: the X12 libraries in Python build an
object per element (or load the file whole); a plain ``str.split`` per chunk and per
segment is what makes reading 10x faster possible.

>>> d = Delimiters.from_isa("ISA*00*          *00*          *ZZ*A              *ZZ*B              "
...                         "*240101*1200*^*00501*000000001*0*T*:~")
>>> (d.element, d.repetition, d.component, d.segment)
('*', '^', ':', '~')
>>> import io
>>> r = SegmentReader(io.StringIO(d.isa_sample + "GS*HP*A*B~"), name="x")
>>> [seg[0] for seg in r]
['ISA', 'GS']
>>> r.count
2
"""

from __future__ import annotations

import io
import itertools
import os
from dataclasses import dataclass
from typing import IO, Iterator

from painrcm.edi.errors import X12Error

CHUNK_SIZE = 1 << 20
ISA_LENGTH = 106  # ISA + 16 elements, fixed width, plus the terminator


@dataclass(frozen=True, slots=True)
class Delimiters:
    element: str = "*"
    repetition: str | None = "^"
    component: str = ":"
    segment: str = "~"

    @classmethod
    def from_isa(cls, text: str, *, file: str | None = None) -> "Delimiters":
        """Read the delimiters from the start of an interchange (the ISA segment)."""
        text = text.lstrip("\ufeff \t\r\n")
        if not text.startswith("ISA"):
            sid = "".join(itertools.takewhile(str.isalnum, text[:3]))
            raise X12Error("missing interchange envelope: the file does not start with ISA",
                           file=file, segment_number=1, segment_id=sid or None)
        if len(text) < 4:
            raise X12Error("truncated interchange header", file=file, segment_number=1,
                           segment_id="ISA")
        element = text[3]
        if element.isalnum() or element.isspace():
            raise X12Error(f"wrong delimiters: element separator {element!r} is a letter, digit"
                           " or space", file=file, segment_number=1, segment_id="ISA",
                           element="ISA01")
        parts = text.split(element, 16)
        if len(parts) < 17 or len(parts[16]) < 2:
            raise X12Error("truncated or malformed ISA: expected 16 elements and a segment"
                           " terminator", file=file, segment_number=1, segment_id="ISA",
                           element="ISA16")
        component, segment = parts[16][0], parts[16][1]
        rep = parts[11]
        repetition = rep if len(rep) == 1 and not rep.isalnum() and rep != " " else None
        if len(parts[13]) != 9 or not parts[13].isdigit():
            raise X12Error("wrong delimiters or malformed ISA: ISA13 is not a 9-digit control"
                           " number", file=file, segment_number=1, segment_id="ISA",
                           element="ISA13")
        seen = [element, component, segment] + ([repetition] if repetition else [])
        if len(set(seen)) != len(seen) or component.isalnum() or segment.isalnum() or component == " ":
            raise X12Error(f"wrong delimiters: element {element!r}, component {component!r},"
                           f" repetition {repetition!r} and segment terminator {segment!r} must be"
                           " distinct non-alphanumeric characters", file=file, segment_number=1,
                           segment_id="ISA", element="ISA16")
        return cls(element, repetition, component, segment)

    @property
    def isa_sample(self) -> str:
        """A well-formed ISA using these delimiters (for doctests and tests)."""
        e = self.element
        return e.join(["ISA", "00", " " * 10, "00", " " * 10, "ZZ", "A".ljust(15), "ZZ",
                       "B".ljust(15), "240101", "1200", self.repetition or "U", "00501",
                       "000000001", "0", "T", self.component]) + self.segment


def _open(source: "str | os.PathLike | IO[str] | IO[bytes]") -> tuple[IO[str], str, bool]:
    if isinstance(source, (str, os.PathLike)):
        return open(source, encoding="utf-8-sig", errors="replace", newline=""), os.fspath(source), True
    name = getattr(source, "name", None) or "<stream>"
    if isinstance(source, (io.BufferedIOBase, io.RawIOBase)) or "b" in getattr(source, "mode", ""):
        return io.TextIOWrapper(source, encoding="utf-8-sig", errors="replace", newline=""), str(name), False
    return source, str(name), False  # type: ignore[return-value]


class SegmentReader:
    """Iterate over the segments of an X12 file, one list of elements per segment.

    ``count`` is the ordinal of the last segment yielded (the ISA is 1); ``name``
    is the file name used in error messages; ``delimiters`` is set once the ISA is read.
    Several interchanges in one file are fine; each ISA re-declares the delimiters.
    """

    def __init__(self, source, *, name: str | None = None, chunk_size: int = CHUNK_SIZE):
        self._source = source
        self.name = name
        self.chunk_size = chunk_size
        self.count = 0
        self.delimiters: Delimiters | None = None
        self.bytes_read = 0

    def error(self, message: str, segment: list[str] | None = None, index: int | None = None,
              *, number: int | None = None) -> X12Error:
        sid = segment[0][:3] if segment else None
        element = f"{sid}{index:02d}" if sid and index is not None else None
        return X12Error(message, file=self.name, segment_number=number or self.count or None,
                        segment_id=sid, element=element)

    def __iter__(self) -> Iterator[list[str]]:
        stream, name, owned = _open(self._source)
        if self.name is None:
            self.name = os.path.basename(name)
        return self._segments(stream, owned)

    def _segments(self, stream: IO[str], owned: bool) -> Iterator[list[str]]:
        try:
            read = stream.read
            size = self.chunk_size
            buf = read(max(size, 4096))
            self.bytes_read += len(buf)
            buf = buf.lstrip("\ufeff \t\r\n")
            while not buf:
                more = read(size)
                if not more:
                    raise X12Error("empty file: no interchange", file=self.name)
                self.bytes_read += len(more)
                buf = more.lstrip("\ufeff \t\r\n")
            d = Delimiters.from_isa(buf[:ISA_LENGTH + 200], file=self.name)
            self.delimiters = d
            term, elem = d.segment, d.element
            strip_chars = None if not term.isspace() else " \t\r\n".replace(term, "")
            n = 0
            while True:
                parts = buf.split(term)
                buf = parts.pop()
                for raw in parts:
                    seg = raw.strip(strip_chars)
                    if not seg:
                        continue
                    n += 1
                    self.count = n
                    el = seg.split(elem)
                    if n > 1 and (el[0] == "ISA" or len(el[0]) > 3) and seg[:3] == "ISA":
                        self._check_next_isa(seg + term, d)
                    yield el
                more = read(size)
                if not more:
                    rest = buf.strip(strip_chars)
                    if rest:
                        self.count = n + 1
                        sid = rest.split(elem, 1)[0][:3]
                        raise X12Error("truncated file: the last segment has no segment terminator",
                                       file=self.name, segment_number=n + 1, segment_id=sid or None)
                    return
                self.bytes_read += len(more)
                buf += more
        finally:
            if owned:
                stream.close()

    def _check_next_isa(self, text: str, current: Delimiters) -> None:
        try:
            other = Delimiters.from_isa(text, file=self.name)
        except X12Error as exc:
            exc.segment_number = self.count
            raise X12Error(exc.message, file=self.name, segment_number=self.count,
                           segment_id="ISA", element=exc.element) from None
        if other != current:
            raise X12Error("wrong delimiters: this interchange declares other delimiters than the"
                           " first one in the file; split the file per interchange",
                           file=self.name, segment_number=self.count, segment_id="ISA",
                           element="ISA16")
