"""Fixtures of the store tests: a migrated database and a small synthetic practice."""

from __future__ import annotations

import pytest

from store_factories import make_encounter, make_patient, make_payer, make_practice, make_provider


@pytest.fixture
def engine(db_url):
    from painrcm.store import migrate
    from painrcm.store.engine import make_engine

    migrate.upgrade(db_url)
    eng = make_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def practice_data(engine):
    """Two practices with a payer, provider, patient and encounter each (committed)."""
    from painrcm.store.engine import session_scope
    from painrcm.store.repositories import parties

    with session_scope(engine) as s:
        parties.save_payers(s, [make_payer()])
        for pid in ("spine-austin", "pain-dallas"):
            parties.save_practice(s, make_practice(pid))
            parties.save_providers(s, [make_provider(pid)])
            parties.save_patients(s, [make_patient(pid)])
            parties.save_encounters(s, [make_encounter(pid)])
    return engine
