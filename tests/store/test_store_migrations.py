"""Migrations: upgrade works on both engines, repeats harmlessly, and matches the models."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from painrcm.store import migrate
from painrcm.store.engine import make_engine
from painrcm.store.models import Base


def test_upgrade_is_idempotent_and_current(db_url):
    assert migrate.current(db_url) is None
    assert migrate.upgrade(db_url) == migrate.head()
    assert migrate.upgrade(db_url) == migrate.head()
    assert migrate.current(db_url) == migrate.head()
    assert migrate.is_current(db_url)


def test_all_tables_created(db_url):
    migrate.upgrade(db_url)
    engine = make_engine(db_url)
    try:
        names = set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()
    assert set(Base.metadata.tables) | {"alembic_version"} <= names


def test_models_and_migrations_agree(db_url):
    migrate.upgrade(db_url)
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True,
                                                             "compare_server_default": True})
            diffs = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    assert diffs == []


def test_every_practice_table_is_indexed_by_practice():
    shared = {"practices", "payers", "users", "audit_log"}
    for table in Base.metadata.sorted_tables:
        if table.name in shared:
            continue
        assert "practice_id" in table.c, table.name
        leading = {idx.columns[0].name for idx in table.indexes}
        leading |= {list(c.columns)[0].name for c in table.constraints
                    if isinstance(c, (sa.PrimaryKeyConstraint, sa.UniqueConstraint)) and c.columns}
        assert "practice_id" in leading, table.name


def test_sqlite_pragmas(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'p.db'}")
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() > 0
    finally:
        engine.dispose()


def test_open_engine_checks_the_schema(db_url, tmp_path):
    import pytest

    from painrcm.errors import InputError

    with pytest.raises(InputError, match="painrcm init"):
        migrate.open_engine(str(tmp_path / "missing.db"))
    if db_url.startswith("sqlite"):
        make_engine(db_url).dispose()
    with pytest.raises(InputError, match="painrcm init"):
        migrate.open_engine(db_url)
    engine = migrate.open_engine(db_url, create=True)
    engine.dispose()
    engine = migrate.open_engine(db_url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM practices").scalar() == 0
    engine.dispose()
