#!/usr/bin/env python3
"""Build the reference data shipped in ``src/painrcm/reference/data/`` from ``../shared/data``.

Usage (from the repository root)::

    python scripts/build_reference_data.py --shared ../shared

Inputs are the public CMS / X12 files described in ``../shared/data/SOURCES.md``; the only
hand-written input is ``src/painrcm/reference/data/code_set.csv`` (our code set: family, region,
add-on primaries, units rule, included imaging, effective/termination dates and our own
plain-language descriptors - never the AMA CPT descriptor). Outputs are small CSV (or gzip CSV)
files plus ``MANIFEST.json``, which records every source file name with its SHA-256 and the
version each data set represents, so a user's machine never needs ``../shared``.

Only the standard library is used, so the script runs before the package is installed.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src" / "painrcm" / "reference" / "data"

PPRRVU = "mpfs/pprrvu_2025_oct_all_codes_no_descriptors.csv"
GPCI = "mpfs/gpci_2025_addendum_e.csv"
MUE = "ncci/ncci_mue_2024q3_all_practitioner_and_outpatient_hospital.csv"
PTP = "ncci/ncci_ptp_practitioner_2024q3_either_code_in_pain_set.csv.gz"
CARC = "codes/carc.csv"
RARC = "codes/rarc.csv"
GROUPS = "codes/claim_adjustment_group_codes.csv"
POS = "codes/place_of_service.csv"
CLP02 = "codes/claim_status_codes_clp02.csv"

VERSIONS = {
    "pprrvu": "CMS PPRRVU 2025 Oct (RVU25D, released 2025-09-11), conversion factor 32.3465",
    "gpci": "CMS CY2025 PFS final rule Addendum E (GPCI by locality)",
    "mue": "CMS NCCI MUE practitioner services, effective 2024-07-01",
    "ptp": "CMS NCCI PTP practitioner edits, effective 2024-07-01 (v30.2)",
    "carc": "X12 CARC list scraped 2026-08-17 with dates from the 2024-06-18 scrape",
    "rarc": "X12/CMS RARC list scraped 2026-08-17 with dates from the 2024-06-18 scrape",
    "pos": "CMS Place of Service code set (September 2023)",
}

IMAGING_GUIDANCE = {"77002", "77003", "76942", "77012", "76000", "77021"}

PPRRVU_COLUMNS = (
    "hcpcs", "modifier", "status_code", "not_used_for_medicare_payment", "work_rvu",
    "nonfac_pe_rvu", "nonfac_na_indicator", "fac_pe_rvu", "fac_na_indicator", "mp_rvu",
    "pctc_indicator", "global_days", "preop_pct", "intraop_pct", "postop_pct",
    "mult_proc_indicator", "bilat_surg_indicator", "asst_surg_indicator", "co_surg_indicator",
    "team_surg_indicator", "conversion_factor",
)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_csv(path: Path) -> list[dict[str, str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_csv(out: Path, name: str, columns: list[str] | tuple[str, ...], rows: list[dict]) -> Path:
    """Write rows deterministically (gzip without a timestamp so rebuilds are byte-identical)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n",
                            extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    data = buffer.getvalue().encode("utf-8")
    path = out / name
    if name.endswith(".gz"):
        with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0,
                                                  filename="") as handle:
            handle.write(data)
    else:
        path.write_bytes(data)
    return path


def build(shared: Path, out: Path = OUT) -> dict:
    """Build every shipped file into ``out`` (the hand-written code set is read in the package)."""
    out.mkdir(parents=True, exist_ok=True)
    data = shared / "data" if (shared / "data").is_dir() else shared
    sources = {}
    for rel in (PPRRVU, GPCI, MUE, PTP, CARC, RARC, GROUPS, POS, CLP02):
        src = data / rel
        if not src.is_file():
            raise SystemExit(f"missing source file: {src}")
        sources[rel] = sha256(src)
    code_set_path = OUT / "code_set.csv"
    code_set = read_csv(code_set_path)
    ours = {row["code"] for row in code_set}
    outputs: dict[str, dict] = {}

    # --- PFS relative values: whole file (contracts price any code) ---
    pprrvu = read_csv(data / PPRRVU)
    path = write_csv(out, "pprrvu_2025_oct.csv.gz", PPRRVU_COLUMNS, pprrvu)
    outputs[path.name] = {"rows": len(pprrvu), "version": VERSIONS["pprrvu"], "sources": [PPRRVU]}
    base_rows = {r["hcpcs"]: r for r in pprrvu if not r["modifier"]}

    # --- MUE, practitioner rows only (professional claims; ASCs follow them too) ---
    mue_rows = [
        {"hcpcs": r["hcpcs"], "mue_value": r["mue_value"], "mai": r["mai"],
         "mue_rationale": r["mue_rationale"]}
        for r in read_csv(data / MUE) if r["service_type"] == "Practitioner"
    ]
    path = write_csv(out, "mue_2024q3_practitioner.csv.gz",
                     ("hcpcs", "mue_value", "mai", "mue_rationale"), mue_rows)
    outputs[path.name] = {"rows": len(mue_rows), "version": VERSIONS["mue"], "sources": [MUE]}
    mue_by_code = {r["hcpcs"]: r for r in mue_rows}

    # --- imaging codes NCCI bundles into each code (active practitioner PTP, column 2) ---
    ptp_all = read_csv(data / PTP)
    bundled: dict[str, set[str]] = {}
    for r in ptp_all:
        if (r["active_2024_07_01"] == "Y" and r["column2"] in IMAGING_GUIDANCE
                and r["column1"] in ours and r["modifier_indicator"] in ("0", "1")):
            bundled.setdefault(r["column1"], set()).add(r["column2"])

    # --- code set merged with CMS indicators ---
    merged = []
    for row in code_set:
        cms = base_rows.get(row["code"], {})
        mue = mue_by_code.get(row["code"], {})
        merged.append({
            **row,
            "status_code": cms.get("status_code", ""),
            "global_days": cms.get("global_days", ""),
            "bilat_surg_indicator": cms.get("bilat_surg_indicator", ""),
            "mult_proc_indicator": cms.get("mult_proc_indicator", ""),
            "work_rvu": cms.get("work_rvu", ""),
            "nonfac_pe_rvu": cms.get("nonfac_pe_rvu", ""),
            "fac_pe_rvu": cms.get("fac_pe_rvu", ""),
            "mp_rvu": cms.get("mp_rvu", ""),
            "mue_value": mue.get("mue_value", ""),
            "mai": mue.get("mai", ""),
            "ncci_bundled_imaging": " ".join(sorted(bundled.get(row["code"], ()))),
            "in_pprrvu": "Y" if cms else "N",
            "in_mue": "Y" if mue else "N",
        })
    columns = list(code_set[0].keys()) + [
        "status_code", "global_days", "bilat_surg_indicator", "mult_proc_indicator", "work_rvu",
        "nonfac_pe_rvu", "fac_pe_rvu", "mp_rvu", "mue_value", "mai", "ncci_bundled_imaging",
        "in_pprrvu", "in_mue"]
    path = write_csv(out, "codes.csv", columns, merged)
    outputs[path.name] = {"rows": len(merged),
                          "version": f"{VERSIONS['pprrvu']}; {VERSIONS['mue']}",
                          "sources": ["code_set.csv", PPRRVU, MUE]}

    # --- NCCI PTP: pairs where both codes are in our code set (active and deleted) ---
    ptp_rows = [
        {k: r[k] for k in ("column1", "column2", "deletion_date", "modifier_indicator",
                           "ptp_edit_rationale")}
        for r in ptp_all if r["column1"] in ours and r["column2"] in ours
    ]
    ptp_rows.sort(key=lambda r: (r["column1"], r["column2"], r["deletion_date"]))
    path = write_csv(out, "ncci_ptp_2024q3_practitioner.csv",
                     ("column1", "column2", "deletion_date", "modifier_indicator",
                      "ptp_edit_rationale"), ptp_rows)
    outputs[path.name] = {"rows": len(ptp_rows), "version": VERSIONS["ptp"], "sources": [PTP]}

    # --- GPCI by locality (drop the title, blank and footnote rows) ---
    with (data / GPCI).open(encoding="utf-8", newline="") as handle:
        raw = list(csv.reader(handle))
    gpci_rows = []
    for rec in raw:
        if len(rec) >= 7 and rec[0].strip().isdigit() and rec[2].strip():
            gpci_rows.append({
                "mac": rec[0].strip(), "state": rec[1].strip(), "locality": rec[2].strip(),
                "locality_name": rec[3].strip().rstrip("*"), "work_gpci": rec[4].strip(),
                "pe_gpci": rec[5].strip(), "mp_gpci": rec[6].strip(),
            })
    path = write_csv(out, "gpci_2025.csv", ("mac", "state", "locality", "locality_name",
                                            "work_gpci",
                                       "pe_gpci", "mp_gpci"), gpci_rows)
    outputs[path.name] = {"rows": len(gpci_rows), "version": VERSIONS["gpci"], "sources": [GPCI]}

    # --- adjustment codes and place of service (copied, columns trimmed) ---
    adj_cols = ("code", "description", "usage", "notes", "start_date", "last_modified",
                "stop_date", "status_x12_2026_08")
    for rel, name, key in ((CARC, "carc.csv", "carc"), (RARC, "rarc.csv", "rarc")):
        rows = read_csv(data / rel)
        path = write_csv(out, name, adj_cols, rows)
        outputs[path.name] = {"rows": len(rows), "version": VERSIONS[key], "sources": [rel]}
    rows = read_csv(data / GROUPS)
    path = write_csv(out, "claim_adjustment_group_codes.csv",
                     ("code", "name", "plain_explanation"), rows)
    outputs[path.name] = {"rows": len(rows), "version": "X12 835 CAS01 group codes",
                          "sources": [GROUPS]}
    rows = read_csv(data / CLP02)
    path = write_csv(out, "claim_status_codes_clp02.csv", ("code", "meaning"), rows)
    outputs[path.name] = {"rows": len(rows), "version": "X12 835 CLP02", "sources": [CLP02]}
    rows = read_csv(data / POS)
    path = write_csv(out, "place_of_service.csv", ("pos_code", "pos_name", "pfs_rate_setting"),
                     rows)
    outputs[path.name] = {"rows": len(rows), "version": VERSIONS["pos"], "sources": [POS]}

    for name, meta in outputs.items():
        meta["sha256"] = sha256(out / name)
    manifest = {
        "built_by": "scripts/build_reference_data.py",
        "sources": {rel: {"sha256": digest} for rel, digest in sorted(sources.items())},
        "hand_written": {"code_set.csv": {"sha256": sha256(code_set_path)}},
        "outputs": dict(sorted(outputs.items())),
    }
    (out / "MANIFEST.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared",
                        help="the shared folder holding data/ (default: ../shared)")
    parser.add_argument("--out", type=Path, default=OUT,
                        help="output folder (default: src/painrcm/reference/data)")
    args = parser.parse_args(argv)
    manifest = build(args.shared, args.out)
    for name, meta in manifest["outputs"].items():
        print(f"{name}: {meta['rows']} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
