"""Turn an encounter's coded lines into a claim.

The builder is pure: given the practice, payer, patient, coverage, rendering
provider, the coded lines and the charge master, it returns a ``Claim`` with
diagnosis pointers, per-line charges and the subscriber loop the 837P needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Iterable, Protocol, Sequence

from painrcm.claims.charges import ChargeMaster
from painrcm.claims.model import (MAX_DIAGNOSES, Claim, ClaimLine, OtherPayer, Party, PersonName,
                                  Subscriber)
from painrcm.domain.money import money
from painrcm.domain.parties import (Coverage, CoverageRank, Encounter, Patient, Payer, PlanType,
                                    Practice, Provider)

# SBR09 claim filing indicator by plan type (X12 5010 code list)
CLAIM_FILING_INDICATOR = {
    PlanType.MEDICARE: "MB",
    PlanType.MEDICARE_ADVANTAGE: "16",  # HMO Medicare risk
    PlanType.MEDICAID: "MC",
    PlanType.COMMERCIAL: "CI",
    PlanType.WORKERS_COMP: "WC",
}
RANK_CODE = {CoverageRank.PRIMARY: "P", CoverageRank.SECONDARY: "S", CoverageRank.TERTIARY: "T"}


class CodedLine(Protocol):
    code: str
    modifiers: Sequence[str]
    units: int | Decimal
    diagnoses: Sequence[str]


@dataclass(frozen=True, slots=True)
class SimpleLine:
    """A coded line when no coder result is at hand (tests, imports)."""

    code: str
    modifiers: tuple[str, ...] = ()
    units: int = 1
    diagnoses: tuple[str, ...] = ()


def x12_diagnosis(code: str) -> str:
    """ICD-10-CM as X12 HI wants it: no dot, upper case.

    >>> x12_diagnosis("m54.16")
    'M5416'
    """
    return code.replace(".", "").strip().upper()


def practice_party(practice: Practice) -> Party:
    return Party(name=PersonName(practice.name), npi=practice.npi, tax_id=practice.tax_id,
                 taxonomy=practice.taxonomy, address=practice.address, is_organization=True)


def provider_party(provider: Provider) -> Party:
    return Party(name=PersonName(provider.last_name, provider.first_name), npi=provider.npi,
                 taxonomy=provider.taxonomy)


def subscriber_for(patient: Patient, coverage: Coverage, payer: Payer) -> Subscriber:
    if coverage.relationship == "18":
        name = PersonName(patient.last_name, patient.first_name)
        birth, sex, address = patient.birth_date, patient.sex, patient.address
    else:
        name = PersonName(coverage.subscriber_last_name or patient.last_name, coverage.subscriber_first_name)
        birth, sex, address = coverage.subscriber_birth_date, coverage.subscriber_sex, patient.address
    return Subscriber(member_id=coverage.member_id, name=name, birth_date=birth, sex=sex, address=address,
                      group_number=coverage.group_number, relationship=coverage.relationship,
                      payer_responsibility=RANK_CODE[coverage.rank],
                      plan_type_code=CLAIM_FILING_INDICATOR[payer.plan_type])


def line_charge(charge_master: ChargeMaster, code: str, modifiers: Sequence[str], units: Decimal,
                day: date) -> Decimal:
    """Charge for a line: unit charge x units, doubled for a one-line bilateral (modifier 50, 1 unit)."""
    base = charge_master.charge(code, day, "26" if "26" in modifiers else None)
    factor = units
    if "50" in modifiers and units == 1:
        factor = Decimal(2)
    return money(base * factor)


def _diagnosis_list(lines: Iterable[CodedLine], extra: Sequence[str]) -> list[str]:
    seen: list[str] = []
    for dx in [d for line in lines for d in line.diagnoses] + list(extra):
        code = x12_diagnosis(dx)
        if code and code not in seen:
            seen.append(code)
    return seen[:MAX_DIAGNOSES]


def build_claim(*, claim_id: str, practice: Practice, payer: Payer, patient: Patient, coverage: Coverage,
                encounter: Encounter, rendering: Provider, lines: Sequence[CodedLine],
                charge_master: ChargeMaster, diagnoses: Sequence[str] = (),
                prior_authorization: str | None = None, other_payers: tuple[OtherPayer, ...] = (),
                billing_under: Provider | None = None) -> Claim:
    """Build the claim for one encounter. ``diagnoses`` adds codes no line points to."""
    dx = _diagnosis_list(lines, diagnoses)
    if not dx:
        raise ValueError(f"claim {claim_id}: no diagnosis")
    claim_lines = []
    for line in lines:
        units = Decimal(line.units)
        pointers = tuple(dict.fromkeys(
            dx.index(x12_diagnosis(d)) + 1 for d in line.diagnoses if x12_diagnosis(d) in dx))[:4] or (1,)
        claim_lines.append(ClaimLine(
            code=line.code, modifiers=tuple(line.modifiers), units=units,
            charge=line_charge(charge_master, line.code, line.modifiers, units, encounter.date_of_service),
            diagnosis_pointers=pointers))
    rendering_party = provider_party(billing_under or rendering)
    return Claim(
        claim_id=claim_id, practice_id=practice.id, payer_id=payer.id, payer_name=payer.name,
        x12_payer_id=payer.x12_payer_id, billing_provider=practice_party(practice),
        subscriber=subscriber_for(patient, coverage, payer), patient_id=patient.id,
        patient_name=PersonName(patient.last_name, patient.first_name),
        patient_birth_date=patient.birth_date, patient_sex=patient.sex, patient_address=patient.address,
        service_date=encounter.date_of_service, place_of_service=encounter.place_of_service,
        diagnoses=tuple(dx), lines=tuple(claim_lines), rendering_provider=rendering_party,
        pay_to_address=practice.pay_to_address, prior_authorization=prior_authorization,
        other_payers=other_payers, encounter_id=encounter.id)
