"""Contracts and fee schedules: what a payer agreed to pay.

A contract is either a fee schedule (code + modifier -> allowed amount, dated) or a
percentage of Medicare (MPFS RVUs x conversion factor x locality GPCI), plus terms
such as the multiple-procedure reduction and bilateral payment.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class FeeScheduleEntry:
    code: str
    allowed: Decimal
    modifier: str | None = None
    effective_from: date | None = None
    effective_to: date | None = None

    def in_effect(self, day: date) -> bool:
        return (self.effective_from is None or self.effective_from <= day) and (
            self.effective_to is None or day <= self.effective_to)


@dataclass(frozen=True, slots=True)
class ContractTerms:
    # reduction applied to the 2nd, 3rd ... ranked procedure, as a fraction (0.50 = pay 50%)
    multiple_procedure_payment: tuple[Decimal, ...] = (Decimal("1.00"), Decimal("0.50"))
    bilateral_payment: Decimal = Decimal("1.50")
    mppr_exempt_codes: frozenset[str] = frozenset()
    carve_outs: frozenset[str] = frozenset()
    dispute_window_days: int = 365
    # added (backward compatible): pay the lesser of the charge and the contracted amount
    lesser_of_charge: bool = True
    # contract clause references by topic (fee_schedule, multiple_procedure, bilateral,
    # modifiers, imaging, patient_responsibility, overpayment) for dispute letters
    clauses: tuple[tuple[str, str], ...] = ()

    def clause(self, topic: str) -> str | None:
        """The contract clause text for a topic, or None.

        >>> ContractTerms(clauses=(("bilateral", "Section 4.2"),)).clause("bilateral")
        'Section 4.2'
        """
        for key, text in self.clauses:
            if key == topic:
                return text
        return None


@dataclass(frozen=True, slots=True)
class Contract:
    payer_id: str
    name: str
    basis: str  # "fee_schedule" | "percent_of_medicare"
    effective_from: date
    effective_to: date | None = None
    percent_of_medicare: Decimal | None = None
    locality: str | None = None
    fee_schedule: tuple[FeeScheduleEntry, ...] = ()
    terms: ContractTerms = field(default_factory=ContractTerms)

    def in_effect(self, day: date) -> bool:
        """Whether the contract covers a date of service."""
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)
