"""Benchmark the reference lookups the scrubber and coder call per claim line.

Run: .venv/bin/python benchmarks/bench_reference.py [--n 1000000]
Prints cold load time of each table and the mean time per call of each hot lookup.
"""

from __future__ import annotations

import argparse
import time
from datetime import date


def cold(label, fn):
    start = time.perf_counter()
    fn()
    print(f"cold  {label:<42} {1000 * (time.perf_counter() - start):8.1f} ms")


def hot(label, fn, n):
    start = time.perf_counter()
    for _ in range(n):
        fn()
    per = (time.perf_counter() - start) / n
    print(f"hot   {label:<42} {per * 1e6:8.3f} us/call  ({n:,} calls)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1_000_000)
    n = parser.parse_args().n
    from painrcm.reference import adjustments, codes, icd10, mpfs, ncci, pos

    cold("codes.lookup (codes.csv)", lambda: codes.lookup("64483"))
    cold("ncci.ptp_edit (PTP table)", lambda: ncci.ptp_edit("64483", "77003"))
    cold("ncci.mue (practitioner MUE)", lambda: ncci.mue("64483"))
    cold("mpfs.medicare_allowed (PPRRVU + GPCI)",
         lambda: mpfs.medicare_allowed("64483", None, "01182-18", False))
    cold("adjustments.carc + rarc", lambda: (adjustments.carc("45"), adjustments.rarc("N290")))
    cold("pos.is_facility", lambda: pos.is_facility("24"))
    cold("icd10.is_billable (imports simple-icd-10-cm)", lambda: icd10.is_billable("M54.16"))

    dos = date(2025, 3, 3)
    hot("codes.lookup('64483')", lambda: codes.lookup("64483"), n)
    hot("codes.lookup('64483').in_effect(dos)", lambda: codes.lookup("64483").in_effect(dos), n)
    hot("ncci.ptp_edit('77003', '64483')", lambda: ncci.ptp_edit("77003", "64483"), n)
    hot("ncci.ptp_edit(pair without edit)", lambda: ncci.ptp_edit("64483", "99213"), n)
    hot("ncci.mue('64484')", lambda: ncci.mue("64484"), n)
    hot("icd10.is_billable('M54.16') cached", lambda: icd10.is_billable("M54.16"), n)
    hot("pos.is_facility('11')", lambda: pos.is_facility("11"), n)
    hot("mpfs.medicare_allowed (locality)",
        lambda: mpfs.medicare_allowed("64483", "RT", "01182-18", False), n // 10)


if __name__ == "__main__":
    main()
