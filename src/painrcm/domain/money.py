"""Money is ``Decimal`` to the cent, never float.

>>> money("12.5")
Decimal('12.50')
>>> money(1) + money("0.005")
Decimal('1.01')
>>> money("abc")
Traceback (most recent call last):
...
painrcm.errors.InputError: not an amount: 'abc'
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from painrcm.errors import InputError

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def money(value: object) -> Decimal:
    """Return ``value`` as a Decimal rounded half-up to the cent.

    Floats are converted through ``str`` so 0.1 stays 0.10, not 0.1000000000000000055.
    """
    if isinstance(value, Decimal):
        d = value
    else:
        try:
            d = Decimal(str(value).strip()) if not isinstance(value, float) else Decimal(repr(value))
        except (InvalidOperation, ValueError):
            raise InputError(f"not an amount: {value!r}") from None
    if not d.is_finite():
        raise InputError(f"not an amount: {value!r}")
    return d.quantize(CENT, rounding=ROUND_HALF_UP)
