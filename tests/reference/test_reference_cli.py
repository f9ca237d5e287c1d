"""``painrcm codes show`` / ``codes list``."""

from __future__ import annotations

import json
import sys

import pytest
from typer.testing import CliRunner

from painrcm.cli import main as cli_main
from painrcm.errors import NotFound

runner = CliRunner()


def test_show_addon_with_mue_and_bilateral():
    result = runner.invoke(cli_main.app, ["codes", "show", "64484"])
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert "report with 64483" in out
    assert "MUE 4 (MAI 3" in out
    assert "bilateral indicator 1" in out


def test_show_json():
    result = runner.invoke(cli_main.app, ["codes", "show", "64484", "--json"])
    data = json.loads(result.output)
    assert data["primaries"] == ["64483"] and data["mue"] == 4
    assert data["bilateral_indicator"] == "1"
    data = json.loads(runner.invoke(cli_main.app, ["codes", "show", "64483", "--json"]).output)
    assert data["addons"] == ["64484"]


def test_show_deleted():
    result = runner.invoke(cli_main.app, ["codes", "show", "95973"])
    out = " ".join(result.output.split())
    assert result.exit_code == 0
    assert "DELETED" in out and "2018-12-31" in out and "2019-01-01" in out


def test_unknown_code_is_not_found():
    result = runner.invoke(cli_main.app, ["codes", "show", "12345"])
    assert isinstance(result.exception, NotFound)


def test_unknown_code_exits_2(monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["painrcm", "codes", "show", "12345"])
    with pytest.raises(SystemExit) as exit_info:
        cli_main.main()
    assert exit_info.value.code == 2
    assert "12345" in capsys.readouterr().err


def test_list_family():
    result = runner.invoke(cli_main.app, ["codes", "list", "--family", "cpm", "--json"])
    assert [c["code"] for c in json.loads(result.output)] == ["G3002", "G3003"]
    result = runner.invoke(cli_main.app, ["codes", "list", "--family", "nope"])
    assert isinstance(result.exception, NotFound)


def test_edit_pair():
    result = runner.invoke(cli_main.app, ["codes", "edit", "77003", "64483"])
    out = " ".join(result.output.split())
    assert result.exit_code == 0 and "77003 is bundled into 64483" in out
    data = json.loads(runner.invoke(cli_main.app, ["codes", "edit", "64483", "62323",
                                                   "--json"]).output)
    assert data["column1"] == "62323" and data["modifier_allowed"] is True
    result = runner.invoke(cli_main.app, ["codes", "edit", "64483", "64493"])
    assert "no NCCI PTP edit" in " ".join(result.output.split())


def test_price_and_icd():
    result = runner.invoke(cli_main.app, ["codes", "price", "64483"])
    assert "$236.13" in result.output
    result = runner.invoke(cli_main.app, ["codes", "price", "77003", "-m", "26", "--facility"])
    assert "$27.17" in result.output
    result = runner.invoke(cli_main.app, ["codes", "icd", "M54.4"])
    assert "NOT billable" in result.output and "M54.41" in result.output
    result = runner.invoke(cli_main.app, ["codes", "icd", "M99.999"])
    assert isinstance(result.exception, NotFound)
