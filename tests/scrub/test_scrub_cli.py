"""``painrcm scrub``: the JSON contract, payer choice, history, notes, auths/enrollments CSV, --fix."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta

import pytest
from typer.testing import CliRunner

from painrcm.cli.main import app
from painrcm.edi.envelope import InMemoryControlNumbers
from painrcm.edi.reader_837p import read_837p
from painrcm.edi.writer_837p import SubmissionParties, write_837p_file
from painrcm.errors import PainRCMError
from painrcm.scrub.testing import RENDERING_NPI

from scrub_helpers import DOS, claim, line

PARTIES = SubmissionParties("SENDER", "RECEIVER", "Spine Pain Associates", "Billing", "5555555555", "RECEIVER")
runner = CliRunner()


def write(path, claims):
    write_837p_file(path, claims, PARTIES, InMemoryControlNumbers())
    return path


class Ran:
    """What ``painrcm`` (cli.main.main) does: a PainRCMError becomes one line and exit status 2."""

    def __init__(self, result):
        self.stdout = result.stdout
        self.exit_code = result.exit_code
        self.output = result.output
        if isinstance(result.exception, PainRCMError):
            self.exit_code = 2
            self.output += f"error: {result.exception}"


def run(*args):
    return Ran(runner.invoke(app, ["scrub", *map(str, args)]))


def lines_of(result):
    return [json.loads(x) for x in result.stdout.splitlines() if x.startswith("{")]


@pytest.fixture
def claims_file(tmp_path):
    return write(tmp_path / "claims.837", [
        claim(line("64483", "RT"), line("64484", "RT"), claim_id="CLEAN1"),
        claim(line("64483", "RT"), line("77003"), claim_id="BAD1", member_id="M2"),
    ])


def test_json_contract(claims_file):
    result = run(claims_file, "--json", "--as-of", "2026-03-01")
    assert result.exit_code == 0, result.output
    out = lines_of(result)
    assert [o["claim_id"] for o in out] == ["CLEAN1", "BAD1"]
    assert out[0] == {"claim_id": "CLEAN1", "status": "clean", "findings": []}
    assert out[1]["status"] == "error"
    f = out[1]["findings"][0]
    assert set(f) == {"edit", "severity", "lines", "message", "fix"}
    assert f["edit"] == "IMAGING_INCLUDED" and f["lines"] == [2]


def test_payer_chosen_by_x12_id_or_forced(tmp_path):
    path = write(tmp_path / "c.837", [claim(line("64493", "50"), claim_id="S1", diagnoses=("M47816",),
                                            x12_payer_id="SMT01", prior_authorization="A1")])
    summit = lines_of(run(path, "--json", "--as-of", "2026-03-01"))
    assert "BILATERAL_FORMAT" in {f["edit"] for f in summit[0]["findings"]}
    forced = lines_of(run(path, "--json", "--as-of", "2026-03-01", "--payer", "medicare"))
    assert "BILATERAL_FORMAT" not in {f["edit"] for f in forced[0]["findings"]}


def test_unknown_payer_is_a_clear_error(tmp_path):
    path = write(tmp_path / "c.837", [claim(line("99213"), claim_id="U1", x12_payer_id="NOPE1")])
    result = run(path, "--json")
    assert result.exit_code == 2
    assert "NOPE1" in result.output and "Traceback" not in result.output
    assert run(path, "--payer", "no-such-payer").exit_code == 2


def test_real_command_exits_2_with_one_line(tmp_path):
    bad = tmp_path / "bad.837"
    bad.write_text("hello")
    proc = subprocess.run([sys.executable, "-m", "painrcm.cli.main", "scrub", str(bad)],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert "not an X12 837P" in proc.stderr and "Traceback" not in proc.stderr


def test_unreadable_input_exits_2(tmp_path):
    bad = tmp_path / "bad.837"
    bad.write_text("hello")
    assert run(bad).exit_code == 2
    assert run(tmp_path / "missing.837").exit_code == 2
    assert run(bad, "--as-of", "yesterday").exit_code == 2


def test_history_from_earlier_in_the_run_and_from_files(tmp_path):
    prior = [claim(line("64483", "RT"), dos=DOS - timedelta(days=d), claim_id=f"H{d}") for d in (30, 100, 200, 300)]
    hist = write(tmp_path / "history.837", prior)
    now = write(tmp_path / "now.837", [claim(line("64483", "RT"), claim_id="NOW")])
    out = lines_of(run(now, "--json", "--as-of", "2026-03-01", "--history", hist))
    assert "FREQUENCY_LIMIT" in {f["edit"] for f in out[0]["findings"]}
    h1 = write(tmp_path / "h1.837", prior[:2])
    h2 = write(tmp_path / "h2.837", prior[2:])
    out = lines_of(run(now, "--history", h1, h2, "--json", "--as-of", "2026-03-01"))
    assert [o["claim_id"] for o in out] == ["NOW"]
    assert "FREQUENCY_LIMIT" in {f["edit"] for f in out[0]["findings"]}
    together = write(tmp_path / "all.837", prior + [claim(line("64483", "RT"), claim_id="NOW")])
    out = lines_of(run(together, "--json", "--as-of", "2026-03-01"))
    assert "FREQUENCY_LIMIT" in {f["edit"] for f in out[-1]["findings"]}
    assert all(not o["findings"] for o in out[:4])


def test_fix_writes_837(tmp_path):
    src = write(tmp_path / "c.837", [claim(line("64483", "RT"), line("64483", "RT"), line("77003"), claim_id="F1"),
                                     claim(line("99214"), line("27096", "RT"), line("27096", "LT"),
                                           claim_id="F2", member_id="M2", diagnoses=("M533",))])
    out_file = tmp_path / "fixed.837"
    result = run(src, "--fix", "-o", out_file, "--json", "--as-of", "2026-03-01")
    assert result.exit_code == 0, result.output
    assert [o["status"] for o in lines_of(result)] == ["clean", "clean"]
    fixed = list(read_837p(out_file))
    assert [(ln.code, ln.modifiers) for ln in fixed[0].lines] == [("64483", ("RT",)), ("64484", ("RT",))]
    assert [(ln.code, ln.modifiers) for ln in fixed[1].lines] == [("99214", ("25",)), ("27096", ("50",))]
    assert run(src, "--fix").exit_code == 2  # -o is required


def test_auths_csv(tmp_path):
    path = write(tmp_path / "c.837", [claim(line("64483", "RT"), claim_id="A", x12_payer_id="LKS01",
                                            prior_authorization="AUTH9")])
    auths = tmp_path / "auths.csv"
    auths.write_text("number,patient_id,payer_id,start_date,end_date,codes\n"
                     "AUTH9,PT-M1,lakeshore-ppo,2026-01-01,2026-01-31,64483 64484\n")
    out = lines_of(run(path, "--json", "--as-of", "2026-03-01", "--auths", auths))
    assert "AUTH_INVALID" in {f["edit"] for f in out[0]["findings"]}
    auths.write_text("number,patient_id,payer_id,start_date,end_date,codes\n"
                     "AUTH9,PT-M1,lakeshore-ppo,2026-01-01,2026-13-01,64483\n")
    result = run(path, "--json", "--auths", auths)
    assert result.exit_code == 2
    assert "row 2" in result.output and "end_date" in result.output


def test_enrollments_csv(tmp_path):
    path = write(tmp_path / "c.837", [claim(line("64483", "RT"), claim_id="E")])
    enr = tmp_path / "enr.csv"
    enr.write_text("type,provider_npi,payer_id,status,effective_from,kind,expires_on\n"
                   f"enrollment,{RENDERING_NPI},medicare,terminated,2020-01-01,,\n"
                   f"credential,{RENDERING_NPI},,,,dea,2026-01-01\n")
    out = lines_of(run(path, "--json", "--as-of", "2026-03-01", "--enrollments", enr))
    assert {"PROVIDER_NOT_ENROLLED", "CREDENTIAL_EXPIRED"} <= {f["edit"] for f in out[0]["findings"]}
    enr.write_text("type,provider_npi,payer_id,status\nenrollment,123,medicare,active\n")
    result = run(path, "--enrollments", enr)
    assert result.exit_code == 2 and "provider_npi" in result.output


def test_notes_matched_by_claim_id(tmp_path):
    path = write(tmp_path / "c.837", [claim(line("62323"), claim_id="N1")])
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "N1.txt").write_text(
        "PROCEDURE: Right L5-S1 transforaminal epidural steroid injection under fluoroscopy.\n"
        "INDICATION: Lumbar radiculopathy, right.\n"
        "Fluoroscopic images were saved to the record; AP and lateral views confirmed needle position "
        "at the right L5-S1 foramen with contrast spread along the nerve root. 80 mg triamcinolone injected.\n")
    out = lines_of(run(path, "--json", "--as-of", "2026-03-01", "--notes", notes))
    edits = {f["edit"] for f in out[0]["findings"]}
    assert "CODE_NOTE_MISMATCH" in edits


def test_human_report(claims_file):
    result = run(claims_file, "--as-of", "2026-03-01")
    assert result.exit_code == 0
    assert "IMAGING_INCLUDED" in result.stdout and "1 with errors" in result.stdout


def test_folder_input_skips_non_x12_files(tmp_path, claims_file):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "claims.837").write_bytes(claims_file.read_bytes())
    (folder / "README.txt").write_text("not a claim file")
    out = lines_of(run(folder, "--json", "--as-of", "2026-03-01"))
    assert [o["claim_id"] for o in out] == ["CLEAN1", "BAD1"]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run(empty).exit_code == 2
