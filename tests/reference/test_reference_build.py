"""The shipped reference data is what the build script makes from ../shared/data."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "src" / "painrcm" / "reference" / "data"


def _script():
    spec = importlib.util.spec_from_file_location("build_reference_data",
                                                  REPO / "scripts" / "build_reference_data.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_rebuild_matches_shipped_files(shared_dir, tmp_path):
    manifest = _script().build(shared_dir, tmp_path)
    shipped = json.loads((DATA / "MANIFEST.json").read_text(encoding="utf-8"))
    assert manifest == shipped
    for name in manifest["outputs"]:
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name


def test_manifest_names_sources_and_versions():
    manifest = json.loads((DATA / "MANIFEST.json").read_text(encoding="utf-8"))
    assert "mpfs/pprrvu_2025_oct_all_codes_no_descriptors.csv" in manifest["sources"]
    for name, meta in manifest["outputs"].items():
        assert (DATA / name).is_file(), name
        assert meta["version"] and len(meta["sha256"]) == 64
