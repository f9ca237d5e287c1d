"""How long generating (and seeding) the demo practice takes.

Usage: .venv/bin/python benchmarks/bench_demo_generate.py [--seed 7] [--runs 3] [--seed-db]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seed-db", action="store_true", help="also time storing it in a fresh SQLite file")
    args = ap.parse_args()
    from painrcm.demo.generate import generate_practice

    times = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        demo = generate_practice(args.seed)
        times.append(time.perf_counter() - t0)
    words = sum(len(e.notes[0].text.split()) for e in demo.encounters)
    print(f"generate_practice(seed={args.seed}): {len(demo.encounters)} encounters, {len(demo.patients)} patients, "
          f"{words} note words; best {min(times):.2f} s, median {sorted(times)[len(times) // 2]:.2f} s over {args.runs} runs")
    if args.seed_db:
        from painrcm.demo.seed import seed_demo
        from painrcm.store import migrate
        from painrcm.store.engine import make_engine, session_scope

        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{Path(tmp) / 'bench.db'}"
            migrate.upgrade(url)
            engine = make_engine(url)
            t0 = time.perf_counter()
            with session_scope(engine) as s:
                seed_demo(s, demo)
            print(f"seed_demo into SQLite: {time.perf_counter() - t0:.2f} s")
            engine.dispose()


if __name__ == "__main__":
    main()
