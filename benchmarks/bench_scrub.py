"""Scrubber throughput: claims per second on one core, with history lookups.

Generates N claims in memory (deterministic): patients each with a stream of visits over a
year - transforaminal/interlaminar ESIs, facet blocks then RFA, E/M with and without a
same-day procedure, trigger points, SI joint and knee injections, SCS programming - spread
over the shipped payer policies. Each claim is scrubbed two days after its date of service against the history of the claims
generated before it (frequency, RFA prerequisites, global periods, duplicates, CPM month
conflicts), then folded into that history, as ``painrcm scrub`` does. Claims are built one at
a time (a generator), so the measured time is scrubbing plus history indexing, not I/O.

    .venv/bin/python benchmarks/bench_scrub.py --claims 1000000

Prints claims/s, findings by severity, and peak memory.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import resource
import time
from datetime import date, timedelta
from decimal import Decimal
from typing import Iterator

from painrcm.claims.model import Claim, ClaimLine
from painrcm.policy import load_policy
from painrcm.scrub import HistoryIndex, ScrubContext, scrub_claim
from painrcm.scrub.testing import make_claim

PAYERS = (("medicare", "15202"), ("medicare-advantage", "MAHMO1"), ("summit-health", "SMT01"),
          ("granite-mutual", "GRM01"), ("lakeshore-ppo", "LKS01"))
START = date(2025, 3, 1)


def L(code: str, *mods: str, units: int = 1, charge: str = "250.00") -> ClaimLine:
    return ClaimLine(code=code, charge=Decimal(charge), units=Decimal(units), modifiers=mods)


def _bilateral(code: str, style: str) -> list[ClaimLine]:
    if style == "rt_lt_two_lines":
        return [L(code, "RT"), L(code, "LT")]
    return [L(code, "50", units=2 if style == "modifier_50_two_units" else 1)]


def visit(kind: int, style: str) -> tuple[list[ClaimLine], tuple[str, ...]]:
    side = "RT" if kind % 2 else "LT"
    if kind in (0, 1):
        return [L("64483", side), L("64484", side)], ("M5416",)
    if kind == 2:
        return [L("62323")], ("M5416",)
    if kind == 3:
        return _bilateral("64493", style) + _bilateral("64494", style), ("M47816",)
    if kind == 4:
        return [L("64635", side), L("64636", side)], ("M47816",)
    if kind == 5:
        return [L("99214", "25"), L("64483", side)], ("M5416", "G8929")
    if kind == 6:
        return [L("99213")], ("G8929",)
    if kind == 7:
        return [L("20553")], ("M7918",)
    if kind == 8:
        return _bilateral("27096", style), ("M533",)
    if kind == 9:
        return [L("20610", side), L("77002")], ("M1711",)
    return [L("95972")], ("M961",)


def claims(n: int, patients: int, seed: int = 7) -> Iterator[Claim]:
    rng = random.Random(seed)
    policies = {pid: load_policy(pid) for pid, _ in PAYERS}
    per_patient = max(1, n // patients)
    made = 0
    day_step = max(1, 365 // per_patient)
    for p in range(patients):
        payer, x12 = PAYERS[p % len(PAYERS)]
        style = policies[payer].bilateral_style("11").value
        for k in range(per_patient):
            if made >= n:
                return
            kind = rng.randrange(11)
            lines, dx = visit(kind, style)
            dos = START + timedelta(days=k * day_step + rng.randrange(day_step))
            made += 1
            yield make_claim(f"B{made}", dos, lines, diagnoses=dx, member_id=f"M{p}", payer_id=payer,
                             x12_payer_id=x12, prior_authorization=f"A{p}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--claims", type=int, default=100_000)
    ap.add_argument("--patients", type=int, default=0, help="default: claims / 10")
    args = ap.parse_args()
    patients = args.patients or max(1, args.claims // 10)
    policies = {pid: load_policy(pid) for pid, _ in PAYERS}
    history = HistoryIndex()
    contexts = {pid: ScrubContext(policy=pol, as_of=date(2026, 3, 1), history=history)
                for pid, pol in policies.items()}
    counts = {"error": 0, "warning": 0}
    by_edit: dict[str, int] = {}
    gen = claims(args.claims, patients)
    built = 0.0
    t0 = time.perf_counter()
    n = 0
    while True:
        b0 = time.perf_counter()
        claim = next(gen, None)
        built += time.perf_counter() - b0
        if claim is None:
            break
        ctx = dataclasses.replace(contexts[claim.payer_id], as_of=claim.service_date + timedelta(days=2))
        for f in scrub_claim(claim, ctx):
            counts[f.severity] += 1
            by_edit[f.edit] = by_edit.get(f.edit, 0) + 1
        history.add(claim)
        n += 1
    total = time.perf_counter() - t0
    scrub = total - built
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"claims: {n:,}  patients: {patients:,}")
    print(f"scrub + history indexing: {scrub:.1f} s  -> {n / scrub:,.0f} claims/s "
          f"(claim generation {built:.1f} s excluded)")
    print(f"findings: {counts['error']:,} errors, {counts['warning']:,} warnings; "
          f"top: {sorted(by_edit.items(), key=lambda kv: -kv[1])[:6]}")
    print(f"peak memory: {peak:,.0f} MB")


if __name__ == "__main__":
    main()
