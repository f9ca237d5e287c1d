"""What a claim line is worth: the contract's expected allowed, else the Medicare fee schedule.

The audit values documentation findings (imaging not billed, E/M gaps, mismatches) at the
allowable the practice would have been paid: the payer contract in effect on the date of service
(:mod:`painrcm.remit.pricing`, the same pricing reconciliation uses, so multiple-procedure and
bilateral rules apply), or, for a payer without a contract, the Medicare physician fee schedule
for the place of service (:func:`painrcm.reference.mpfs.medicare_allowed`).

>>> from painrcm.denials.testing import make_claim
>>> c = make_claim(payer_id="nobody", lines=(("64483", "555.00"),))
>>> v = Valuer(None)
>>> v.line(c, 0) > 0
True
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Sequence

from painrcm.claims.model import Claim, ClaimLine
from painrcm.domain.money import ZERO
from painrcm.errors import NotFound
from painrcm.reference import mpfs
from painrcm.reference.pos import is_facility
from painrcm.remit.pricing import price_claim, q
from painrcm.remit.reconcile import ContractBook


#: the charge given to a line the practice did not bill, so that "lesser of charge" never caps it
UNCAPPED = Decimal("99999.99")


class Valuer:
    """Prices claim lines with a :class:`ContractBook` (``None``: Medicare fee schedule only)."""

    def __init__(self, book: ContractBook | None):
        self.book = book

    def _medicare(self, claim: Claim, line: ClaimLine) -> Decimal:
        mod = next((m for m in line.modifiers if m in ("26", "TC", "53")), None)
        try:
            unit = mpfs.medicare_allowed(line.code, mod, None, facility=is_facility(
                line.place_of_service or claim.place_of_service))
        except NotFound:
            return ZERO
        factor = Decimal("1.5") if "50" in line.modifiers else Decimal(1)
        return q(unit * line.units * factor)

    def lines(self, claim: Claim) -> list[Decimal]:
        """The allowable of every line of ``claim``, in order."""
        contract = self.book.contract(claim.payer_id, claim.service_date) if self.book else None
        if contract is not None:
            price = price_claim(claim, contract)
            out = []
            for line, p in zip(claim.lines, price.lines):
                out.append(p.expected_allowed if p.priced else self._medicare(claim, line))
            return out
        return [self._medicare(claim, line) for line in claim.lines]

    def line(self, claim: Claim, index: int) -> Decimal:
        return self.lines(claim)[index]

    def with_lines(self, claim: Claim, lines: Sequence[ClaimLine]) -> Claim:
        return dataclasses.replace(claim, lines=tuple(lines))

    def added(self, claim: Claim, line: ClaimLine) -> Decimal:
        """What ``line`` would add if it were on ``claim`` (priced with the claim's other lines)."""
        line = dataclasses.replace(line, charge=UNCAPPED)
        return self.line(self.with_lines(claim, (*claim.lines, line)), len(claim.lines))

    def replaced(self, claim: Claim, index: int, line: ClaimLine) -> Decimal:
        """The allowable of ``line`` put in place of line ``index`` of ``claim``."""
        lines = list(claim.lines)
        lines[index] = dataclasses.replace(line, charge=UNCAPPED)
        return self.line(self.with_lines(claim, lines), index)


__all__ = ["Valuer"]
