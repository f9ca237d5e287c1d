"""Practice export/import: the seeded demo practice goes SQLite -> PostgreSQL -> SQLite and
comes back equal (row counts and content hashes per table); ids already taken in the
target are shifted with every reference; an existing practice is refused without --replace."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import zipfile

import pytest
import hardening_db as h

from painrcm.errors import InputError
from painrcm.store import archive, migrate
from painrcm.store.engine import make_engine


def _export(url, practice_id, out):
    engine = make_engine(url)
    try:
        return archive.export_practice(engine, practice_id, out)
    finally:
        engine.dispose()


def _import(url, path, **kw):
    migrate.upgrade(url)
    engine = make_engine(url)
    try:
        return archive.import_practice(engine, path, **kw)
    finally:
        engine.dispose()


def _summary(manifest):
    return {t: (i["rows"], i["content_sha256"]) for t, i in manifest["tables"].items()}


def test_round_trip_sqlite_to_sqlite_and_postgres(seeded_copy, tmp_path):
    first = _export(seeded_copy.db_url, seeded_copy.practice_id, tmp_path / "a.zip")
    assert first["tables"]["claims"]["rows"] > 0 and first["tables"]["remittances"]["rows"] > 0
    assert first["tables"]["claim_lines"]["rows"] > first["tables"]["claims"]["rows"]
    targets = [f"sqlite:///{tmp_path / 'b.db'}"]
    with (h.pg_schema_url() if h.PG_URL else _nothing()) as pg:
        if pg:
            targets.insert(0, pg)
        src = tmp_path / "a.zip"
        for i, url in enumerate(targets):  # SQLite -> PostgreSQL -> SQLite
            _import(url, src)
            again = _export(url, seeded_copy.practice_id, tmp_path / f"r{i}.zip")
            assert _summary(again) == _summary(first), url.split(":")[0]
            src = tmp_path / f"r{i}.zip"


class _nothing:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


def test_existing_practice_is_refused_unless_replace(seeded_copy, tmp_path):
    _export(seeded_copy.db_url, seeded_copy.practice_id, tmp_path / "a.zip")
    with pytest.raises(InputError, match="--replace"):
        _import(seeded_copy.db_url, tmp_path / "a.zip")
    manifest = _import(seeded_copy.db_url, tmp_path / "a.zip", replace=True)
    again = _export(seeded_copy.db_url, seeded_copy.practice_id, tmp_path / "b.zip")
    assert _summary(again) == _summary(manifest)


def _renamed(src, dst, new_id):
    """The archive with the practice renamed (so every surrogate id collides in its own database)."""
    manifest, data = archive.read_archive(src)
    old = manifest["practice_id"]
    for name, rows in data.items():
        for r in rows:
            if name == "practices":
                r["id"] = new_id
            elif "practice_id" in r:
                r["practice_id"] = new_id
    hashes = archive.content_hashes(data)
    manifest["practice_id"] = new_id
    with zipfile.ZipFile(dst, "w") as z:
        for name, rows in data.items():
            body = "".join(archive._line(r) + "\n" for r in rows).encode()
            z.writestr(f"tables/{name}.jsonl", body)
            manifest["tables"][name].update(sha256=hashlib.sha256(body).hexdigest(), content_sha256=hashes[name])
        z.writestr("manifest.json", json.dumps(manifest))
    assert old != new_id
    return manifest


def test_taken_ids_are_shifted_with_every_reference(seeded_copy, tmp_path):
    _export(seeded_copy.db_url, seeded_copy.practice_id, tmp_path / "a.zip")
    manifest = _renamed(tmp_path / "a.zip", tmp_path / "copy.zip", "riverside-copy")
    _import(seeded_copy.db_url, tmp_path / "copy.zip")  # verify() inside: counts and content hashes
    again = _export(seeded_copy.db_url, "riverside-copy", tmp_path / "c.zip")
    assert _summary(again) == _summary(manifest)
    original = _export(seeded_copy.db_url, seeded_copy.practice_id, tmp_path / "o.zip")
    assert original["tables"]["remittances"]["rows"] == again["tables"]["remittances"]["rows"]


def test_damaged_archives_are_typed_errors(seeded_copy, tmp_path):
    _export(seeded_copy.db_url, seeded_copy.practice_id, tmp_path / "a.zip")
    (tmp_path / "junk.zip").write_bytes(b"not a zip")
    with pytest.raises(InputError, match="not a practice archive"):
        archive.read_archive(tmp_path / "junk.zip")
    with zipfile.ZipFile(tmp_path / "a.zip") as z, zipfile.ZipFile(tmp_path / "bad.zip", "w") as out:
        for item in z.infolist():
            body = z.read(item)
            if item.filename == "tables/claims.jsonl":
                body = body[:-3] + b"#" + body[-2:]
            out.writestr(item, body)
    with pytest.raises(InputError, match="SHA-256"):
        archive.read_archive(tmp_path / "bad.zip")


def test_cli_export_import(seeded_copy, tmp_path):
    from typer.testing import CliRunner

    from painrcm.cli.main import app

    exe = [sys.executable, "-m", "painrcm.cli.main"]
    src = tmp_path / "src.db"
    shutil.copy(seeded_copy.db_url[len("sqlite:///"):], src)
    r = CliRunner().invoke(app, ["practice", "export", "--practice", "riverside", "-o", str(tmp_path / "p.zip"),
                                 "--db", str(src)])
    assert r.exit_code == 0, r.output
    assert "exported practice riverside" in r.output
    r = subprocess.run(exe + ["practice", "import", str(tmp_path / "p.zip"), "--db", str(tmp_path / "n.db")],
                       capture_output=True, text=True)
    assert r.returncode == 0 and "verified" in r.stdout, r.stderr
    r = subprocess.run(exe + ["practice", "import", str(tmp_path / "p.zip"), "--db", str(tmp_path / "n.db")],
                       capture_output=True, text=True)
    assert r.returncode == 2 and "--replace" in r.stderr and "Traceback" not in r.stderr
