"""The `painrcm code` command contract."""

import json

from typer.testing import CliRunner

from painrcm.cli.main import app

runner = CliRunner()
NOTE = "PROCEDURE: Right L5 transforaminal epidural steroid injection under fluoroscopy.\nDX: lumbar radiculopathy\n"


def test_one_file_json(tmp_path):
    f = tmp_path / "note.txt"
    f.write_text(NOTE)
    r = runner.invoke(app, ["code", str(f), "--json", "--dos", "2026-06-01"])
    assert r.exit_code == 0, r.output
    obj = json.loads(r.stdout)
    assert obj["status"] == "ready" and obj["lines"][0]["code"] == "64483"
    assert obj["lines"][0]["modifiers"] == ["RT"]


def test_folder_one_object_per_line(tmp_path):
    (tmp_path / "a.txt").write_text(NOTE)
    (tmp_path / "b.txt").write_text(NOTE.replace("Right", "Left"))
    (tmp_path / "a.json").write_text('{"status": "ready"}')  # a label beside the note: skipped
    r = runner.invoke(app, ["code", str(tmp_path), "--json"])
    assert r.exit_code == 0, r.output
    rows = [json.loads(l) for l in r.stdout.splitlines() if l.startswith("{")]
    assert [row["file"].rsplit("/", 1)[-1] for row in rows] == ["a.txt", "b.txt"]


def test_stdin_and_table():
    r = runner.invoke(app, ["code", "-"], input=NOTE)
    assert r.exit_code == 0 and "64483" in r.stdout


def test_empty_and_missing_input_exit_2(tmp_path):
    from painrcm.cli.main import main
    import subprocess, sys
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    for arg in (str(empty), str(tmp_path / "missing.txt")):
        p = subprocess.run([sys.executable, "-c", "from painrcm.cli.main import main; main()", "code", arg],
                           capture_output=True, text=True)
        assert p.returncode == 2 and "Traceback" not in p.stderr


def test_fhir_bundle_file(tmp_path):
    import base64
    doc = lambda i, text: {"resourceType": "DocumentReference", "id": f"n{i}", "status": "current",
                           "content": [{"attachment": {"contentType": "text/plain",
                                                       "data": base64.b64encode(text.encode()).decode()}}]}
    bundle = {"resourceType": "Bundle", "type": "collection",
              "entry": [{"resource": doc(1, NOTE)}, {"resource": doc(2, NOTE.replace("Right", "Left"))}]}
    f = tmp_path / "bundle.json"
    f.write_text(json.dumps(bundle))
    r = runner.invoke(app, ["code", str(f), "--json", "--payer", "medicare", "--pos", "11"])
    assert r.exit_code == 0, r.output
    rows = [json.loads(l) for l in r.stdout.splitlines() if l.startswith("{")]
    assert [row["file"].rsplit("#", 1)[-1] for row in rows] == ["n1", "n2"]
    assert [row["lines"][0]["modifiers"] for row in rows] == [["RT"], ["LT"]]
