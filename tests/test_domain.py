from datetime import date
from decimal import Decimal

import pytest

from painrcm.domain import Address, Practice, is_valid_npi, money
from painrcm.errors import InputError


def test_money_rounds_half_up_to_cent():
    assert money("2.675") == Decimal("2.68")
    assert money(0.1) == Decimal("0.10")


def test_money_rejects_text_with_clear_error():
    with pytest.raises(InputError, match="not an amount"):
        money("12,00x")


@pytest.mark.parametrize("npi,ok", [("1234567893", True), ("1234567890", False), ("123", False), ("abcdefghij", False)])
def test_npi_check_digit(npi, ok):
    assert is_valid_npi(npi) is ok


def test_practice_rejects_bad_npi():
    with pytest.raises(ValueError, match="check digit"):
        Practice(id="p", name="x", npi="1234567890", tax_id="1", address=Address("a", "b", "NY", "10001"))
