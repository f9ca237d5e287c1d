"""Create and upgrade the database schema with the Alembic migrations shipped in
the package (``store/migrations``); no ``alembic.ini`` is needed.

The Alembic configuration is built in code and handed the open connection
(``config.attributes["connection"]``), so the version table and every DDL land
where that connection points (e.g. the schema named by a PostgreSQL ``search_path``).
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

from painrcm.errors import InputError
from painrcm.store.config import database_url
from painrcm.store.engine import make_engine, safe_url

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(connection: Connection | None = None, url: str | None = None) -> Config:
    """An Alembic ``Config`` for the shipped migrations, bound to ``connection`` (or ``url``)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head() -> str:
    """The newest revision shipped with this version of painrcm."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


@contextmanager
def _connect(url: str | None, *, create_dir: bool = False) -> Iterator[Connection]:
    url = database_url(url)
    engine = make_engine(url)
    if create_dir and engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
        Path(engine.url.database).parent.mkdir(parents=True, exist_ok=True)
    try:
        with engine.begin() as connection:
            yield connection
    except (sa.exc.OperationalError, sa.exc.InterfaceError) as exc:
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(
            getattr(exc, "orig", exc)).strip() else type(exc).__name__
        raise InputError(f"cannot open database {safe_url(url)}: {reason}", field="--db") from None
    finally:
        engine.dispose()


def upgrade(url: str | None = None, revision: str = "head") -> str | None:
    """Bring the database at ``url`` to ``revision`` (creating it if new); safe to repeat.

    Returns the revision the database is at afterwards.
    """
    with _connect(url, create_dir=True) as connection:
        command.upgrade(alembic_config(connection), revision)
        return MigrationContext.configure(connection).get_current_revision()


def current(url: str | None = None) -> str | None:
    """The revision the database is at (``None`` for a database never initialised)."""
    with _connect(url) as connection:
        return MigrationContext.configure(connection).get_current_revision()


def is_current(url: str | None = None) -> bool:
    """True when the database is at the newest shipped revision."""
    return current(url) == head()


def open_engine(db: str | None = None, *, create: bool = False):
    """An engine on an initialised, up-to-date database, for commands and servers.

    ``create=True`` creates or upgrades it first (as ``painrcm init``); otherwise a
    missing, empty or older database is an ``InputError`` telling the user to run
    ``painrcm init`` / ``painrcm db upgrade`` instead of a traceback on the first query.
    """
    url = database_url(db)
    if create:
        upgrade(url)
    else:
        if url.startswith("sqlite:///") and not Path(url[len("sqlite:///"):]).exists():
            raise InputError(f"no database at {safe_url(url)}: run `painrcm init`", field="--db")
        revision = current(url)
        if revision is None:
            raise InputError(f"database {safe_url(url)} is not initialised: run `painrcm init`", field="--db")
        if revision != head():
            raise InputError(f"database {safe_url(url)} is at schema {revision}, this painrcm needs "
                             f"{head()}: run `painrcm db upgrade`", field="--db")
    return make_engine(url)
