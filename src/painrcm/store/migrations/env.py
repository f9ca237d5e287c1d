"""Alembic environment of painrcm (run through ``painrcm.store.migrate``).

Uses the connection handed over in ``config.attributes["connection"]`` when there
is one (so DDL lands in that connection's schema), else opens ``sqlalchemy.url``.
Money and timestamp columns are written into migrations as plain SQLAlchemy types.
"""

from __future__ import annotations

from alembic import context

from painrcm.store.models import Base
from painrcm.store.types import Amount, UTCDateTime

config = context.config
target_metadata = Base.metadata


def render_item(type_, obj, autogen_context):
    if type_ == "type" and isinstance(obj, Amount):
        return f"sa.Numeric(precision={obj.impl.precision}, scale={obj.impl.scale})"
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _options(connection=None) -> dict:
    return dict(
        target_metadata=target_metadata,
        compare_type=True,
        render_item=render_item,
        render_as_batch=connection is None or connection.dialect.name == "sqlite",
    )


def run_offline() -> None:
    context.configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True,
                      **_options())
    with context.begin_transaction():
        context.run_migrations()


def _run(connection) -> None:
    context.configure(connection=connection, **_options(connection))
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from painrcm.store.engine import make_engine

    engine = make_engine(config.get_main_option("sqlalchemy.url"))
    try:
        with engine.begin() as connection:
            _run(connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
