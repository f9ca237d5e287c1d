"""Claim and claim line: what goes on an 837P.

Diagnosis codes are ICD-10-CM without the dot (X12 HI style, e.g. "M5416");
``painrcm.reference.icd10`` formats them with the dot for people.
Units are Decimal because X12 SV104 allows fractions; pain codes use whole units.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from painrcm.domain.money import ZERO
from painrcm.domain.parties import Address

MAX_MODIFIERS = 4
MAX_DIAGNOSIS_POINTERS = 4
MAX_DIAGNOSES = 12


class FrequencyCode:
    ORIGINAL = "1"
    REPLACEMENT = "7"
    VOID = "8"


@dataclass(frozen=True, slots=True)
class ClaimLine:
    code: str
    charge: Decimal
    units: Decimal = Decimal(1)
    modifiers: tuple[str, ...] = ()
    diagnosis_pointers: tuple[int, ...] = (1,)
    service_date: date | None = None  # falls back to the claim's date of service
    place_of_service: str | None = None  # only when it differs from the claim's
    authorization_number: str | None = None  # line-level REF*G1
    note: str | None = None  # NTE on the line
    line_id: str | None = None  # REF*6R line item control number

    def __post_init__(self) -> None:
        if len(self.modifiers) > MAX_MODIFIERS:
            raise ValueError(f"line {self.code}: at most {MAX_MODIFIERS} modifiers")
        if not 1 <= len(self.diagnosis_pointers) <= MAX_DIAGNOSIS_POINTERS:
            raise ValueError(f"line {self.code}: one to {MAX_DIAGNOSIS_POINTERS} diagnosis pointers")


@dataclass(frozen=True, slots=True)
class PersonName:
    last: str
    first: str | None = None
    middle: str | None = None


@dataclass(frozen=True, slots=True)
class Party:
    """A person or organisation on a claim with its identifiers (loop 2010AA, 2310B ...)."""

    name: PersonName
    npi: str | None = None
    tax_id: str | None = None
    taxonomy: str | None = None
    address: Address | None = None
    is_organization: bool = False


@dataclass(frozen=True, slots=True)
class Subscriber:
    member_id: str
    name: PersonName
    birth_date: date | None = None
    sex: str | None = None
    address: Address | None = None
    group_number: str | None = None
    relationship: str = "18"  # patient's relationship to subscriber; 18 = self
    payer_responsibility: str = "P"  # P primary, S secondary, T tertiary (SBR01)
    plan_type_code: str = "CI"  # SBR09 claim filing indicator: MB medicare B, MC medicaid, CI commercial ...


@dataclass(frozen=True, slots=True)
class Adjustment:
    """A CAS adjustment: group (CO, PR, OA, PI), CARC, amount and optional quantity."""

    group: str
    reason: str
    amount: Decimal
    quantity: Decimal | None = None


@dataclass(frozen=True, slots=True)
class OtherPayerLine:
    """Loop 2430: how a prior payer adjudicated one of our lines (for COB claims)."""

    line_number: int
    payer_id: str
    code: str
    modifiers: tuple[str, ...]
    paid: Decimal
    units: Decimal
    adjudication_date: date
    adjustments: tuple[Adjustment, ...] = ()


@dataclass(frozen=True, slots=True)
class OtherPayer:
    """Loops 2320/2330: another payer on a secondary claim, with what it paid."""

    payer_id: str
    payer_name: str
    subscriber: Subscriber
    paid: Decimal = ZERO
    adjustments: tuple[Adjustment, ...] = ()
    adjudication_date: date | None = None
    line_adjudications: tuple[OtherPayerLine, ...] = ()


@dataclass(frozen=True, slots=True)
class Claim:
    """A professional claim. ``claim_id`` is CLM01, the patient control number."""

    claim_id: str
    practice_id: str
    payer_id: str  # painrcm payer id
    payer_name: str
    x12_payer_id: str
    billing_provider: Party
    subscriber: Subscriber
    patient_id: str
    patient_name: PersonName
    patient_birth_date: date
    patient_sex: str
    service_date: date
    place_of_service: str
    diagnoses: tuple[str, ...]
    lines: tuple[ClaimLine, ...]
    patient_address: Address | None = None
    rendering_provider: Party | None = None
    referring_provider: Party | None = None
    supervising_provider: Party | None = None
    service_facility: Party | None = None
    pay_to_address: Address | None = None
    frequency_code: str = FrequencyCode.ORIGINAL
    payer_claim_number: str | None = None  # REF*F8 for replacement and void
    prior_authorization: str | None = None  # claim-level REF*G1
    note: str | None = None  # claim-level NTE
    other_payers: tuple[OtherPayer, ...] = ()
    encounter_id: str | None = None
    patient_paid: Decimal = ZERO  # AMT*F5
    accept_assignment: str = "A"
    signature_on_file: str = "Y"
    release_of_info: str = "Y"
    benefits_assigned: str = "Y"
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if not self.lines:
            raise ValueError(f"claim {self.claim_id}: no service lines")
        if not 1 <= len(self.diagnoses) <= MAX_DIAGNOSES:
            raise ValueError(f"claim {self.claim_id}: one to {MAX_DIAGNOSES} diagnoses")

    @property
    def total_charge(self) -> Decimal:
        return sum((line.charge for line in self.lines), ZERO)

    def line_date(self, line: ClaimLine) -> date:
        return line.service_date or self.service_date
