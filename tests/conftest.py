"""Shared fixtures.

``db_url`` runs a test once on embedded SQLite and once on PostgreSQL when
``PAINRCM_TEST_DATABASE_URL`` is set (``.ci/run`` sets it when a local server
answers). Each PostgreSQL test gets its own schema, dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
PG_URL = os.environ.get("PAINRCM_TEST_DATABASE_URL")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'painrcm-test.db'}"
        return
    if not PG_URL:
        pytest.skip("PAINRCM_TEST_DATABASE_URL not set: no PostgreSQL server for this run")
    import sqlalchemy as sa

    from painrcm.store.config import database_url

    base = database_url(PG_URL)
    schema = f"t_{uuid.uuid4().hex[:12]}"
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


@pytest.fixture
def shared_dir():
    """``../shared`` (reference data and samples); tests that need it skip without it."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the repository")
    return SHARED
