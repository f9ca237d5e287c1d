"""``PayerPolicy``: one payer's rules as validated, immutable data, and the questions stages ask it.

The coder asks how to report bilateral work (``bilateral_style``), the scrubber asks for frequency
limits, level limits, covered diagnoses and required modifiers, the auth tracker asks
``requires_prior_auth``, the remit/denials stages read the deadlines and the multiple-procedure
reduction. A file is parsed by ``painrcm.policy.loader``; everything here is pure.

>>> p = PayerPolicy(id="demo", name="Demo", plan_type="commercial", version="1",
...                 effective_from="2026-01-01",
...                 bilateral={"by_place_of_service": {24: "rt_lt_two_lines"}},
...                 prior_auth={"rules": [{"applies_to": ["esi"], "states": ["TX"],
...                                        "effective_from": "2026-01-01"}]})
>>> p.bilateral_style("24").value, p.bilateral_style("11").value
('rt_lt_two_lines', 'modifier_50_one_line')
>>> p.requires_prior_auth("64483", "11", "TX", date(2026, 3, 1))
True
>>> p.requires_prior_auth("64483", "11", "OH", date(2026, 3, 1))
False
>>> p.requires_prior_auth("64483", "11", "TX", date(2025, 12, 31))
False
>>> p.reduction_fraction(1), p.reduction_fraction(3)
(Decimal('1.00'), Decimal('0.50'))
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import Field, field_validator, model_validator

from painrcm.domain.parties import Payer, PlanType
from painrcm.policy.families import PARENT_FAMILIES, codes_in, families_of, is_family
from painrcm.policy.sections import (
    Bilateral, ConservativeTreatment, Deadlines, DeviceCodes, Em, FractionList, FrequencyLimit,
    IcdList, ImagingOverride, LevelLimit, Modifiers, PriorAuth, RepeatInjection, RequiredModifier,
    RfaPrerequisite, Scs, StateList,
)
from painrcm.policy.types import BilateralStyle, Family, ModifierCondition, Strict, XModifier

_X_BY_REASON = {"encounter": XModifier.XE, "practitioner": XModifier.XP,
                "structure": XModifier.XS, "unusual": XModifier.XU}
# CMS billing article A58993 (ESI): an anatomic spinal region is cervical/thoracic or lumbar/sacral.
_DEFAULT_REGION_GROUPS = {"cervical": "cervical_thoracic", "thoracic": "cervical_thoracic",
                          "lumbar": "lumbar_sacral", "sacral": "lumbar_sacral"}


class PayerPolicy(Strict):
    """A payer's billing and coverage rules. Build with ``load_policy``/``validate_file``."""

    # identity
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str = Field(min_length=1)
    plan_type: PlanType
    version: str = Field(min_length=1)
    effective_from: date
    effective_to: date | None = None
    x12_payer_ids: tuple[str, ...] = ()
    states: StateList = ()  # where the plan is offered; empty: nationwide
    sources: tuple[str, ...] = ()
    notes: str | None = None

    # coding and claim shape
    bilateral: Bilateral = Bilateral()
    modifiers: Modifiers = Modifiers()
    multiple_procedure_reduction: FractionList = (Decimal("1.00"), Decimal("0.50"))
    imaging_bundling_overrides: tuple[ImagingOverride, ...] = ()
    device_codes: DeviceCodes = DeviceCodes()
    em: Em = Em()

    # medical necessity
    frequency_limits: tuple[FrequencyLimit, ...] = ()
    region_groups: dict[str, str] = Field(default_factory=lambda: dict(_DEFAULT_REGION_GROUPS))
    levels_per_session: tuple[LevelLimit, ...] = ()
    rfa_prerequisite: RfaPrerequisite = RfaPrerequisite()
    repeat_injection: tuple[RepeatInjection, ...] = ()
    scs: Scs = Scs()
    conservative_treatment: tuple[ConservativeTreatment, ...] = ()
    covered_diagnoses: dict[Family, IcdList] = Field(default_factory=dict)

    # authorization and deadlines
    prior_auth: PriorAuth = PriorAuth()
    deadlines: Deadlines = Deadlines()

    @field_validator("multiple_procedure_reduction")
    @classmethod
    def _reduction_shape(cls, value: FractionList) -> FractionList:
        if not value:
            raise ValueError("list at least the first procedure's fraction (1.00)")
        return tuple(d.quantize(Decimal("0.01")) if d.as_tuple().exponent >= -2 else d for d in value)

    @field_validator("region_groups")
    @classmethod
    def _region_keys(cls, value: dict[str, str]) -> dict[str, str]:
        from painrcm.policy.families import SPINAL_REGIONS
        bad = sorted(set(value) - set(SPINAL_REGIONS))
        if bad:
            raise ValueError(f"unknown spinal region {bad[0]!r} (known: {', '.join(SPINAL_REGIONS)})")
        return {**_DEFAULT_REGION_GROUPS, **value}

    @model_validator(mode="after")
    def _dates_in_order(self) -> "PayerPolicy":
        if self.effective_to and self.effective_to < self.effective_from:
            raise ValueError("effective_to is before effective_from")
        return self

    def __hash__(self) -> int:  # dict fields are unhashable; id + version + date identify a file
        return hash((self.id, self.version, self.effective_from))

    # ---- questions the stages ask -------------------------------------------------------

    def bilateral_style(self, place_of_service: str | None) -> BilateralStyle:
        """How this payer wants bilateral work reported at a place of service."""
        return self.bilateral.style(place_of_service)

    @property
    def distinct_procedure_modifier(self) -> str:
        """``"59"`` or ``"X"`` (then use ``distinct_modifier(reason)`` for the XE/XP/XS/XU)."""
        return self.modifiers.distinct_procedure.value

    def distinct_modifier(self, reason: str | None = None) -> str:
        """The modifier to put on a distinct service: 59, or the X-modifier for the reason.

        ``reason`` is one of encounter, practitioner, structure, unusual; None picks the
        payer's first preference.
        """
        if self.modifiers.distinct_procedure.value == "59":
            return "59"
        if reason is not None and reason in _X_BY_REASON:
            return _X_BY_REASON[reason].value
        prefs = self.modifiers.x_preference or (XModifier.XS,)
        return prefs[0].value

    @property
    def wants_modifier_51(self) -> bool:
        return self.modifiers.modifier_51

    def reduction_fraction(self, rank: int) -> Decimal:
        """Fraction of the allowed amount paid for the procedure ranked ``rank`` (1 = highest);
        ranks past the list use its last value."""
        if rank < 1:
            raise ValueError("rank starts at 1")
        fractions = self.multiple_procedure_reduction
        return fractions[min(rank, len(fractions)) - 1]

    def counting_region(self, region: str | None) -> str | None:
        """The region under which sessions are counted (default: cervical_thoracic or lumbar_sacral)."""
        if region is None:
            return None
        return self.region_groups.get(region.lower(), region.lower())

    def frequency_limit(self, family: str, region: str | None = None) -> FrequencyLimit | None:
        """The frequency limit for a family (or code) in a region, most specific family first.

        ``region`` is a spinal region (``lumbar``) or a counting region (``lumbar_sacral``).
        """
        for fam in families_of(family):
            for limit in self.frequency_limits:
                if limit.family != fam:
                    continue
                if region is None or not limit.regions:
                    return limit
                wanted = self.counting_region(region)
                if any(r == region.lower() or self.counting_region(r) == wanted for r in limit.regions):
                    return limit
        return None

    def level_limit(self, family: str) -> LevelLimit | None:
        """The levels-per-session limit for a family or code, most specific family first."""
        for fam in families_of(family):
            for limit in self.levels_per_session:
                if limit.family == fam:
                    return limit
        return None

    def is_non_covered_level_code(self, code: str) -> bool:
        """True for an add-on level code the payer never covers (e.g. 64492/64495 under the LCD)."""
        return any(code.upper() in limit.non_covered_codes for limit in self.levels_per_session)

    @property
    def rfa_requirement(self) -> RfaPrerequisite:
        return self.rfa_prerequisite

    def conservative_treatment_weeks(self, family: str) -> int | None:
        for fam in families_of(family):
            for item in self.conservative_treatment:
                if item.family == fam:
                    return item.weeks
        return None

    def covered_diagnosis_prefixes(self, code_or_family: str) -> tuple[str, ...] | None:
        """ICD-10-CM prefixes that support a family (None: the payer lists none, no edit)."""
        for fam in families_of(code_or_family):
            if fam in self.covered_diagnoses:
                return self.covered_diagnoses[fam]
        return None

    def diagnosis_supports(self, code_or_family: str, icd10: str) -> bool | None:
        """True/False when the payer lists covered diagnoses for the family, else None.

        A prefix matches with or without its dot: ``M54.1`` covers ``M54.16``.
        """
        prefixes = self.covered_diagnosis_prefixes(code_or_family)
        if prefixes is None:
            return None
        dx = icd10.upper().replace(".", "")
        return any(dx.startswith(p.replace(".", "")) for p in prefixes)

    def requires_prior_auth(self, code_or_family: str, place_of_service: str | None = None,
                            state: str | None = None, on: date | None = None) -> bool:
        """True when a prior-auth rule covers the code or family at this place, state and date.

        A family asks about any of its codes (``esi`` is True when only transforaminal codes need
        auth). An unknown place of service, state or date (None) does not rule a rule out.
        """
        wanted = _targets(code_or_family)
        pos = str(place_of_service).zfill(2) if place_of_service is not None else None
        for rule in self.prior_auth.rules:
            if not wanted.intersection(rule.applies_to):
                continue
            if pos is not None and rule.places_of_service and pos not in rule.places_of_service:
                continue
            if state is not None and rule.states and state.upper() not in rule.states:
                continue
            if on is not None and rule.effective_from and on < rule.effective_from:
                continue
            if on is not None and rule.effective_to and on > rule.effective_to:
                continue
            return True
        return False

    def device_codes_reported(self, place_of_service: str) -> bool:
        """True when device HCPCS (C-codes) go on claims at this place of service."""
        return str(place_of_service).zfill(2) in self.device_codes.report_at_places_of_service

    def imaging_separately_billable(self, imaging_code: str, primary_code: str) -> bool | None:
        """A payer override for an imaging code billed with a primary code, or None (use NCCI/CPT)."""
        targets = _targets(primary_code)
        for override in self.imaging_bundling_overrides:
            if override.imaging_code == imaging_code.upper() and targets.intersection(override.with_codes):
                return override.separately_billable
        return None

    def required_modifiers(self, code: str, place_of_service: str | None = None,
                           condition: ModifierCondition | str | None = None) -> tuple[str, ...]:
        """Enabled required modifiers for a code (``when: always`` ones, plus those for ``condition``)."""
        targets = _targets(code)
        cond = ModifierCondition(condition) if condition is not None else None
        pos = str(place_of_service).zfill(2) if place_of_service is not None else None
        out: list[str] = []
        for item in self.modifiers.required:
            if not item.enabled or not targets.intersection(item.applies_to):
                continue
            if pos is not None and item.places_of_service and pos not in item.places_of_service:
                continue
            if item.when is ModifierCondition.ALWAYS or item.when is cond:
                out.append(item.modifier)
        return tuple(out)

    def payer(self, payer_id: str | None = None, x12_payer_id: str | None = None) -> Payer:
        """A domain ``Payer`` following this policy (first X12 payer id unless one is given)."""
        x12 = x12_payer_id or (self.x12_payer_ids[0] if self.x12_payer_ids else self.id.upper()[:10])
        return Payer(id=payer_id or self.id, name=self.name, plan_type=self.plan_type,
                     x12_payer_id=x12, policy_id=self.id)

    def active_on(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


def _targets(code_or_family: str) -> set[str]:
    """The code itself, its families, and (for a family) every child family and code."""
    key = code_or_family.strip()
    out = {key.upper(), key, *families_of(key)}
    if is_family(key):
        out.update(PARENT_FAMILIES.get(key, ()))
        out.update(codes_in(key))
    return out


__all__ = ["PayerPolicy", "RequiredModifier"]
