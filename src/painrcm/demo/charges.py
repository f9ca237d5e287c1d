"""The demo practice's charge master.

A real practice sets its charges above every payer's allowable; the demo does the
same by pricing each code at 2.5x the 2025 national non-facility Medicare amount,
rounded up to $5. Codes CMS does not price (device C-codes, category III codes,
status I) get a fixed list price.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal

from painrcm.claims.charges import ChargeEntry, ChargeMaster
from painrcm.errors import NotFound
from painrcm.reference import codes, mpfs

MARKUP = Decimal("2.5")
# list prices for codes without a Medicare physician fee (ours, round numbers)
UNPRICED = {
    "device": Decimal("18500.00"),
    "facet": Decimal("650.00"),  # 0213T-0218T ultrasound facet codes (category III)
    "em": Decimal("150.00"),
}
DEFAULT_UNPRICED = Decimal("250.00")


def _round_up_to_five(amount: Decimal) -> Decimal:
    return ((amount / 5).to_integral_value(rounding=ROUND_CEILING) * 5).quantize(Decimal("0.01"))


def demo_charge_master(*, markup: Decimal = MARKUP, overrides: dict[str, Decimal] | None = None) -> ChargeMaster:
    """Charges for every code in the pain code set; ``overrides`` sets chosen codes (e.g. below allowable)."""
    entries = []
    for info in codes.all_codes():
        try:
            allowed = mpfs.medicare_allowed(info.code, None, None, facility=False)
        except NotFound:
            allowed = Decimal("0.00")
        price = _round_up_to_five(allowed * markup) if allowed > 0 else UNPRICED.get(info.family, DEFAULT_UNPRICED)
        if overrides and info.code in overrides:
            price = overrides[info.code]
        entries.append(ChargeEntry(info.code, price))
        if info.family == "imaging_guidance":  # professional component billed at a facility
            try:
                pc = mpfs.medicare_allowed(info.code, "26", None, facility=True)
                entries.append(ChargeEntry(info.code, _round_up_to_five(pc * markup), modifier="26"))
            except NotFound:
                pass
    return ChargeMaster(tuple(entries))
