"""Remittance (835) as plain data: a payment, its claims, their lines and adjustments.

Every claim payment balances: charge = paid + sum(adjustments) (X12 835 balancing rule),
and the payment total = sum(claim paid) - sum(provider-level adjustments).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from painrcm.claims.model import Adjustment
from painrcm.domain.money import ZERO


@dataclass(frozen=True, slots=True)
class LinePayment:
    """One SVC: the code the payer adjudicated, and how."""

    code: str
    modifiers: tuple[str, ...]
    charge: Decimal
    paid: Decimal
    units: Decimal = Decimal(1)
    adjustments: tuple[Adjustment, ...] = ()
    remarks: tuple[str, ...] = ()  # RARC from LQ*HE
    original_code: str | None = None  # SVC06 when the payer changed the code
    original_modifiers: tuple[str, ...] = ()
    service_date: date | None = None
    line_id: str | None = None  # REF*6R echo
    allowed: Decimal | None = None  # AMT*B6

    @property
    def adjusted(self) -> Decimal:
        return sum((a.amount for a in self.adjustments), ZERO)


@dataclass(frozen=True, slots=True)
class ClaimPayment:
    """One CLP: a claim's adjudication."""

    patient_control_number: str
    status: str  # CLP02: 1 primary, 2 secondary, 3 tertiary, 4 denied, 19-23 ...
    charge: Decimal
    paid: Decimal
    patient_responsibility: Decimal
    payer_claim_number: str | None = None
    claim_filing_indicator: str | None = None
    adjustments: tuple[Adjustment, ...] = ()
    lines: tuple[LinePayment, ...] = ()
    patient_name: str | None = None
    member_id: str | None = None
    service_date_from: date | None = None
    service_date_to: date | None = None
    received_date: date | None = None
    remarks: tuple[str, ...] = ()  # MOA/MIA remark codes

    @property
    def adjusted(self) -> Decimal:
        return sum((a.amount for a in self.adjustments), ZERO) + sum(
            (line.adjusted for line in self.lines), ZERO)


@dataclass(frozen=True, slots=True)
class ProviderAdjustment:
    """PLB: provider-level adjustment (positive reduces the payment, e.g. a recoupment)."""

    provider_id: str
    fiscal_period_date: date | None
    reason: str  # e.g. WO overpayment recovery, L6 interest, FB forward balance
    reference: str | None
    amount: Decimal


@dataclass(frozen=True, slots=True)
class Remittance:
    """One 835 transaction (ST..SE): one payment from one payer to one payee."""

    trn: str  # TRN02, check/EFT trace number
    payer_name: str
    payer_id: str | None  # TRN03 / N1*PR REF*2U
    payee_name: str
    payee_npi: str | None
    total_paid: Decimal
    payment_method: str  # BPR04: ACH, CHK, NON
    payment_date: date | None
    claims: tuple[ClaimPayment, ...] = ()
    provider_adjustments: tuple[ProviderAdjustment, ...] = ()
    payee_tax_id: str | None = None

    def balance_difference(self) -> Decimal:
        """Payment total minus (sum of claim payments - provider adjustments); 0 when balanced."""
        plb = sum((p.amount for p in self.provider_adjustments), ZERO)
        return self.total_paid - (sum((c.paid for c in self.claims), ZERO) - plb)
