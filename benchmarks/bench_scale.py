"""Scale benchmark: N claim lines in PostgreSQL, then the hot read paths timed and explained.

Bulk-loads a synthetic billing company (``--practices`` practices, the first holding
half of the volume) into the painrcm schema with ``COPY`` (psycopg 3): patients,
claims (2-3 lines each), claim lines, remittances, claim payments and line payments
for 80 % of claims, and variance work items for 3 % of paid lines. Then, for the
largest practice, it times (median of ``--repeat`` runs, warm cache) and prints
``EXPLAIN (ANALYZE, BUFFERS)`` of:

* **AR queue**: open claims with their insurance balance, the 50 largest first
  (what the AR queue ranks; the app then scores them in Python);
* **variance list**: open variance work items by priority and amount, first page
  (``GET /api/practices/{pid}/variances``);
* **audit aggregate**: lines, charges and payments by CPT code over twelve months
  of service dates (the audit report's code table).

Usage::

    .venv/bin/python benchmarks/bench_scale.py --lines 1000000 \\
        --db postgresql+psycopg://postgres@127.0.0.1:5432/painrcm_scale

The database (or ``--schema``) is dropped and recreated: point it at a scratch one.
Results: docs/benchmarks.md (## hardening) and docs/reliability.md (plans).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from datetime import date, timedelta
from decimal import Decimal

import sqlalchemy as sa

CODES = [("64483", "555.00"), ("64484", "250.00"), ("64493", "810.00"), ("64494", "420.00"),
         ("64635", "985.00"), ("64636", "530.00"), ("62323", "580.00"), ("99214", "300.00"),
         ("20553", "140.00"), ("77003", "235.00"), ("27096", "375.00"), ("64510", "330.00")]
PAYERS = ["medicare", "medicare-advantage", "summit-health", "lakeshore-ppo", "granite-mutual"]
START = date(2025, 1, 1)
NOW = "2026-11-20 12:00:00+00"

AR_QUEUE = """
SELECT c.claim_id, c.payer_id, c.service_date, c.status, c.total_charge,
       COALESCE(p.paid, 0) AS paid, c.total_charge - COALESCE(p.paid, 0) AS open_balance
FROM claims c
LEFT JOIN (SELECT claim_id, SUM(paid) AS paid FROM claim_payments
           WHERE practice_id = :pid GROUP BY claim_id) p ON p.claim_id = c.claim_id
WHERE c.practice_id = :pid AND c.status IN ('submitted', 'denied', 'partial')
ORDER BY open_balance DESC, c.claim_id
LIMIT 50
"""
VARIANCES = """
SELECT id, claim_id, title, amount, priority FROM work_items
WHERE practice_id = :pid AND kind = 'variance' AND status <> 'closed'
ORDER BY priority ASC, amount DESC, id
LIMIT 50
"""
AUDIT = """
SELECT cl.code, COUNT(*) AS lines, SUM(cl.charge) AS charged, SUM(lp.paid) AS paid
FROM claim_lines cl
JOIN claims c ON c.practice_id = cl.practice_id AND c.claim_id = cl.claim_id
LEFT JOIN claim_payments cp ON cp.practice_id = cl.practice_id AND cp.claim_id = cl.claim_id
LEFT JOIN line_payments lp ON lp.practice_id = cl.practice_id AND lp.claim_payment_id = cp.id
                          AND lp.claim_line_number = cl.line_number
WHERE cl.practice_id = :pid AND c.service_date BETWEEN :d0 AND :d1
GROUP BY cl.code ORDER BY charged DESC
"""
QUERIES = {"AR queue": AR_QUEUE, "variance list": VARIANCES, "audit aggregate": AUDIT}


def _copy(raw, table: str, columns: list[str], rows) -> int:
    n = 0
    with raw.cursor() as cur:
        with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as cp:
            for row in rows:
                cp.write_row(row)
                n += 1
    return n


def load(engine, lines: int, practices: int, seed: int) -> dict:
    """Bulk-load the synthetic data; returns row counts."""
    rng = random.Random(seed)
    n_claims = max(1, int(lines / 2.5))
    share = [0.5] + [0.5 / max(practices - 1, 1)] * (practices - 1) if practices > 1 else [1.0]
    pids = [f"practice-{i}" for i in range(practices)]
    counts = dict.fromkeys(("patients", "claims", "claim_lines", "remittances", "claim_payments",
                            "line_payments", "work_items"), 0)
    raw = engine.raw_connection()
    try:
        dbapi = raw.driver_connection
        with dbapi.cursor() as cur:
            for p in PAYERS:
                cur.execute("INSERT INTO payers (id, name, plan_type, x12_payer_id, policy_id) VALUES "
                            "(%s, %s, 'commercial', %s, %s)", (p, p.title(), p.upper()[:5], p))
            for pid in pids:
                cur.execute("INSERT INTO practices (id, name, npi, tax_id, taxonomy, address, time_zone, created_at) "
                            "VALUES (%s, %s, '1990000011', '842917365', '208VP0014X', '{}', 'America/New_York', %s)",
                            (pid, pid, NOW))
        claim_rows, line_rows, pay_claims = [], [], []
        patients = []
        cid = 0
        for pi, pid in enumerate(pids):
            k = int(n_claims * share[pi])
            n_pat = max(1, k // 6)
            patients += [(pid, f"PT{j}", f"LAST{j}", f"FIRST{j}", "1950-01-01", "F") for j in range(n_pat)]
            for _ in range(k):
                cid += 1
                claim_id = f"C{cid:09d}"
                n_lines = 2 if rng.random() < 0.5 else 3
                dos = START + timedelta(days=rng.randrange(680))
                picked = rng.sample(CODES, n_lines)
                total = sum(Decimal(c[1]) for c in picked)
                paid = rng.random() < 0.8
                status = "paid" if paid else rng.choice(["submitted", "denied", "submitted", "draft"])
                payer = rng.choice(PAYERS)
                claim_rows.append((pid, claim_id, payer, payer.title(), payer.upper()[:5], f"PT{rng.randrange(n_pat)}",
                                   "1234567893", dos, "11", "1", total, "0", '["M5416"]', "{}", status, NOW, NOW, 1))
                for ln, (code, charge) in enumerate(picked, start=1):
                    line_rows.append((pid, claim_id, ln, code, "[]", charge, "1", "[1]", dos))
                if paid:
                    pay_claims.append((pid, claim_id, payer, dos, picked))
        counts["patients"] = _copy(dbapi, "patients", ["practice_id", "id", "last_name", "first_name", "birth_date",
                                                       "sex"], patients)
        counts["claims"] = _copy(dbapi, "claims", [
            "practice_id", "claim_id", "payer_id", "payer_name", "x12_payer_id", "patient_id", "rendering_npi",
            "service_date", "place_of_service", "frequency_code", "total_charge", "patient_paid", "diagnoses",
            "detail", "status", "created_at", "updated_at", "version"], claim_rows)
        del claim_rows
        counts["claim_lines"] = _copy(dbapi, "claim_lines", [
            "practice_id", "claim_id", "line_number", "code", "modifiers", "charge", "units", "diagnosis_pointers",
            "service_date"], line_rows)
        del line_rows
        # one remittance per practice, payer and week; ids assigned here so children can refer to them
        rem_key, rem_rows, cp_rows, lp_rows, wi_rows = {}, [], [], [], []
        cp_id = lp_id = 0
        for pid, claim_id, payer, dos, picked in pay_claims:
            key = (pid, payer, (dos - START).days // 7)
            if key not in rem_key:
                rem_key[key] = len(rem_key) + 1
                rem_rows.append((rem_key[key], pid, payer, f"TRN{rem_key[key]:08d}", payer.title(), pid, "0", "ACH",
                                 dos + timedelta(days=30), "posted", NOW))
            cp_id += 1
            charge = sum(Decimal(c[1]) for c in picked)
            paid_total = Decimal(0)
            for ln, (code, c) in enumerate(picked, start=1):
                lp_id += 1
                paid = (Decimal(c) * Decimal("0.62")).quantize(Decimal("0.01"))
                paid_total += paid
                lp_rows.append((lp_id, pid, cp_id, ln - 1, code, "[]", c, paid, "1", "[]", "[]", ln))
                if rng.random() < 0.03:
                    wi_rows.append((pid, "variance", rng.choice(["open", "open", "closed"]), f"underpaid {code}",
                                    claim_id, "variance", "contract_underpayment", Decimal("12.34") + rng.randrange(500),
                                    rng.choice([1, 2]), NOW))
            cp_rows.append((cp_id, pid, rem_key[key], 0, claim_id, claim_id, "1", charge, paid_total, "0", "[]"))
        counts["remittances"] = _copy(dbapi, "remittances", [
            "id", "practice_id", "payer_key", "trn", "payer_name", "payee_name", "total_paid", "payment_method",
            "payment_date", "status", "posted_at"], rem_rows)
        counts["claim_payments"] = _copy(dbapi, "claim_payments", [
            "id", "practice_id", "remittance_id", "seq", "patient_control_number", "claim_id", "status", "charge",
            "paid", "patient_responsibility", "remarks"], cp_rows)
        counts["line_payments"] = _copy(dbapi, "line_payments", [
            "id", "practice_id", "claim_payment_id", "seq", "code", "modifiers", "charge", "paid", "units", "remarks",
            "original_modifiers", "claim_line_number"], lp_rows)
        counts["work_items"] = _copy(dbapi, "work_items", [
            "practice_id", "kind", "status", "title", "claim_id", "entity", "entity_id", "amount", "priority",
            "created_at"], wi_rows)
        with dbapi.cursor() as cur:
            for t in ("remittances", "claim_payments", "line_payments"):
                cur.execute(f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), (SELECT MAX(id) FROM {t}))")
            cur.execute("ANALYZE")
        dbapi.commit()
    finally:
        raw.close()
    return counts


def time_queries(engine, pid: str, repeat: int) -> dict:
    params = {"pid": pid, "d0": date(2025, 6, 1), "d1": date(2026, 5, 31)}
    out = {}
    with engine.connect() as conn:
        for name, sql in QUERIES.items():
            conn.execute(sa.text(sql), params).all()  # warm
            times = []
            for _ in range(repeat):
                t0 = time.perf_counter()
                rows = conn.execute(sa.text(sql), params).all()
                times.append(time.perf_counter() - t0)
            plan = "\n".join(r[0] for r in conn.execute(sa.text("EXPLAIN (ANALYZE, BUFFERS) " + sql), params))
            out[name] = {"median_ms": round(statistics.median(times) * 1000, 1),
                         "max_ms": round(max(times) * 1000, 1), "rows": len(rows), "plan": plan}
    return out


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lines", type=int, default=200_000)
    ap.add_argument("--practices", type=int, default=4)
    ap.add_argument("--db", required=True, help="PostgreSQL URL of a scratch database")
    ap.add_argument("--schema", default="painrcm_scale", help="schema to (re)create and use")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--plans", action="store_true", help="print EXPLAIN ANALYZE plans")
    ap.add_argument("--json", help="write the results here")
    a = ap.parse_args(argv)

    from painrcm.store import migrate
    from painrcm.store.config import database_url
    from painrcm.store.engine import make_engine

    base = database_url(a.db)
    if not base.startswith("postgresql"):
        sys.exit("bench_scale needs PostgreSQL (--db postgresql+psycopg://...)")
    admin = sa.create_engine(base)
    with admin.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{a.schema}" CASCADE'))
        conn.execute(sa.text(f'CREATE SCHEMA "{a.schema}"'))
    admin.dispose()
    url = f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{a.schema}"
    migrate.upgrade(url)
    engine = make_engine(url)
    t0 = time.perf_counter()
    counts = load(engine, a.lines, a.practices, a.seed)
    load_s = time.perf_counter() - t0
    results = time_queries(engine, "practice-0", a.repeat)
    engine.dispose()
    print(f"loaded {counts['claim_lines']:,} claim lines ({counts['claims']:,} claims, "
          f"{counts['line_payments']:,} line payments, {counts['work_items']:,} work items, "
          f"{a.practices} practices) in {load_s:.1f} s")
    for name, r in results.items():
        print(f"{name:16s} median {r['median_ms']:8.1f} ms  max {r['max_ms']:8.1f} ms  ({r['rows']} rows)")
        if a.plans:
            print(r["plan"])
    if a.json:
        with open(a.json, "w") as fh:
            json.dump({"lines": a.lines, "counts": counts, "load_s": load_s, "results": results}, fh, indent=2)


if __name__ == "__main__":
    main()
