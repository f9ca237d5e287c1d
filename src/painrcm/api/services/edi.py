"""Submission batches (837P out) and ERA posting (835 in), over ``painrcm.edi`` and
``painrcm.remit.posting``.

A batch takes the practice's claims that are ``ready`` (optionally one payer's), writes one
837P per payer with the database's control numbers, archives each file and marks its
claims ``submitted``. An uploaded 835 is written to a temporary file and posted with
``remit.posting.post_file`` (archive, match, reconcile, variances and denials on the work
list), exactly as ``painrcm remit post`` does.
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from painrcm.api.deps import Ctx
from painrcm.errors import InputError, NotFound
from painrcm.store.models import ClaimPaymentRow, ClaimRow, EdiFileRow, RemittanceRow, WorkItemRow

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def _file_json(r: EdiFileRow) -> dict[str, Any]:
    return {"file_id": r.id, "kind": r.kind, "direction": r.direction, "file_name": r.file_name, "size": r.size,
            "status": r.status, "received_at": r.received_at.isoformat() if r.received_at else None,
            "interchange_control_number": r.interchange_control_number}


def list_files(ctx: Ctx, kind: str | None = None, *, limit: int = 50) -> dict[str, Any]:
    stmt = sa.select(EdiFileRow.id, EdiFileRow.kind, EdiFileRow.direction, EdiFileRow.file_name, EdiFileRow.size,
                     EdiFileRow.status, EdiFileRow.received_at, EdiFileRow.interchange_control_number).where(
        EdiFileRow.practice_id == ctx.practice_id)
    if kind:
        stmt = stmt.where(EdiFileRow.kind == kind)
    rows = ctx.session.execute(stmt.order_by(EdiFileRow.received_at.desc(), EdiFileRow.id.desc()).limit(limit))
    return {"files": [_file_json(r) for r in rows]}


def ready_summary(ctx: Ctx) -> list[dict[str, Any]]:
    """Claims ready to submit, by payer."""
    rows = ctx.session.execute(
        sa.select(ClaimRow.payer_id, ClaimRow.payer_name, sa.func.count(), sa.func.sum(ClaimRow.total_charge))
        .where(ClaimRow.practice_id == ctx.practice_id, ClaimRow.status == "ready")
        .group_by(ClaimRow.payer_id, ClaimRow.payer_name).order_by(ClaimRow.payer_id))
    return [{"payer_id": p, "payer_name": n, "claims": c, "total_charge": f"{t or 0:.2f}"} for p, n, c, t in rows]


def create_batch(ctx: Ctx, payer_id: str | None = None, *, limit: int = 5000) -> dict[str, Any]:
    """Write the 837P files of the ready claims (one per payer) and mark the claims submitted."""
    from painrcm.edi.writer_837p import SubmissionParties, write_837p
    from painrcm.store.repositories.claims import load_claims, set_claim_status
    from painrcm.store.repositories.edi import SessionControlNumbers, archive_file
    from painrcm.store.repositories.parties import load_payer, load_practice

    ids = list(ctx.session.scalars(sa.select(ClaimRow.claim_id).where(
        ClaimRow.practice_id == ctx.practice_id, ClaimRow.status == "ready",
        *([ClaimRow.payer_id == payer_id] if payer_id else [])).order_by(ClaimRow.claim_id).limit(limit)))
    if not ids:
        raise InputError("no claims are ready to submit" + (f" to {payer_id}" if payer_id else ""), field="payer_id")
    claims = load_claims(ctx.session, ctx.practice_id, claim_ids=ids)
    practice = load_practice(ctx.session, ctx.practice_id)
    by_payer: dict[str, list] = defaultdict(list)
    for c in claims:
        by_payer[c.payer_id].append(c)
    numbers = SessionControlNumbers(ctx.session)
    files = []
    for pid in sorted(by_payer):
        batch = by_payer[pid]
        payer = load_payer(ctx.session, pid)
        parties = SubmissionParties(
            sender_id=practice.npi,
            receiver_id=payer.x12_payer_id, submitter_name=practice.name[:60], submitter_contact="Billing Office",
            submitter_phone=(practice.phone or "5555550100").replace("-", "")[:10], receiver_name=payer.name[:60])
        text = write_837p(batch, parties, numbers, practice_id=ctx.practice_id)
        day = ctx.as_of.strftime("%Y%m%d")
        archived = archive_file(ctx.session, ctx.practice_id, kind="837P",
                                file_name=f"837P-{pid}-{day}-{len(batch)}.x12", content=text, direction="out",
                                status="sent")
        set_claim_status(ctx.session, ctx.practice_id, [c.claim_id for c in batch], "submitted",
                         submitted_on=ctx.as_of)
        total = sum((c.total_charge for c in batch), Decimal("0"))
        files.append({"file_id": archived.id, "payer_id": pid, "claims": len(batch),
                      "total_charge": f"{total:.2f}"})
        ctx.audit("submit", "edi_file", str(archived.id), kind="837P", claims=len(batch), payer_id=pid)
    from painrcm.api.services.claims import forget_counts

    forget_counts(ctx)
    return {"files": files, "claims": sum(f["claims"] for f in files)}


def download(ctx: Ctx, file_id: int) -> tuple[str, bytes]:
    row = ctx.session.execute(sa.select(EdiFileRow.file_name, EdiFileRow.content).where(
        EdiFileRow.practice_id == ctx.practice_id, EdiFileRow.id == file_id)).one_or_none()
    if row is None:
        raise NotFound(f"no EDI file {file_id} in this practice")
    ctx.audit("download", "edi_file", str(file_id))
    return row.file_name, row.content


def post_835(ctx: Ctx, file_name: str, content: bytes) -> dict[str, Any]:
    """Archive and post an uploaded 835; returns what was posted, with the variances opened."""
    from painrcm.remit.posting import post_file

    if not content:
        raise InputError("the uploaded file is empty", file=file_name)
    if len(content) > MAX_UPLOAD_BYTES:
        raise InputError("the uploaded file is larger than 20 MB", file=file_name)
    safe_name = Path(file_name or "upload.835").name[:200] or "upload.835"
    with tempfile.TemporaryDirectory(prefix="painrcm-upload-") as tmp:
        path = Path(tmp) / safe_name
        path.write_bytes(content)
        result = post_file(ctx.session, ctx.practice_id, path, posted_on=ctx.as_of)
    from painrcm.api.services.claims import forget_counts

    forget_counts(ctx)
    ctx.audit("import", "edi_file", None, kind=result.kind, posted=len(result.posted),
              claims=result.claims_posted, variances=len(result.variances), denials=len(result.denials))
    return {"file": safe_name, "kind": result.kind, "summary": result.summary, "posted": result.posted,
            "duplicates": result.duplicates, "claims_posted": result.claims_posted,
            "claims_matched": result.claims_matched, "unmatched": len(result.unmatched),
            "denials": len(result.denials),
            "variances": [{"kind": v.kind, "claim_id": v.claim_id, "line_number": v.line_number, "code": v.code,
                           "expected": f"{v.expected:.2f}", "actual": f"{v.actual:.2f}", "amount": f"{v.amount:.2f}"}
                          for v in result.variances]}


def list_remittances(ctx: Ctx, *, limit: int = 50) -> dict[str, Any]:
    rows = ctx.session.execute(
        sa.select(RemittanceRow.id, RemittanceRow.trn, RemittanceRow.payer_name, RemittanceRow.total_paid,
                  RemittanceRow.payment_method, RemittanceRow.payment_date, RemittanceRow.status,
                  sa.func.count(ClaimPaymentRow.id))
        .outerjoin(ClaimPaymentRow, ClaimPaymentRow.remittance_id == RemittanceRow.id)
        .where(RemittanceRow.practice_id == ctx.practice_id)
        .group_by(RemittanceRow.id).order_by(RemittanceRow.payment_date.desc(), RemittanceRow.id.desc())
        .limit(limit))
    return {"remittances": [{"remittance_id": r[0], "trn": r[1], "payer_name": r[2], "total_paid": f"{r[3]:.2f}",
                             "payment_method": r[4], "payment_date": r[5].isoformat() if r[5] else None,
                             "status": r[6], "claims": r[7]} for r in rows]}


def _item_json(r: WorkItemRow) -> dict[str, Any]:
    return {"item_id": r.id, "kind": r.kind, "status": r.status, "title": r.title, "claim_id": r.claim_id,
            "amount": f"{r.amount:.2f}" if r.amount is not None else None,
            "due_date": r.due_date.isoformat() if r.due_date else None, "priority": r.priority,
            "details": r.details or {}, "created_at": r.created_at.isoformat() if r.created_at else None}


def list_work_items(ctx: Ctx, kind: str, *, status: str = "open", limit: int = 50, offset: int = 0) -> dict[str, Any]:
    where = [WorkItemRow.kind == kind]
    if status == "open":
        where.append(WorkItemRow.status != "closed")
    elif status:
        where.append(WorkItemRow.status == status)
    stmt = (ctx.scope.select(WorkItemRow, *where)
            .order_by(WorkItemRow.priority.asc(), WorkItemRow.amount.desc(), WorkItemRow.id).limit(limit).offset(offset))
    rows = list(ctx.session.scalars(stmt))
    total = ctx.scope.count(WorkItemRow, *where)
    ctx.audit("list", "work_item", None, kind=kind, count=len(rows))
    return {"kind": kind, "status": status, "total": total, "offset": offset, "limit": limit,
            "items": [_item_json(r) for r in rows]}


def _work_item(ctx: Ctx, item_id: int, kind: str | None = None) -> WorkItemRow:
    row = ctx.scope.one_or_none(WorkItemRow, WorkItemRow.id == item_id)
    if row is None or (kind and row.kind != kind):
        raise NotFound(f"no {kind or 'work item'} {item_id} in this practice")
    return row


def get_work_item(ctx: Ctx, item_id: int, kind: str | None = None) -> dict[str, Any]:
    row = _work_item(ctx, item_id, kind)
    if row.status == "open":
        row.status = "in_progress"
        ctx.session.flush()
    ctx.audit("view", "work_item", str(item_id), kind=row.kind)
    return _item_json(row)


def resolve_work_item(ctx: Ctx, item_id: int, *, resolution: str, kind: str | None = None) -> dict[str, Any]:
    """Close a variance (or another work item) with what was done."""
    if not resolution.strip():
        raise InputError("say how it was resolved", field="resolution")
    row = _work_item(ctx, item_id, kind)
    details = dict(row.details or {})
    details.update(resolution=resolution.strip()[:500], resolved_by=ctx.actor.email)
    row.details = details
    from painrcm.store.repositories.work import close_work_item

    close_work_item(ctx.session, ctx.practice_id, item_id)
    ctx.audit("resolve", "work_item", str(item_id), kind=row.kind)
    return _item_json(row)
