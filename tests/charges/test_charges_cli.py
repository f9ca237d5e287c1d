"""``painrcm schedule``, ``charges`` and ``feeschedule`` on a database (SQLite; PostgreSQL when configured)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from painrcm.claims.builder import SimpleLine, build_claim
from painrcm.cli.main import app
from painrcm.demo.charges import demo_charge_master
from painrcm.demo.generate import generate_practice
from painrcm.demo.schedule import demo_charge_overrides, demo_incident_to, demo_schedule
from painrcm.domain.parties import CoverageRank, VisitType

runner = CliRunner()


def run(*args):
    from painrcm.errors import PainRCMError

    result = runner.invoke(app, list(args))
    if isinstance(result.exception, PainRCMError):
        return 2, str(result.exception)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def schedule_csv(appts) -> str:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["id", "date", "time", "patient", "provider", "place_of_service", "location", "visit_type",
                "status", "payer", "encounter", "reason"])
    for a in appts:
        w.writerow([a.id, a.date_of_service.isoformat(), a.start.isoformat() if a.start else "", a.patient_id,
                    a.provider_npi, a.place_of_service, a.location or "",
                    "new_problem" if a.new_problem else a.visit_type.value, a.status.value, a.payer_id or "",
                    a.encounter_id or "", a.no_charge_reason or ""])
    return out.getvalue()


@pytest.fixture
def demo_db(db_url, tmp_path):
    from painrcm.store.engine import session_scope
    from painrcm.store.migrate import open_engine
    from painrcm.store.repositories import parties
    from painrcm.store.repositories.claims import save_claims
    from painrcm.store.repositories.coding import save_coding

    d = generate_practice(3, encounters=60)
    billed_as = demo_incident_to(d)
    encounters = [billed_as.get(e.id, e) for e in d.encounters]
    cm = demo_charge_master(overrides=demo_charge_overrides())
    pat = {p.id: p for p in d.patients}
    pay = {p.id: p for p in d.payers}
    prov = {p.npi: p for p in d.providers}
    prim = {c.patient_id: c for c in d.coverages if c.rank is CoverageRank.PRIMARY}
    claims = []
    engine = open_engine(db_url, create=True)
    with session_scope(engine) as s:
        parties.save_practice(s, d.practice)
        parties.save_providers(s, d.providers, d.practice.id)
        parties.save_payers(s, d.payers)
        parties.save_patients(s, d.patients)
        parties.save_coverages(s, d.practice.id, d.coverages)
        parties.save_encounters(s, encounters)
        for n, e in enumerate(encounters):
            code = "64483" if e.visit_type is VisitType.PROCEDURE else "99213"
            save_coding(s, d.practice.id, e.id, {"status": "ready", "lines": [
                {"code": code, "modifiers": [], "units": 1, "diagnoses": ["M54.16"]}]})
            if n == 5:
                continue  # coded, never billed
            claims.append(build_claim(
                claim_id=f"C{n:04d}", practice=d.practice, payer=pay[prim[e.patient_id].payer_id],
                patient=pat[e.patient_id], coverage=prim[e.patient_id], encounter=e, rendering=prov[e.rendering_npi],
                lines=[SimpleLine(code, diagnoses=("M54.16",))], charge_master=cm))
        save_claims(s, claims)
    engine.dispose()
    sched = tmp_path / "schedule.csv"
    sched.write_text(schedule_csv(demo_schedule(d)))
    cmf = tmp_path / "charges.csv"
    from painrcm.claims.charge_master_io import charge_master_to_csv
    cmf.write_text(charge_master_to_csv(cm))
    return db_url, d, sched, cmf


def test_schedule_import_then_missing_charges(demo_db):
    db, d, sched, _ = demo_db
    code, out = run("schedule", "import", str(sched), "--db", db, "--json")
    assert code == 0, out
    data = json.loads(out)
    assert data["errors"] == [] and data["saved"] == data["rows"] == len(d.encounters) + 7
    last = max(e.date_of_service for e in d.encounters)
    code, out = run("charges", "missing", "--db", db, "--as-of", last.isoformat(), "--json", "--all")
    assert code == 0, out
    data = json.loads(out)
    stages = sorted((g["appointment_id"], g["stage"]) for g in data["gaps"])
    uncharged = [a for a, s in stages if s == "no_encounter"]
    assert len(uncharged) == 4 and all(a.startswith("appt-uncharged") for a in uncharged)
    assert [s for a, s in stages if s == "coded_unbilled"] == ["coded_unbilled"]
    assert any(g["at_risk"] for g in data["gaps"])  # the 70-day-old visit for a 90-day payer
    code, out = run("charges", "missing", "--db", db, "--as-of", last.isoformat())
    assert code == 0 and "Missing charges" in out
    # importing again updates instead of duplicating
    code, out = run("schedule", "import", str(sched), "--db", db, "--json")
    assert json.loads(out)["saved"] == len(d.encounters) + 7


def test_schedule_import_bad_rows(demo_db, tmp_path):
    db, d, sched, _ = demo_db
    lines = sched.read_text().splitlines()
    bad = lines[0] + "\n" + lines[1] + "\n" + lines[2].replace(",11,", ",1x,").replace(",24,", ",2x,").replace(
        ",22,", ",2x,") + "\n"
    f = tmp_path / "bad.csv"
    f.write_text(bad)
    code, out = run("schedule", "import", str(f), "--db", db, "--strict", "--json")
    assert code == 1 or code == 2
    assert json.loads(out)["saved"] == 0 and json.loads(out)["errors"][0]["row"] == 3
    code, out = run("schedule", "import", str(f), "--db", db, "--json")
    assert json.loads(out)["saved"] == 1
    code, out = run("schedule", "import", str(tmp_path / "nope.csv"), "--db", db)
    assert code == 2 and "file not found" in out


def test_lag_providers_pos(demo_db):
    db, d, sched, _ = demo_db
    run("schedule", "import", str(sched), "--db", db)
    code, out = run("charges", "lag", "--db", db, "--json")
    assert code == 0
    stats = json.loads(out)
    assert {s["provider_npi"] for s in stats} <= {p.npi for p in d.providers} and stats[0]["charges"] > 0
    code, out = run("charges", "providers", "--db", db, "--json")
    assert code == 0
    issues = json.loads(out)
    assert [i["kind"] for i in issues if i["encounter_id"] in demo_incident_to(d)] == ["incident_to_conditions"]
    code, out = run("charges", "pos", "--db", db, "--json")
    assert code == 0 and json.loads(out) == []


def test_feeschedule_import_and_check(demo_db):
    db, d, _, cmf = demo_db
    code, out = run("feeschedule", "check", "--db", db)
    assert code == 2 and "feeschedule import" in out
    code, out = run("feeschedule", "import", str(cmf), "--db", db)
    assert code == 0, out
    from painrcm.remit.contracts import SHIPPED_DIR
    code, out = run("feeschedule", "check", "--db", db, "--as-of", "2026-10-31", "--contracts", str(SHIPPED_DIR),
                    "--json")
    assert code == 0, out
    data = json.loads(out)
    assert sorted(g["code"] for g in data["below_allowable"]) == ["64483", "99213"]
    assert all(g["volume_12_months"] > 0 for g in data["below_allowable"])
    # a CSV alone (no database): Medicare only
    code, out = run("feeschedule", "check", "--charge-master", str(cmf), "--as-of", "2026-10-31", "--json",
                    "--locality", "15202-00")
    assert code == 0 and {g["code"] for g in json.loads(out)["below_allowable"]} == {"64483", "99213"}


def test_no_database_is_one_line_error(tmp_path):
    code, out = run("charges", "missing", "--db", str(tmp_path / "none.db"))
    assert code == 2 and "painrcm init" in out
