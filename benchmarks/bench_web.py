"""Load benchmark of the web application: work-queue pages and claim detail under concurrent users.

    .venv/bin/python benchmarks/bench_web.py --db postgresql+psycopg://postgres@127.0.0.1:5432/painrcm_bench \\
        [--claims 100000] [--users 20] [--requests 2000] [--think 0] [--workers 1] [--reuse]

Builds the demo practice (200 encounters, 835s posted, users) in the database (which is
wiped: use a scratch database), then replicates its patients, encounters, claims, claim
lines and scrub findings with SQL (``INSERT ... SELECT`` over a counter) up to ``--claims``
claims. Starts ``painrcm serve`` in a subprocess on a free loopback port, signs in ``--users``
sessions, warms each page once (the AR snapshot of all claims is computed then; its time is
reported separately), and then each user thread requests the pages in turn until
``--requests`` requests are done (closed loop, ``--think`` seconds between requests).
Prints per-page request counts, p50/p95/max latency and errors. Loopback only; bounded.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import sqlalchemy as sa

REPO = Path(__file__).resolve().parents[1]
PAGES = ("coding", "claims_held", "claims_all", "denials", "ar_queue", "claim_detail", "claim_detail_held")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _copies(conn, table, keys: dict[str, str], where: str, n: int, extra_where: str = "") -> None:
    """INSERT INTO table SELECT ... with the key columns suffixed '-<copy>' for copies 1..n."""
    cols = [c.name for c in table.columns if not (c.primary_key and c.autoincrement is True and c.name == "id")]
    if "id" in cols and isinstance(table.c.id.type, sa.Integer):
        cols.remove("id")
    select = ", ".join(keys.get(c, f"t.{c}") for c in cols)
    conn.execute(sa.text(
        f"WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < {n}) "
        f"INSERT INTO {table.name} ({', '.join(cols)}) SELECT {select} FROM {table.name} t, g "
        f"WHERE {where} {extra_where}"))


def build(db_url: str, claims: int, work: Path) -> dict:
    from painrcm.api.demo_seed import seed
    from painrcm.store.engine import make_engine
    from painrcm.store.models import ClaimLineRow, ClaimRow, CoverageRow, EncounterRow, PatientRow, ScrubFindingRow

    t0 = time.perf_counter()
    info = seed(db_url, work, encounters=200)
    t_seed = time.perf_counter() - t0
    engine = make_engine(db_url)
    pid = info.practice_id
    with engine.begin() as conn:
        base = conn.scalar(sa.select(sa.func.count()).select_from(ClaimRow).where(ClaimRow.practice_id == pid))
        n = max(0, -(-claims // base) - 1)
        suffix = "|| '-' || CAST(g.n AS VARCHAR)"
        w = f"t.practice_id = '{pid}'"
        t1 = time.perf_counter()
        if n:
            _copies(conn, PatientRow.__table__, {"id": f"t.id {suffix}"}, w, n)
            _copies(conn, CoverageRow.__table__, {"patient_id": f"t.patient_id {suffix}"}, w, n)
            _copies(conn, EncounterRow.__table__, {"id": f"t.id {suffix}", "patient_id": f"t.patient_id {suffix}"},
                    w, n)
            _copies(conn, ClaimRow.__table__, {"claim_id": f"t.claim_id {suffix}",
                                               "patient_id": f"t.patient_id {suffix}",
                                               "encounter_id": f"t.encounter_id {suffix}"}, w, n)
            _copies(conn, ClaimLineRow.__table__, {"claim_id": f"t.claim_id {suffix}"}, w, n)
            _copies(conn, ScrubFindingRow.__table__, {"claim_id": f"t.claim_id {suffix}"}, w, n)
        total = conn.scalar(sa.select(sa.func.count()).select_from(ClaimRow).where(ClaimRow.practice_id == pid))
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(sa.text("ANALYZE"))
    engine.dispose()
    return {"practice_id": pid, "claims": total, "seed_s": t_seed, "replicate_s": time.perf_counter() - t1,
            "users": info.users}


def sample_claims(db_url: str, pid: str, k: int = 200) -> tuple[list[str], list[str]]:
    from painrcm.store.engine import make_engine
    from painrcm.store.models import ClaimRow

    engine = make_engine(db_url)
    with engine.connect() as conn:
        any_ids = list(conn.scalars(sa.select(ClaimRow.claim_id).where(ClaimRow.practice_id == pid)
                                    .order_by(sa.func.random()).limit(k)))
        held = list(conn.scalars(sa.select(ClaimRow.claim_id).where(ClaimRow.practice_id == pid,
                                                                    ClaimRow.status == "held")
                                 .order_by(sa.func.random()).limit(k)))
    engine.dispose()
    return any_ids, held


def url_for(page: str, pid: str, rnd: random.Random, claims: list[str], held: list[str]) -> str:
    p = f"/p/{pid}"
    return {"coding": p + "/coding", "claims_held": p + "/claims?status=held", "claims_all": p + "/claims?status=",
            "denials": p + "/denials", "ar_queue": p + "/ar", "claim_detail": p + f"/claims/{rnd.choice(claims)}",
            "claim_detail_held": p + f"/claims/{rnd.choice(held)}"}[page]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default=os.environ.get("PAINRCM_BENCH_DATABASE_URL"))
    ap.add_argument("--claims", type=int, default=100_000)
    ap.add_argument("--users", type=int, default=20)
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--think", type=float, default=0.0)
    ap.add_argument("--workers", type=int, default=1, help="painrcm serve --workers")
    ap.add_argument("--reuse", action="store_true", help="Use the database as built by an earlier run")
    ap.add_argument("--work", default="/tmp/painrcm-bench-web")
    args = ap.parse_args()
    if not args.db:
        sys.exit("--db (a scratch PostgreSQL database URL) is required")
    import httpx

    from painrcm.api.demo_seed import ROLE_USERS, password_of
    from painrcm.demo.practice import PRACTICE_ID

    if args.reuse:
        built = {"practice_id": PRACTICE_ID, "claims": "(reused)", "seed_s": 0, "replicate_s": 0}
    else:
        built = build(args.db, args.claims, Path(args.work))
    print(f"database: {built['claims']} claims (seed {built['seed_s']:.1f}s, replicate {built['replicate_s']:.1f}s)")
    pid = built["practice_id"]
    claims, held = sample_claims(args.db, pid)
    port = _free_port()
    env = dict(os.environ, PAINRCM_AR_SNAPSHOT_SECONDS="3600")
    Path(args.work).mkdir(parents=True, exist_ok=True)
    server_log = open(Path(args.work) / "serve.log", "wb")  # one line per request: never an unread pipe
    server = subprocess.Popen([str(REPO / ".venv/bin/painrcm"), "serve", "--db", args.db, "--port", str(port),
                               "--as-of", "2026-11-20", "--workers", str(args.workers)], env=env,
                              stdout=server_log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300  # the machine may be busy: imports take a while
        while True:
            if server.poll() is not None:
                sys.exit("painrcm serve stopped: " + (Path(args.work) / "serve.log").read_text(errors="replace")[-2000:])
            try:
                httpx.get(base + "/login", timeout=5)
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    sys.exit("painrcm serve did not answer within 300 s")
                time.sleep(0.5)
        sessions = []
        for i in range(args.users):
            c = httpx.Client(base_url=base, timeout=60)
            r = c.post("/login", data={"email": ROLE_USERS["biller"], "password": password_of("biller"), "next": "/"})
            assert r.status_code in (200, 303), r.status_code
            sessions.append(c)
        rnd = random.Random(7)
        warm = {}
        for page in PAGES:  # each worker process computes its own AR snapshot: warm through every session
            t = time.perf_counter()
            r = sessions[0].get(url_for(page, pid, rnd, claims, held))
            while r.status_code == 503 and time.perf_counter() - t < 1200:  # first AR snapshot being computed
                time.sleep(2)
                r = sessions[0].get(url_for(page, pid, rnd, claims, held))
            warm[page] = (time.perf_counter() - t, r.status_code)
        if args.workers > 1:
            def warm_one(c) -> None:
                for p in ("denials", "claim_detail_held"):
                    t = time.perf_counter()
                    while c.get(url_for(p, pid, rnd, claims, held)).status_code == 503 and \
                            time.perf_counter() - t < 1200:
                        time.sleep(2)

            warmers = [threading.Thread(target=warm_one, args=(c,)) for c in sessions]
            for t in warmers:
                t.start()
            for t in warmers:
                t.join()
        print("warm-up (first request of each page): " + ", ".join(f"{k} {v[0]*1000:.0f}ms/{v[1]}"
                                                                 for k, v in warm.items()))
        lat: dict[str, list[float]] = {p: [] for p in PAGES}
        errors: list[str] = []
        counter = iter(range(args.requests))
        lock = threading.Lock()

        def user(i: int) -> None:
            r_ = random.Random(i)
            client = sessions[i]
            while True:
                with lock:
                    n = next(counter, None)
                if n is None:
                    return
                page = PAGES[n % len(PAGES)]
                t = time.perf_counter()
                try:
                    resp = client.get(url_for(page, pid, r_, claims, held))
                    ok = resp.status_code == 200
                except httpx.HTTPError as exc:
                    ok, resp = False, exc
                dt = time.perf_counter() - t
                with lock:
                    lat[page].append(dt)
                    if not ok:
                        errors.append(f"{page}: {getattr(resp, 'status_code', resp)}")
                if args.think:
                    time.sleep(r_.uniform(0, 2 * args.think))

        t0 = time.perf_counter()
        threads = [threading.Thread(target=user, args=(i,)) for i in range(args.users)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
        every = [x for v in lat.values() for x in v]
        print(f"{len(every)} requests, {args.users} users, think {args.think}s, {wall:.1f}s wall, "
              f"{len(every) / wall:.1f} req/s, errors {len(errors)}")
        print(f"{'page':20} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
        for page, v in list(lat.items()) + [("ALL", every)]:
            v = sorted(v)
            if not v:
                continue
            p95 = v[min(len(v) - 1, int(0.95 * len(v)))]
            print(f"{page:20} {len(v):5d} {statistics.median(v) * 1000:8.1f} {p95 * 1000:8.1f} {v[-1] * 1000:8.1f}")
        if errors:
            print("errors:", errors[:5])
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        server_log.close()


if __name__ == "__main__":
    main()
