"""``painrcm demo``: the whole revenue cycle on the embedded synthetic practice.

Each stage is one function here that calls the stage's own package; the runner only
moves data between them, times them, and collects what each did for the summary.
Stages: generate the practice -> store it -> code every note -> build claims ->
scrub (fix what can be fixed, hold the rest) -> write 837P files -> simulate the
payers' 835s -> post and reconcile -> work denials and AR -> deadlines.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
import dataclasses
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Callable, Iterator

from painrcm.claims.builder import build_claim
from painrcm.claims.model import Claim
from painrcm.coding import code_note
from painrcm.demo.charges import demo_charge_master
from painrcm.demo.generate import DemoPractice, generate_practice
from painrcm.demo.schedule import demo_charge_overrides, demo_incident_to
from painrcm.domain.parties import CoverageRank, VisitType
from painrcm.domain.money import ZERO

#: the demo's "today": the day after its 12 months of encounters end
DEMO_END = date(2026, 10, 31)
DEMO_AS_OF = date(2026, 11, 20)
#: a practice submits each day's claims a couple of days after the visit (charge lag)
CHARGE_LAG = timedelta(days=2)


@dataclass
class StageReport:
    name: str
    seconds: float = 0.0
    lines: list[str] = field(default_factory=list)

    def say(self, text: str) -> None:
        self.lines.append(text)


@dataclass
class DemoRun:
    """Everything the demo produced, for the summary and for tests."""

    db_url: str
    out_dir: Path
    demo: DemoPractice | None = None
    codings: dict = field(default_factory=dict)  # encounter id -> CodingResult
    claims: list[Claim] = field(default_factory=list)
    submitted: list[Claim] = field(default_factory=list)
    held: dict = field(default_factory=dict)  # claim id -> findings
    awaiting_provider: set = field(default_factory=set)  # claim ids whose note has an open query
    files: list[Path] = field(default_factory=list)  # X12 files written
    documents: list[Path] = field(default_factory=list)  # PDFs, calendars, reports
    stages: list[StageReport] = field(default_factory=list)
    extras: dict = field(default_factory=dict)

    @property
    def seconds(self) -> float:
        return sum(s.seconds for s in self.stages)


@contextmanager
def _stage(run: DemoRun, name: str) -> Iterator[StageReport]:
    report = StageReport(name)
    start = time.perf_counter()
    try:
        yield report
    finally:
        report.seconds = time.perf_counter() - start
        run.stages.append(report)


Progress = Callable[[str, int], Callable[[int], None]]


def _no_progress(label: str, total: int) -> Callable[[int], None]:
    return lambda n=1: None


def refresh_database(db_url: str) -> None:
    """Start the demo from an empty database: drop the SQLite file, or the demo practice's rows."""
    from painrcm.store import migrate

    if db_url.startswith("sqlite:///"):
        path = Path(db_url[len("sqlite:///"):])
        for suffix in ("", "-wal", "-shm"):
            p = Path(str(path) + suffix)
            if p.exists():
                p.unlink()
        migrate.upgrade(db_url)
        return
    migrate.upgrade(db_url)
    import sqlalchemy as sa

    from painrcm.demo.practice import PRACTICE_ID
    from painrcm.store.engine import make_engine
    from painrcm.store.models import PracticeRow

    engine = make_engine(db_url)
    with engine.begin() as conn:
        conn.execute(sa.delete(PracticeRow).where(PracticeRow.id == PRACTICE_ID))
    engine.dispose()


def stage_generate(run: DemoRun, seed: int, encounters: int) -> None:
    with _stage(run, "practice") as r:
        run.demo = demo = generate_practice(seed, end=DEMO_END, encounters=encounters)
        r.say(f"{demo.practice.name}: {len(demo.providers)} providers, {len(demo.payers)} payers, "
              f"{len(demo.patients)} patients, {len(demo.encounters)} encounters "
              f"({demo.encounters[0].date_of_service} to {demo.encounters[-1].date_of_service})")


def stage_store(run: DemoRun, engine) -> None:
    from painrcm.store.engine import session_scope
    from painrcm.store.repositories import parties

    demo = run.demo
    with _stage(run, "store") as r, session_scope(engine) as s:
        parties.save_practice(s, demo.practice)
        parties.save_providers(s, demo.providers, demo.practice.id)
        parties.save_payers(s, demo.payers)
        parties.save_patients(s, demo.patients)
        parties.save_coverages(s, demo.practice.id, demo.coverages)
        parties.save_encounters(s, demo.encounters)
        r.say(f"stored in {_safe(run.db_url)}")


def stage_code(run: DemoRun, engine, progress: Progress) -> None:
    from painrcm.store.engine import session_scope
    from painrcm.store.repositories.coding import save_coding

    demo = run.demo
    payer_policy = {p.id: p.policy_id for p in demo.payers}
    with _stage(run, "coding") as r:
        tick = progress("coding notes", len(demo.encounters))
        for enc in demo.encounters:
            text = "\n\n".join(n.text for n in enc.notes)
            visit = {VisitType.NEW: "new", VisitType.ESTABLISHED: "established"}.get(enc.visit_type)
            run.codings[enc.id] = code_note(text, payer=payer_policy[enc.payer_id], pos=enc.place_of_service,
                                            dos=enc.date_of_service, visit_type=visit)
            tick(1)
        with session_scope(engine) as s:
            for enc in demo.encounters:
                save_coding(s, demo.practice.id, enc.id, run.codings[enc.id])
        ready = sum(1 for c in run.codings.values() if c.status == "ready")
        topics = Counter(q.topic for c in run.codings.values() for q in c.queries)
        r.say(f"{len(run.codings)} notes coded: {ready} ready, {len(run.codings) - ready} need provider review")
        if topics:
            r.say("provider queries: " + ", ".join(f"{t} {n}" for t, n in topics.most_common()))


def stage_claims(run: DemoRun, engine, charge_master) -> None:
    demo = run.demo
    patients = {p.id: p for p in demo.patients}
    payers = {p.id: p for p in demo.payers}
    providers = {p.npi: p for p in demo.providers}
    primary = {c.patient_id: c for c in demo.coverages if c.rank is CoverageRank.PRIMARY}
    with _stage(run, "claims") as r:
        for n, enc in enumerate(demo.encounters, 1):
            result = run.codings[enc.id]
            if not result.lines or not result.diagnoses:
                continue  # nothing to bill until the provider answers (no claim without a diagnosis)
            if result.status != "ready":  # waits for the provider's answer, but the service happened
                run.awaiting_provider.add(f"RIP{n:06d}")
            coverage = primary[enc.patient_id]
            run.claims.append(build_claim(
                claim_id=f"RIP{n:06d}", practice=demo.practice, payer=payers[coverage.payer_id],
                patient=patients[enc.patient_id], coverage=coverage, encounter=enc,
                rendering=providers[enc.rendering_npi], lines=result.lines, charge_master=charge_master,
                diagnoses=result.diagnoses))
        total = sum((c.total_charge for c in run.claims), ZERO)
        r.say(f"{len(run.claims)} claims built, {sum(len(c.lines) for c in run.claims)} lines, "
              f"${total:,.2f} charged; {len(run.awaiting_provider)} wait for a provider's answer")


def stage_charge_capture(run: DemoRun, charge_master) -> None:
    """Schedule against charges, the charge master against allowables, provider billing checks."""
    from painrcm.demo.schedule import demo_charge_capture_report

    with _stage(run, "charge capture") as r:
        for line in demo_charge_capture_report(run.demo, run.claims, run.codings, charge_master, as_of=DEMO_AS_OF):
            r.say(line)


def stage_auth(run: DemoRun, engine) -> dict:
    """Authorizations, credentials and enrollments: stored, and handed to the scrubber."""
    from painrcm.demo.auths import demo_authorizations, demo_credentials, demo_enrollments
    from painrcm.scrub.context import AuthIndex
    from painrcm.store.engine import session_scope
    from painrcm.store.repositories import auth as auth_repo

    demo = run.demo
    with _stage(run, "authorizations") as r:
        auths, creds, enrollments = (demo_authorizations(demo), demo_credentials(demo),
                                     demo_enrollments(demo))
        with session_scope(engine) as s:
            auth_repo.save_authorizations(s, auths)
            auth_repo.save_credentials(s, demo.practice.id, creds)
            auth_repo.save_enrollments(s, demo.practice.id, enrollments)
        by_status = Counter(a.status.value for a in auths)
        r.say(f"{len(auths)} authorizations on file (" + ", ".join(f"{k} {v}" for k, v in sorted(by_status.items()))
              + f"); {len(creds)} credentials; {len(enrollments)} payer enrollments")
    return {"authorizations": AuthIndex(auths), "enrollments": enrollments, "credentials": creds}


def stage_deadlines(run: DemoRun) -> None:
    """The due list (auth renewals, retro-auth windows, credentials), the RFA package, the calendar."""
    from painrcm.auth.calendar import to_ical
    from painrcm.auth.credentialing import credential_deadlines
    from painrcm.auth.deadlines import auth_deadlines
    from painrcm.auth.rfa_package import render_pdf
    from painrcm.demo.auths import (demo_authorizations, demo_credentials, demo_due_lines, demo_rfa_package,
                                    demo_today)

    demo = run.demo
    with _stage(run, "deadlines") as r:
        lines = demo_due_lines(demo)
        r.say(f"due within 21 days (auths) / 120 days (credentials): {len(lines)} items")
        for line in lines[:8]:
            r.say("  " + line)
        if len(lines) > 8:
            r.say(f"  ... and {len(lines) - 8} more (painrcm auth due, painrcm credentials due)")
        package = demo_rfa_package(demo)
        if package is not None:
            path = run.out_dir / "rfa-package.pdf"
            path.write_bytes(render_pdf(package))
            run.documents.append(path)
            r.say(f"RFA prior-auth package: {path}")
        today = demo_today(demo)
        events = auth_deadlines(demo_authorizations(demo), today=today) + credential_deadlines(
            demo_credentials(demo), today=today)
        ics = run.out_dir / "deadlines.ics"
        ics.write_bytes(to_ical(events))
        run.documents.append(ics)
        r.say(f"calendar of {len(events)} deadlines: {ics}")


def stage_scrub(run: DemoRun, engine, context_extras: dict | None = None) -> None:
    from painrcm.policy import load_policy
    from painrcm.scrub.context import ScrubContext, note_evidence
    from painrcm.scrub.engine import scrub_and_fix
    from painrcm.scrub.findings import ERROR
    from painrcm.scrub.history import HistoryIndex, history_relief
    from painrcm.store.engine import session_scope
    from painrcm.store.repositories.claims import save_claims
    from painrcm.store.repositories.scrub import save_findings

    demo = run.demo
    policies = {p.id: load_policy(p.policy_id) for p in demo.payers}
    history = HistoryIndex()
    contexts = {pid: ScrubContext(policy=pol, as_of=DEMO_AS_OF, history=history, **(context_extras or {}))
                for pid, pol in policies.items()}
    fixed_count = 0
    edits = Counter()
    kept: list[Claim] = []
    all_findings = {}
    with _stage(run, "scrub") as r:
        for claim in sorted(run.claims, key=lambda c: (c.service_date, c.claim_id)):
            # scrubbed the day it is submitted, as the practice would have, not a year later
            coding = run.codings.get(claim.encounter_id)
            ctx = dataclasses.replace(contexts[claim.payer_id], as_of=claim.service_date + CHARGE_LAG,
                                      note=note_evidence(coding) if coding is not None else None)
            fixed, findings = scrub_and_fix(claim, ctx)
            history.add(fixed, history_relief(coding))
            kept.append(fixed)
            if fixed.claim_id in run.awaiting_provider:
                continue  # scrubbed again once the provider answers
            fixed_count += fixed != claim
            all_findings[fixed.claim_id] = findings
            edits.update(f.edit for f in findings)
            if any(f.severity == ERROR for f in findings):
                run.held[fixed.claim_id] = findings
            else:
                run.submitted.append(fixed)
        run.claims = kept
        with session_scope(engine) as s:
            held = [c for c in kept if c.claim_id in run.held]
            save_claims(s, held, status="held")
            save_claims(s, [c for c in kept if c.claim_id in run.awaiting_provider], status="provider_query")
            save_claims(s, run.submitted, status="ready")
            for claim_id, findings in all_findings.items():
                if findings:
                    save_findings(s, demo.practice.id, claim_id, findings)
        r.say(f"{len(kept) - len(run.awaiting_provider)} claims scrubbed: {fixed_count} fixed automatically, "
              f"{len(run.submitted)} clean or warnings only, {len(run.held)} held with errors")
        if edits:
            r.say("findings: " + ", ".join(f"{e} {n}" for e, n in edits.most_common(8)))


def stage_837(run: DemoRun, engine) -> None:
    from painrcm.edi.writer_837p import SubmissionParties, write_837p_file
    from painrcm.store.engine import session_scope
    from painrcm.store.repositories.claims import set_claim_status
    from painrcm.store.repositories.edi import DatabaseControlNumbers, archive_file

    demo = run.demo
    by_payer: dict[str, list[Claim]] = defaultdict(list)
    for c in run.submitted:
        by_payer[c.payer_id].append(c)
    run.out_dir.mkdir(parents=True, exist_ok=True)
    numbers = DatabaseControlNumbers(engine)
    with _stage(run, "837P") as r:
        for payer in demo.payers:
            claims = by_payer.get(payer.id)
            if not claims:
                continue
            parties = SubmissionParties(
                sender_id="RIPAIN01", receiver_id=payer.x12_payer_id, submitter_name=demo.practice.name,
                submitter_contact="Billing Office", submitter_phone="5555550100", receiver_name=payer.name)
            path = run.out_dir / f"837P-{payer.id}.x12"
            text = write_837p_file(path, claims, parties, numbers, practice_id=demo.practice.id)
            run.files.append(path)
            with session_scope(engine) as s:
                archive_file(s, demo.practice.id, kind="837P", file_name=path.name, content=text,
                             direction="out", status="sent")
                set_claim_status(s, demo.practice.id, [c.claim_id for c in claims], "submitted",
                                 submitted_on=DEMO_END)
            r.say(f"{path}: {len(claims)} claims, ${sum((c.total_charge for c in claims), ZERO):,.2f}")


def stage_payments(run: DemoRun, engine, seed: int) -> None:
    """The payers answer (simulated 835s with realistic faults); posting and reconciliation find every fault."""
    from painrcm.demo.simulator import simulate
    from painrcm.remit.contracts import shipped_contracts
    from painrcm.remit.posting import post_paths

    demo = run.demo
    contracts = shipped_contracts()
    with _stage(run, "payments") as r:
        sim = simulate(run.submitted, seed=seed, contracts=contracts)
        era_dir = run.out_dir / "835"
        era_dir.mkdir(parents=True, exist_ok=True)
        paths = []
        for name, text in sorted(sim.x12_files.items()):
            path = era_dir / name
            path.write_text(text, encoding="utf-8")
            paths.append(path)
        run.files.extend(paths)
        results = post_paths(engine, demo.practice.id, paths, contracts=contracts, posted_on=DEMO_AS_OF)
        again = post_paths(engine, demo.practice.id, paths[:1], contracts=contracts, posted_on=DEMO_AS_OF)
        variances = [v for res in results for v in res.variances]
        denials = [d for res in results for d in res.denials]
        paid = sum((cp.paid for rem in sim.remittances for cp in rem.claims), ZERO)
        r.say(f"{len(paths)} 835 files from the payer simulator: {sum(len(x.claims) for x in sim.remittances)} claim "
              f"payments, ${paid:,.2f} paid; posted atomically, "
              f"{sum(len(res.unmatched) for res in results)} unmatched items on the work list")
        r.say(f"the same 835 posted again: {again[0].summary.split(': ', 1)[1]}")
        by_kind = Counter(v.kind for v in variances if v.is_underpayment)
        under = sum((v.amount for v in variances if v.is_underpayment), ZERO)
        r.say(f"{len(variances)} variances against contract: " + ", ".join(f"{k} {n}" for k, n in by_kind.most_common()))
        # found = the same money on the same line; the variance's label may name another cause
        found = {(v.claim_id, v.line_number, v.amount): v.kind for v in variances if v.is_underpayment}
        injected = {(i.claim_id, i.line_number, i.amount): i.kind for i in sim.injected}
        injected_total = sum((i.amount for i in sim.injected), ZERO)
        missed = set(injected) - set(found)
        relabelled = sum(1 for k, kind in injected.items() if k in found and found[k] != kind)
        verdict = ("all found, totals match to the cent" if not missed and under == injected_total
                   else f"{len(missed)} injected underpayments NOT found")
        if relabelled:
            verdict += f" ({relabelled} found under another variance type)"
        r.say(f"underpaid ${under:,.2f} recoverable; simulator injected {len(injected)} underpayments "
              f"totalling ${injected_total:,.2f}: {verdict}")
        r.say(f"{len(denials)} denied lines sent to denial work")
        run.extras.update(simulation=sim, variances=variances, denials=denials, posting=results)


def stage_denials_ar(run: DemoRun) -> None:
    """Denials classified and routed with deadlines; the AR work queue ranked by value x deadline x likelihood."""
    from painrcm.ar.work import ar_work

    sim = run.extras["simulation"]
    with _stage(run, "denials & AR") as r:
        work = ar_work(run.submitted, sim.remittances, DEMO_AS_OF,
                       submitted_on={c.claim_id: c.service_date + CHARGE_LAG for c in run.submitted})
        for line in work.summary_lines(8):
            r.say(line)
        run.extras["ar"] = work


def _safe(url: str) -> str:
    from painrcm.store.engine import safe_url

    return safe_url(url)


def run_demo(db_url: str, *, seed: int = 7, encounters: int = 1600, out_dir: Path = Path("painrcm-demo"),
             progress: Progress = _no_progress) -> DemoRun:
    """Run every stage; returns what was produced (the CLI prints it)."""
    from painrcm.store.engine import make_engine

    run = DemoRun(db_url=db_url, out_dir=out_dir)
    refresh_database(db_url)
    engine = make_engine(db_url)
    try:
        stage_generate(run, seed, encounters)
        stage_store(run, engine)
        stage_code(run, engine, progress)
        # charge entry bills one NP visit under the physician (the incident-to case charge capture catches)
        incident_to = demo_incident_to(run.demo)
        run.demo = dataclasses.replace(run.demo, encounters=tuple(
            incident_to.get(e.id, e) for e in run.demo.encounters))
        charge_master = demo_charge_master(overrides=demo_charge_overrides())
        stage_claims(run, engine, charge_master)
        stage_charge_capture(run, charge_master)
        extras = stage_auth(run, engine)
        stage_scrub(run, engine, extras)
        stage_837(run, engine)
        stage_payments(run, engine, seed)
        stage_denials_ar(run)
        stage_deadlines(run)
    finally:
        engine.dispose()
    return run
