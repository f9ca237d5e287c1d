"""Benchmark: reconcile (match + price + compare) and post N claim payments.

Usage::

    .venv/bin/python benchmarks/bench_remit.py --claims 100000            # pure reconciliation path
    .venv/bin/python benchmarks/bench_remit.py --claims 100000 --distinct # no two claims alike (no memo hits)
    .venv/bin/python benchmarks/bench_remit.py --claims 100000 --db       # + post the 835 files to SQLite
    .venv/bin/python benchmarks/bench_remit.py --claims 20000 --db --db-url postgresql+psycopg://u@host/empty_db

The claims are the synthetic shapes of tests/remit/remit_factories.py (2-3 lines each, five payers,
all default faults on); the 835s come from the payer simulator (not timed). Timed phases:
``reconcile`` (pure, in memory), ``parse`` (X12 835 text -> Remittance objects, the EDI reader), and with
``--db`` ``post`` (save + match + work items + reconcile in the database, one transaction per 835 file),
reported as wall-clock and as this process's CPU time (the machine is shared). ``--db-url`` posts into
another (empty) database, e.g. PostgreSQL; ``--profile FILE`` writes a cProfile of the posting phase only;
``--gc-freeze`` hides the benchmark's own objects from the garbage collector before posting.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "remit"))

from remit_factories import PAYERS, SHAPES, make_claim  # noqa: E402

from painrcm.demo.faults import Faults  # noqa: E402
from painrcm.demo.simulator import simulate  # noqa: E402
from painrcm.remit.contracts import shipped_contracts  # noqa: E402
from painrcm.remit.reconcile import ContractBook, reconcile  # noqa: E402


def build(n: int, distinct: bool = False):
    """``distinct``: every claim's charges differ (no two claims price alike: no memo hits)."""
    from dataclasses import replace
    from decimal import Decimal

    payers = list(PAYERS)
    out = [make_claim(i, payers[i % len(payers)], (i // len(payers)) % len(SHAPES)) for i in range(1, n + 1)]
    if distinct:
        out = [replace(c, lines=tuple(replace(l, charge=l.charge + Decimal(i) / 100) for l in c.lines))
               for i, c in enumerate(out)]
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--claims", type=int, default=10_000)
    ap.add_argument("--db", action="store_true", help="also post into a fresh SQLite database")
    ap.add_argument("--distinct", action="store_true", help="every claim priced afresh (worst case)")
    ap.add_argument("--batch", type=int, default=2_000, help="claims per 835 file (simulator batches by payer)")
    ap.add_argument("--db-url", help="with --db: post into this (empty) database instead of a fresh SQLite file")
    ap.add_argument("--gc-freeze", action="store_true",
                    help="with --db: move the benchmark's own objects (claims, 835 texts, reconcile result) out of "
                         "the garbage collector's sight before posting, as in a posting-only process")
    ap.add_argument("--profile", metavar="FILE", help="with --db: cProfile the posting phase only into FILE")
    args = ap.parse_args()
    claims = build(args.claims, args.distinct)
    t = time.perf_counter()
    sims = [simulate(claims[i:i + args.batch], seed=7, faults=Faults.default())
            for i in range(0, len(claims), args.batch)]
    print(f"simulate: {len(claims)} claims in {time.perf_counter() - t:.1f}s (not part of the figure)")
    book = ContractBook(shipped_contracts())
    texts = [(f"b{k}-{name}", text) for k, s in enumerate(sims) for name, text in s.x12_files.items()]

    from painrcm.edi.reader_835 import read_835
    t = time.perf_counter()
    rems = [r for name, text in texts for r in read_835(io.StringIO(text), name=name)]
    parse_s = time.perf_counter() - t
    n_payments = sum(len(r.claims) for r in rems)
    print(f"parse 835: {n_payments} claim payments in {parse_s:.2f}s = {n_payments / parse_s:,.0f} claims/s")

    t = time.perf_counter()
    result = reconcile(claims, rems, book)
    rec_s = time.perf_counter() - t
    injected = sum((s.injected_total for s in sims), 0)
    print(f"reconcile: {result.claims_reconciled} claim payments in {rec_s:.2f}s = "
          f"{result.claims_reconciled / rec_s:,.0f} claims/s; {len(result.variances)} variances; "
          f"underpaid {result.underpaid_total} (injected {injected})")
    print(f"parse + reconcile: {n_payments / (parse_s + rec_s):,.0f} claims/s")
    assert result.underpaid_total == injected

    if args.db:
        from datetime import date

        from painrcm.demo.practice import payers, practice
        from painrcm.domain.parties import Patient
        from painrcm.remit.posting import post_paths
        from painrcm.store import migrate
        from painrcm.store.engine import make_engine, session_scope
        from painrcm.store.repositories import claims as claim_repo, parties

        with tempfile.TemporaryDirectory() as tmp:
            url = args.db_url or f"sqlite:///{tmp}/bench.db"
            migrate.upgrade(url)
            engine = make_engine(url)
            with session_scope(engine) as s:
                parties.save_payers(s, payers())
                parties.save_practice(s, practice())
                parties.save_patients(s, [Patient(c.patient_id, "riverside", c.patient_name.last,
                                                  c.patient_name.first, date(1950, 1, 1), "F") for c in claims])
                claim_repo.save_claims(s, claims, status="submitted")
            files = []
            for name, text in texts:
                p = Path(tmp) / name
                p.write_text(text)
                files.append(p)
            if args.gc_freeze:
                import gc
                gc.collect()
                gc.freeze()
            profiler = None
            if args.profile:
                import cProfile
                profiler = cProfile.Profile()
                profiler.enable()
            t, cpu = time.perf_counter(), time.process_time()
            posted = post_paths(engine, "riverside", files, contracts=shipped_contracts())
            post_s, post_cpu = time.perf_counter() - t, time.process_time() - cpu
            if profiler is not None:
                profiler.disable()
                profiler.dump_stats(args.profile)
            n = sum(r.claims_posted for r in posted)
            print(f"post to {engine.dialect.name} (archive + parse + save + match + reconcile + work items): {n} claim payments "
                  f"in {post_s:.1f}s = {n / post_s:,.0f} claims/s; CPU time of this process {post_cpu:.1f}s = "
                  f"{n / post_cpu:,.0f} claims/s")
            engine.dispose()


if __name__ == "__main__":
    main()
