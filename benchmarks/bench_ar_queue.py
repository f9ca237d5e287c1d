"""Benchmark: classify + route the denials, balance every claim and rank the AR queue (pure).

    .venv/bin/python benchmarks/bench_ar_queue.py [claims]      (default 20000)

Synthetic claims (five payers, RFA / ESI / visit shapes) with a deterministic mix of
outcomes: paid, denied with one of twelve CARCs, unanswered. Reconciliation (the remit stage)
runs once beforehand without contracts and is timed separately.
"""

from __future__ import annotations

import sys
import time
from datetime import date, timedelta

from painrcm.ar.work import ar_work
from painrcm.denials.testing import make_claim, make_payment, make_remittance
from painrcm.remit.reconcile import reconcile

PAYERS = ("medicare", "medicare-advantage", "summit-health", "lakeshore-ppo", "granite-mutual")
SHAPES = ((("64635", "1500.00", ("RT",)), ("64636", "700.00", ("RT",))),
          (("64483", "555.00", ("RT",)), ("77003", "100.00")),
          (("99214", "200.00"),))
DENIALS = ("CO-50", "CO-197", "CO-16", "CO-4", "CO-97", "CO-29", "CO-18", "CO-22", "CO-27", "CO-151", "CO-B7",
           "CO-252")


def build(n: int):
    claims, payments = [], []
    start = date(2026, 1, 5)
    for i in range(n):
        c = make_claim(f"C{i:07d}", payer_id=PAYERS[i % 5], lines=SHAPES[i % 3],
                       service_date=start + timedelta(days=i % 150), patient_id=f"P{i % (n // 3 + 1)}")
        claims.append(c)
        k = i % 10
        if k < 5:
            payments.append(make_payment(c, [("50.00", [f"CO-45:{ln.charge - 60}", "PR-2:10.00"]) for ln in c.lines]))
        elif k < 8:
            code = DENIALS[i % len(DENIALS)]
            payments.append(make_payment(c, [("0.00", [code]) for _ in c.lines]))
    remits = [make_remittance(payments[j:j + 500], trn=f"T{j}", payment_date=date(2026, 6, 1))
              for j in range(0, len(payments), 500)]
    return claims, remits


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    claims, remits = build(n)
    t0 = time.perf_counter()
    res = reconcile(claims, remits, ())
    t1 = time.perf_counter()
    work = ar_work(claims, remits, date(2026, 7, 1), reconciliation=res)
    t2 = time.perf_counter()
    print(f"{n} claims, {sum(len(r.claims) for r in remits)} claim payments: reconcile {t1 - t0:.2f}s; "
          f"ar_work {t2 - t1:.2f}s ({len(work.denials)} denials routed, {len(work.queue)} queue items, "
          f"{n / (t2 - t1):,.0f} claims/s)")


if __name__ == "__main__":
    main()
