"""Benchmark the billing audit.

Practice-year (notes re-coded and compared with every claim), from the practice's exports:

    .venv/bin/python benchmarks/bench_audit.py year --encounters 10000 [--workdir DIR] [--workers N]

builds the demo practice's exports once (``build_demo_exports``, not timed; kept in --workdir for
re-runs) and times ``load_exports`` + ``run_audit`` + ``write_audit`` (HTML, PDF, CSV, XLSX).

Claim lines on PostgreSQL (no notes: the 835 side of the audit, KPIs, AR, denials):

    .venv/bin/python benchmarks/bench_audit.py pg --lines 1000000 --db postgresql://postgres@127.0.0.1:5432/painrcm_audit_bench

stores the 300-encounter demo practice in the database, replicates its billed claims and their 835
payments (new claim ids and trace numbers) up to ``--lines`` claim lines (not timed), then times
``load_database`` + ``run_audit`` + ``write_audit`` without the PDF.
"""

from __future__ import annotations

import argparse
import dataclasses
import tempfile
import time
from pathlib import Path


def year(args) -> None:
    from painrcm.reports.audit import run_audit
    from painrcm.reports.demo_audit import build_demo_exports
    from painrcm.reports.inputs import load_exports
    from painrcm.reports.render import write_audit

    work = Path(args.workdir or tempfile.mkdtemp(prefix="audit-bench-"))
    exports = work / "exports"
    if not (exports / "payers.csv").exists():
        t = time.perf_counter()
        ex = build_demo_exports(work, encounters=args.encounters)
        print(f"setup: demo exports of {len(ex.claims)} claims built in {time.perf_counter() - t:.1f} s ({work})")
    from painrcm.demo.run import DEMO_AS_OF

    import resource

    kids0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    c0, t0 = time.process_time(), time.perf_counter()
    inp = load_exports(exports)
    t1 = time.perf_counter()
    report = run_audit(inp, as_of=DEMO_AS_OF, workers=args.workers)
    t2 = time.perf_counter()
    write_audit(report, work / "audit")
    c3, t3 = time.process_time(), time.perf_counter()
    print(f"{report.claims} claims, {report.lines} lines, {report.notes_checked} notes re-coded and compared, "
          f"{len(inp.remittances)} remittances")
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    workers_cpu = (kids.ru_utime + kids.ru_stime) - (kids0.ru_utime + kids0.ru_stime)
    print(f"load exports {t1 - t0:.1f} s; audit {t2 - t1:.1f} s; write html+pdf+csv+xlsx {t3 - t2:.1f} s; "
          f"total {t3 - t0:.1f} s wall; CPU {c3 - c0:.1f} s main process + {workers_cpu:.1f} s coding workers")


def pg(args) -> None:
    from painrcm.demo.run import DEMO_AS_OF
    from painrcm.reports.audit import run_audit
    from painrcm.reports.demo_audit import build_demo_exports
    from painrcm.reports.inputs import load_database, load_exports
    from painrcm.reports.render import write_audit
    from painrcm.store.engine import make_engine, session_scope
    from painrcm.store.repositories.claims import save_claims
    from painrcm.store.repositories.remits import save_remittance

    work = Path(tempfile.mkdtemp(prefix="audit-pg-"))
    if args.reuse:  # the data of an earlier run is in the database: time the audit only
        return _time_pg(args, work)
    t = time.perf_counter()
    ex = build_demo_exports(work, encounters=300, db_url=args.db)
    base = load_exports(ex.path)
    billed = ex.claims  # in memory: with the practice and encounter ids the database wants
    per_copy = sum(len(c.lines) for c in billed)
    copies = max(1, -(-args.lines // per_copy))
    engine = make_engine(args.db)
    practice = ex.run.demo.practice.id
    with session_scope(engine) as s:  # one copy through the repositories, as posting would store it
        save_claims(s, billed, status="submitted")
        for r in base.remittances:
            save_remittance(s, practice, r)
    replicate(engine, practice, copies - 1)
    engine.dispose()
    print(f"setup: {copies} copies x {per_copy} lines = {copies * per_copy} claim lines stored in "
          f"{time.perf_counter() - t:.0f} s")
    _time_pg(args, work)


def _insert_select(conn, table, subs: dict, source: str, where: str, n: int, practice: str, after: str = "") -> None:
    import sqlalchemy as sa

    cols = [c.name for c in table.c if c.name != "id"]
    exprs = [subs.get(c, f"b.{c}") for c in cols]
    conn.execute(sa.text(f"INSERT INTO {table.name} ({', '.join(cols)}) SELECT {', '.join(exprs)} "
                         f"FROM {source} CROSS JOIN generate_series(1, :n) AS k {after} WHERE b.practice_id = :p {where}"),
                 {"n": n, "p": practice})


def replicate(engine, practice: str, n: int) -> None:
    """Copy the practice's claims and 835s ``n`` times in SQL (claim ids and TRNs get ``-k``)."""
    from painrcm.store.models import ClaimLineRow, ClaimRow
    from painrcm.store.models.remit import (ClaimPaymentRow, LinePaymentRow, ProviderAdjustmentRow,
                                            RemitAdjustmentRow, RemittanceRow)

    import sqlalchemy as sa

    if n <= 0:
        return
    sfx = "|| '-' || k"
    with engine.begin() as conn:
        _insert_select(conn, ClaimRow.__table__, {"claim_id": f"b.claim_id {sfx}"}, "claims b",
                       "AND b.claim_id NOT LIKE '%-%'", n, practice)
        _insert_select(conn, ClaimLineRow.__table__, {"claim_id": f"b.claim_id {sfx}"}, "claim_lines b",
                       "AND b.claim_id NOT LIKE '%-%'", n, practice)
        _insert_select(conn, RemittanceRow.__table__, {"trn": f"b.trn {sfx}"}, "remittances b",
                       "AND b.trn NOT LIKE '%-%'", n, practice)
        conn.execute(sa.text("ANALYZE remittances"))
        conn.execute(sa.text("ANALYZE claims"))
        new_r = ("JOIN remittances r ON r.id = b.remittance_id AND r.trn NOT LIKE '%-%' ")
        pair = ("JOIN remittances r2 ON r2.practice_id = r.practice_id AND r2.payer_key = r.payer_key "
                "AND r2.trn = r.trn || '-' || k")
        _insert_select(conn, ClaimPaymentRow.__table__,
                       {"remittance_id": "r2.id", "patient_control_number": f"b.patient_control_number {sfx}",
                        "claim_id": f"b.claim_id {sfx}"},
                       f"claim_payments b {new_r}", "", n, practice, pair)
        _insert_select(conn, ProviderAdjustmentRow.__table__, {"remittance_id": "r2.id"},
                       f"provider_adjustments b {new_r}", "", n, practice, pair)
    with engine.begin() as conn:  # the joins on the copies need the rows above
        conn.execute(sa.text("ANALYZE claim_payments"))
        pair = ("JOIN remittances r2 ON r2.practice_id = r.practice_id AND r2.payer_key = r.payer_key "
                "AND r2.trn = r.trn || '-' || k")
        cp = ("JOIN claim_payments cp ON cp.id = b.claim_payment_id "
              "JOIN remittances r ON r.id = cp.remittance_id AND r.trn NOT LIKE '%-%' ")
        cp2 = "JOIN claim_payments cp2 ON cp2.remittance_id = r2.id AND cp2.seq = cp.seq"
        _insert_select(conn, LinePaymentRow.__table__, {"claim_payment_id": "cp2.id"},
                       f"line_payments b {cp}", "", n, practice, f"{pair} {cp2}")
        conn.execute(sa.text("ANALYZE line_payments"))
        _insert_select(conn, RemitAdjustmentRow.__table__,
                       {"claim_payment_id": "cp2.id",
                        "line_payment_id": "(SELECT lp2.id FROM line_payments lp1 JOIN line_payments lp2 "
                                           "ON lp2.claim_payment_id = cp2.id AND lp2.seq = lp1.seq "
                                           "WHERE lp1.id = b.line_payment_id)"},
                       f"remit_adjustments b {cp}", "", n, practice, f"{pair} {cp2}")


def _time_pg(args, work: Path) -> None:
    from painrcm.demo.run import DEMO_AS_OF
    from painrcm.reports.audit import run_audit
    from painrcm.reports.inputs import load_database
    from painrcm.reports.render import write_audit

    c0, t0 = time.process_time(), time.perf_counter()
    inp = load_database(args.db, with_notes=False)
    t1 = time.perf_counter()
    report = run_audit(inp, as_of=DEMO_AS_OF, workers=args.workers)
    t2 = time.perf_counter()
    write_audit(report, work / "audit", pdf=False)
    c3, t3 = time.process_time(), time.perf_counter()
    print(f"{report.claims} claims, {report.lines} lines, {len(inp.remittances)} remittances; "
          f"{report.count('underpayment')} underpaid lines, {report.count('denial')} denied lines, "
          f"{report.data_quality.claims_without_835} claims without an 835")
    print(f"load from PostgreSQL {t1 - t0:.1f} s; audit {t2 - t1:.1f} s; write html+csv+xlsx {t3 - t2:.1f} s; "
          f"total {t3 - t0:.1f} s wall, {c3 - c0:.1f} s CPU of this process")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="what", required=True)
    y = sub.add_parser("year")
    y.add_argument("--encounters", type=int, default=10000)
    y.add_argument("--workdir")
    y.add_argument("--workers", type=int, default=None)
    p = sub.add_parser("pg")
    p.add_argument("--lines", type=int, default=1_000_000)
    p.add_argument("--db", required=True)
    p.add_argument("--workers", type=int, default=None)
    p.add_argument("--reuse", action="store_true", help="time the audit on the data an earlier run stored")
    args = ap.parse_args()
    (year if args.what == "year" else pg)(args)


if __name__ == "__main__":
    main()
