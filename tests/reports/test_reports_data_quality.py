"""Bad or partial input is counted in the data quality section, and the audit still runs."""

from __future__ import annotations

import shutil

from painrcm.reports.audit import run_audit
from painrcm.reports.inputs import load_exports


def test_missing_broken_and_unknown(demo_exports, tmp_path):
    src = demo_exports.path
    dst = tmp_path / "exports"
    dst.mkdir()
    shutil.copytree(src / "notes", dst / "notes")
    shutil.copy(src / "payers.csv", dst / "payers.csv")
    for p in sorted(src.glob("837P-*.x12")):
        shutil.copy(p, dst / p.name)
    remits = sorted(src.glob("*.835"))
    kept = remits[: len(remits) // 2]
    for p in kept:
        shutil.copy(p, dst / p.name)
    # a truncated 835, a file that is not X12 at all, another X12 kind
    text = remits[-1].read_text()
    (dst / "truncated.835").write_text(text[: len(text) // 2])
    (dst / "garbage.x12").write_text("this is not an interchange")
    (dst / "readme.txt").write_text("exports of March")
    # a claim to a payer nobody knows: rewrite one 837P's payer id
    one = next(dst.glob("837P-summit-health.x12"))
    one.write_text(one.read_text().replace("*PI*DSUM3", "*PI*ZZZ99"))
    (dst / "notes" / "NOCLAIM1.txt").write_text("note without a claim")
    (dst / "notes" / "BAD.txt").write_bytes(b"\xff\xfe\x00bad")

    inp = load_exports(dst)
    q = inp.quality
    names = {n for n, _ in q.broken_files}
    assert {"truncated.835", "garbage.x12"} <= names
    assert ("readme.txt", "not an X12 file") in q.skipped_files
    assert q.unknown_payers.get("ZZZ99", 0) > 0
    assert q.unreadable_notes == 1
    report = run_audit(inp, as_of=demo_exports.as_of, workers=1)
    assert report.data_quality.claims_without_835 > 0
    assert report.data_quality.notes_without_claim == 1
    assert report.data_quality.payers_without_contract.get("ZZZ99", 0) > 0
    rows = dict((n, c) for n, c, _ in report.data_quality.rows())
    assert rows["Broken files"] >= 2 and rows["Claims without an 835"] > 0
    assert report.claims == len(inp.claims)
