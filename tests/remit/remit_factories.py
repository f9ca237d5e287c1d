"""A small synthetic practice for the remit tests: claims to the five demo payers (no real data)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from painrcm.claims.model import Claim, ClaimLine, Party, PersonName, Subscriber
from painrcm.domain.npi import npi_check_digit

D = Decimal
NPI = "199000001" + npi_check_digit("199000001")
BILLING = Party(PersonName("RIVERSIDE INTERVENTIONAL PAIN"), npi=NPI, tax_id="842917365", is_organization=True)
PAYERS = {  # id: (name, x12 id, SBR09)
    "medicare": ("Medicare Part B (demo MAC)", "DMC01", "MB"),
    "medicare-advantage": ("Heartland Medicare Advantage", "DHMA2", "16"),
    "summit-health": ("Summit Health Plan", "DSUM3", "CI"),
    "lakeshore-ppo": ("Lakeshore PPO", "DLAK4", "CI"),
    "granite-mutual": ("Granite Mutual Insurance", "DGRA5", "CI"),
}
# claim shapes: (place of service, lines as (code, modifiers, units, charge))
SHAPES = [
    ("11", [("99214", ("25",), 1, "300.00"), ("64483", ("RT",), 1, "555.00"), ("64484", ("RT",), 1, "250.00")]),
    ("11", [("64493", ("50",), 1, "810.00"), ("64494", ("50",), 1, "420.00")]),
    ("11", [("64635", ("RT",), 1, "985.00"), ("64636", ("RT",), 1, "530.00"), ("27096", ("RT",), 1, "375.00")]),
    ("11", [("64510", ("LT",), 1, "330.00"), ("77003", (), 1, "235.00")]),
    ("11", [("20610", ("RT",), 1, "155.00"), ("77002", (), 1, "260.00"), ("99213", ("25",), 1, "215.00")]),
    ("22", [("62323", (), 1, "580.00"), ("20553", (), 1, "140.00")]),
]


def make_claim(i: int, payer_id: str, shape: int, dos: date = date(2026, 3, 2)) -> Claim:
    pos, lines = SHAPES[shape]
    name, x12, sbr09 = PAYERS[payer_id]
    pt = PersonName(f"PATIENT{i}", "TEST")
    sub = Subscriber(f"M{i:08d}", pt, date(1950, 1, 1), "F", plan_type_code=sbr09)
    return Claim(claim_id=f"CLM{i:06d}", practice_id="riverside", payer_id=payer_id, payer_name=name,
                 x12_payer_id=x12, billing_provider=BILLING, subscriber=sub, patient_id=f"PT{i}", patient_name=pt,
                 patient_birth_date=date(1950, 1, 1), patient_sex="F", service_date=dos + timedelta(days=i % 20),
                 place_of_service=pos, diagnoses=("M5416",),
                 lines=tuple(ClaimLine(c, D(ch), D(u), m) for c, m, u, ch in lines))


def practice_claims(per_payer_shape: int = 2) -> list[Claim]:
    out = []
    i = 0
    for payer in PAYERS:
        for shape in range(len(SHAPES)):
            for _ in range(per_payer_shape):
                i += 1
                out.append(make_claim(i, payer, shape))
    return out
