"""``painrcm audit`` and ``painrcm report monthly`` on the demo exports."""

from __future__ import annotations

import subprocess
import sys

from typer.testing import CliRunner

from painrcm.cli.main import app

runner = CliRunner()


def test_audit_command(demo_exports, tmp_path):
    out = tmp_path / "audit"
    res = runner.invoke(app, ["audit", str(demo_exports.path), "-o", str(out), "--no-pdf", "--as-of", "2026-11-20"])
    assert res.exit_code == 0, res.output
    assert "Underpayments against the contract" in res.output
    assert (out / "audit.html").exists() and (out / "audit.xlsx").exists()
    assert (out / "audit-underpayment.csv").exists()


def test_monthly_command(demo_exports, tmp_path):
    out = tmp_path / "monthly"
    res = runner.invoke(app, ["report", "monthly", "--month", "2026-09", str(demo_exports.path), "-o", str(out),
                              "--no-pdf"])
    assert res.exit_code == 0, res.output
    html = (out / "monthly-2026-09.html").read_text()
    assert "E/M distribution" in html and "Payments by payer" in html


def test_user_errors_are_one_line():
    for args in (["audit", "/no/such/folder"], ["report", "monthly", "--month", "2026-13x", "/tmp"]):
        res = subprocess.run([sys.executable, "-m", "painrcm.cli.main", *args], capture_output=True, text=True)
        assert res.returncode == 2, res.stderr
        assert "Traceback" not in res.stderr and len(res.stderr.strip().splitlines()) == 1
