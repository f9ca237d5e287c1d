"""Crash safety of 835 ingestion and posting: SIGKILL a worker at random points.

Each round: a fresh database holding a synthetic practice and its submitted claims,
a child process running ``painrcm.edi.ingest.ingest_paths`` (``--mode ingest``) or
``painrcm.remit.posting.post_paths`` (``--mode post``) over the practice's 835 files,
killed with SIGKILL after a random delay. Then:

* the database must equal the state after some whole number of files of a clean
  run (row counts of every posting table and the claim status histogram): before
  or after each file's transaction, never in between;
* re-running the same files must complete the work exactly once: the counts equal
  those of a clean single run.

Usage (full size, recorded in docs/reliability.md)::

    .venv/bin/python scripts/crash_ingest.py --rounds 50 --claims 200 --mode post
    PAINRCM_TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1/db \\
        .venv/bin/python scripts/crash_ingest.py --rounds 20 --pg --mode post

tests/hardening/test_hardening_crash.py runs a few rounds of the same code.
"""

from __future__ import annotations

import argparse
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "hardening"))

import hardening_db as h  # noqa: E402

CHILD = """
import sys
from pathlib import Path
from painrcm.store.engine import make_engine
from painrcm.edi.ingest import ingest_paths
from painrcm.remit.posting import post_paths
import painrcm.edi.reader_835, painrcm.store.repositories.remits, painrcm.store.repositories.edi  # warm imports
import painrcm.store.repositories.work, painrcm.store.repositories.claims, painrcm.remit.dispute_store
url, mode, files = sys.argv[1], sys.argv[2], [Path(p) for p in sys.argv[3:]]
engine = make_engine(url)
run = post_paths if mode == "post" else ingest_paths
print("READY", flush=True)
run(engine, "riverside", files)
print("DONE", flush=True)
"""


@dataclass
class Report:
    rounds: int = 0
    killed_mid_run: int = 0  # the child had not finished when killed
    states: dict = field(default_factory=dict)  # files completed at kill -> rounds
    failures: list = field(default_factory=list)


def _run(mode: str):
    from painrcm.edi.ingest import ingest_paths
    from painrcm.remit.posting import post_paths
    return post_paths if mode == "post" else ingest_paths


def clean_snapshots(url: str, files: list[Path], mode: str) -> tuple[list[tuple], float]:
    """Counts before and after each file of an uninterrupted run, and its duration."""
    from painrcm.store.engine import make_engine
    snaps = [h.counts(url)]
    engine = make_engine(url)
    t0 = time.perf_counter()
    try:
        _run(mode)(engine, h.PRACTICE, files, on_file=lambda _p: snaps.append(h.counts(url)))
    finally:
        engine.dispose()
    return snaps, time.perf_counter() - t0


def child_seconds(url: str, files: list[Path], mode: str) -> float:
    """How long an uninterrupted child takes from READY to DONE (the window to kill in)."""
    child = subprocess.Popen([sys.executable, "-c", CHILD, url, mode, *map(str, files)],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert child.stdout.readline().strip() == "READY"
    t0 = time.perf_counter()
    assert child.stdout.readline().strip() == "DONE"
    seconds = time.perf_counter() - t0
    child.wait()
    return seconds


def crash_round(url: str, files: list[Path], mode: str, delay: float, snaps: list[tuple], report: Report) -> None:
    from painrcm.store.engine import make_engine
    child = subprocess.Popen([sys.executable, "-c", CHILD, url, mode, *map(str, files)],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert child.stdout.readline().strip() == "READY"
    time.sleep(delay)
    finished = child.poll() is not None
    child.send_signal(signal.SIGKILL)
    child.wait()
    report.rounds += 1
    report.killed_mid_run += not finished
    state = h.counts(url)
    if state not in snaps:
        report.failures.append(f"round {report.rounds}: state between files after kill at {delay:.3f}s: {state}")
        return
    done = snaps.index(state)
    report.states[done] = report.states.get(done, 0) + 1
    engine = make_engine(url)
    try:
        _run(mode)(engine, h.PRACTICE, files)  # the re-run completes the work exactly once
    finally:
        engine.dispose()
    if h.counts(url) != snaps[-1]:
        report.failures.append(f"round {report.rounds}: re-run after kill gave {h.counts(url)}, clean run {snaps[-1]}")


def run(rounds: int, n_claims: int, mode: str, pg: bool, seed: int = 1) -> Report:
    rng = random.Random(seed)
    claims = h.make_claims(n_claims)
    report = Report()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        files = h.write_eras(claims, tmp / "era")
        template = tmp / "template.db"
        if not pg:
            h.setup_practice(f"sqlite:///{template}", claims)

        def fresh(i: int):
            if pg:
                return h.pg_schema_url()
            path = tmp / f"round{i}.db"
            shutil.copy(template, path)
            return nullcontext(f"sqlite:///{path}")

        with fresh(-1) as url:
            if pg:
                h.setup_practice(url, claims)
            snaps, _ = clean_snapshots(url, files, mode)
        with fresh(-2) as url:
            if pg:
                h.setup_practice(url, claims)
            seconds = child_seconds(url, files, mode)
        for i in range(rounds):
            with fresh(i) as url:
                if pg:
                    h.setup_practice(url, claims)
                crash_round(url, files, mode, rng.uniform(0, seconds * 1.2), snaps, report)
            if not pg:
                (tmp / f"round{i}.db").unlink(missing_ok=True)
    return report


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--claims", type=int, default=60)
    ap.add_argument("--mode", choices=("post", "ingest"), default="post")
    ap.add_argument("--pg", action="store_true", help="PostgreSQL at $PAINRCM_TEST_DATABASE_URL")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    t0 = time.perf_counter()
    r = run(a.rounds, a.claims, a.mode, a.pg, a.seed)
    print(f"{r.rounds} rounds ({a.mode}, {'PostgreSQL' if a.pg else 'SQLite'}, {a.claims} claims): "
          f"{r.killed_mid_run} killed mid-run; files complete at kill: {dict(sorted(r.states.items()))}; "
          f"failures: {len(r.failures)} ({time.perf_counter() - t0:.0f} s)")
    for f in r.failures:
        print("  " + f)
    sys.exit(1 if r.failures else 0)


if __name__ == "__main__":
    main()
