"""The shared, pure domain model: parties, money, identifiers.

Stage-specific models live with their stage so a biller finds them there:
claims in ``painrcm.claims.model``, remittances in ``painrcm.remit.model``,
authorizations and credentials in ``painrcm.auth.model``, contracts in
``painrcm.remit.contract``. Everything here is an immutable dataclass with no I/O.
"""

from painrcm.domain.money import money, ZERO
from painrcm.domain.npi import is_valid_npi, npi_check_digit
from painrcm.domain.parties import (
    Address, PlanType, Practice, Provider, Payer, Patient, Coverage, CoverageRank,
    ClinicalNote, Encounter, VisitType,
)

__all__ = [
    "money", "ZERO", "is_valid_npi", "npi_check_digit",
    "Address", "PlanType", "Practice", "Provider", "Payer", "Patient", "Coverage",
    "CoverageRank", "ClinicalNote", "Encounter", "VisitType",
]
