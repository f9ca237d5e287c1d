"""A small synthetic practice in a fresh database, its 835 files, and table counts.

Used by the crash-safety, concurrency and export tests (SQLite file and, when
``PAINRCM_TEST_DATABASE_URL`` is set, a PostgreSQL schema of its own).
"""

from __future__ import annotations

import os
import uuid
from contextlib import contextmanager
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa

from painrcm.claims.model import Claim, ClaimLine, Party, PersonName, Subscriber

PG_URL = os.environ.get("PAINRCM_TEST_DATABASE_URL")
PRACTICE = "riverside"
SHAPES = [
    ("11", [("99214", ("25",), "300.00"), ("64483", ("RT",), "555.00"), ("64484", ("RT",), "250.00")]),
    ("11", [("64493", ("50",), "810.00"), ("64494", ("50",), "420.00")]),
    ("11", [("64635", ("RT",), "985.00"), ("64636", ("RT",), "530.00")]),
    ("22", [("62323", (), "580.00"), ("20553", (), "140.00")]),
]
# tables whose counts show how far posting got
POSTING_TABLES = ("edi_files", "remittances", "claim_payments", "line_payments", "remit_adjustments",
                  "provider_adjustments", "work_items", "audit_log")


def make_claims(n: int) -> list[Claim]:
    from painrcm.demo.practice import payers, practice
    billing_npi = practice().npi
    billing = Party(PersonName("RIVERSIDE INTERVENTIONAL PAIN"), npi=billing_npi, tax_id="842917365",
                    is_organization=True)
    plist = payers()
    out = []
    for i in range(1, n + 1):
        payer = plist[i % len(plist)]
        pos, lines = SHAPES[i % len(SHAPES)]
        pt = PersonName(f"PATIENT{i}", "TEST")
        sub = Subscriber(f"M{i:08d}", pt, date(1950, 1, 1), "F", plan_type_code="CI")
        out.append(Claim(
            claim_id=f"CLM{i:06d}", practice_id=PRACTICE, payer_id=payer.id, payer_name=payer.name,
            x12_payer_id=payer.x12_payer_id, billing_provider=billing, subscriber=sub, patient_id=f"PT{i}",
            patient_name=pt, patient_birth_date=date(1950, 1, 1), patient_sex="F",
            service_date=date(2026, 3, 2) + timedelta(days=i % 20), place_of_service=pos, diagnoses=("M5416",),
            lines=tuple(ClaimLine(c, Decimal(ch), Decimal(1), m) for c, m, ch in lines)))
    return out


def setup_practice(url: str, claims: list[Claim]) -> None:
    """Migrate ``url`` and store the demo practice, its payers, patients and submitted claims."""
    from painrcm.demo.practice import payers, practice
    from painrcm.domain.parties import Patient
    from painrcm.store import migrate
    from painrcm.store.engine import make_engine, session_scope
    from painrcm.store.repositories import claims as claim_repo, parties

    migrate.upgrade(url)
    engine = make_engine(url)
    try:
        with session_scope(engine) as s:
            parties.save_payers(s, payers())
            parties.save_practice(s, practice())
            parties.save_patients(s, [Patient(c.patient_id, PRACTICE, c.patient_name.last, c.patient_name.first,
                                              date(1950, 1, 1), "F") for c in claims])
            claim_repo.save_claims(s, claims, status="submitted")
    finally:
        engine.dispose()


def write_eras(claims: list[Claim], folder: Path, seed: int = 7) -> list[Path]:
    from painrcm.demo.faults import Faults
    from painrcm.demo.simulator import simulate

    sim = simulate(claims, seed=seed, faults=Faults.default())
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in sim.x12_files.items():
        (folder / name).write_text(text)
    return sorted(folder.iterdir())


def counts(url: str) -> tuple:
    """Row counts of the posting tables plus the claim status histogram."""
    from painrcm.store.engine import make_engine
    engine = make_engine(url)
    try:
        with engine.connect() as c:
            n = tuple(c.execute(sa.text(f"SELECT COUNT(*) FROM {t}")).scalar() for t in POSTING_TABLES)
            statuses = tuple(sorted(c.execute(sa.text("SELECT status, COUNT(*) FROM claims GROUP BY status")).all()))
    finally:
        engine.dispose()
    return n + (tuple(tuple(s) for s in statuses),)


@contextmanager
def pg_schema_url():
    """A fresh PostgreSQL schema (dropped afterwards) as a URL; skips without a server."""
    import pytest
    if not PG_URL:
        pytest.skip("PAINRCM_TEST_DATABASE_URL not set: no PostgreSQL server for this run")
    from painrcm.store.config import database_url
    base = database_url(PG_URL)
    schema = f"h_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()
