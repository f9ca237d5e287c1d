"""The remit and contracts commands, end to end on SQLite."""

from __future__ import annotations

import json
from decimal import Decimal

from typer.testing import CliRunner

from painrcm.cli.main import app
from painrcm.demo.faults import Faults
from painrcm.demo.simulator import simulate
from painrcm.remit.contracts import SHIPPED_DIR

runner = CliRunner()


def test_contracts_validate_ok_and_bad(tmp_path):
    ok = runner.invoke(app, ["contracts", "validate", str(SHIPPED_DIR)])
    assert ok.exit_code == 0 and ok.output.count("OK") == 5
    bad = tmp_path / "x.yaml"
    bad.write_text("payer: x\nname: X\neffective_from: 2026-01-01\nbasis: fee_schedule\n")
    from painrcm.cli.main import main  # noqa: F401 - error path goes through main() in real use
    res = runner.invoke(app, ["contracts", "validate", str(bad)])
    assert res.exit_code != 0 and "fee_schedule" in str(res.exception)


def test_post_variances_dispute(practice_db, claims, tmp_path, db_url):
    if not db_url.startswith("sqlite"):
        return  # the CLI path is the same on PostgreSQL; posting itself is tested on both
    sim = simulate(claims, seed=7, faults=Faults.default())
    era = tmp_path / "era"
    era.mkdir()
    for name, text in sim.x12_files.items():
        (era / name).write_text(text)
    posted = runner.invoke(app, ["remit", "post", str(era), "--db", db_url])
    assert posted.exit_code == 0, posted.output
    assert "payment(s) posted" in posted.output
    again = runner.invoke(app, ["remit", "post", str(era), "--db", db_url])
    assert "already posted" in again.output
    out = runner.invoke(app, ["remit", "variances", "--json", "--db", db_url])
    data = json.loads(out.output)
    assert Decimal(data["underpaid_total"]) == sim.injected_total
    only = json.loads(runner.invoke(app, ["remit", "variances", "--json", "--payer", "granite-mutual",
                                          "--db", db_url]).output)
    assert {v["payer"] for v in only["variances"]} == {"granite-mutual"}
    res = runner.invoke(app, ["remit", "dispute", "granite-mutual", "-o", str(tmp_path / "d"), "--db", db_url])
    assert res.exit_code == 0, res.output
    assert len(list((tmp_path / "d").iterdir())) == 3
    expected = sum(i.amount for i in sim.injected if i.payer_id == "granite-mutual")
    assert f"underpaid {expected:.2f}" in res.output


def test_disputes_listed(practice_db, claims, tmp_path, db_url):
    if not db_url.startswith("sqlite"):
        return
    sim = simulate(claims, seed=7, faults=Faults.only("imaging_underpaid"))
    era = tmp_path / "era"
    era.mkdir()
    for name, text in sim.x12_files.items():
        (era / name).write_text(text)
    assert runner.invoke(app, ["remit", "post", str(era), "--db", db_url]).exit_code == 0
    assert runner.invoke(app, ["remit", "dispute", "lakeshore-ppo", "-o", str(tmp_path / "d"),
                               "--db", db_url]).exit_code == 0
    listed = json.loads(runner.invoke(app, ["remit", "disputes", "--json", "--db", db_url]).output)
    assert [(d["payer"], d["status"], Decimal(d["underpaid"])) for d in listed] == [
        ("lakeshore-ppo", "open", sim.injected_total)]
