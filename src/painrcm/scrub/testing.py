"""Small claim builders for tests, doctests and the benchmark (no I/O, no randomness).

>>> c = make_claim("C1", date(2026, 2, 3), [line("64483", "RT"), line("64484", "RT")])
>>> [l.code for l in c.lines], c.subscriber.member_id
(['64483', '64484'], 'M1')
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from painrcm.claims.model import Claim, ClaimLine, Party, PersonName, Subscriber
from painrcm.domain.parties import Address

BILLING_NPI = "1234567893"
RENDERING_NPI = "1245319599"


def line(code: str, *modifiers: str, units: int | str = 1, charge: str = "100.00",
         pointers: tuple[int, ...] = (1,), service_date: date | None = None) -> ClaimLine:
    """A claim line: ``line("64483", "RT")``."""
    return ClaimLine(code=code, charge=Decimal(charge), units=Decimal(units), modifiers=tuple(modifiers),
                     diagnosis_pointers=pointers, service_date=service_date)


def make_claim(claim_id: str, service_date: date, lines: list[ClaimLine], *,
               diagnoses: tuple[str, ...] = ("M5416",), member_id: str = "M1",
               payer_id: str = "medicare", x12_payer_id: str = "15202", pos: str = "11",
               birth_date: date = date(1960, 1, 1), prior_authorization: str | None = None,
               rendering_npi: str | None = RENDERING_NPI, state: str = "PA",
               frequency_code: str = "1") -> Claim:
    """A complete professional claim around the given lines (fictional parties)."""
    address = Address("1 Main St", "Pittsburgh", state, "15213")
    return Claim(
        claim_id=claim_id, practice_id="P1", payer_id=payer_id, payer_name=payer_id.title(),
        x12_payer_id=x12_payer_id,
        billing_provider=Party(PersonName("Spine Pain Associates"), npi=BILLING_NPI, tax_id="123456789",
                               address=address, is_organization=True),
        subscriber=Subscriber(member_id=member_id, name=PersonName("Doe", "Pat"), birth_date=birth_date,
                              sex="F", address=address),
        patient_id=f"PT-{member_id}", patient_name=PersonName("Doe", "Pat"),
        patient_birth_date=birth_date, patient_sex="F", service_date=service_date,
        place_of_service=pos, diagnoses=diagnoses, lines=tuple(lines),
        rendering_provider=(Party(PersonName("Smith", "Ann"), npi=rendering_npi)
                            if rendering_npi else None),
        prior_authorization=prior_authorization, frequency_code=frequency_code,
    )
