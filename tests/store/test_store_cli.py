"""``painrcm init`` / ``painrcm db``: create, upgrade, report; clear errors for bad URLs."""

from __future__ import annotations

import subprocess
import sys

from typer.testing import CliRunner

from painrcm.cli.main import app
from painrcm.errors import InputError
from painrcm.store import migrate

runner = CliRunner()


def test_init_creates_and_reports(db_url):
    result = runner.invoke(app, ["init", "--db", db_url])
    assert result.exit_code == 0, result.output
    assert "ready" in result.output and migrate.head() in result.output
    again = runner.invoke(app, ["init", "--db", db_url])
    assert "up to date" in again.output
    current = runner.invoke(app, ["db", "current", "--db", db_url])
    assert "newest" in current.output
    upgrade = runner.invoke(app, ["db", "upgrade", "--db", db_url])
    assert upgrade.exit_code == 0 and "nothing to do" in upgrade.output


def test_init_takes_a_file_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PAINRCM_DATABASE_URL", raising=False)
    result = runner.invoke(app, ["init", "--db", "data/practice.db"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "data" / "practice.db").exists()
    assert migrate.current(str(tmp_path / "data" / "practice.db")) == migrate.head()


def test_bad_database_is_an_input_error(tmp_path):
    for db in ("mysql://u@h/d", "postgresql://nobody@127.0.0.1:1/none"):
        result = runner.invoke(app, ["init", "--db", db])
        assert isinstance(result.exception, InputError), db
    result = runner.invoke(app, ["db", "current", "--db", str(tmp_path / "missing.db")])
    assert result.exception is not None and "painrcm init" in str(result.exception)


def test_unreachable_server_one_line_no_traceback():
    proc = subprocess.run([sys.executable, "-m", "painrcm.cli.main", "init", "--db",
                           "postgresql://u:secret@127.0.0.1:1/none"], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "secret" not in proc.stderr
    assert "cannot open database" in proc.stderr
