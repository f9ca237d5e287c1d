"""Practices, providers, payers, patients, coverage and encounters.

Plain frozen dataclasses: the stages pass them around, the store maps them to
tables, and nothing here touches a file or a database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum

from painrcm.domain.npi import is_valid_npi


class PlanType(str, Enum):
    MEDICARE = "medicare"
    MEDICARE_ADVANTAGE = "medicare_advantage"
    MEDICAID = "medicaid"
    COMMERCIAL = "commercial"
    WORKERS_COMP = "workers_comp"


class CoverageRank(str, Enum):
    PRIMARY = "primary"
    SECONDARY = "secondary"
    TERTIARY = "tertiary"


class VisitType(str, Enum):
    NEW = "new"
    ESTABLISHED = "established"
    PROCEDURE = "procedure"


@dataclass(frozen=True, slots=True)
class Address:
    line1: str
    city: str
    state: str
    postal_code: str
    line2: str | None = None


@dataclass(frozen=True, slots=True)
class Practice:
    """A billing entity: one group NPI and tax id. A billing company serves many."""

    id: str
    name: str
    npi: str
    tax_id: str
    address: Address
    taxonomy: str = "208VP0014X"  # Pain Medicine, Interventional Pain Medicine
    pay_to_address: Address | None = None
    phone: str | None = None
    mpfs_locality: str | None = None  # "MAC-locality" key into the GPCI table, e.g. "01112-05"
    time_zone: str = "America/New_York"

    def __post_init__(self) -> None:
        if not is_valid_npi(self.npi):
            raise ValueError(f"practice {self.id}: NPI check digit is wrong")


@dataclass(frozen=True, slots=True)
class Provider:
    """A rendering (or supervising) clinician. ``credential`` is MD, DO, NP, PA, CRNA ..."""

    npi: str
    last_name: str
    first_name: str
    credential: str = "MD"
    taxonomy: str = "208VP0014X"
    practice_id: str | None = None
    id: str | None = None

    def __post_init__(self) -> None:
        if not is_valid_npi(self.npi):
            raise ValueError(f"provider {self.last_name}: NPI check digit is wrong")

    @property
    def is_physician(self) -> bool:
        return self.credential.upper() in {"MD", "DO"}


@dataclass(frozen=True, slots=True)
class Payer:
    """A payer as the practice bills it. ``policy_id`` names its payer policy file."""

    id: str
    name: str
    plan_type: PlanType
    x12_payer_id: str
    policy_id: str
    address: Address | None = None


@dataclass(frozen=True, slots=True)
class Patient:
    id: str
    practice_id: str
    last_name: str
    first_name: str
    birth_date: date
    sex: str  # "F", "M", "U" as X12 DMG03
    address: Address | None = None
    account_number: str | None = None


@dataclass(frozen=True, slots=True)
class Coverage:
    """A patient's plan with one payer. ``relationship`` is the X12 code (18 = self)."""

    patient_id: str
    payer_id: str
    member_id: str
    rank: CoverageRank = CoverageRank.PRIMARY
    group_number: str | None = None
    plan_name: str | None = None
    relationship: str = "18"
    subscriber_last_name: str | None = None
    subscriber_first_name: str | None = None
    subscriber_birth_date: date | None = None
    subscriber_sex: str | None = None
    effective_from: date | None = None
    effective_to: date | None = None

    def active_on(self, day: date) -> bool:
        return (self.effective_from is None or self.effective_from <= day) and (
            self.effective_to is None or day <= self.effective_to)


@dataclass(frozen=True, slots=True)
class ClinicalNote:
    id: str
    text: str
    kind: str = "procedure"  # procedure | visit | addendum
    author_npi: str | None = None
    signed_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Encounter:
    """One patient, one date of service, one rendering provider, one place of service."""

    id: str
    practice_id: str
    patient_id: str
    date_of_service: date
    place_of_service: str
    rendering_npi: str
    payer_id: str
    visit_type: VisitType = VisitType.PROCEDURE
    notes: tuple[ClinicalNote, ...] = field(default_factory=tuple)
    supervising_npi: str | None = None
