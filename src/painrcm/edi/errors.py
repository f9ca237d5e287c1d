"""The typed error every X12 reader, writer and validator raises.

An ``X12Error`` names the file, the segment number (1-based ordinal in the file,
counting the ISA as 1), the segment id and the element (e.g. ``CLP04``). It never
carries patient data: messages quote codes, counts and amounts only.

>>> str(X12Error("not an amount: 'abc'", file="era.835", segment_number=14,
...              segment_id="CLP", element="CLP04"))
"era.835, segment 14 (CLP), field CLP04: not an amount: 'abc'"
"""

from __future__ import annotations

from painrcm.errors import InputError


class X12Error(InputError):
    """An X12 file (or the data for one) is malformed, inconsistent or unbalanced."""

    def __init__(self, message: str, *, file: str | None = None, segment_number: int | None = None,
                 segment_id: str | None = None, element: str | None = None):
        self.segment_number = segment_number
        self.segment_id = segment_id
        self.element = element
        if segment_number is not None:
            location = f"segment {segment_number}" + (f" ({segment_id})" if segment_id else "")
        elif segment_id:
            location = f"segment {segment_id}"
        else:
            location = None
        super().__init__(message, file=file, location=location, field=element)
