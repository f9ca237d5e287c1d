"""Wall-clock time of ``painrcm demo`` (issue #2: under 60 s on a 2-core machine).

Runs the real command in a subprocess on a fresh SQLite file, ``--runs`` times, and
prints each time and the best. Usage::

    .venv/bin/python benchmarks/bench_demo.py --runs 3
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--encounters", type=int, default=1600)
    args = ap.parse_args()
    exe = Path(sys.executable).with_name("painrcm")
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.runs):
            start = time.perf_counter()
            subprocess.run([str(exe), "demo", "--db", os.path.join(tmp, "demo.db"), "-o", os.path.join(tmp, "out"),
                            "--encounters", str(args.encounters)], check=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            times.append(time.perf_counter() - start)
            print(f"run {i + 1}: {times[-1]:.1f} s")
    print(f"painrcm demo ({args.encounters} encounters): best {min(times):.1f} s, worst {max(times):.1f} s "
          f"(target < 60 s)")


if __name__ == "__main__":
    main()
