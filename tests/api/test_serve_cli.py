"""``painrcm serve`` and ``painrcm users add``."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

from painrcm.cli.main import app
from painrcm.errors import InputError

runner = CliRunner()


def _db_with_practice(db_url: str) -> None:
    from painrcm.demo.practice import practice as demo_practice
    from painrcm.store import migrate
    from painrcm.store.engine import make_engine, session_scope
    from painrcm.store.repositories.parties import save_practice

    migrate.upgrade(db_url)
    engine = make_engine(db_url)
    with session_scope(engine) as s:
        save_practice(s, demo_practice())
    engine.dispose()


def test_serve_without_a_database_says_what_to_run(tmp_path):
    result = runner.invoke(app, ["serve", "--db", str(tmp_path / "missing.db")])
    assert isinstance(result.exception, InputError)
    assert "painrcm demo" in str(result.exception)


def test_users_add(db_url):
    _db_with_practice(db_url)
    result = runner.invoke(app, ["users", "add", "Ana@Billing.example", "--role", "biller", "--practice", "riverside",
                                 "--db", db_url])
    assert result.exit_code == 0, result.output
    assert re.search(r"ana@billing\.example \(biller\) password: \S{12,}", result.output)
    result = runner.invoke(app, ["users", "add", "x@y.org", "--role", "boss", "--practice", "riverside", "--db", db_url])
    assert isinstance(result.exception, InputError) and "role" in str(result.exception)
    result = runner.invoke(app, ["users", "add", "x@y.org", "--role", "coder", "--practice", "nope", "--db", db_url])
    assert isinstance(result.exception, InputError) and "practice" in str(result.exception)


def test_serve_starts_prints_the_first_admin_once_and_stops(tmp_path):
    import httpx

    db = f"sqlite:///{tmp_path / 'serve.db'}"
    _db_with_practice(db)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "painrcm.cli.main", "serve", "--db", db, "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        status = None
        while time.monotonic() < deadline:
            try:
                status = httpx.get(f"http://127.0.0.1:{port}/login", timeout=2).status_code
                break
            except httpx.HTTPError:
                time.sleep(0.3)
        assert status == 200
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=30)
    match = re.search(r"admin@painrcm\.local password: (\S+)", out)
    assert match, out
    from painrcm.api.security import verify_password
    from painrcm.store.engine import make_engine, session_scope
    from painrcm.store.repositories.work import find_user

    engine = make_engine(db)
    with session_scope(engine) as s:
        user = find_user(s, "admin@painrcm.local")
        assert user.role == "admin" and verify_password(user.password_hash, match.group(1))
    engine.dispose()


@pytest.mark.parametrize("bad", ["2026-13-01", "tomorrow"])
def test_serve_rejects_a_bad_as_of(tmp_path, bad):
    db = f"sqlite:///{tmp_path / 'serve.db'}"
    _db_with_practice(db)
    result = runner.invoke(app, ["serve", "--db", db, "--as-of", bad])
    assert isinstance(result.exception, InputError)
