"""Auth tracker on the full demo practice: requirement checks, due list, retro windows, RFA PDF.

    .venv/bin/python benchmarks/bench_auth.py [--encounters 1600]

Prints one line per step with its wall time (one run each; the PDF is rendered once).
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--encounters", type=int, default=1600)
    args = ap.parse_args()
    from painrcm.auth.deadlines import auth_deadlines, retro_deadlines, within
    from painrcm.auth.requirements import PlannedProcedure, check_requirements
    from painrcm.auth.rfa_package import build_package, render_pdf
    from painrcm.demo.auths import (demo_authorizations, demo_credentials, demo_rfa_package_inputs,
                                    demo_services, demo_today)
    from painrcm.demo.generate import generate_practice
    from painrcm.scrub.history import HistoryIndex
    from painrcm.scrub.testing import line, make_claim

    demo = generate_practice(7, encounters=args.encounters)
    today = demo_today(demo)
    t = time.perf_counter()
    auths = demo_authorizations(demo)
    creds = demo_credentials(demo)
    print(f"demo auths/credentials: {len(auths)} auths, {len(creds)} credentials in {time.perf_counter() - t:.2f} s")
    services = demo_services(demo)
    # history: every service as a claim (member id = patient id)
    claims = [make_claim(s.id, s.date_of_service, [line(c) for c in s.codes], member_id=s.patient_id)
              for s in services]
    history = HistoryIndex(claims)
    keys = {c.patient_id[3:]: (c.subscriber.member_id, c.patient_birth_date.toordinal()) for c in claims}
    by_patient = defaultdict(list)
    for a in auths:
        by_patient[a.patient_id].append(a)
    t = time.perf_counter()
    needs = 0
    for s in services:
        r = check_requirements(PlannedProcedure(s.payer_id, s.date_of_service, codes=s.codes, levels=s.levels,
                                                side=s.side, place_of_service=s.place_of_service, state=s.state,
                                                patient_id=s.patient_id),
                               history=history, history_key=keys.get(s.patient_id),
                               authorizations=by_patient[s.patient_id])
        needs += bool(r.needs_auth)
    dt = time.perf_counter() - t
    print(f"requirement checks: {len(services)} services ({needs} need auth) in {dt:.2f} s = "
          f"{len(services) / dt:,.0f} checks/s")
    t = time.perf_counter()
    rows = auth_deadlines(auths, today=today) + retro_deadlines(services, auths, today=today)
    due = within(rows, today, 21)
    print(f"due list: {len(rows)} deadlines, {len(due)} within 21 days, in {time.perf_counter() - t:.2f} s")
    notes, request = demo_rfa_package_inputs(demo)
    t = time.perf_counter()
    pkg = build_package(notes, request)
    t2 = time.perf_counter()
    pdf = render_pdf(pkg)
    print(f"RFA package: {len(notes)} note(s) reviewed in {t2 - t:.2f} s; PDF {len(pdf):,} bytes in "
          f"{time.perf_counter() - t2:.2f} s")


if __name__ == "__main__":
    main()
