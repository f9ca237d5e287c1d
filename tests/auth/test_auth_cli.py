"""``painrcm auth``, ``painrcm credentials`` and ``painrcm calendar`` from CSV files and from a database."""

import json
import subprocess
import sys
from datetime import timedelta

import icalendar
import pytest
from typer.testing import CliRunner

from painrcm.cli.main import app
from painrcm.errors import InputError, NotFound

runner = CliRunner()

AUTHS = ("number,patient_id,payer_id,start_date,end_date,status,codes,levels,side,units,units_used\n"
         "A1,pt-1,lakeshore-ppo,2026-01-01,2026-03-20,approved,64635 64636,L4-5 L5-S1,bilateral,1,0\n"
         "A2,pt-2,medicare,2026-01-01,2026-02-10,approved,64483,L5-S1,right,3,1\n")
CREDS = ("type,provider_npi,payer_id,status,kind,number,expires_on,state\n"
         "credential,1234567893,,,dea,BM123,2026-05-01,\n"
         "credential,1234567893,,,state_license,OH-1,2027-05-01,OH\n"
         "enrollment,1234567893,medicare,active,,,,\n"
         "enrollment,1234567893,lakeshore-ppo,pending,,,,\n")


@pytest.fixture
def files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no ./painrcm.db here
    (tmp_path / "auths.csv").write_text(AUTHS)
    (tmp_path / "creds.csv").write_text(CREDS)
    return tmp_path


def test_check_json(files):
    r = runner.invoke(app, ["auth", "check", "--payer", "medicare", "--codes", "64483", "--levels", "L5-S1",
                            "--side", "right", "--pos", "11", "--dos", "2026-03-02", "--state", "tx", "--json"])
    assert r.exit_code == 0, r.output
    j = json.loads(r.output)
    assert j["needs_auth"] is True and j["rules"][0]["program"] == "WISeR" and j["frequency"][0]["remaining"] == 4


def test_check_text_lists_the_package(files):
    r = runner.invoke(app, ["auth", "check", "--payer", "lakeshore-ppo", "--codes", "64635", "--levels",
                            "L4-5,L5-S1", "--side", "bilateral", "--pos", "24", "--dos", "2026-03-02"])
    assert r.exit_code == 0 and "REQUIRED" in r.output and "diagnostic medial branch block" in r.output


def test_due_from_csv(files):
    r = runner.invoke(app, ["auth", "due", "--within", "21d", "--as-of", "2026-03-01", "--auths", "auths.csv",
                            "--json"])
    assert r.exit_code == 0, r.output
    assert [(x["kind"], x["reference"], x["day"]) for x in json.loads(r.output)] == [
        ("auth_lapsed", "A2", "2026-02-10"), ("auth_renewal", "A1", "2026-02-27"), ("auth_end", "A1", "2026-03-20")]


def test_credentials_due_and_enrollment_gap_from_csv(files):
    r = runner.invoke(app, ["credentials", "due", "--within", "120d", "--as-of", "2026-02-01", "--credentials",
                            "creds.csv", "--json"])
    j = json.loads(r.output)
    assert [(c["kind"], c["days_left"]) for c in j["credentials"]] == [("dea", 89)]
    assert j["enrollment_gaps"] == [{"provider_npi": "1234567893", "payer_id": "lakeshore-ppo",
                                     "reason": "enrollment pending"}]


def test_calendar_from_csv(files):
    r = runner.invoke(app, ["calendar", "-o", "out.ics", "--auths", "auths.csv", "--credentials", "creds.csv",
                            "--as-of", "2026-02-01"])
    assert r.exit_code == 0, r.output
    events = icalendar.Calendar.from_ical((files / "out.ics").read_bytes()).walk("VEVENT")
    assert len(events) == 8 and all(e["DTSTART"].params.get("VALUE") == "DATE" for e in events)


@pytest.mark.parametrize("args, field", [
    (["auth", "due", "--within", "soon", "--auths", "auths.csv"], "--within"),
    (["auth", "check", "--payer", "medicare", "--codes", "64483", "--dos", "03/02/2026"], "--dos"),
    (["auth", "check", "--payer", "medicare", "--codes", "64483", "--dos", "2026-03-02", "--side", "both"], "--side"),
    (["auth", "due"], "--db"),
])
def test_user_errors_name_the_field(files, args, field):
    r = runner.invoke(app, args)
    assert isinstance(r.exception, (InputError, NotFound)) and r.exception.field == field


def test_bad_import_row_exits_2_with_one_line(files):
    (files / "bad.csv").write_text(AUTHS + "A3,pt-3,medicare,2026-01-01,2026-13-01,approved,64483,,,,\n")
    p = subprocess.run([sys.executable, "-m", "painrcm.cli.main", "auth", "import", "bad.csv", "--db",
                        str(files / "none.db")], capture_output=True, text=True, cwd=files)
    assert p.returncode == 2 and "Traceback" not in p.stderr
    assert "bad.csv, row 4, field end_date: not a date" in " ".join(p.stderr.split())


@pytest.fixture
def demo_db(tmp_path, monkeypatch):
    """A migrated SQLite database holding a small demo practice."""
    from painrcm.demo.generate import generate_practice
    from painrcm.demo.seed import seed_demo
    from painrcm.store import migrate
    from painrcm.store.engine import make_engine, session_scope

    monkeypatch.chdir(tmp_path)
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    migrate.upgrade(url)
    demo = generate_practice(7, encounters=300)
    engine = make_engine(url)
    with session_scope(engine) as s:
        seed_demo(s, demo)
    engine.dispose()
    return url, demo


def test_import_due_and_package_through_the_database(demo_db, tmp_path):
    from painrcm.demo.auths import demo_authorizations, demo_credentials, demo_enrollments, demo_today

    url, demo = demo_db
    today = demo_today(demo)
    auths = demo_authorizations(demo)
    cols = "number,patient_id,payer_id,start_date,end_date,status,codes,family,levels,side,units,units_used,purpose\n"
    rows = [",".join([a.number, a.patient_id, a.payer_id, a.start_date.isoformat(), a.end_date.isoformat(),
                      a.status.value, " ".join(a.codes), a.family or "", " ".join(a.levels), a.side or "",
                      "" if a.units is None else str(a.units), str(a.units_used), a.purpose or ""]) for a in auths]
    (tmp_path / "demo-auths.csv").write_text(cols + "\n".join(rows) + "\n")
    r = runner.invoke(app, ["auth", "import", "demo-auths.csv", "--db", url])
    assert r.exit_code == 0, r.output
    assert f"imported {len(auths)} authorization(s)" in r.output

    creds = ["type,provider_npi,payer_id,status,kind,number,expires_on,state"]
    creds += [f"credential,{c.provider_npi},,,{c.kind.value},{c.number},{c.expires_on.isoformat()},{c.state or ''}"
              for c in demo_credentials(demo)]
    creds += [f"enrollment,{e.provider_npi},{e.payer_id},{e.status.value},,,," for e in demo_enrollments(demo)]
    creds.append("credential,1234,,,dea,X,2027-01-01,")  # rejected row, others kept
    (tmp_path / "demo-creds.csv").write_text("\n".join(creds) + "\n")
    r = runner.invoke(app, ["credentials", "import", "demo-creds.csv", "--db", url])
    assert r.exit_code == 2 and "imported 14 credential(s) and 15 enrollment(s)" in r.output

    r = runner.invoke(app, ["auth", "due", "--within", "21d", "--as-of", today.isoformat(), "--db", url, "--json"])
    kinds = {x["kind"] for x in json.loads(r.output)}
    assert "auth_renewal" in kinds

    r = runner.invoke(app, ["credentials", "due", "--within", "120d", "--as-of", today.isoformat(), "--db", url,
                            "--json"])
    j = json.loads(r.output)
    assert [c["kind"] for c in j["credentials"]] == ["dea"]
    assert len(j["enrollment_gaps"]) == 1 and j["enrollment_gaps"][0]["reason"] == "enrollment pending"

    r = runner.invoke(app, ["calendar", "-o", "all.ics", "--db", url, "--as-of", today.isoformat()])
    assert r.exit_code == 0 and (tmp_path / "all.ics").read_bytes().count(b"BEGIN:VEVENT") > 10

    draft = next(a for a in auths if a.purpose == "rfa" and a.status.value == "draft")
    r = runner.invoke(app, ["auth", "package", draft.patient_id, "--procedure", "rfa", "-o", "rfa.html", "--db", url,
                            "--json"])
    assert r.exit_code == 0, r.output
    j = json.loads(r.output)
    assert j["threshold_met"] is False and any("Only" in g for g in j["gaps"])
    assert "Threshold verdict" in (tmp_path / "rfa.html").read_text()

    r = runner.invoke(app, ["auth", "check", "--payer", "medicare", "--codes", "64483", "--levels", "L4-5",
                            "--side", "right", "--dos", (today + timedelta(days=7)).isoformat(), "--patient",
                            draft.patient_id, "--db", url, "--json"])
    assert r.exit_code == 0 and json.loads(r.output)["state"] == "OH"
