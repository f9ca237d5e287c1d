"""The practice's charge master: what the practice bills for each code.

A charge is per unit; a bilateral line with modifier 50 on one line bills both
sides (CMS: report the total bilateral charge on the single line), so the builder
doubles it.

>>> from datetime import date
>>> from decimal import Decimal
>>> cm = ChargeMaster((ChargeEntry("64483", Decimal("950.00")),
...                    ChargeEntry("64483", Decimal("990.00"), effective_from=date(2026, 7, 1))))
>>> cm.charge("64483", date(2026, 3, 1))
Decimal('950.00')
>>> cm.charge("64483", date(2026, 8, 1))
Decimal('990.00')
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from painrcm.errors import NotFound


@dataclass(frozen=True, slots=True)
class ChargeEntry:
    code: str
    charge: Decimal
    modifier: str | None = None  # e.g. "26" for a professional-component-only charge
    effective_from: date | None = None
    effective_to: date | None = None

    def in_effect(self, day: date) -> bool:
        return (self.effective_from is None or self.effective_from <= day) and (
            self.effective_to is None or day <= self.effective_to)


@dataclass(frozen=True)
class ChargeMaster:
    entries: tuple[ChargeEntry, ...]

    def __post_init__(self) -> None:
        index: dict[tuple[str, str | None], list[ChargeEntry]] = {}
        for e in self.entries:
            index.setdefault((e.code, e.modifier), []).append(e)
        for rows in index.values():  # newest first, so the latest effective entry wins
            rows.sort(key=lambda e: e.effective_from or date.min, reverse=True)
        object.__setattr__(self, "_index", index)

    def find(self, code: str, day: date, modifier: str | None = None) -> ChargeEntry | None:
        for key in ((code, modifier), (code, None)):
            for e in self._index.get(key, ()):  # type: ignore[attr-defined]
                if e.in_effect(day):
                    return e
        return None

    def charge(self, code: str, day: date, modifier: str | None = None) -> Decimal:
        entry = self.find(code, day, modifier)
        if entry is None:
            raise NotFound(f"no charge in the charge master for {code} on {day.isoformat()}")
        return entry.charge
