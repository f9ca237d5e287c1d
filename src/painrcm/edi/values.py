"""Element values: amounts, quantities, dates, composites, and their typed errors.

Every helper takes the :class:`SegmentReader` so a bad value raises an
:class:`~painrcm.edi.errors.X12Error` naming the file, segment number, segment id and
element (``CLP04``).

>>> from painrcm.edi.tokenizer import SegmentReader
>>> r = SegmentReader(None, name="x.835"); r.count = 7
>>> amount(r, ["CLP", "A1", "1", "100.5"], 3)
Decimal('100.5')
>>> amount(r, ["CLP", "A1", "1", "1O0"], 3)
Traceback (most recent call last):
...
painrcm.edi.errors.X12Error: x.835, segment 7 (CLP), field CLP03: not a number: '1O0'
>>> x12_date(r, ["DTM", "472", "20240131"], 2)
datetime.date(2024, 1, 31)
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from painrcm.edi.tokenizer import SegmentReader

_NUMERIC_OK = frozenset("0123456789.-")


def amount(r: SegmentReader, el: list[str], i: int, default: Decimal | None = None) -> Decimal:
    """Element ``i`` of ``el`` as a Decimal (X12 R type); missing -> ``default`` or an error."""
    v = el[i] if i < len(el) else ""
    if v:
        if _NUMERIC_OK.issuperset(v):
            try:
                return Decimal(v)
            except InvalidOperation:
                pass
        raise r.error(f"not a number: {v!r}", el, i)
    if default is not None:
        return default
    raise r.error("required amount is missing", el, i)


def opt_amount(r: SegmentReader, el: list[str], i: int) -> Decimal | None:
    v = el[i] if i < len(el) else ""
    return amount(r, el, i) if v else None


_DATES: dict[str, date] = {}


def x12_date(r: SegmentReader, el: list[str], i: int) -> date | None:
    """CCYYMMDD (or the first date of an RD8 range CCYYMMDD-CCYYMMDD); empty -> None."""
    v = el[i] if i < len(el) else ""
    if not v:
        return None
    d = _DATES.get(v)
    if d is not None:
        return d
    v8 = v[:8]
    try:
        if len(v) not in (8, 17) or not v8.isdigit():
            raise ValueError
        d = date(int(v8[:4]), int(v8[4:6]), int(v8[6:8]))
    except ValueError:
        raise r.error(f"not a date (CCYYMMDD): {v!r}", el, i) from None
    if len(_DATES) < 100_000:  # dates repeat: a payment file covers a few months
        _DATES[v] = d
    return d


def date_range(r: SegmentReader, el: list[str], i: int) -> tuple[date | None, date | None]:
    """An RD8 ``CCYYMMDD-CCYYMMDD`` or D8 value as (from, to)."""
    v = el[i] if i < len(el) else ""
    if "-" in v:
        a, _, b = v.partition("-")
        return x12_date(r, [el[0], a], 1), x12_date(r, [el[0], b], 1)
    d = x12_date(r, el, i)
    return d, d


def get(el: list[str], i: int) -> str:
    """Element ``i`` or '' when absent."""
    return el[i] if i < len(el) else ""


_FMT_AMOUNTS: dict[Decimal, str] = {}


def fmt_amount(d: Decimal) -> str:
    """An amount for X12: no trailing zeros after the point, no exponent.

    >>> fmt_amount(Decimal("100.00")), fmt_amount(Decimal("12.50")), fmt_amount(Decimal("-3.25"))
    ('100', '12.5', '-3.25')
    """
    s = _FMT_AMOUNTS.get(d)
    if s is not None:
        return s
    s = f"{d:.2f}"
    if s.endswith("00"):
        s = s[:-3]
    elif s.endswith("0"):
        s = s[:-1]
    if s == "-0":
        s = "0"
    if len(_FMT_AMOUNTS) < 50_000:  # charges repeat: a practice bills from one fee schedule
        _FMT_AMOUNTS[d] = s
    return s


_FMT_DATES: dict[date, str] = {}


def fmt_date(d: date) -> str:
    """CCYYMMDD.

    >>> fmt_date(date(2026, 3, 1))
    '20260301'
    """
    s = _FMT_DATES.get(d)
    if s is None:
        s = f"{d.year:04d}{d.month:02d}{d.day:02d}"
        if len(_FMT_DATES) < 100_000:
            _FMT_DATES[d] = s
    return s
