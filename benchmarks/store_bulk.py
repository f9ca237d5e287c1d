"""Store and reload N encounters and claims (default 2,000), as the demo does.

    .venv/bin/python benchmarks/store_bulk.py [--n 2000] [--db URL_OR_FILE]

Without --db it uses a fresh SQLite file in a temporary directory.
"""

from __future__ import annotations

import argparse
import dataclasses
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from painrcm.claims.model import Claim, ClaimLine, Party, PersonName, Subscriber
from painrcm.domain.npi import npi_check_digit
from painrcm.domain.parties import (Address, ClinicalNote, Encounter, Patient, Payer, PlanType, Practice,
                                    Provider)
from painrcm.store import migrate
from painrcm.store.engine import make_engine, session_scope
from painrcm.store.repositories import claims, parties

NOTE = "Right L4-5 transforaminal epidural steroid injection under fluoroscopy. " * 30


def npi(body: str) -> str:
    return body + npi_check_digit(body)


def build(n: int):
    pid = "bench"
    addr = Address("1 Main St", "Austin", "TX", "78701")
    practice = Practice(pid, "Bench Pain", npi("123456789"), "741234567", addr)
    payer = Payer("bench-mcr", "Medicare", PlanType.MEDICARE, "04412", "medicare")
    prov = Provider(npi("198765432"), "Nguyen", "Ann", practice_id=pid)
    patients = [Patient(f"pt{i}", pid, "Doe", f"P{i}", date(1950, 1, 1) + timedelta(days=i), "F", addr)
                for i in range(n // 2)]
    encounters, claim_list = [], []
    billing = Party(PersonName("Bench Pain"), npi=practice.npi, tax_id="741234567", address=addr,
                    is_organization=True)
    for i in range(n):
        pt = patients[i % len(patients)]
        dos = date(2025, 1, 1) + timedelta(days=i % 300)
        encounters.append(Encounter(f"e{i}", pid, pt.id, dos, "11", prov.npi, payer.id,
                                    notes=(ClinicalNote(f"e{i}-n", NOTE),)))
        claim_list.append(Claim(
            claim_id=f"C{i:06d}", practice_id=pid, payer_id=payer.id, payer_name=payer.name,
            x12_payer_id=payer.x12_payer_id, billing_provider=billing,
            subscriber=Subscriber(f"M{i}", PersonName("Doe", pt.first_name)), patient_id=pt.id,
            patient_name=PersonName("Doe", pt.first_name), patient_birth_date=pt.birth_date, patient_sex="F",
            service_date=dos, place_of_service="11", diagnoses=("M5416", "G8929"), encounter_id=f"e{i}",
            lines=(ClaimLine("64483", Decimal("850.00"), modifiers=("RT",)),
                   ClaimLine("64484", Decimal("400.00"), units=Decimal(2), modifiers=("RT",)),
                   ClaimLine("99214", Decimal("210.00"), modifiers=("25",)))))
    return practice, payer, prov, patients, encounters, claim_list


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--db")
    args = ap.parse_args()
    tmp = tempfile.TemporaryDirectory()
    url = args.db or str(Path(tmp.name) / "bench.db")
    practice, payer, prov, patients, encounters, claim_list = build(args.n)
    t0 = time.perf_counter()
    migrate.upgrade(url)
    t1 = time.perf_counter()
    engine = make_engine(url)
    with session_scope(engine) as s:
        parties.save_payers(s, [payer])
        parties.save_practice(s, practice)
        parties.save_providers(s, [prov])
        parties.save_patients(s, patients)
        parties.save_encounters(s, encounters)
        claims.save_claims(s, claim_list)
    t2 = time.perf_counter()
    with session_scope(engine) as s:
        loaded = claims.load_claims(s, practice.id)
        loaded_enc = parties.load_encounters(s, practice.id)
    t3 = time.perf_counter()
    assert loaded == sorted(claim_list, key=lambda c: (c.service_date, c.claim_id))
    assert len(loaded_enc) == len(encounters)
    resaved = [dataclasses.replace(c, note="resubmitted") for c in claim_list]
    with session_scope(engine) as s:
        claims.save_claims(s, resaved)
    t4 = time.perf_counter()
    engine.dispose()
    print(f"{engine.dialect.name}: n={args.n} migrate {t1 - t0:.2f}s, "
          f"save {len(patients)} patients + {args.n} encounters + {args.n} claims ({3 * args.n} lines) {t2 - t1:.2f}s, "
          f"load all claims + encounters {t3 - t2:.2f}s, re-save all claims {t4 - t3:.2f}s")


if __name__ == "__main__":
    main()
