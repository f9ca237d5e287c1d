"""The demo practice as a practice without painrcm would have billed it: exports to audit.

``build_demo_exports(out_dir)`` runs the demo (:func:`painrcm.demo.run.run_demo`), then plays a
generalist billing office: it bills some claims the coder held for imaging documentation anyway
(imaging billed without the documentation), and makes the billing mistakes the seeds describe on a
deterministic share of the claims (imaging guidance left off, interlaminar code for a
transforaminal injection, the wrong side, an extra level, modifier 50 on an interlaminar epidural,
E/M one level up or down). The payer
simulator (:func:`painrcm.demo.simulator.simulate`, every fault on) pays the claims month by month;
the 837P files, the 835 files received by the audit date and one note per claim (``notes/<CLM01>.txt``)
are written to ``out_dir/exports``. Each mistake is recorded with its dollar amount (the ground
truth the acceptance test compares the audit with), as are the simulator's injected underpayments.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Callable

from painrcm.claims.model import Claim, ClaimLine
from painrcm.domain.money import ZERO
from painrcm.remit.pricing import q

MISTAKE_RATE = 0.35
Progress = Callable[[str, int], Callable[[int], None]]


@dataclass(frozen=True, slots=True)
class BillingError:
    """One injected billing mistake: the audit section it belongs in and its dollars."""

    kind: str                 # imaging_not_billed | imaging_undocumented | code_mismatch | em_level | addon_bilateral
    claim_id: str
    code: str
    amount: Decimal
    line_number: int | None = None
    issue: str = ""


@dataclass
class DemoExports:
    path: Path                               # the exports folder (837P, 835, notes/)
    as_of: date
    claims: list[Claim]                      # as billed
    billing_errors: list[BillingError]
    injected: list                           # simulator InjectedUnderpayment on the 835s written
    denied: list[tuple[str, str]]
    run: object = None
    files: list[Path] = field(default_factory=list)


def _no_progress(label: str, total: int):
    return lambda n=1: None


def _extra_claims(run, charge_master) -> list[Claim]:
    """Claims a generalist office would have sent for notes held for imaging documentation only."""
    from painrcm.claims.builder import build_claim
    from painrcm.coding.model import CodeLine
    from painrcm.domain.parties import CoverageRank

    demo = run.demo
    patients = {p.id: p for p in demo.patients}
    payers = {p.id: p for p in demo.payers}
    providers = {p.npi: p for p in demo.providers}
    primary = {c.patient_id: c for c in demo.coverages if c.rank is CoverageRank.PRIMARY}
    out = []
    for n, enc in enumerate(demo.encounters, 1):
        r = run.codings.get(enc.id)
        if r is None or not r.lines or r.status == "ready" or not r.diagnoses:
            continue
        if {q.topic for q in r.queries} != {"imaging_documentation"}:
            continue
        codes = [m.group(1) for q in r.queries for m in [re.search(r"\((\d{5})\)", q.message)] if m]
        if not codes:
            continue
        lines = list(r.lines) + [CodeLine(codes[0], (), 1, r.lines[0].diagnoses)]
        cov = primary[enc.patient_id]
        try:
            out.append(build_claim(claim_id=f"RIX{n:06d}", practice=demo.practice, payer=payers[cov.payer_id],
                                   patient=patients[enc.patient_id], coverage=cov, encounter=enc,
                                   rendering=providers[enc.rendering_npi], lines=lines,
                                   charge_master=charge_master, diagnoses=r.diagnoses))
        except (ValueError, KeyError):
            continue
    return out


def _line(cm, claim: Claim, code: str, modifiers: tuple[str, ...], units: Decimal, like: ClaimLine) -> ClaimLine:
    from painrcm.claims.builder import line_charge

    return dataclasses.replace(like, code=code, modifiers=modifiers, units=units,
                               charge=line_charge(cm, code, modifiers, units, claim.service_date))


EM_UP = {"99212": "99213", "99213": "99214", "99214": "99215", "99203": "99204", "99204": "99205"}
EM_DOWN = {v: k for k, v in EM_UP.items()}


def _mistakes(claim: Claim) -> list[str]:
    from painrcm.reports.documentation import is_imaging, is_procedure

    codes = [l.code for l in claim.lines]
    out = []
    if any(is_imaging(c) for c in codes):
        out.append("imaging_not_billed")
    if any(c in EM_UP for c in codes):
        out.append("em_up")
    if any(c in EM_DOWN for c in codes):
        out.append("em_down")
    tf = [l for l in claim.lines if l.code == "64483"]
    if len(tf) == 1 and "64484" not in codes and tf[0].units == 1:
        out.append("approach")
    if any(l.code in ("64483", "64479") and set(l.modifiers) & {"RT", "LT"} for l in claim.lines):
        out.append("levels")
    if any(l.code in ("62321", "62323") and not l.modifiers for l in claim.lines):
        out.append("bilateral_50")
    sided = {m for l in claim.lines if is_procedure(l.code) for m in l.modifiers if m in ("RT", "LT", "50")}
    if sided in ({"RT"}, {"LT"}):
        out.append("side")
    return out


def apply_mistake(claim: Claim, mistake: str, cm, valuer) -> tuple[Claim, list[BillingError]]:
    """The claim as the office billed it, and the error(s) made (valued as the audit values them)."""
    from painrcm.reports.documentation import is_imaging, is_procedure

    lines = list(claim.lines)
    cid = claim.claim_id
    if mistake == "imaging_not_billed":
        i = next(i for i, l in enumerate(lines) if is_imaging(l.code))
        gone = lines.pop(i)
        billed = dataclasses.replace(claim, lines=tuple(lines))
        amount = valuer.added(billed, ClaimLine(gone.code, ZERO, gone.units, gone.modifiers))
        return billed, [BillingError("imaging_not_billed", cid, gone.code, amount)]
    if mistake in ("em_up", "em_down"):
        table = EM_UP if mistake == "em_up" else EM_DOWN
        i = next(i for i, l in enumerate(lines) if l.code in table)
        right = lines[i]
        lines[i] = _line(cm, claim, table[right.code], right.modifiers, right.units, right)
        billed = dataclasses.replace(claim, lines=tuple(lines))
        gap = valuer.replaced(billed, i, dataclasses.replace(lines[i], code=right.code)) - valuer.line(billed, i)
        return billed, [BillingError("em_level", cid, lines[i].code, abs(gap), i + 1,
                                     "undercoded" if gap > 0 else "overcoded")]
    if mistake == "approach":
        i = next(i for i, l in enumerate(lines) if l.code == "64483")
        lines[i] = _line(cm, claim, "62323", (), Decimal(1), lines[i])
        billed = dataclasses.replace(claim, lines=tuple(lines))
        return billed, [BillingError("code_mismatch", cid, "62323", valuer.line(billed, i), i + 1, "approach")]
    if mistake == "levels":
        i = next(i for i, l in enumerate(lines) if l.code in ("64483", "64479") and set(l.modifiers) & {"RT", "LT"})
        addon = "64484" if lines[i].code == "64483" else "64480"
        j = next((j for j, l in enumerate(lines) if l.code == addon and l.modifiers == lines[i].modifiers), None)
        if j is None:
            lines.insert(i + 1, _line(cm, claim, addon, lines[i].modifiers, Decimal(1), lines[i]))
            j = i + 1
            billed = dataclasses.replace(claim, lines=tuple(lines))
            amount = valuer.line(billed, j)
        else:
            units = lines[j].units + 1
            lines[j] = _line(cm, claim, addon, lines[j].modifiers, units, lines[j])
            billed = dataclasses.replace(claim, lines=tuple(lines))
            amount = valuer.line(billed, j) / units
        return billed, [BillingError("code_mismatch", cid, addon, q(amount), j + 1, "levels")]
    if mistake == "bilateral_50":
        i = next(i for i, l in enumerate(lines) if l.code in ("62321", "62323") and not l.modifiers)
        lines[i] = dataclasses.replace(lines[i], modifiers=("50",))
        billed = dataclasses.replace(claim, lines=tuple(lines))
        return billed, [BillingError("addon_bilateral", cid, lines[i].code, valuer.line(billed, i), i + 1,
                                     "modifier_50_not_allowed")]
    if mistake == "side":
        swap = {"RT": "LT", "LT": "RT"}
        changed = []
        for i, l in enumerate(lines):
            if is_procedure(l.code) and any(m in swap for m in l.modifiers):
                lines[i] = dataclasses.replace(l, modifiers=tuple(swap.get(m, m) for m in l.modifiers))
                changed.append(i)
        billed = dataclasses.replace(claim, lines=tuple(lines))
        values = valuer.lines(billed)
        return billed, [BillingError("code_mismatch", cid, lines[i].code, values[i], i + 1, "side") for i in changed]
    raise ValueError(mistake)


def build_demo_exports(out_dir: Path, *, seed: int = 7, encounters: int = 1600, db_url: str | None = None,
                       progress: Progress = _no_progress, mistake_rate: float = MISTAKE_RATE) -> DemoExports:
    """Run the demo and write its exports, as billed by a generalist office (see module doc)."""
    from painrcm.demo.charges import demo_charge_master
    from painrcm.demo.faults import Faults, draw
    from painrcm.demo.run import DEMO_AS_OF, run_demo
    from painrcm.demo.simulator import simulate
    from painrcm.edi.envelope import InMemoryControlNumbers
    from painrcm.edi.writer_837p import SubmissionParties, write_837p_file
    from painrcm.remit.contracts import shipped_contracts
    from painrcm.remit.reconcile import ContractBook
    from painrcm.reports.valuation import Valuer

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    run = run_demo(db_url or f"sqlite:///{out_dir / 'demo.db'}", seed=seed, encounters=encounters,
                   out_dir=out_dir / "demo-run", progress=progress)
    cm = demo_charge_master()
    valuer = Valuer(ContractBook(shipped_contracts()))
    exports = out_dir / "exports"
    (exports / "notes").mkdir(parents=True, exist_ok=True)
    errors: list[BillingError] = []
    billed: list[Claim] = []
    extra = _extra_claims(run, cm)
    for claim in list(run.submitted):
        options = _mistakes(claim)
        if options and draw(seed, claim.claim_id, "billing-office") < mistake_rate:
            pick = options[int(draw(seed, claim.claim_id, "which-mistake") * len(options))]
            claim, errs = apply_mistake(claim, pick, cm, valuer)
            errors.extend(errs)
        billed.append(claim)
    billed.extend(extra)
    # the payers pay month by month; the 835s dated after the audit date have not arrived
    by_month: dict[tuple[int, int], list[Claim]] = defaultdict(list)
    for c in billed:
        by_month[(c.service_date.year, c.service_date.month)].append(c)
    injected, denied, files = [], [], []
    paid_line: dict[tuple[str, int], Decimal] = {}
    for key in sorted(by_month):
        sim = simulate(by_month[key], seed=seed, faults=Faults.default())
        arrived = set()
        for rem, (name, text) in zip(sim.remittances, sim.x12_files.items()):
            if rem.payment_date and rem.payment_date > DEMO_AS_OF:
                continue
            p = exports / f"835-{name}"
            p.write_text(text, encoding="utf-8")
            files.append(p)
            for cp in rem.claims:
                arrived.add(cp.patient_control_number)
                for n, lp in enumerate(cp.lines, start=1):
                    paid_line[(cp.patient_control_number, n)] = lp.paid
        injected.extend(i for i in sim.injected if i.claim_id in arrived)
        denied.extend(d for d in sim.denied if d[0] in arrived)
    for c in extra:
        n = len(c.lines)
        errors.append(BillingError("imaging_undocumented", c.claim_id, c.lines[-1].code,
                                   paid_line.get((c.claim_id, n), ZERO), n))
    # 837P per payer, notes per claim
    numbers = InMemoryControlNumbers()
    demo = run.demo
    by_payer: dict[str, list[Claim]] = defaultdict(list)
    for c in billed:
        by_payer[c.payer_id].append(c)
    for payer in demo.payers:
        claims = by_payer.get(payer.id)
        if not claims:
            continue
        parties = SubmissionParties(sender_id="RIPAIN01", receiver_id=payer.x12_payer_id,
                                    submitter_name=demo.practice.name, submitter_contact="Billing Office",
                                    submitter_phone="5555550100", receiver_name=payer.name)
        p = exports / f"837P-{payer.id}.x12"
        write_837p_file(p, claims, parties, numbers, practice_id=demo.practice.id)
        files.append(p)
    (exports / "payers.csv").write_text("x12_payer_id,payer_id,policy_id\n" + "".join(
        f"{p.x12_payer_id},{p.id},{p.policy_id}\n" for p in demo.payers), encoding="utf-8")
    encounters_by_id = {e.id: e for e in demo.encounters}
    for c in billed:
        enc = encounters_by_id.get(c.encounter_id)
        if enc is not None:
            (exports / "notes" / f"{c.claim_id}.txt").write_text("\n\n".join(n.text for n in enc.notes),
                                                                encoding="utf-8")
    return DemoExports(exports, DEMO_AS_OF, billed, errors, injected, denied, run, files)


__all__ = ["BillingError", "DemoExports", "build_demo_exports", "apply_mistake"]
