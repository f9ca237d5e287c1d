"""Fixtures of the API tests: one seeded demo database per test module and backend.

Seeding (the demo practice with 200 encounters, posted 835s, a second practice, one user
per role) takes seconds, so it is done once per module: SQLite copies a file seeded once
per session; PostgreSQL (when ``PAINRCM_TEST_DATABASE_URL`` is set, as ``db_url`` in
tests/conftest.py does it) seeds a fresh schema, dropped afterwards.
"""

from __future__ import annotations

import os
import shutil
import uuid
from datetime import date

import pytest

AS_OF = date(2026, 11, 20)
PG_URL = os.environ.get("PAINRCM_TEST_DATABASE_URL")


@pytest.fixture(scope="session")
def sqlite_seed(tmp_path_factory):
    from painrcm.api.demo_seed import seed

    folder = tmp_path_factory.mktemp("web-seed")
    return seed(f"sqlite:///{folder / 'seed.db'}", folder / "work", encounters=200), folder / "seed.db"


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def seeded(request, sqlite_seed, tmp_path_factory):
    import dataclasses

    if request.param == "sqlite":
        info, path = sqlite_seed
        copy = tmp_path_factory.mktemp("web-db") / "web.db"
        shutil.copy(path, copy)
        yield dataclasses.replace(info, db_url=f"sqlite:///{copy}")
        return
    if not PG_URL:
        pytest.skip("PAINRCM_TEST_DATABASE_URL not set: no PostgreSQL server for this run")
    import sqlalchemy as sa

    from painrcm.api.demo_seed import seed
    from painrcm.store.config import database_url

    base = database_url(PG_URL)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base else "?"
    try:
        yield seed(f"{base}{sep}options=-csearch_path%3D{schema}", tmp_path_factory.mktemp("web-pg"),
                   encounters=200)
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="module")
def app(seeded):
    from painrcm.api.app import Settings, create_app

    application = create_app(Settings(db_url=seeded.db_url, as_of=AS_OF, secret_key="t" * 32))
    yield application
    application.state.work_cache.close()
    application.state.engine.dispose()


@pytest.fixture(scope="module")
def clients(app, seeded):
    """A signed-in client per role, the outsider (other practice's admin) and an anonymous one."""
    from fastapi.testclient import TestClient

    from painrcm.api.demo_seed import OUTSIDER, password_of
    from web_api_helpers import sign_in

    out = {role: sign_in(app, email, password_of(role)) for role, email in seeded.users.items()}
    out["outsider"] = sign_in(app, OUTSIDER, password_of("outsider"))
    out["anonymous"] = TestClient(app)
    return out
