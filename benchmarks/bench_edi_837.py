"""837P writing speed: 100,000 synthetic pain-practice claims (painrcm.edi.samples) to one file.

    .venv/bin/python benchmarks/bench_edi_837.py [--claims 100000] [--repeat 3]

Claim objects are built before timing; the time is ``write_837p`` (text in memory) plus
writing the file. The best of ``--repeat`` runs is reported (the machine is shared).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from painrcm.edi.envelope import InMemoryControlNumbers  # noqa: E402
from painrcm.edi.samples import PARTIES, sample_claims  # noqa: E402
from painrcm.edi.writer_837p import write_837p  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--claims", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    claims = sample_claims(args.claims)
    best = None
    size = 0
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "claims.837"
        for _ in range(args.repeat):
            t = time.perf_counter()
            text = write_837p(claims, PARTIES, InMemoryControlNumbers())
            out.write_text(text)
            secs = time.perf_counter() - t
            size = out.stat().st_size
            best = secs if best is None else min(best, secs)
    print(json.dumps({"claims": args.claims, "file_bytes": size, "seconds": round(best, 3),
                      "claims_per_s": round(args.claims / best)}, indent=2))


if __name__ == "__main__":
    main()
