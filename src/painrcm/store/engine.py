"""Engines and sessions.

``make_engine`` opens embedded SQLite or PostgreSQL (psycopg 3) from a URL or a
file name (``store.config.database_url`` decides). On SQLite every connection turns
on foreign keys, WAL journaling (readers never wait for the writer) and a busy
timeout, and SQLAlchemy, not the ``sqlite3`` module, emits ``BEGIN``: the stdlib
module's own transaction handling skips ``BEGIN`` before DDL and ``SAVEPOINT``,
which would break transactional migrations and nested transactions.

>>> engine = make_engine("sqlite://")
>>> with session_scope(engine) as session:
...     session.execute(sa.text("PRAGMA foreign_keys")).scalar()
1
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from painrcm.errors import Conflict, InputError
from painrcm.store.config import database_url

SQLITE_BUSY_TIMEOUT_MS = 15_000


def safe_url(url: str) -> str:
    """The URL with its password hidden, for messages.

    >>> safe_url("postgresql+psycopg://u:secret@db/x")
    'postgresql+psycopg://u:***@db/x'
    """
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return "<unreadable database URL>"


def make_engine(url: str | None = None, **kwargs) -> Engine:
    """An engine for ``url`` (URL or SQLite file; default ``$PAINRCM_DATABASE_URL`` or ``painrcm.db``)."""
    url = database_url(url)
    try:
        parsed = sa.engine.make_url(url)
    except sa.exc.ArgumentError:
        raise InputError(f"not a database URL or file: {safe_url(url)}", field="--db") from None
    if parsed.get_backend_name() not in {"sqlite", "postgresql"}:
        raise InputError(f"unsupported database {parsed.get_backend_name()!r} (use SQLite or PostgreSQL)",
                         field="--db")
    try:
        engine = sa.create_engine(parsed, **kwargs)
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError, ImportError) as exc:
        raise InputError(f"cannot use database {safe_url(url)}: {exc}", field="--db") from None
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    return engine


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN (see module doc)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN")


def make_session(engine: Engine) -> Session:
    return Session(engine, expire_on_commit=False)


def write_conflict(exc: BaseException) -> Conflict | None:
    """A ``Conflict`` when ``exc`` says a concurrent writer got there first, else ``None``.

    Unique-key violations (the same 835 or file posted by two workers at once),
    SQLite's "database is locked" (a writer's snapshot went stale) and PostgreSQL
    serialization failures and deadlocks. The message names the constraint only,
    never the values (no patient data, no SQL).

    >>> write_conflict(ValueError("x")) is None
    True
    """
    if isinstance(exc, StaleDataError):  # an ORM update of a claim whose version moved on
        return Conflict("the record was changed by someone else since it was read: reload it and try again")
    if not isinstance(exc, sa.exc.DBAPIError):
        return None
    orig = exc.orig
    text = str(orig)
    state = getattr(orig, "sqlstate", None)
    if state == "23505" or "UNIQUE constraint failed" in text:
        diag = getattr(orig, "diag", None)
        what = getattr(diag, "constraint_name", None) or text.split(":", 1)[-1].strip().split("\n")[0]
        return Conflict(f"the record is already saved (unique key {what}), e.g. by another worker at the "
                        "same time: nothing was saved; run again (what is already saved is skipped)")
    if state in ("40001", "40P01") or "database is locked" in text:
        return Conflict("another worker was writing the same data at the same time: nothing was saved; "
                        "run again (what is already saved is skipped)")
    return None


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session that commits when the block ends and rolls back if it raises.

    A concurrent-write failure (see ``write_conflict``) becomes a typed ``Conflict``.
    """
    session = make_session(engine)
    try:
        yield session
        session.commit()
    except (sa.exc.DBAPIError, StaleDataError) as exc:
        session.rollback()
        conflict = write_conflict(exc)
        if conflict is not None:
            raise conflict from None
        raise
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
