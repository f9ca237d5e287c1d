"""Column types that keep money exact and timestamps in UTC on both engines.

PostgreSQL stores ``NUMERIC(p, s)`` natively. SQLite has no decimal type: its
NUMERIC affinity keeps a float, and SQLAlchemy's stock ``Numeric`` converts it back
with a warning. ``Amount`` hands SQLite the value as a float (exact for 12 significant
digits, far inside a double's 15) and quantizes it back to the column's scale, so a
``Decimal('12345.67')`` comes back as ``Decimal('12345.67')`` on both engines and
``SUM()`` of a money column is still a money value.

>>> Amount(12, 2).process_result_value(12345.67, None)
Decimal('12345.67')
>>> Amount(12, 2).process_result_value(100, None)
Decimal('100.00')
>>> Amount(12, 2).process_bind_param(Decimal("1.005"), None)
Decimal('1.01')
"""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import ROUND_HALF_UP, Decimal

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator


class Amount(TypeDecorator):
    """``NUMERIC(precision, scale)`` read and written as ``Decimal`` on every engine."""

    impl = sa.Numeric
    cache_ok = True

    def __init__(self, precision: int = 12, scale: int = 2):
        super().__init__(precision=precision, scale=scale, asdecimal=True)
        self._quantum = Decimal(1).scaleb(-scale)

    def load_dialect_impl(self, dialect):
        if dialect.name == "sqlite":
            return dialect.type_descriptor(sa.Numeric(self.impl.precision, self.impl.scale,
                                                      asdecimal=False))
        return dialect.type_descriptor(self.impl)

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        value = Decimal(value).quantize(self._quantum, rounding=ROUND_HALF_UP)  # as NUMERIC rounds
        if dialect is not None and dialect.name == "sqlite":
            return float(value)
        return value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if isinstance(value, float):
            value = Decimal(repr(value))
        return Decimal(value).quantize(self._quantum)

    @property
    def python_type(self):
        return Decimal


def Money() -> Amount:  # noqa: N802 - reads like a type in model declarations
    """A money column: ``NUMERIC(12, 2)``."""
    return Amount(12, 2)


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC and always read back timezone-aware.

    SQLite keeps no offset, so values are converted to UTC on the way in and
    marked UTC on the way out.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        value = value.astimezone(timezone.utc)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)

    @property
    def python_type(self):
        return datetime


def utcnow() -> datetime:
    return datetime.now(timezone.utc)
