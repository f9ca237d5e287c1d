"""National Provider Identifier: 10 digits, Luhn check digit over the prefix 80840.

The CMS NPI standard computes the check digit as Luhn over "80840" + the first
nine digits (the prefix stands for the US health-industry issuer).

>>> is_valid_npi("1234567893")
True
>>> is_valid_npi("1234567890")
False
>>> npi_check_digit("123456789")
'3'
"""

from __future__ import annotations


def _luhn_sum(digits: str) -> int:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:  # rightmost payload digit is doubled (check digit not yet appended)
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total


def npi_check_digit(first_nine: str) -> str:
    """Check digit for the first nine digits of an NPI."""
    if len(first_nine) != 9 or not first_nine.isdigit():
        raise ValueError("an NPI body is nine digits")
    return str((10 - _luhn_sum("80840" + first_nine) % 10) % 10)


def is_valid_npi(npi: str | None) -> bool:
    """True when ``npi`` is ten digits with a correct check digit."""
    if not npi or len(npi) != 10 or not npi.isdigit() or npi[0] not in "12":
        return False
    return npi_check_digit(npi[:9]) == npi[9]
