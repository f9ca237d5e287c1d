"""``painrcm payers list/show/validate``."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from painrcm.cli.main import app
from painrcm.errors import NotFound

runner = CliRunner()


def test_list():
    result = runner.invoke(app, ["payers", "list"])
    assert result.exit_code == 0, result.output
    assert "medicare" in result.output and "lakeshore-ppo" in result.output


def test_validate_shipped_ok():
    result = runner.invoke(app, ["payers", "validate"])
    assert result.exit_code == 0, result.output
    assert "ERROR" not in result.output and "OK" in result.output


def test_validate_reports_every_file(tmp_path):
    (tmp_path / "good.yaml").write_text(
        "id: good\nname: Good\nplan_type: commercial\nversion: '1'\neffective_from: 2026-01-01\n")
    (tmp_path / "bad.yaml").write_text(
        "id: bad\nname: Bad\nplan_type: commercial\nversion: '1'\neffective_from: 2026-01-01\n"
        "bilateral:\n  by_place_of_service:\n    24: two_lines\n")
    (tmp_path / "broken.yaml").write_text("id: [broken\n")
    result = runner.invoke(app, ["payers", "validate", str(tmp_path)])
    assert result.exit_code == 2
    out = " ".join(result.output.split())
    assert "OK" in out and "good.yaml" in out
    assert "bilateral.by_place_of_service.24" in out and "line 8" in out
    assert "broken.yaml" in out and "YAML syntax error" in out
    assert "1 of 3 payer files valid" in out


def test_validate_single_file(tmp_path):
    path = tmp_path / "solo.yaml"
    path.write_text("")
    result = runner.invoke(app, ["payers", "validate", str(path)])
    assert result.exit_code == 2 and "empty" in result.output


def test_show_table_and_json():
    result = runner.invoke(app, ["payers", "show", "granite-mutual"])
    assert result.exit_code == 0, result.output
    assert "modifier_50_two_units" in result.output and "77003" in result.output
    result = runner.invoke(app, ["payers", "show", "medicare", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["deadlines"]["timely_filing_days"] == 365
    assert data["rfa_prerequisite"]["relief_threshold_pct"] == 80


def test_show_unknown_is_a_user_error():
    result = runner.invoke(app, ["payers", "show", "nope"])
    assert isinstance(result.exception, NotFound)
    assert "medicare" in str(result.exception)


def test_schema():
    result = runner.invoke(app, ["payers", "schema"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert "bilateral" in schema["properties"] and "id" in schema["required"]
