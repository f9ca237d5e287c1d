"""``painrcm serve`` (the web application and JSON API) and ``painrcm users add``.

``serve`` opens an existing database (``painrcm demo`` or ``painrcm init`` first), creates a
first admin user when none exists and prints its password once, then runs uvicorn. The
application log carries route templates and status codes only (no PHI); uvicorn's own
access log, which would print raw paths and query strings, is off.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import List, Optional

import typer

from painrcm.cli.common import DbOption, console
from painrcm.errors import InputError


def _date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"not a date (YYYY-MM-DD): {value!r}", field="--as-of") from None


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve(host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on"),
              port: int = typer.Option(8000, "--port", help="Port to listen on"),
              db: Optional[str] = DbOption,
              as_of: Optional[str] = typer.Option(None, "--as-of",
                                                  help="Working day YYYY-MM-DD (default today; the demo's is 2026-11-20)"),
              session_minutes: int = typer.Option(480, "--session-minutes", help="Sign-in lifetime"),
              secure_cookies: bool = typer.Option(False, "--secure-cookies",
                                                  help="Mark cookies Secure (behind an https proxy)"),
              workers: int = typer.Option(1, "--workers", help="Worker processes (PostgreSQL; SQLite: 1)")) -> None:
        """Start the web application and JSON API (OpenAPI at /openapi.json)."""
        import uvicorn

        from painrcm.api.app import Settings, create_app
        from painrcm.api.auth_flow import ensure_first_admin
        from painrcm.store.config import database_url
        from painrcm.store.engine import safe_url, session_scope

        url = database_url(db)
        settings = Settings(db_url=url, as_of=_date(as_of), session_minutes=session_minutes,
                            secure_cookies=secure_cookies)
        try:
            application = create_app(settings)
        except InputError as exc:
            if "no database" in exc.message or "not initialised" in exc.message:
                raise InputError(f"{exc.message}; or run `painrcm demo` to build the demo practice first",
                                 field="--db") from None
            raise
        with session_scope(application.state.engine) as s:
            password = ensure_first_admin(s)
        if password:
            console.print(f"First admin user: [bold]admin@painrcm.local[/] password: [bold]{password}[/] "
                          "(shown once; change it by adding users with `painrcm users add`)", highlight=False)
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
        console.print(f"painrcm on http://{host}:{port}/ (database {safe_url(url)})", highlight=False)

        if workers <= 1:
            uvicorn.run(application, host=host, port=port, access_log=False, log_level="warning")
            return
        import os
        import secrets

        application.state.engine.dispose()
        os.environ.update(PAINRCM_DATABASE_URL=url, PAINRCM_SESSION_MINUTES=str(session_minutes),
                          PAINRCM_SECURE_COOKIES="1" if secure_cookies else "0",
                          PAINRCM_SECRET_KEY=os.environ.get("PAINRCM_SECRET_KEY") or secrets.token_hex(32))
        if as_of:
            os.environ["PAINRCM_AS_OF"] = as_of
        uvicorn.run("painrcm.api.app:app_from_env", factory=True, host=host, port=port, workers=workers,
                    access_log=False, log_level="warning")

    users = typer.Typer(help="Users of the web application.", no_args_is_help=True)
    app.add_typer(users, name="users")

    @users.command("add")
    def add(email: str = typer.Argument(..., help="E-mail (the log-in name)"),
            role: str = typer.Option(..., "--role", help="coder, biller, manager or admin"),
            practice: List[str] = typer.Option(..., "--practice", help="Practice id the user may see (repeat)"),
            name: Optional[str] = typer.Option(None, "--name", help="Display name"),
            db: Optional[str] = DbOption) -> None:
        """Add a user; a random password is printed once."""
        from painrcm.api.auth_flow import create_account
        from painrcm.store.engine import session_scope
        from painrcm.store.migrate import open_engine

        engine = open_engine(db)
        try:
            with session_scope(engine) as s:
                uid, password = create_account(s, email, role, practice, name)
        finally:
            engine.dispose()
        console.print(f"user {uid} {email.strip().lower()} ({role}) password: {password} (shown once)",
                      highlight=False, markup=False)
