"""Expected payment: what the contract says a claim's lines should be allowed on the date of service.

Pure: ``price_claim(claim, contract)`` -> :class:`ClaimPrice`. For each line:

1. **Contracted unit amount**: the fee schedule row for the code (with the line's pricing
   modifier, else without modifier) in effect on the date of service; else, when the contract
   has a percentage of Medicare, that percentage of the MPFS amount (RVUs x CF x the contract's
   locality GPCI; facility or non-facility rate by the place of service). Carved-out codes and
   codes the contract does not price are *unpriced* (no expectation, never a variance).
2. **Bilateral**: modifier 50 on a code with PFS bilateral indicator 1 is one bilateral procedure
   (1 or 2 units) paid at the contract's bilateral percentage (default 150 %); indicator 3 at
   200 %; other indicators ignore the modifier. Without 50: unit amount x units.
3. **Multiple-procedure reduction**: on each date, the procedures subject to it (PFS multiple
   procedure indicator 2 or 3, not add-ons, not exempted by the contract) are ranked by their
   amount after step 2, highest first; rank 1 is paid at the contract's first fraction, rank 2 at
   the second, later ranks at the last listed.
4. **Lesser of** the charge and the result (unless the contract says otherwise), to the cent.

>>> from painrcm.remit.contracts import contract_from_data
>>> c = contract_from_data({"payer": "acme", "name": "Acme", "effective_from": "2026-01-01",
...     "basis": "fee_schedule", "fee_schedule": [{"code": "64483", "allowed": "500.00"},
...     {"code": "64484", "allowed": "200.00"}, {"code": "27096", "allowed": "300.00"}]})
>>> lines = [PricingLine("64483", ("50",), Decimal(1), Decimal("2000")),
...          PricingLine("64484", ("50",), Decimal(1), Decimal("900")),
...          PricingLine("27096", ("RT",), Decimal(1), Decimal("900"))]
>>> [str(p.expected_allowed) for p in price_lines(lines, c, date(2026, 3, 2), "11")]
['750.00', '300.00', '150.00']
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Sequence

from painrcm.claims.model import Claim
from painrcm.errors import NotFound
from painrcm.reference import codes, mpfs
from painrcm.reference.pos import is_facility
from painrcm.remit.contract import Contract, FeeScheduleEntry

CENT = Decimal("0.01")
ONE = Decimal("1.00")
PRICING_MODIFIERS = ("26", "TC", "53")
MPPR_INDICATORS = frozenset({"2", "3"})


@dataclass(frozen=True, slots=True)
class PricingLine:
    """What pricing needs of a claim line."""

    code: str
    modifiers: tuple[str, ...]
    units: Decimal
    charge: Decimal
    service_date: date | None = None
    place_of_service: str | None = None


@dataclass(frozen=True, slots=True)
class LinePrice:
    """The contract's expectation for one claim line (``line_number`` is 1-based)."""

    line_number: int
    code: str
    modifiers: tuple[str, ...]
    service_date: date
    unit_amount: Decimal | None       # None: the contract does not price the code (or carves it out)
    bilateral_factor: Decimal
    full_amount: Decimal              # after units/bilateral, before the multiple-procedure reduction
    mppr_rank: int | None             # None: not subject to the reduction
    mppr_fraction: Decimal
    expected_allowed: Decimal
    basis: str                        # where the unit amount comes from, for evidence
    exempt_reason: str | None = None  # why no reduction applies (add-on, indicator 0, contract)
    carved_out: bool = False

    @property
    def priced(self) -> bool:
        return self.unit_amount is not None


@dataclass(frozen=True, slots=True)
class ClaimPrice:
    claim_id: str
    payer_id: str
    contract_name: str | None
    lines: tuple[LinePrice, ...]

    @property
    def expected_allowed(self) -> Decimal:
        return sum((p.expected_allowed for p in self.lines), Decimal("0.00"))


def q(value: Decimal) -> Decimal:
    """Round half up to the cent."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@lru_cache(maxsize=65536)
def _medicare(code: str, modifier: str | None, locality: str | None, facility: bool) -> Decimal | None:
    try:
        return mpfs.medicare_allowed(code, modifier, locality, facility)
    except NotFound:
        return None


@lru_cache(maxsize=8192)
def _code_facts(code: str) -> tuple[str | None, str | None, bool]:
    """(multiple-procedure indicator, bilateral indicator, is add-on) from the code set, else the PFS."""
    info = codes.lookup(code)
    if info is not None:
        return info.mult_proc_indicator, info.bilateral_indicator, info.is_addon
    row = mpfs.rvu(code)
    if row is not None:
        return row.mult_proc_indicator, row.bilateral_indicator, row.global_indicator == "ZZZ"
    return None, None, False


class _Index:
    """A contract's fee schedule indexed by code (built once per contract object)."""

    __slots__ = ("contract", "by_code", "units", "claims")

    def __init__(self, contract: Contract):
        self.contract = contract
        self.units: dict[tuple, tuple[Decimal | None, str]] = {}   # memo of unit_amount
        self.claims: dict[tuple, tuple[LinePrice, ...]] = {}      # memo of price_lines
        self.by_code: dict[str, list[FeeScheduleEntry]] = {}
        for e in contract.fee_schedule:
            self.by_code.setdefault(e.code, []).append(e)


_INDEXES: dict[int, _Index] = {}


def _index(contract: Contract) -> _Index:
    idx = _INDEXES.get(id(contract))
    if idx is None or idx.contract is not contract:
        if len(_INDEXES) > 256:
            _INDEXES.clear()
        idx = _INDEXES[id(contract)] = _Index(contract)
    return idx


def unit_amount(contract: Contract, code: str, modifiers: Sequence[str], day: date,
                facility: bool) -> tuple[Decimal | None, str]:
    """The contracted amount for one unit of a code on a date, and where it comes from.

    >>> from painrcm.remit.contracts import contract_from_data
    >>> c = contract_from_data({"payer": "acme", "name": "Acme", "effective_from": "2026-01-01",
    ...     "basis": "percent_of_medicare", "percent_of_medicare": 120, "locality": "15202-00"})
    >>> unit_amount(c, "64483", ("RT",), date(2026, 3, 2), False)
    (Decimal('265.46'), '120% of Medicare 64483 (locality 15202-00, non-facility)')
    """
    idx = _index(contract)
    key = (code, tuple(modifiers), day, facility)
    found = idx.units.get(key)
    if found is None:
        if len(idx.units) > 200_000:
            idx.units.clear()
        found = idx.units[key] = _unit_amount(contract, idx, code, modifiers, day, facility)
    return found


def _unit_amount(contract: Contract, idx: _Index, code: str, modifiers: Sequence[str], day: date,
                 facility: bool) -> tuple[Decimal | None, str]:
    pricing_mod = next((m for m in modifiers if m in PRICING_MODIFIERS), None)
    entries = idx.by_code.get(code)
    if entries:
        plain = None
        for e in entries:
            if not e.in_effect(day):
                continue
            if e.modifier is None:
                plain = plain or e
            elif e.modifier in modifiers:
                return e.allowed, f"fee schedule {code}-{e.modifier}" + _dated(e)
        if plain is not None:
            return plain.allowed, f"fee schedule {code}" + _dated(plain)
    if contract.percent_of_medicare is not None:
        medicare = _medicare(code, pricing_mod, contract.locality, facility)
        if medicare is None or medicare == 0:
            return None, f"{code} has no Medicare fee schedule amount"
        pct = contract.percent_of_medicare * 100
        pct_text = f"{pct.normalize():f}%"
        return q(medicare * contract.percent_of_medicare), (
            f"{pct_text} of Medicare {code}{'-' + pricing_mod if pricing_mod else ''} "
            f"(locality {contract.locality or 'national'}, {'facility' if facility else 'non-facility'})")
    return None, f"{code} is not on the fee schedule"


def _dated(e: FeeScheduleEntry) -> str:
    if e.effective_from is None and e.effective_to is None:
        return ""
    return f" ({e.effective_from or '...'} to {e.effective_to or '...'})"


@lru_cache(maxsize=512)
def _facility(pos: str) -> bool:
    try:
        return bool(is_facility(pos))
    except NotFound:
        return False


def price_lines(lines: Sequence[PricingLine], contract: Contract, service_date: date,
                place_of_service: str) -> list[LinePrice]:
    """Expected allowed amounts of a claim's lines (see the module docstring for the rules).

    Pure, so memoised per contract on the lines' facts (claims of a pain practice repeat a few
    dozen shapes): the 100,000-claim reconciliation benchmark depends on it.
    """
    idx = _index(contract)
    key = (service_date, place_of_service, tuple(lines))
    found = idx.claims.get(key)
    if found is None:
        if len(idx.claims) > 100_000:
            idx.claims.clear()
        found = idx.claims[key] = tuple(_price_lines(lines, contract, service_date, place_of_service))
    return list(found)


def _price_lines(lines: Sequence[PricingLine], contract: Contract, service_date: date,
                 place_of_service: str) -> list[LinePrice]:
    terms = contract.terms
    firsts: list[tuple] = []
    for n, line in enumerate(lines, start=1):
        day = line.service_date or service_date
        facility = _facility(line.place_of_service or place_of_service)
        mpi, bilat, addon = _code_facts(line.code)
        if line.code in terms.carve_outs:
            firsts.append((n, line, day, None, "carved out of the contract", ONE, Decimal("0.00"),
                           None, True, False))
            continue
        unit, basis = unit_amount(contract, line.code, line.modifiers, day, facility)
        factor = ONE
        if unit is None:
            full = Decimal("0.00")
        elif "50" in line.modifiers and bilat in ("1", "3"):
            factor = terms.bilateral_payment if bilat == "1" else Decimal("2.00")
            full = q(unit * factor)
        else:
            full = q(unit * line.units)
        if addon:
            exempt = "add-on code (exempt from the multiple-procedure reduction)"
        elif mpi not in MPPR_INDICATORS:
            exempt = f"multiple-procedure indicator {mpi or 'none'} (no reduction)"
        elif line.code in terms.mppr_exempt_codes:
            exempt = "exempt from the reduction by the contract"
        else:
            exempt = None
        firsts.append((n, line, day, unit, basis, factor, full, exempt, False, unit is not None))
    # rank the reducible procedures per date by amount, highest first (ties: claim order)
    ranks: dict[int, int] = {}
    by_day: dict[date, list[tuple[Decimal, int]]] = {}
    for n, line, day, unit, basis, factor, full, exempt, carved, priced in firsts:
        if priced and exempt is None:
            by_day.setdefault(day, []).append((full, n))
    for entries in by_day.values():
        entries.sort(key=lambda t: (-t[0], t[1]))
        for rank, (_, n) in enumerate(entries, start=1):
            ranks[n] = rank
    fractions = terms.multiple_procedure_payment
    out = []
    for n, line, day, unit, basis, factor, full, exempt, carved, priced in firsts:
        rank = ranks.get(n)
        fraction = fractions[min(rank, len(fractions)) - 1] if rank else ONE
        expected = q(full * fraction) if priced else Decimal("0.00")
        if priced and terms.lesser_of_charge and line.charge < expected:
            expected = line.charge
        out.append(LinePrice(n, line.code, line.modifiers, day, unit, factor, full, rank, fraction,
                             expected, basis, exempt, carved))
    return out


def pricing_lines(claim: Claim) -> list[PricingLine]:
    return [PricingLine(l.code, l.modifiers, l.units, l.charge, l.service_date, l.place_of_service)
            for l in claim.lines]


def price_claim(claim: Claim, contract: Contract | None) -> ClaimPrice:
    """The contract's expectation for every line of a claim (all unpriced without a contract)."""
    if contract is None:
        lines = tuple(LinePrice(n, l.code, l.modifiers, claim.line_date(l), None, ONE, Decimal("0.00"), None,
                                ONE, Decimal("0.00"), "no contract for the payer on the date of service")
                      for n, l in enumerate(claim.lines, start=1))
        return ClaimPrice(claim.claim_id, claim.payer_id, None, lines)
    return ClaimPrice(claim.claim_id, claim.payer_id, contract.name,
                      tuple(price_lines(pricing_lines(claim), contract, claim.service_date,
                                        claim.place_of_service)))


__all__ = ["PricingLine", "LinePrice", "ClaimPrice", "price_claim", "price_lines", "unit_amount", "q"]
