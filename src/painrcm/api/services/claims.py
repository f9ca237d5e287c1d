"""Claims and their scrub findings; a one-click fix is the scrubber's own fixer.

The claim page scrubs the stored claim again (``painrcm.scrub.engine.scrub_claim``) against
its payer's policy, the patient's other claims, authorizations, enrollments and
credentials, so each finding shows whether a deterministic fix exists (``Finding.apply``).
``apply_fix`` applies the one the biller clicked, scrubs the result, and stores the fixed
claim with its remaining findings (held while an error remains, else ready).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from painrcm.api.deps import Ctx
from painrcm.errors import InputError, NotFound
from painrcm.store.models import ClaimRow, ScrubFindingRow

CLAIM_STATUSES = ("draft", "held", "ready", "submitted", "accepted", "rejected", "paid", "partially_paid",
                  "denied", "closed")


def _money(v: Decimal | None) -> str | None:
    return None if v is None else f"{v:.2f}"


def list_claims(ctx: Ctx, status: str | None = None, *, payer_id: str | None = None, limit: int = 50,
                offset: int = 0) -> dict[str, Any]:
    """A page of claims (newest date of service first) with their error/warning counts."""
    where = []
    if status:
        where.append(ClaimRow.status == status)
    if payer_id:
        where.append(ClaimRow.payer_id == payer_id)
    stmt = (ctx.scope.select(ClaimRow, *where).order_by(ClaimRow.service_date.desc(), ClaimRow.claim_id.desc())
            .limit(limit).offset(offset))
    rows = list(ctx.session.scalars(stmt))
    counts: dict[str, dict[str, int]] = {}
    if rows:
        for claim_id, severity, n in ctx.session.execute(
                sa.select(ScrubFindingRow.claim_id, ScrubFindingRow.severity, sa.func.count())
                .where(ScrubFindingRow.practice_id == ctx.practice_id,
                       ScrubFindingRow.claim_id.in_([r.claim_id for r in rows]))
                .group_by(ScrubFindingRow.claim_id, ScrubFindingRow.severity)):
            counts.setdefault(claim_id, {})[severity] = n
    if payer_id is None and ctx.app_state is not None:  # totals of the tabs (see status_counts)
        counts = status_counts(ctx)
        total = counts.get(status, 0) if status else sum(counts.values())
    else:
        total = ctx.scope.count(ClaimRow, *where)
    ctx.audit("list", "claim", None, status=status, count=len(rows))
    return {"status": status, "total": total, "offset": offset, "limit": limit, "claims": [
        {"claim_id": r.claim_id, "encounter_id": r.encounter_id, "payer_id": r.payer_id, "payer_name": r.payer_name,
         "patient_id": r.patient_id, "service_date": r.service_date.isoformat(), "status": r.status,
         "total_charge": _money(r.total_charge), "errors": counts.get(r.claim_id, {}).get("error", 0),
         "warnings": counts.get(r.claim_id, {}).get("warning", 0)} for r in rows]}


def _context(ctx: Ctx, claim, as_of: date):
    return context_for(ctx.session, ctx.practice_id, claim, as_of)


def context_for(session, practice_id: str, claim, as_of: date):
    """The scrub context of one stored claim (its payer's policy and the patient's history)."""
    from painrcm.policy import load_policy
    from painrcm.scrub.context import AuthIndex, ScrubContext
    from painrcm.scrub.history import HistoryIndex
    from painrcm.store.repositories import auth as auth_repo
    from painrcm.store.repositories.claims import load_claims
    from painrcm.store.repositories.parties import load_payer

    s, pid = session, practice_id
    try:
        policy = load_policy(load_payer(s, claim.payer_id).policy_id)
    except NotFound:
        policy = None
    history = [c for c in load_claims(s, pid, patient_id=claim.patient_id) if c.claim_id != claim.claim_id]
    return ScrubContext(policy=policy, as_of=as_of, history=HistoryIndex(history),
                        authorizations=AuthIndex(auth_repo.load_authorizations(s, pid, patient_id=claim.patient_id)),
                        enrollments=tuple(auth_repo.load_enrollments(s, pid)),
                        credentials=tuple(auth_repo.load_credentials(s, pid)))


def _scrub(ctx: Ctx, claim):
    return scrub_stored(ctx.session, ctx.practice_id, claim, ctx.as_of)


def scrub_stored(session, practice_id: str, claim, today: date):
    """Scrub a stored claim as of the day it would be submitted (date of service + lag, or today)."""
    from painrcm.scrub.engine import scrub_claim

    as_of = min(today, claim.service_date + _LAG)
    return scrub_claim(claim, context_for(session, practice_id, claim, as_of))


#: claims are scrubbed as of the day they would be submitted (date of service + charge lag) or today
_LAG = timedelta(days=2)


def _finding_json(i: int, f) -> dict[str, Any]:
    return {**f.to_dict(), "index": i, "fixable": f.apply is not None}


def _claim_json(claim, row: ClaimRow) -> dict[str, Any]:
    return {"claim_id": claim.claim_id, "encounter_id": row.encounter_id, "status": row.status,
            "payer_id": claim.payer_id, "payer_name": row.payer_name, "patient_id": row.patient_id,
            "service_date": claim.service_date.isoformat(), "place_of_service": claim.place_of_service,
            "total_charge": _money(claim.total_charge), "prior_authorization": row.prior_authorization,
            "submitted_on": row.submitted_on.isoformat() if row.submitted_on else None,
            "diagnoses": list(row.diagnoses),
            "lines": [{"line": n, "code": l.code, "modifiers": list(l.modifiers), "units": str(l.units.normalize()),
                       "charge": _money(l.charge), "diagnosis_pointers": list(l.diagnosis_pointers)}
                      for n, l in enumerate(claim.lines, 1)]}


def _load(ctx: Ctx, claim_id: str):
    from painrcm.store.repositories.claims import load_claim

    row = ctx.session.get(ClaimRow, (ctx.practice_id, claim_id))
    if row is None:
        raise NotFound(f"no claim {claim_id!r} in this practice")
    return load_claim(ctx.session, ctx.practice_id, claim_id), row


def claim_detail(ctx: Ctx, claim_id: str, *, rescrub: bool = True) -> dict[str, Any]:
    """The claim, its lines, and its findings (scrubbed now, with fixes; else as stored)."""
    from painrcm.store.repositories.scrub import load_findings

    claim, row = _load(ctx, claim_id)
    out = _claim_json(claim, row)
    editable = row.status in ("draft", "held", "ready")
    if rescrub and editable:
        out["findings"] = [_finding_json(i, f) for i, f in enumerate(_scrub(ctx, claim))]
        out["findings_source"] = "scrubbed now"
    else:
        out["findings"] = [dict(f, index=i, fixable=False) for i, f in
                           enumerate(load_findings(ctx.session, ctx.practice_id, claim_id))]
        out["findings_source"] = "stored"
    out["editable"] = editable
    ctx.audit("view", "claim", claim_id)
    return out


def apply_fix(ctx: Ctx, claim_id: str, edit: str, index: int | None = None) -> dict[str, Any]:
    """Apply the deterministic fix of finding ``edit`` (``index`` picks one of several)."""
    from painrcm.scrub.findings import ERROR
    from painrcm.store.repositories.claims import save_claim
    from painrcm.store.repositories.scrub import save_findings

    claim, row = _load(ctx, claim_id)
    if row.status not in ("draft", "held", "ready"):
        raise InputError(f"claim {claim_id} is {row.status}: submitted claims are corrected, not fixed",
                         field="claim")
    findings = _scrub(ctx, claim)
    candidates = [(i, f) for i, f in enumerate(findings) if f.edit == edit and f.apply is not None]
    if index is not None:
        candidates = [(i, f) for i, f in candidates if i == index] or candidates
    if not candidates:
        raise NotFound(f"claim {claim_id} has no fixable {edit} finding now")
    _, finding = candidates[0]
    fixed = finding.apply(claim)
    remaining = _scrub(ctx, fixed)
    status = "held" if any(f.severity == ERROR for f in remaining) else "ready"
    save_claim(ctx.session, replace(fixed), status=status)
    save_findings(ctx.session, ctx.practice_id, claim_id, remaining)
    forget_counts(ctx)
    ctx.audit("apply_fix", "claim", claim_id, edit=edit, status=status, remaining=len(remaining))
    return {"claim_id": claim_id, "applied": edit, "fix": finding.fix, "status": status,
            "findings": [_finding_json(i, f) for i, f in enumerate(remaining)]}


#: the claims-by-status counts of the tabs are a GROUP BY over every claim of the practice:
#: kept for this many seconds per practice (a page of 100,000 claims would otherwise pay it each view)
STATUS_COUNTS_SECONDS = 30.0
_counts_cache: dict[tuple[int, str], tuple[float, dict[str, int]]] = {}


def forget_counts(ctx: Ctx) -> None:
    """After a change of claim status (a fix, a batch, a posting)."""
    _counts_cache.pop((id(ctx.app_state), ctx.practice_id), None)


def status_counts(ctx: Ctx, *, fresh: bool = False) -> dict[str, int]:
    import time

    key = (id(ctx.app_state), ctx.practice_id)
    hit = _counts_cache.get(key)
    if hit and not fresh and time.monotonic() - hit[0] < STATUS_COUNTS_SECONDS:
        return hit[1]
    counts = {s: n for s, n in ctx.session.execute(
        sa.select(ClaimRow.status, sa.func.count()).where(ClaimRow.practice_id == ctx.practice_id)
        .group_by(ClaimRow.status))}
    _counts_cache[key] = (time.monotonic(), counts)
    return counts
