"""The fictional demo practice: Riverside Interventional Pain, its three clinicians and five payers.

Names, addresses, tax id and X12 payer ids are invented; NPIs are made valid with the real check
digit (``painrcm.domain.npi.npi_check_digit``) so the claims the demo writes pass NPI edits.
Payer ids equal the shipped payer policy ids (``src/painrcm/policy/payers/<id>.yaml``).

>>> p = practice()
>>> p.name, len(providers()), [x.policy_id for x in payers()][:2]
('Riverside Interventional Pain', 3, ['medicare', 'medicare-advantage'])
"""

from __future__ import annotations

from painrcm.domain.npi import npi_check_digit
from painrcm.domain.parties import Address, Payer, PlanType, Practice, Provider

PRACTICE_ID = "riverside"


def fake_npi(body: str) -> str:
    """A check-digit-valid NPI from nine digits (starting with 1 or 2).

    >>> fake_npi("100000001")
    '1000000012'
    """
    return body + npi_check_digit(body)


def practice() -> Practice:
    addr = Address("1200 Riverside Parkway", "Millbrook", "OH", "43999", line2="Suite 300")
    return Practice(id=PRACTICE_ID, name="Riverside Interventional Pain", npi=fake_npi("199000001"),
                    tax_id="84-2917365", address=addr, phone="555-0142", mpfs_locality="15202-00",
                    pay_to_address=Address("PO Box 4410", "Millbrook", "OH", "43999"))


def providers() -> tuple[Provider, ...]:
    return (
        Provider(npi=fake_npi("199000102"), last_name="Marsh", first_name="Elena", credential="MD",
                 taxonomy="208VP0014X", practice_id=PRACTICE_ID, id="prov-marsh"),
        Provider(npi=fake_npi("199000203"), last_name="Okoye", first_name="Samuel", credential="DO",
                 taxonomy="207LP2900X", practice_id=PRACTICE_ID, id="prov-okoye"),
        Provider(npi=fake_npi("199000304"), last_name="Nandakumar", first_name="Priya", credential="NP",
                 taxonomy="363L00000X", practice_id=PRACTICE_ID, id="prov-nandakumar"),
    )


def payers() -> tuple[Payer, ...]:
    return (
        Payer("medicare", "Medicare Part B (demo MAC)", PlanType.MEDICARE, "DMC01", "medicare",
              Address("PO Box 7000", "Capital City", "OH", "43998")),
        Payer("medicare-advantage", "Heartland Medicare Advantage", PlanType.MEDICARE_ADVANTAGE, "DHMA2",
              "medicare-advantage", Address("PO Box 7100", "Capital City", "OH", "43998")),
        Payer("summit-health", "Summit Health Plan", PlanType.COMMERCIAL, "DSUM3", "summit-health",
              Address("PO Box 7200", "Summit", "OH", "43997")),
        Payer("lakeshore-ppo", "Lakeshore PPO", PlanType.COMMERCIAL, "DLAK4", "lakeshore-ppo",
              Address("PO Box 7300", "Lakeshore", "OH", "43996")),
        Payer("granite-mutual", "Granite Mutual Insurance", PlanType.COMMERCIAL, "DGRA5", "granite-mutual",
              Address("PO Box 7400", "Granite Falls", "OH", "43995")),
    )


#: note-style preferences per provider id: (style, weight)
STYLE_PREFERENCES = {
    "prov-marsh": {"ehr": 55, "dictation": 20, "narrative": 15, "terse": 10},
    "prov-okoye": {"dictation": 55, "terse": 25, "ehr": 15, "narrative": 5},
    "prov-nandakumar": {"terse": 40, "ehr": 35, "narrative": 25},
}
