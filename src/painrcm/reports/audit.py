"""The billing audit: every finding in dollars, the KPIs and the data quality, from one input.

``run_audit(AuditInput)`` -> :class:`painrcm.reports.model.AuditReport`. Steps: value lines by
contract (:mod:`painrcm.reports.valuation`), reconcile the 835s, classify denials and balance AR
(:mod:`painrcm.reports.payments`), re-code every note and compare it with its claim
(:mod:`painrcm.reports.documentation`), check add-on/bilateral rules on every claim
(:mod:`painrcm.reports.claim_rules`), and tabulate the breakdowns the report charts.

Re-coding notes is the slow part (about 10-20 ms a note), so above a few hundred notes it runs in
a process pool (one worker per CPU, ``workers`` to override).
"""

from __future__ import annotations

import os
import time
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from decimal import Decimal
from typing import Callable, Iterable

from painrcm.domain.money import ZERO
from painrcm.remit.reconcile import ContractBook
from painrcm.reports.claim_rules import claim_findings
from painrcm.reports.documentation import EM_CODES, NoteCoding, compare, visit_type
from painrcm.reports.inputs import AuditInput
from painrcm.reports.model import AuditReport, Finding
from painrcm.reports.payments import (PREVENTABLE, ar_findings, denial_findings, kpis, payment_facts,
                                      timely_filing_findings, underpayment_findings)
from painrcm.reports.valuation import Valuer

Tick = Callable[[int], None]
ProgressFactory = Callable[[str, int], Tick]
PARALLEL_FROM = 300


def _none(label: str, total: int) -> Tick:
    return lambda n=1: None


def _code_one(args: tuple) -> tuple[str, dict]:
    claim_id, text, payer, pos, dos, vt = args
    from painrcm.coding import code_note

    r = code_note(text, payer=payer, pos=pos, dos=dos, visit_type=vt)
    return claim_id, {"lines": [{"code": l.code, "modifiers": list(l.modifiers), "units": l.units} for l in r.lines],
                      "queries": [{"topic": q.topic, "message": q.message} for q in r.queries]}


def code_notes(jobs: list[tuple], tick: Tick, workers: int | None = None) -> dict[str, NoteCoding]:
    """Re-code notes: jobs are (claim id, text, payer policy id, pos, dos, visit type)."""
    out: dict[str, NoteCoding] = {}
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if len(jobs) >= PARALLEL_FROM and workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for cid, res in pool.map(_code_one, jobs, chunksize=64):
                out[cid] = NoteCoding.of(res)
                tick(1)
        return out
    for job in jobs:
        cid, res = _code_one(job)
        out[cid] = NoteCoding.of(res)
        tick(1)
    return out


def default_as_of(inp: AuditInput) -> date:
    days = [r.payment_date for r in inp.remittances if r.payment_date] + [c.service_date for c in inp.claims]
    return max(days) if days else date.today()


def run_audit(inp: AuditInput, *, as_of: date | None = None, progress: ProgressFactory = _none,
              workers: int | None = None) -> AuditReport:
    """Audit ``inp`` as of ``as_of`` (default: the latest payment or service date in the data)."""
    start = time.perf_counter()
    as_of = as_of or default_as_of(inp)
    q = inp.quality
    claims = [c for c in inp.claims if c.service_date <= as_of]
    remits = [r for r in inp.remittances if r.payment_date is None or r.payment_date <= as_of]
    by_id = {c.claim_id: c for c in claims}
    book = ContractBook(inp.contracts)
    valuer = Valuer(book)
    for c in claims:
        if book.contract(c.payer_id, c.service_date) is None:
            q.payers_without_contract[c.payer_id] = q.payers_without_contract.get(c.payer_id, 0) + 1
    tick = progress("reconciling 835s", 1)
    facts = payment_facts(claims, remits, book, as_of, inp.submitted_on)
    tick(1)
    q.claims_without_835 = sum(1 for c in claims if not facts.responses.get(c.claim_id))
    q.payments_without_claim = sum(1 for u in facts.reconciliation.unmatched if u.kind == "claim")
    findings: dict[str, list[Finding]] = defaultdict(list)
    findings["underpayment"] = underpayment_findings(facts, by_id)
    counted = {(f.claim_id, f.line_number) for f in findings["underpayment"]}
    findings["denial"], findings["auth_denial"] = denial_findings(facts, by_id, counted)
    findings["ar_over_60"], findings["ar_over_90"] = ar_findings(facts, as_of)
    filing = {pid: pol.deadlines.timely_filing_days for pid, pol in inp.policies.items()}
    findings["timely_filing"] = timely_filing_findings(facts, as_of, filing)
    # documentation
    jobs = []
    codings: dict[str, NoteCoding] = {cid: NoteCoding.of(v) for cid, v in inp.codings.items() if cid in by_id}
    for c in claims:
        if c.claim_id in codings:
            continue
        text = inp.notes.get(c.claim_id)
        if text is None:
            continue
        policy = c.payer_id if c.payer_id in inp.policies else "medicare"
        jobs.append((c.claim_id, text, policy, c.place_of_service, c.service_date, visit_type(c)))
    q.claims_without_notes = sum(1 for c in claims if c.claim_id not in codings and c.claim_id not in inp.notes)
    q.notes_without_claim = sum(1 for cid in inp.notes if cid not in by_id)
    codings.update(code_notes(jobs, progress("coding notes", len(jobs)), workers))
    tick = progress("checking claims", len(claims))
    em_billed: Counter = Counter()
    em_supported: Counter = Counter()
    for c in claims:
        policy = inp.policies.get(c.payer_id)
        style = policy.bilateral_style(c.place_of_service).value if policy is not None else None
        rules = claim_findings(c, valuer, style=style)
        findings["addon_bilateral"].extend(rules)
        coding = codings.get(c.claim_id)
        if coding is not None:
            flagged = {f.line_number for f in rules}
            for f in compare(c, coding, valuer, facts.paid, style):
                if f.kind == "code_mismatch" and f.line_number in flagged:
                    continue
                findings[f.kind].append(f)
            billed = next((l.code for l in c.lines if l.code in EM_CODES), None)
            if billed and "em_level" not in coding.topics:
                em_billed[billed] += 1
                em_supported[next((s.code for s in coding.lines if s.code in EM_CODES), "none")] += 1
        tick(1)
    report = AuditReport(
        practice=inp.practice, as_of=as_of,
        period=(min(c.service_date for c in claims), max(c.service_date for c in claims)) if claims else None,
        claims=len(claims), lines=sum(len(c.lines) for c in claims),
        charges=sum((c.total_charge for c in claims), ZERO),
        paid=sum((cp.paid for r in remits for cp in r.claims), ZERO),
        findings=dict(findings), kpis=kpis(facts, claims, as_of), data_quality=q, notes_checked=len(codings))
    report.tables = tables(report, em_billed, em_supported, facts)
    report.seconds = time.perf_counter() - start
    return report


def _sum_by(findings: Iterable[Finding], key) -> list[tuple[str, int, Decimal]]:
    acc: dict[str, list] = {}
    for f in findings:
        k = key(f)
        row = acc.setdefault(k, [0, ZERO])
        row[0] += 1
        row[1] += f.amount
    return sorted(((k, n, a) for k, (n, a) in acc.items()), key=lambda r: (-r[2], r[0]))


def tables(report: AuditReport, em_billed: Counter, em_supported: Counter, facts) -> dict:
    """The breakdowns the report shows as tables and charts."""
    den = report.findings.get("denial", [])
    by_cpt = defaultdict(lambda: [0, ZERO, ZERO])
    by_payer = defaultdict(lambda: [0, ZERO, ZERO])
    for f in den:
        for acc, k in ((by_cpt, f.code or "claim"), (by_payer, f.payer_id)):
            acc[k][0] += 1
            acc[k][1] += f.amount
            if f.extra.get("preventable"):
                acc[k][2] += f.amount
    gap = defaultdict(lambda: [0, ZERO])
    for f in report.findings.get("em_level", []):
        k = f"{f.extra['billed_level']} -> {f.extra['supported_level']}"
        gap[k][0] += 1
        gap[k][1] += f.extra["gap"]
    levels = sorted(set(em_billed) | set(em_supported))
    return {
        "denials_by_cpt": sorted(((k, *v) for k, v in by_cpt.items()), key=lambda r: -r[2]),
        "denials_by_payer": sorted(((k, *v) for k, v in by_payer.items()), key=lambda r: -r[2]),
        "denials_by_cause": _sum_by(den, lambda f: f.extra["root_cause"]),
        "preventable": (sum((f.amount for f in den if f.extra.get("preventable")), ZERO),
                        sum((f.amount for f in den), ZERO)),
        "underpayments_by_kind": _sum_by(report.findings.get("underpayment", []), lambda f: f.extra["variance"]),
        "underpayments_by_payer": _sum_by(report.findings.get("underpayment", []), lambda f: f.payer_id),
        "mismatch_by_issue": _sum_by(report.findings.get("code_mismatch", []), lambda f: f.extra.get("issue", "")),
        "addon_by_issue": _sum_by(report.findings.get("addon_bilateral", []), lambda f: f.extra.get("issue", "")),
        "em_distribution": [(lvl, em_billed.get(lvl, 0), em_supported.get(lvl, 0)) for lvl in levels],
        "em_gap_by_level": sorted(((k, v[0], v[1]) for k, v in gap.items()), key=lambda r: r[0]),
        "ar_buckets": _ar_buckets(facts, report.as_of),
    }


def _ar_buckets(facts, as_of: date) -> list[tuple[str, int, Decimal]]:
    from painrcm.ar.aging import BUCKETS, bucket

    acc = {b: [0, ZERO] for b in BUCKETS}
    for b in facts.balances:
        if b.insurance_balance > 0:
            row = acc[bucket(b.age(as_of))]
            row[0] += 1
            row[1] += b.insurance_balance
    return [(k, v[0], v[1]) for k, v in acc.items()]


def render_audit_html(session, practice_id: str, *, as_of: date | None = None, workers: int | None = 1) -> str:
    """The audit of a practice in the database, as the report's HTML (for the web application)."""
    from painrcm.reports.inputs import load_session
    from painrcm.reports.render import render_html

    return render_html(run_audit(load_session(session, practice_id), as_of=as_of, workers=workers))


__all__ = ["run_audit", "code_notes", "default_as_of", "render_audit_html", "PREVENTABLE"]
