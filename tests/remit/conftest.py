"""Fixtures of the remit tests: a migrated database holding the synthetic practice's claims."""

from __future__ import annotations

from datetime import date

import pytest

from remit_factories import practice_claims


@pytest.fixture
def remit_engine(db_url):
    from painrcm.store import migrate
    from painrcm.store.engine import make_engine

    migrate.upgrade(db_url)
    eng = make_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def claims():
    return practice_claims()


@pytest.fixture
def practice_db(remit_engine, claims):
    """The demo practice, its five payers, one patient per claim and the claims (submitted)."""
    from painrcm.demo.practice import payers, practice
    from painrcm.domain.parties import Patient
    from painrcm.store.engine import session_scope
    from painrcm.store.repositories import claims as claim_repo, parties

    with session_scope(remit_engine) as s:
        parties.save_payers(s, payers())
        parties.save_practice(s, practice())
        parties.save_patients(s, [Patient(c.patient_id, "riverside", c.patient_name.last, c.patient_name.first,
                                          date(1950, 1, 1), "F") for c in claims])
        claim_repo.save_claims(s, claims, status="submitted")
    return remit_engine
