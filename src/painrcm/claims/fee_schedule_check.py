"""Fee schedule check: is each charge current and at or above every payer's allowable?

Most contracts pay the *lesser of* the billed charge and the contracted amount, so a charge below
any payer's allowable is money left on the table on every claim. For each code in the practice's
charge master (``painrcm.claims.charges.ChargeMaster``) in effect on the as-of date, the check
finds the **highest allowable**: the largest unit amount among

- every payer contract in effect (``painrcm.remit.pricing.unit_amount``: the dated fee schedule row,
  else the contract's percentage of Medicare at the contract's locality), and
- the Medicare physician fee schedule amount at the practice's locality,

each at the facility and the non-facility rate (a charge must clear both). A charge below it is a
:class:`FeeGap` with the volume billed over the last 12 months (units from the claims; a bilateral
line with modifier 50 and one unit counts 2, since its charge is doubled) and the dollar effect
``volume x gap``. The suggested charge is the allowable rounded up to the next $5.

"Current for the date of service": a code billed in the last 12 months with no charge-master
entry in effect on its date of service, or a line billed at a charge other than the one in effect
(an old fee schedule still loaded in the billing system), is a :class:`StaleCharge`.

>>> from painrcm.claims.charges import ChargeEntry, ChargeMaster
>>> cm = ChargeMaster((ChargeEntry("64483", Decimal("200.00")), ChargeEntry("99213", Decimal("400.00"))))
>>> r = check_fee_schedule(cm, contracts=(), claims=(), as_of=date(2026, 3, 1), locality=None)
>>> [(g.code, str(g.highest_allowable), g.source) for g in r.below]
[('64483', '236.13', 'Medicare (national, non-facility)')]
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_CEILING, Decimal
from typing import Iterable, Sequence

from painrcm.claims.charges import ChargeEntry, ChargeMaster
from painrcm.claims.model import Claim
from painrcm.errors import NotFound
from painrcm.reference import mpfs
from painrcm.remit.contract import Contract

ZERO = Decimal("0.00")
LOOKBACK_DAYS = 365
COMPONENT_MODIFIERS = frozenset({"26", "TC"})


@dataclass(frozen=True, slots=True)
class Allowable:
    amount: Decimal
    source: str  # "summit-health: fee schedule 64483", "Medicare (locality ..., facility)"


@dataclass(frozen=True, slots=True)
class FeeGap:
    """A charge below the highest allowable: raise it."""

    code: str
    modifier: str | None
    charge: Decimal
    highest_allowable: Decimal
    source: str
    volume: int  # units billed over the lookback
    suggested_charge: Decimal

    @property
    def gap(self) -> Decimal:
        return self.highest_allowable - self.charge

    @property
    def dollar_effect(self) -> Decimal:
        return (self.gap * self.volume).quantize(Decimal("0.01"))

    def to_dict(self) -> dict:
        return {"code": self.code, "modifier": self.modifier, "charge": str(self.charge),
                "highest_allowable": str(self.highest_allowable), "source": self.source,
                "gap": str(self.gap), "volume_12_months": self.volume,
                "dollar_effect": str(self.dollar_effect), "suggested_charge": str(self.suggested_charge)}


@dataclass(frozen=True, slots=True)
class StaleCharge:
    """A billed line whose charge is not the charge master's on its date of service."""

    claim_id: str
    line_number: int
    code: str
    service_date: date
    billed_unit_charge: Decimal
    current_charge: Decimal | None  # None: no entry in effect on that date

    def to_dict(self) -> dict:
        return {"claim_id": self.claim_id, "line": self.line_number, "code": self.code,
                "service_date": self.service_date.isoformat(), "billed_unit_charge": str(self.billed_unit_charge),
                "current_charge": None if self.current_charge is None else str(self.current_charge)}


@dataclass(frozen=True)
class FeeScheduleReport:
    as_of: date
    checked: int  # charge-master entries in effect on as_of
    below: tuple[FeeGap, ...]  # biggest dollar effect first
    stale: tuple[StaleCharge, ...]
    unpriced: tuple[str, ...]  # codes no payer and no Medicare fee prices (nothing to compare)

    @property
    def dollar_effect(self) -> Decimal:
        return sum((g.dollar_effect for g in self.below), ZERO)

    def to_dict(self) -> dict:
        return {"as_of": self.as_of.isoformat(), "checked": self.checked,
                "dollar_effect_12_months": str(self.dollar_effect),
                "below_allowable": [g.to_dict() for g in self.below],
                "not_current": [s.to_dict() for s in self.stale], "unpriced": list(self.unpriced)}


def _round_up_to_five(amount: Decimal) -> Decimal:
    return ((amount / 5).to_integral_value(rounding=ROUND_CEILING) * 5).quantize(Decimal("0.01"))


def _medicare(code: str, modifier: str | None, locality: str | None, facility: bool) -> Decimal | None:
    try:
        return mpfs.medicare_allowed(code, modifier, locality, facility)
    except NotFound:
        return None


def highest_allowable(code: str, modifier: str | None, day: date, contracts: Sequence[Contract],
                      locality: str | None) -> Allowable | None:
    """The highest unit allowable for a code among the contracts in effect and Medicare.

    >>> highest_allowable("64483", None, date(2026, 3, 1), (), None).amount
    Decimal('236.13')
    """
    from painrcm.remit.pricing import unit_amount

    best: Allowable | None = None
    mods = (modifier,) if modifier else ()
    for facility in (False, True):
        setting = "facility" if facility else "non-facility"
        amount = _medicare(code, modifier, locality, facility)
        if amount:
            cand = Allowable(amount, f"Medicare ({locality or 'national'}, {setting})")
            if best is None or cand.amount > best.amount:
                best = cand
        for c in contracts:
            if not c.in_effect(day) or code in c.terms.carve_outs:
                continue
            amount, basis = unit_amount(c, code, mods, day, facility)
            if modifier in COMPONENT_MODIFIERS and basis.startswith("fee schedule") and f"-{modifier}" not in basis:
                # a fee schedule row for the whole service does not price its professional or
                # technical component: use the contract's percentage of Medicare for it instead
                amount, basis = None, ""
                if c.percent_of_medicare is not None:
                    medicare = _medicare(code, modifier, c.locality, facility)
                    if medicare:
                        amount = (medicare * c.percent_of_medicare).quantize(Decimal("0.01"))
                        basis = f"{c.percent_of_medicare * 100:.0f}% of Medicare {code}-{modifier} ({setting})"
            if amount and (best is None or amount > best.amount):
                best = Allowable(amount, f"{c.payer_id}: {basis}")
    return best


def _bilateral_units(modifiers: Iterable[str], units: Decimal) -> int:
    u = int(units)
    return 2 * u if "50" in modifiers and u == 1 else u


def billed_volume(claims: Iterable[Claim], since: date, until: date) -> dict[tuple[str, str | None], int]:
    """Units billed per (code, pricing modifier 26/TC or None) with dates of service in [since, until]."""
    out: dict[tuple[str, str | None], int] = defaultdict(int)
    for c in claims:
        if c.frequency_code == "8":
            continue
        for ln in c.lines:
            day = c.line_date(ln)
            if since <= day <= until:
                mod = next((m for m in ln.modifiers if m in ("26", "TC")), None)
                out[(ln.code, mod)] += _bilateral_units(ln.modifiers, ln.units)
    return out


def stale_charges(master: ChargeMaster, claims: Iterable[Claim], since: date, until: date) -> list[StaleCharge]:
    """Lines in [since, until] billed at a per-unit charge other than the charge master's on that date."""
    out = []
    for c in claims:
        if c.frequency_code == "8":
            continue
        for n, ln in enumerate(c.lines, 1):
            day = c.line_date(ln)
            if not since <= day <= until:
                continue
            mod = next((m for m in ln.modifiers if m in ("26", "TC")), None)
            entry = master.find(ln.code, day, mod)
            units = _bilateral_units(ln.modifiers, ln.units) or 1
            billed = (ln.charge / units).quantize(Decimal("0.01"))
            if entry is None or entry.charge != billed:
                out.append(StaleCharge(c.claim_id, n, ln.code, day, billed,
                                       entry.charge if entry else None))
    return out


def check_fee_schedule(master: ChargeMaster, contracts: Sequence[Contract], claims: Iterable[Claim], *,
                       as_of: date, locality: str | None) -> FeeScheduleReport:
    """The fee schedule report on ``as_of`` (lookback: the 12 months up to it)."""
    claims = list(claims)
    since = as_of - timedelta(days=LOOKBACK_DAYS - 1)
    volume = billed_volume(claims, since, as_of)
    current: dict[tuple[str, str | None], ChargeEntry] = {}
    for e in master.entries:
        if e.in_effect(as_of):
            key = (e.code, e.modifier)
            prior = current.get(key)
            if prior is None or (e.effective_from or date.min) > (prior.effective_from or date.min):
                current[key] = e
    below: list[FeeGap] = []
    unpriced: list[str] = []
    for (code, modifier), e in sorted(current.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        allow = highest_allowable(code, modifier, as_of, contracts, locality)
        if allow is None:
            unpriced.append(code if modifier is None else f"{code}-{modifier}")
            continue
        if e.charge < allow.amount:
            below.append(FeeGap(code, modifier, e.charge, allow.amount, allow.source,
                                volume.get((code, modifier), 0), _round_up_to_five(allow.amount)))
    below.sort(key=lambda g: (-g.dollar_effect, -g.gap, g.code))
    stale = stale_charges(master, claims, since, as_of)
    return FeeScheduleReport(as_of, len(current), tuple(below), tuple(stale), tuple(unpriced))


__all__ = ["Allowable", "FeeGap", "StaleCharge", "FeeScheduleReport", "highest_allowable", "billed_volume",
           "stale_charges", "check_fee_schedule"]
