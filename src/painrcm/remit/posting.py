"""Payment posting: an 835 into the database, matched to claims, reconciled, in one transaction.

``post_file(session, practice_id, path)`` reuses the EDI stage's ingest
(:func:`painrcm.edi.ingest.ingest_file`: full check, archive by SHA-256, save each payment once
by payer + TRN02), then, in the same session:

- matches each claim payment to our claim (CLP01) and each service line to our line
  (``line_payments.claim_line_number``), keeping the payer's claim number (CLP07);
- puts every unmatched claim payment or line on the work list (``unmatched_payment``), never drops it;
- reconciles against the contract and puts each variance on the work list (``variance``);
- books a corrected payment for a disputed claim against its open dispute (``remit.dispute_store``);
- sets the claim status (``paid``, ``partially_paid``, ``denied``) and, when the primary left patient responsibility
  and the patient has an active secondary coverage, saves the secondary claim (status ``ready``,
  due the next business day) with the COB loops.

The caller's transaction makes it atomic: :func:`post_paths` commits each file on its own, and an
error half-way rolls the whole file back. Posting the same 835 again posts nothing and says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable, Iterable, Sequence

import sqlalchemy as sa

from painrcm.remit.contract import Contract
from painrcm.remit.matching import UnmatchedItem, match_remittance
from painrcm.remit.model import Remittance
from painrcm.remit.reconcile import ContractBook, reconcile_match
from painrcm.remit.variances import Denial, Variance


@dataclass(slots=True)
class PostingResult:
    file: str
    kind: str = "835"
    posted: list[str] = field(default_factory=list)       # TRN02 posted now
    duplicates: list[str] = field(default_factory=list)   # TRN02 already posted: nothing done
    claims_posted: int = 0
    claims_matched: int = 0
    unmatched: list[UnmatchedItem] = field(default_factory=list)
    variances: list[Variance] = field(default_factory=list)
    denials: list[Denial] = field(default_factory=list)
    secondary_claims: list[str] = field(default_factory=list)
    recoveries: list = field(default_factory=list)  # disputes a corrected payment was booked to

    @property
    def summary(self) -> str:
        if self.kind != "835":
            return f"{self.file}: {self.kind}: archived (not a payment)"
        parts = [f"{self.file}: {len(self.posted)} payment(s) posted, {self.claims_posted} claim payment(s)",
                 f"{self.claims_matched} matched"]
        if self.unmatched:
            parts.append(f"{len(self.unmatched)} unmatched item(s) on the work list")
        if self.variances:
            under = sum((v.amount for v in self.variances if v.is_underpayment), 0)
            parts.append(f"{len(self.variances)} variance(s), underpaid {under:.2f}")
        if self.denials:
            parts.append(f"{len(self.denials)} denied line(s)")
        if self.recoveries:
            parts.append(f"corrected payment booked to {len(self.recoveries)} dispute(s)")
        if self.secondary_claims:
            parts.append(f"{len(self.secondary_claims)} secondary claim(s) built")
        if self.duplicates:
            parts.append(f"{len(self.duplicates)} already posted, not posted again (TRN {', '.join(self.duplicates)})")
        return "; ".join(parts)


def contracts_for_practice(session, practice_id: str) -> list[Contract]:
    """The practice's stored contracts; the shipped demo contracts when it has none."""
    from painrcm.store.repositories.contracts import load_contracts

    stored = load_contracts(session, practice_id)
    if stored:
        return stored
    from painrcm.remit.contracts import shipped_contracts
    return shipped_contracts()


def _claim_status_for(payment) -> str | None:
    """The claim workflow status after a payment: denied, partially_paid (a line denied) or paid."""
    from painrcm.remit.variances import is_denied

    if payment.status == "4":
        return "denied"
    if payment.status in ("1", "2", "3", "19", "20", "21"):
        return "partially_paid" if any(is_denied(lp) for lp in payment.lines) else "paid"
    return None


def post_remittances(session, practice_id: str, remittances: Sequence[tuple[int, Remittance]], *,
                     contracts: Iterable[Contract] | None = None, result: PostingResult | None = None,
                     posted_on: date | None = None) -> PostingResult:
    """Match, reconcile and record already-saved remittances ((row id, remittance) pairs)."""
    from painrcm.store.models import ClaimPaymentRow, LinePaymentRow, WorkItemRow
    from painrcm.store.repositories.claims import load_claims, set_claim_status
    from painrcm.store.repositories.work import audit

    result = result or PostingResult(file="<objects>")
    book = ContractBook(contracts if contracts is not None else contracts_for_practice(session, practice_id))
    pcns = {cp.patient_control_number for _, r in remittances for cp in r.claims}
    claims = {c.claim_id: c for c in load_claims(session, practice_id, claim_ids=pcns)} if pcns else {}
    matches = [match_remittance(r, claims) for _, r in remittances]
    items: list[dict] = []  # work items, inserted in one statement
    line_numbers: list[dict] = []  # our claim line of each line payment, updated in one statement
    status_by: dict[str, list[str]] = {}
    relink: list[dict] = []  # claim payments whose stored claim link differs from the match
    for (rem_id, rem), m in zip(remittances, matches):
        # the rows just saved: (claim payment id, seq, claim link) and their lines' ids, two Core SELECTs
        cp_rows = {seq: (cp_id, claim_id) for cp_id, seq, claim_id in session.execute(
            sa.select(ClaimPaymentRow.id, ClaimPaymentRow.seq, ClaimPaymentRow.claim_id)
            .where(ClaimPaymentRow.remittance_id == rem_id))}
        line_ids: dict[tuple[int, int], int] = {(cp_id, seq): lid for lid, cp_id, seq in session.execute(
            sa.select(LinePaymentRow.id, LinePaymentRow.claim_payment_id, LinePaymentRow.seq)
            .join(ClaimPaymentRow, ClaimPaymentRow.id == LinePaymentRow.claim_payment_id)
            .where(ClaimPaymentRow.remittance_id == rem_id))}
        by_seq = {id(cp): seq for seq, cp in enumerate(rem.claims)}
        for mc in m.matched:
            cp_id, linked = cp_rows[by_seq[id(mc.payment)]]
            if linked != mc.claim.claim_id:
                relink.append({"cp_row_id": cp_id, "our_claim_id": mc.claim.claim_id})
            for n, i in mc.line_pairs:
                line_numbers.append({"line_row_id": line_ids[(cp_id, i)], "line_number": n})
            status = _claim_status_for(mc.payment)
            if status:
                status_by.setdefault(status, []).append(mc.claim.claim_id)
        for u in m.unmatched:
            items.append(dict(kind="unmatched_payment",
                              title=f"Unmatched {u.kind} payment {u.paid} from {u.payer_name} (TRN {u.trn})"[:200],
                              claim_id=None, entity="remittance", entity_id=str(rem_id), amount=u.paid, priority=2,
                              details={"kind": u.kind, "trn": u.trn, "patient_control_number": u.patient_control_number,
                                       "payer_claim_number": u.payer_claim_number, "code": u.code,
                                       "modifiers": list(u.modifiers), "reason": u.reason}))
        result.unmatched.extend(m.unmatched)
        result.claims_matched += len(m.matched)
        audit(session, "post", "remittance", str(rem_id), practice_id=practice_id,
              details={"claims": len(rem.claims), "matched": len(m.matched), "unmatched": len(m.unmatched)})
    if relink:
        table = ClaimPaymentRow.__table__
        session.connection().execute(
            table.update().where(table.c.id == sa.bindparam("cp_row_id"))
            .values(claim_id=sa.bindparam("our_claim_id")), relink)
    if line_numbers:
        table = LinePaymentRow.__table__
        session.connection().execute(
            table.update().where(table.c.id == sa.bindparam("line_row_id"))
            .values(claim_line_number=sa.bindparam("line_number")), line_numbers)
    for status, ids in status_by.items():
        set_claim_status(session, practice_id, ids, status)
    rec = reconcile_match(matches, book, keep_matches=True)
    for v in rec.variances:
        items.append(dict(kind="variance", title=f"{v.kind} {v.code or 'claim'} {v.amount}"[:200], claim_id=v.claim_id,
                          entity="variance", entity_id=v.kind, amount=v.amount, priority=1 if v.is_underpayment else 2,
                          details={"kind": v.kind, "line_number": v.line_number, "code": v.code,
                                   "expected": str(v.expected), "actual": str(v.actual), "trn": v.trn,
                                   "payer_id": v.payer_id, "evidence": list(v.evidence), "clause": v.clause}))
    if items:
        session.connection().execute(WorkItemRow.__table__.insert(), [dict(practice_id=practice_id, status="open", due_date=None, **i)
                                                 for i in items])
    result.variances.extend(rec.variances)
    result.denials.extend(rec.denials)
    from painrcm.remit.dispute_store import apply_recoveries
    result.recoveries.extend(apply_recoveries(session, practice_id, [r for _, r in remittances]))
    result.secondary_claims.extend(_secondary_claims(session, practice_id, rec.matched, matches,
                                                     posted_on or date.today()))
    return result


def _secondary_claims(session, practice_id: str, matched, matches, posted_on: date) -> list[str]:
    from painrcm.remit.secondary import build_secondary_claim, needs_secondary, secondary_coverage, \
        secondary_due_date
    from painrcm.store.repositories.claims import save_claim
    from painrcm.store.repositories.parties import load_coverages, load_payer
    from painrcm.store.repositories.work import add_work_item

    from painrcm.store.models import CoverageRow

    rem_of = {id(mc): m.remittance for m in matches for mc in m.matched}
    built: list[str] = []
    candidates = [mc for mc in matched
                  if needs_secondary(mc.payment) and mc.claim.subscriber.payer_responsibility == "P"]
    if not candidates:
        return built
    with_secondary = set(session.scalars(sa.select(CoverageRow.patient_id).where(
        CoverageRow.practice_id == practice_id, CoverageRow.rank == "secondary")))
    by_patient: dict[str, list] = {}
    for mc in candidates:
        if mc.claim.patient_id in with_secondary and mc.claim.patient_id not in by_patient:
            by_patient[mc.claim.patient_id] = load_coverages(session, practice_id, mc.claim.patient_id)
    for mc in candidates:
        if mc.claim.patient_id not in by_patient:
            continue
        cov = secondary_coverage(by_patient[mc.claim.patient_id], mc.claim.payer_id, mc.claim.service_date)
        if cov is None:
            continue
        payer = load_payer(session, cov.payer_id)
        secondary = build_secondary_claim(mc.claim, mc.payment, rem_of[id(mc)], cov, payer)
        save_claim(session, secondary, status="ready")
        add_work_item(session, practice_id, kind="secondary_claim", title=f"Send secondary claim to {payer.name}",
                      claim_id=secondary.claim_id, entity="claim", entity_id=secondary.claim_id,
                      amount=mc.payment.patient_responsibility, due_date=secondary_due_date(posted_on),
                      details={"primary_claim_id": mc.claim.claim_id})
        built.append(secondary.claim_id)
    return built


def post_file(session, practice_id: str, path, *, contracts: Iterable[Contract] | None = None,
              posted_on: date | None = None) -> PostingResult:
    """Archive, save, match and reconcile one received file in ``session`` (the caller commits)."""
    from painrcm.edi.ingest import ingest_file

    path = Path(path)
    ingested = ingest_file(session, practice_id, path)
    result = PostingResult(file=path.name, kind=ingested.kind, posted=list(ingested.posted),
                           duplicates=list(ingested.duplicates), claims_posted=ingested.claims)
    if ingested.kind != "835" or not ingested.posted:
        return result
    # the payments ingest just parsed and saved (the file is not read a second time)
    return post_remittances(session, practice_id, list(ingested.saved), contracts=contracts, result=result,
                            posted_on=posted_on)


def post_remittance_objects(session, practice_id: str, remittances: Iterable[Remittance], *,
                            contracts: Iterable[Contract] | None = None,
                            posted_on: date | None = None) -> PostingResult:
    """Post remittances already in memory (no file to archive), skipping those already posted."""
    from painrcm.store.repositories.remits import find_remittance_id, save_remittance

    result = PostingResult(file="<objects>")
    saved = []
    for rem in remittances:
        if find_remittance_id(session, practice_id, rem) is not None:
            result.duplicates.append(rem.trn)
            continue
        saved.append((save_remittance(session, practice_id, rem), rem))
        result.posted.append(rem.trn)
        result.claims_posted += len(rem.claims)
    return post_remittances(session, practice_id, saved, contracts=contracts, result=result, posted_on=posted_on)


def post_paths(engine, practice_id: str, paths: Iterable[Path], *, contracts: Iterable[Contract] | None = None,
               on_file: Callable[[Path], None] | None = None, posted_on: date | None = None) -> list[PostingResult]:
    """Post each file in its own transaction: a file that fails leaves the database unchanged."""
    from painrcm.store.engine import session_scope

    contracts = list(contracts) if contracts is not None else None
    results = []
    for path in paths:
        with session_scope(engine) as session:
            results.append(post_file(session, practice_id, path, contracts=contracts, posted_on=posted_on))
        if on_file:
            on_file(path)
    return results


def reconcile_stored(session, practice_id: str, *, payer_id: str | None = None,
                     contracts: Iterable[Contract] | None = None):
    """Reconcile every posted remittance of the practice (optionally one payer's claims) from the database."""
    from painrcm.remit.reconcile import reconcile
    from painrcm.store.repositories.claims import load_claims
    from painrcm.store.repositories.remits import load_remittances

    rems = [r for _, r in load_remittances(session, practice_id)]
    pcns = {cp.patient_control_number for r in rems for cp in r.claims}
    claims = load_claims(session, practice_id, claim_ids=pcns) if pcns else []
    if payer_id is not None:
        claims = [c for c in claims if c.payer_id == payer_id]
        keep = {c.claim_id for c in claims}
        from dataclasses import replace
        rems = [replace(r, claims=tuple(cp for cp in r.claims if cp.patient_control_number in keep)) for r in rems]
    book = ContractBook(contracts if contracts is not None else contracts_for_practice(session, practice_id))
    return reconcile(claims, rems, book)


__all__ = ["PostingResult", "reconcile_stored", "post_file", "post_paths", "post_remittances", "post_remittance_objects",
           "contracts_for_practice"]
