"""``painrcm init`` and ``painrcm db upgrade|current``: create and upgrade the database."""

from __future__ import annotations

from typing import Optional

import typer

from painrcm.cli.common import DbOption, console


def _where(url: str) -> str:
    from painrcm.store.engine import safe_url

    if url.startswith("sqlite:///"):
        return url[len("sqlite:///"):] + " (SQLite)"
    return safe_url(url)


def _revision_before(url: str) -> str | None:
    """The schema revision now, without creating an SQLite file that is not there yet."""
    from pathlib import Path

    from painrcm.store import migrate

    if url.startswith("sqlite:///") and not Path(url[len("sqlite:///"):]).exists():
        return None
    return migrate.current(url)


def register(app: typer.Typer) -> None:
    db_app = typer.Typer(name="db", help="Database schema: upgrade, current revision.",
                         no_args_is_help=True)

    @app.command("init")
    def init(db: Optional[str] = DbOption) -> None:
        """Create the database (or bring it up to date) and say where it is."""
        from painrcm.store import migrate
        from painrcm.store.config import database_url

        url = database_url(db)
        before = _revision_before(url)
        revision = migrate.upgrade(url)
        action = "up to date" if before == revision else "ready"
        console.print(f"Database {action}: {_where(url)} (schema {revision})", highlight=False)

    @db_app.command("upgrade")
    def upgrade(db: Optional[str] = DbOption,
                revision: str = typer.Option("head", help="Target revision (default: newest).")) -> None:
        """Apply the migrations the database does not have yet."""
        from painrcm.store import migrate
        from painrcm.store.config import database_url

        url = database_url(db)
        before = _revision_before(url)
        after = migrate.upgrade(url, revision)
        console.print(f"{_where(url)}: schema {before or 'empty'} -> {after}" if before != after
                      else f"{_where(url)}: schema {after} (nothing to do)", highlight=False)

    @db_app.command("current")
    def current(db: Optional[str] = DbOption) -> None:
        """Print the schema revision of the database and whether it is the newest."""
        from painrcm.store import migrate
        from painrcm.store.config import database_url

        url = database_url(db)
        if url.startswith("sqlite:///"):
            from pathlib import Path

            if not Path(url[len("sqlite:///"):]).exists():
                from painrcm.errors import NotFound

                raise NotFound(f"no database at {_where(url)}: run `painrcm init`")
        revision = migrate.current(url)
        head = migrate.head()
        state = ("not initialised: run `painrcm init`" if revision is None
                 else "newest" if revision == head else f"behind (newest is {head}): run `painrcm db upgrade`")
        console.print(f"{_where(url)}: schema {revision or '-'} ({state})", highlight=False)

    app.add_typer(db_app)
