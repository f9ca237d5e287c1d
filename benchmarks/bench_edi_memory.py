"""Peak memory while streaming a 1 GB 835 (default) through ``painrcm.edi.reader_835.read_835``.

    .venv/bin/python benchmarks/bench_edi_memory.py [--gigabytes 1.0]

The file is generated on the fly in /tmp (many ST..SE payments of 1,000 balanced claims
each, built from the real sample claim loops as in bench_edi_835.py), read in a child
process whose peak resident set size (``ru_maxrss``) is reported, and deleted afterwards.
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

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_edi_835 import HEADER, claim_loops  # noqa: E402

CHILD = r"""
import resource, sys, time
sys.path.insert(0, sys.argv[2])
from painrcm.edi.reader_835 import read_835
t = time.perf_counter()
claims = payments = 0
for rem in read_835(sys.argv[1]):
    payments += 1
    claims += len(rem.claims)
secs = time.perf_counter() - t
print(payments, claims, secs, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def transaction(st: int, loops, per: int, offset: int) -> str:
    body, total = [], Decimal(0)
    for i in range(per):
        loop, paid = loops[(offset + i) % len(loops)]
        clp = loop[0].split("*")
        clp[1] = f"{clp[1]}-{offset + i}"
        body.append("*".join(clp) + "~\n" + "".join(s + "~\n" for s in loop[1:]))
        total += paid
    head = HEADER.format(total=f"{total:.2f}").split("ST*835*0001~\n", 1)[1]
    head = head.replace("TRN*1*BENCH0001*", f"TRN*1*BENCH{st:08d}*")
    segs = 1 + head.count("~") + sum(b.count("~") for b in body) + 1
    return f"ST*835*{st:04d}~\n" + head + "".join(body) + f"SE*{segs}*{st:04d}~\n"


def generate(path: Path, target_bytes: int, per: int = 1000) -> int:
    loops = claim_loops()
    isa, gs = HEADER.split("ST*835*0001~\n", 1)[0].split("\n")[:2]
    n = 0
    with open(path, "w") as fh:
        fh.write(isa + "\n" + gs + "\n")
        size = 0
        # a few distinct transactions, repeated with new control/trace numbers
        templates = [transaction(1, loops, per, k * per) for k in range(4)]
        while size < target_bytes:
            n += 1
            # ST02/SE02 and the TRN02 trace number made unique per transaction
            t = templates[n % 4].replace("*0001~\n", f"*{n:04d}~\n").replace(
                "BENCH00000001*", f"BENCH{n:08d}*")
            fh.write(t)
            size += len(t)
        fh.write(f"GE*{n}*1~\nIEA*1*000000001~\n")
    return n


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gigabytes", type=float, default=1.0)
    args = ap.parse_args()
    fd, name = tempfile.mkstemp(suffix=".835", dir="/tmp")
    os.close(fd)
    path = Path(name)
    try:
        t = time.perf_counter()
        transactions = generate(path, int(args.gigabytes * 1024 ** 3))
        gen_secs = time.perf_counter() - t
        out = subprocess.run([sys.executable, "-c", CHILD, str(path), str(HERE.parent / "src")],
                             check=True, capture_output=True, text=True).stdout.split()
        payments, claims, secs, maxrss_kb = int(out[0]), int(out[1]), float(out[2]), int(out[3])
        print(json.dumps({"file_bytes": path.stat().st_size, "transactions": transactions,
                          "payments_read": payments, "claims": claims, "generate_seconds": round(gen_secs, 1),
                          "read_seconds": round(secs, 1), "claims_per_s": round(claims / secs),
                          "peak_rss_mb": round(maxrss_kb / 1024, 1)}, indent=2))
    finally:
        path.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
