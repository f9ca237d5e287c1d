"""Benchmark: reconcile 100,000 appointments against encounters, coding and claims.

    .venv/bin/python benchmarks/bench_charges.py [--appointments 100000]

Builds a synthetic year (fictional ids, valid NPIs): every appointment completed except 3 %
no-shows/cancellations; 96 % of seen visits have an encounter, 94 % of those are coded and 93 % of
those billed. Times ``painrcm.claims.reconcile.reconcile`` (the acceptance target is < 10 s for
100,000 appointments), then the schedule CSV import of the same appointments and the charge lag.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from painrcm.claims.model import Claim, ClaimLine, Party, PersonName, Subscriber  # noqa: E402
from painrcm.claims.reconcile import charge_events, charge_lag, reconcile  # noqa: E402
from painrcm.claims.schedule import Appointment, AppointmentStatus, read_schedule_csv  # noqa: E402
from painrcm.demo.practice import fake_npi  # noqa: E402
from painrcm.domain.parties import ClinicalNote, Encounter, VisitType  # noqa: E402

NPIS = [fake_npi(f"19900{i:04d}") for i in range(1, 9)]


def build(n: int, seed: int = 1):
    rng = random.Random(seed)
    start = date(2025, 11, 1)
    appts, encs, coding, claims, entered = [], [], {}, [], {}
    party = Party(PersonName("Group"), npi=fake_npi("199000001"), tax_id="1", is_organization=True)
    sub = Subscriber("M1", PersonName("Doe", "Pat"))
    line = (ClaimLine("99213", Decimal("150.00")),)
    for i in range(n):
        day = start + timedelta(days=rng.randrange(365))
        npi = NPIS[i % len(NPIS)]
        pid = f"PT{rng.randrange(n // 4):06d}"
        roll = rng.random()
        status = (AppointmentStatus.NO_SHOW if roll < 0.02 else AppointmentStatus.CANCELLED if roll < 0.03
                  else AppointmentStatus.COMPLETED)
        appts.append(Appointment(f"A{i:07d}", "P", pid, npi, day, "11", VisitType.ESTABLISHED, status,
                                 payer_id="medicare"))
        if not status.seen or rng.random() < 0.04:
            continue
        eid = f"E{i:07d}"
        encs.append(Encounter(eid, "P", pid, day, "11", npi, "medicare", VisitType.ESTABLISHED,
                              (ClinicalNote(f"N{i}", "", author_npi=npi),)))
        if rng.random() < 0.06:
            continue
        coding[eid] = 1
        if rng.random() < 0.07:
            continue
        cid = f"C{i:07d}"
        claims.append(Claim(cid, "P", "medicare", "Medicare", "X", party, sub, pid, PersonName("Doe", "Pat"),
                            date(1960, 1, 1), "F", day, "11", ("M5416",), line,
                            rendering_provider=Party(PersonName("X"), npi=npi), encounter_id=eid))
        entered[cid] = day + timedelta(days=rng.randrange(1, 12))
    return appts, encs, coding, claims, entered


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--appointments", type=int, default=100_000)
    args = ap.parse_args()
    t0 = time.perf_counter()
    appts, encs, coding, claims, entered = build(args.appointments)
    t1 = time.perf_counter()
    result = reconcile(appts, encs, coding, claims, as_of=date(2026, 11, 1), filing_days={"medicare": 365})
    t2 = time.perf_counter()
    stats = charge_lag(charge_events(claims, entered))
    t3 = time.perf_counter()
    header = "id,date,time,patient,provider,place_of_service,visit_type,status\n"
    text = header + "".join(f"{a.id},{a.date_of_service.isoformat()},09:00,{a.patient_id},{a.provider_npi},11,"
                            f"established,{a.status.value}\n" for a in appts)
    t4 = time.perf_counter()
    imported = read_schedule_csv(text, practice_id="P")
    t5 = time.perf_counter()
    print(f"built {len(appts):,} appointments, {len(encs):,} encounters, {len(claims):,} claims in {t1 - t0:.2f} s")
    print(f"reconcile: {t2 - t1:.2f} s ({result.seen:,} seen, {result.billed:,} billed, "
          f"{len(result.missing):,} missing, {len(result.coded_unbilled):,} coded-unbilled)")
    print(f"charge lag ({len(stats)} providers): {t3 - t2:.2f} s")
    print(f"schedule CSV import of {len(imported.appointments):,} rows: {t5 - t4:.2f} s")


if __name__ == "__main__":
    main()
