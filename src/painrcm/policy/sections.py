"""The sections of a payer policy file, one pydantic model each (see docs/payer-policy.md).

Defaults follow CMS/AMA, so a key left out of a payer file means "as Medicare/CPT does it".
The convenience questions (``PayerPolicy.bilateral_style(...)`` etc.) live on the top-level
model in ``painrcm.policy.schema``.

>>> Bilateral().style("24")
<BilateralStyle.MODIFIER_50_ONE_LINE: 'modifier_50_one_line'>
>>> Bilateral(by_place_of_service={24: "rt_lt_two_lines"}).style("24").value
'rt_lt_two_lines'
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import Field, field_validator, model_validator

from painrcm.policy.types import (
    BilateralStyle, Code, CodeOrFamily, DistinctProcedureModifier, Family, IcdPrefix, Modifier,
    ModifierCondition, PlaceOfService, ProlongedCode, SpinalRegion, State, Strict, XModifier,
)

Pct = Annotated[int, Field(ge=1, le=100)]
Days = Annotated[int, Field(ge=0, le=3650)]


class Bilateral(Strict):
    """Bilateral reporting style, with exceptions by place of service."""

    default: BilateralStyle = BilateralStyle.MODIFIER_50_ONE_LINE
    by_place_of_service: dict[PlaceOfService, BilateralStyle] = Field(default_factory=dict)
    payment_pct: Annotated[int, Field(ge=100, le=200)] = 150  # % of the one-side fee paid for 50

    def style(self, place_of_service: str | None) -> BilateralStyle:
        if place_of_service is not None:
            return self.by_place_of_service.get(str(place_of_service).zfill(2), self.default)
        return self.default


class RequiredModifier(Strict):
    """A modifier the payer requires on some codes (e.g. KX), under a condition."""

    modifier: Modifier
    applies_to: tuple[CodeOrFamily, ...] = Field(min_length=1)
    when: ModifierCondition = ModifierCondition.ALWAYS
    places_of_service: tuple[PlaceOfService, ...] = ()  # empty: every place of service
    enabled: bool = True
    note: str | None = None


class Modifiers(Strict):
    """Distinct-procedure modifier, modifier 51 and other required modifiers."""

    distinct_procedure: DistinctProcedureModifier = DistinctProcedureModifier.X
    x_preference: tuple[XModifier, ...] = (XModifier.XS, XModifier.XU, XModifier.XE, XModifier.XP)
    modifier_51: bool = False
    required: tuple[RequiredModifier, ...] = ()

    @field_validator("x_preference")
    @classmethod
    def _no_repeats(cls, value: tuple[XModifier, ...]) -> tuple[XModifier, ...]:
        if len(set(value)) != len(value):
            raise ValueError("a modifier is listed twice")
        return value


class ImagingOverride(Strict):
    """An imaging code the payer pays with (or denies with) certain primary codes, against NCCI/CPT."""

    imaging_code: Code
    with_codes: tuple[CodeOrFamily, ...] = Field(min_length=1)
    separately_billable: bool = True
    note: str | None = None


class DeviceCodes(Strict):
    """Where device HCPCS (C-codes for neurostimulators) go on the claim."""

    report_at_places_of_service: tuple[PlaceOfService, ...] = ("19", "22", "24")


class Em(Strict):
    """E/M interpretation options."""

    opioid_monitoring_is_high_risk: bool = False
    g2211_allowed: bool = True
    prolonged_code: ProlongedCode = ProlongedCode.CPT_99417


class FrequencyLimit(Strict):
    """At most ``max_sessions`` sessions of a family per region in a rolling window."""

    family: Family
    regions: tuple[SpinalRegion, ...] = ()  # empty: every region
    max_sessions: Annotated[int, Field(ge=1, le=366)]
    window_days: Annotated[int, Field(ge=1, le=3650)] = 365
    bilateral_same_level_counts_once: bool = True
    min_days_between_sessions: Days | None = None
    note: str | None = None


class LevelLimit(Strict):
    """At most ``max_levels`` levels of a family in one session; some add-on codes never covered."""

    family: Family
    max_levels: Annotated[int, Field(ge=1, le=10)]
    non_covered_codes: tuple[Code, ...] = ()
    note: str | None = None


class RfaPrerequisite(Strict):
    """Diagnostic blocks required before facet radiofrequency ablation, and repeat-RFA rules."""

    diagnostic_blocks: Annotated[int, Field(ge=0, le=4)] = 2
    relief_threshold_pct: Pct = 80
    min_relief_duration_hours: Annotated[float, Field(gt=0)] | None = None
    same_levels_and_side: bool = True
    separate_dates: bool = True
    repeat_rfa_min_months: Annotated[int, Field(ge=0, le=60)] = 6
    repeat_rfa_relief_pct: Pct = 50
    repeat_rfa_relief_min_months: Annotated[int, Field(ge=0, le=60)] = 6


class RepeatInjection(Strict):
    """Relief a prior injection of the family must have given before a repeat is covered."""

    family: Family
    min_relief_pct: Pct
    min_relief_days: Days | None = None


class Scs(Strict):
    """Spinal cord stimulation: trial success and authorization shape."""

    trial_success_relief_pct: Pct = 50
    separate_trial_and_implant_auth: bool = True
    psychological_evaluation_required: bool = True


class PriorAuthRule(Strict):
    """Codes/families needing prior auth, optionally only at some places of service, states, dates."""

    applies_to: tuple[CodeOrFamily, ...] = Field(min_length=1)
    places_of_service: tuple[PlaceOfService, ...] = ()  # empty: every place of service
    states: tuple[State, ...] = ()  # empty: every state
    effective_from: date | None = None
    effective_to: date | None = None
    program: str | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _dates_in_order(self) -> "PriorAuthRule":
        if self.effective_from and self.effective_to and self.effective_to < self.effective_from:
            raise ValueError("effective_to is before effective_from")
        return self


class PriorAuth(Strict):
    rules: tuple[PriorAuthRule, ...] = ()
    renewal_lead_days: Days = 14
    retro_auth_window_days: Days = 30


class Deadlines(Strict):
    """Filing and appeal windows in days (from date of service for filing, from the decision for appeals)."""

    timely_filing_days: Annotated[int, Field(ge=1, le=3650)] = 365
    appeal_days: Annotated[int, Field(ge=1, le=3650)] = 120
    second_level_appeal_days: Annotated[int, Field(ge=1, le=3650)] | None = None
    peer_to_peer_days: Days = 30
    dispute_days: Annotated[int, Field(ge=1, le=3650)] = 365
    corrected_claim_days: Annotated[int, Field(ge=1, le=3650)] | None = None


class ConservativeTreatment(Strict):
    family: Family
    weeks: Annotated[int, Field(ge=0, le=104)]


FractionList = tuple[Annotated[Decimal, Field(ge=0, le=1, decimal_places=4)], ...]
IcdList = tuple[IcdPrefix, ...]
StateList = tuple[State, ...]
