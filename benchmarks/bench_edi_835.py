"""835 reading speed: painrcm vs linuxforhealth-x12 (full models) vs pyx12, same file, one run.

Builds an N-claim 835 (default 10,000) from the claim loops of the real samples in
``../shared/data/x12`` (or the copies in ``tests/edi/fixtures``): each CLP loop repeated
with a unique patient control number, BPR02 recomputed so the file balances, and no
PER*BL segment (linuxforhealth-x12 0.57 rejects 835s that carry it).
linuxforhealth-x12 needs pydantic<2, so it runs in its own virtual environment
(created on first use at /tmp/lfh-venv), never as a painrcm dependency.

    .venv/bin/python benchmarks/bench_edi_835.py [--claims 10000] [--skip-lfh] [--skip-pyx12]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data" / "x12"
FIXTURES = REPO / "tests" / "edi" / "fixtures"
LFH_VENV = Path(os.environ.get("LFH_VENV", "/tmp/lfh-venv"))

SOURCES = [  # (file, fixes applied to the sample's known defects)
    ("linuxforhealth-x12_835_005010X221A1_managed-care.835", {}),
    ("pyx12_tests_835_mult_loops.txt", {}),
    ("linuxforhealth-x12_835_005010X221A1_medicare-part-a.835", {}),
    ("linuxforhealth-x12_835_005010X221A1_secondary-payment.835", {"HC>": "HC:"}),
]

HEADER = ("ISA*00*          *00*          *ZZ*PAYER          *ZZ*PRACTICE       *260301*1200*^*00501*"
          "000000001*0*P*:~\nGS*HP*PAYER*PRACTICE*20260301*1200*1*X*005010X221A1~\nST*835*0001~\n"
          "BPR*I*{total}*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999988880*DA*98765*20260301~\n"
          "TRN*1*BENCH0001*1512345678~\nDTM*405*20260228~\nN1*PR*ACME HEALTH PLAN~\nN3*1 MAIN ST~\n"
          "N4*CITY*OH*43215~\nREF*2U*ACME01~\nN1*PE*DESERT PAIN SPECIALISTS*XX*1234567893~\nLX*1~\n")


def claim_loops() -> list[tuple[list[str], Decimal]]:
    """The CLP..(next CLP/LX/PLB/SE) loops of the samples, with their CLP04 paid amounts."""
    loops = []
    for name, fixes in SOURCES:
        path = SHARED / name if (SHARED / name).exists() else FIXTURES / name
        if not path.exists():
            continue
        text = path.read_text()
        for a, b in fixes.items():
            text = text.replace(a, b)
        segs = [s.strip() for s in text.split("~") if s.strip()]
        cur: list[str] | None = None
        for s in segs:
            sid = s.split("*", 1)[0]
            if sid == "CLP":
                if cur:
                    loops.append(cur)
                cur = [s]
            elif sid in ("LX", "TS3", "TS2", "PLB", "SE") and cur:
                loops.append(cur)
                cur = None
            elif cur is not None:
                cur.append(s)
        if cur:
            loops.append(cur)
    out = []
    for loop in loops:
        clp = loop[0].split("*")
        out.append((loop, Decimal(clp[4])))
    return out


def build_835(n: int, path: Path) -> int:
    loops = claim_loops()
    body = []
    total = Decimal(0)
    for i in range(n):
        loop, paid = loops[i % len(loops)]
        clp = loop[0].split("*")
        clp[1] = f"{clp[1]}-{i}"
        body.append("*".join(clp) + "~\n" + "".join(s + "~\n" for s in loop[1:]))
        total += paid
    head = HEADER.format(total=f"{total:.2f}")
    count = head.count("~") - 2 + sum(b.count("~") for b in body) + 1
    path.write_text(head + "".join(body) + f"SE*{count}*0001~\nGE*1*1~\nIEA*1*000000001~\n")
    return n


def bench_painrcm(path: Path, repeat: int) -> tuple[float, int]:
    """Best of ``repeat`` full reads (envelopes, values and balancing checked, domain objects built)."""
    sys.path.insert(0, str(REPO / "src"))
    from painrcm.edi.reader_835 import read_835

    best = None
    for _ in range(repeat):
        t = time.perf_counter()
        n = sum(len(r.claims) for r in read_835(path))
        secs = time.perf_counter() - t
        best = secs if best is None else min(best, secs)
    return best, n


LFH_CODE = r"""
import sys, time
from linuxforhealth.x12.io import X12ModelReader, X12SegmentReader
path = sys.argv[1]
t = time.perf_counter()
n = 0
with X12SegmentReader(path) as r:
    for seg in r.segments():
        if seg[0] == "CLP":
            n += 1
seg_time = time.perf_counter() - t
t = time.perf_counter()
m = 0
with X12ModelReader(path) as r:
    for model in r.models():
        for l2000 in model.loop_2000 or []:
            m += len(l2000.loop_2100 or [])
print(f"{seg_time} {n} {time.perf_counter() - t} {m}")
"""


def ensure_lfh() -> Path:
    py = LFH_VENV / "bin" / "python"
    if not py.exists():
        subprocess.run([sys.executable if "3.11" in sys.version else "python3.11", "-m", "venv", str(LFH_VENV)],
                       check=True)
        subprocess.run([str(py), "-m", "pip", "install", "-q", "linuxforhealth-x12==0.57.0", "pydantic<2"],
                       check=True)
    return py


def bench_lfh(path: Path) -> tuple[float, int, float, int]:
    out = subprocess.run([str(ensure_lfh()), "-c", LFH_CODE, str(path)], check=True, capture_output=True,
                         text=True).stdout.split()
    return float(out[2]), int(out[3]), float(out[0]), int(out[1])


def bench_pyx12(path: Path) -> tuple[float, bool]:
    import io
    import logging

    import pyx12.params
    import pyx12.x12n_document

    logging.getLogger("pyx12").setLevel(logging.CRITICAL + 1)
    t = time.perf_counter()
    ok = pyx12.x12n_document.x12n_document(param=pyx12.params.params(), src_file=str(path), fd_997=None,
                                           fd_html=None, fd_json=io.StringIO())
    return time.perf_counter() - t, ok


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--claims", type=int, default=10_000)
    ap.add_argument("--skip-lfh", action="store_true")
    ap.add_argument("--skip-pyx12", action="store_true")
    ap.add_argument("--repeat", type=int, default=3, help="painrcm runs (best reported)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.835"
        n = build_835(args.claims, path)
        results = {"claims": n, "file_bytes": path.stat().st_size}
        secs, got = bench_painrcm(path, args.repeat)
        assert got == n, (got, n)
        results["painrcm"] = {"seconds": round(secs, 3), "claims_per_s": round(n / secs),
                              "note": f"best of {args.repeat}"}
        if not args.skip_lfh:
            secs, m, seg_secs, seg_n = bench_lfh(path)
            results["linuxforhealth_x12_models"] = {"seconds": round(secs, 3), "claims_per_s": round(m / secs),
                                                    "claims": m}
            results["linuxforhealth_x12_segments"] = {"seconds": round(seg_secs, 3),
                                                      "claims_per_s": round(seg_n / seg_secs)}
            results["speedup_vs_lfh_models"] = round(results["painrcm"]["claims_per_s"]
                                                     / results["linuxforhealth_x12_models"]["claims_per_s"], 1)
        if not args.skip_pyx12:
            secs, ok = bench_pyx12(path)
            results["pyx12_validation"] = {"seconds": round(secs, 3), "claims_per_s": round(n / secs),
                                           "valid": ok, "note": "invalid only for the missing PER*BL"}
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
