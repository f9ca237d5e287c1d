"""The JSON API (``/api/...``; OpenAPI at ``/openapi.json``).

Every practice route is ``/api/practices/{pid}/...`` and goes through
``deps.practice_ctx(permission)``; the route body is one call into ``api.services``.
Sign in with ``POST /api/session`` (JSON e-mail and password): the response sets the
session cookie and returns the CSRF token to send as ``X-CSRF-Token`` on every POST/PUT.
"""

from __future__ import annotations

from datetime import date
from typing import Optional

from fastapi import APIRouter, Depends, File, Query, Request, Response, UploadFile
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from painrcm.api import auth_flow
from painrcm.api.deps import Actor, Ctx, current_actor, db_session, practice_ctx
from painrcm.api.services import calendars, claims, coding, edi, work

router = APIRouter(prefix="/api")
P = "/practices/{pid}"


class LoginBody(BaseModel):
    email: str
    password: str


class LineStatusBody(BaseModel):
    status: str = Field(description="proposed | accepted | rejected | needs_review")


class LineEditBody(BaseModel):
    code: str
    modifiers: list[str] = []
    units: int = 1
    diagnoses: list[str] = []
    accept: bool = True


class QueryBody(BaseModel):
    topic: str
    message: str


class AnswerBody(BaseModel):
    answer: str


class FixBody(BaseModel):
    edit: str = Field(description="the finding's edit id, e.g. ADDON_UNITS")
    index: Optional[int] = None


class BatchBody(BaseModel):
    payer_id: Optional[str] = None


class ResolveBody(BaseModel):
    resolution: str


class TouchBody(BaseModel):
    channel: str = Field(description="phone, portal, edi_276, edi_277, fax, mail, email")
    outcome: str
    reference: Optional[str] = None
    next_action: Optional[str] = None
    next_date: Optional[date] = None
    note: Optional[str] = None


class UserBody(BaseModel):
    email: str
    role: str
    practice_ids: list[str]
    display_name: Optional[str] = None
    password: Optional[str] = None


# --- session and users ------------------------------------------------------------------------

@router.post("/session", tags=["session"])
def login(body: LoginBody, request: Request, response: Response, session: Session = Depends(db_session)) -> dict:
    """Sign in; sets the session cookie and returns the CSRF token."""
    data, actor = auth_flow.sign_in(request, session, body.email, body.password)
    auth_flow.set_cookie(request, response, data)
    return {"csrf_token": data.csrf, "user": auth_flow.user_json(session, actor)}


@router.delete("/session", tags=["session"])
def logout(response: Response, actor: Actor = Depends(current_actor)) -> dict:
    auth_flow.clear_cookie(response)
    return {"signed_out": True}


@router.get("/me", tags=["session"])
def me(session: Session = Depends(db_session), actor: Actor = Depends(current_actor)) -> dict:
    return auth_flow.user_json(session, actor)


@router.get("/users", tags=["users"])
def users(session: Session = Depends(db_session), actor: Actor = Depends(current_actor)) -> dict:
    return {"users": auth_flow.list_users(session, actor)}


@router.post("/users", tags=["users"], status_code=201)
def add_user(body: UserBody, session: Session = Depends(db_session), actor: Actor = Depends(current_actor)) -> dict:
    """Add a user (admin only, for the admin's own practices); returns the password once if generated."""
    return auth_flow.add_user(session, actor, body.email, body.role, body.practice_ids, body.display_name,
                              body.password)


# --- coding -------------------------------------------------------------------------------------

@router.get(P + "/encounters", tags=["coding"])
def encounters(status: Optional[str] = "needs_review", limit: int = Query(50, ge=1, le=500),
               offset: int = Query(0, ge=0), ctx: Ctx = Depends(practice_ctx("view"))) -> dict:
    """Encounters by coding status (needs_review | ready | accepted)."""
    return coding.list_encounters(ctx, status or None, limit=limit, offset=offset)


@router.get(P + "/encounters/{encounter_id}/coding", tags=["coding"])
def get_coding(encounter_id: str, ctx: Ctx = Depends(practice_ctx("view"))) -> dict:
    """The coded note: text, evidence segments, proposed lines, provider queries."""
    return coding.get_coding(ctx, encounter_id)


@router.post(P + "/encounters/{encounter_id}/coding/accept", tags=["coding"])
def accept_coding(encounter_id: str, ctx: Ctx = Depends(practice_ctx("coding.edit"))) -> dict:
    return coding.accept_all(ctx, encounter_id)


@router.post(P + "/encounters/{encounter_id}/coding/lines/{seq}/status", tags=["coding"])
def line_status(encounter_id: str, seq: int, body: LineStatusBody,
                ctx: Ctx = Depends(practice_ctx("coding.edit"))) -> dict:
    return coding.set_line(ctx, encounter_id, seq, body.status)


@router.put(P + "/encounters/{encounter_id}/coding/lines/{seq}", tags=["coding"])
def edit_line(encounter_id: str, seq: int, body: LineEditBody,
              ctx: Ctx = Depends(practice_ctx("coding.edit"))) -> dict:
    return coding.edit_line(ctx, encounter_id, seq, code=body.code, modifiers=body.modifiers, units=body.units,
                            diagnoses=body.diagnoses, accept=body.accept)


@router.post(P + "/encounters/{encounter_id}/coding/queries", tags=["coding"], status_code=201)
def send_query(encounter_id: str, body: QueryBody, ctx: Ctx = Depends(practice_ctx("coding.edit"))) -> dict:
    return coding.send_query(ctx, encounter_id, topic=body.topic, message=body.message)


@router.post(P + "/encounters/{encounter_id}/coding/queries/{index}/answer", tags=["coding"])
def answer_query(encounter_id: str, index: int, body: AnswerBody,
                 ctx: Ctx = Depends(practice_ctx("coding.edit"))) -> dict:
    return coding.answer_query(ctx, encounter_id, index, answer=body.answer)


# --- claims and scrub ---------------------------------------------------------------------------

@router.get(P + "/claims", tags=["claims"])
def list_claims(status: Optional[str] = None, payer_id: Optional[str] = None,
                limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0),
                ctx: Ctx = Depends(practice_ctx("view"))) -> dict:
    return claims.list_claims(ctx, status, payer_id=payer_id, limit=limit, offset=offset)


@router.get(P + "/claims/{claim_id}", tags=["claims"])
def get_claim(claim_id: str, ctx: Ctx = Depends(practice_ctx("view"))) -> dict:
    """The claim with its scrub findings (scrubbed now while it can still change)."""
    return claims.claim_detail(ctx, claim_id)


@router.post(P + "/claims/{claim_id}/fixes", tags=["claims"])
def apply_fix(claim_id: str, body: FixBody, ctx: Ctx = Depends(practice_ctx("claims.fix"))) -> dict:
    """Apply a finding's one-click fix; returns the claim's findings after it."""
    return claims.apply_fix(ctx, claim_id, body.edit, body.index)


# --- EDI ----------------------------------------------------------------------------------------

@router.get(P + "/edi/files", tags=["edi"])
def edi_files(kind: Optional[str] = None, ctx: Ctx = Depends(practice_ctx("view"))) -> dict:
    return edi.list_files(ctx, kind)


@router.get(P + "/edi/ready", tags=["edi"])
def edi_ready(ctx: Ctx = Depends(practice_ctx("view"))) -> dict:
    """Claims ready to submit, by payer."""
    return {"payers": edi.ready_summary(ctx)}


@router.post(P + "/edi/batches", tags=["edi"], status_code=201)
def create_batch(body: BatchBody, ctx: Ctx = Depends(practice_ctx("edi.export"))) -> dict:
    """Write 837P files of the ready claims (one per payer); the claims become submitted."""
    return edi.create_batch(ctx, body.payer_id)


@router.get(P + "/edi/files/{file_id}/download", tags=["edi"])
def download(file_id: int, ctx: Ctx = Depends(practice_ctx("edi.export"))) -> Response:
    name, content = edi.download(ctx, file_id)
    return Response(content, media_type="application/edi-x12",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.post(P + "/edi/835", tags=["edi"], status_code=201)
def import_835(file: UploadFile = File(...), ctx: Ctx = Depends(practice_ctx("edi.import"))) -> dict:
    """Upload an 835 (ERA): archived, posted, matched and reconciled; variances go to the work list."""
    result = edi.post_835(ctx, file.filename or "upload.835", file.file.read(edi.MAX_UPLOAD_BYTES + 1))
    ctx.app_state.work_cache.invalidate(ctx.practice_id)
    return result


# --- posting and variances ------------------------------------------------------------------------

@router.get(P + "/remittances", tags=["posting"])
def remittances(ctx: Ctx = Depends(practice_ctx("view"))) -> dict:
    return edi.list_remittances(ctx)


@router.get(P + "/variances", tags=["posting"])
def variances(status: str = "open", limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0),
              ctx: Ctx = Depends(practice_ctx("view"))) -> dict:
    return edi.list_work_items(ctx, "variance", status=status, limit=limit, offset=offset)


@router.get(P + "/variances/{item_id}", tags=["posting"])
def variance(item_id: int, ctx: Ctx = Depends(practice_ctx("remit.work"))) -> dict:
    """Open a variance (it becomes in progress)."""
    return edi.get_work_item(ctx, item_id, "variance")


@router.post(P + "/variances/{item_id}/resolve", tags=["posting"])
def resolve_variance(item_id: int, body: ResolveBody, ctx: Ctx = Depends(practice_ctx("remit.work"))) -> dict:
    return edi.resolve_work_item(ctx, item_id, resolution=body.resolution, kind="variance")


# --- denials, AR, statements --------------------------------------------------------------------------

@router.get(P + "/denials", tags=["denials"])
def denials(payer_id: Optional[str] = None, limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0),
            ctx: Ctx = Depends(practice_ctx("view"))) -> dict:
    return work.denial_queue(ctx, limit=limit, offset=offset, payer_id=payer_id)


@router.post(P + "/denials/{claim_id}/work", tags=["denials"], status_code=201)
def work_denial(claim_id: str, body: TouchBody, ctx: Ctx = Depends(practice_ctx("denials.work"))) -> dict:
    """Record the work done on a denied claim (appeal sent, corrected claim, call...)."""
    return work.add_touch(ctx, claim_id, channel=body.channel, outcome=body.outcome, reference=body.reference,
                          next_action=body.next_action, next_date=body.next_date, note=body.note, kind="work_denial")


@router.get(P + "/denials/{claim_id}/appeal", tags=["denials"], response_class=HTMLResponse)
def appeal(claim_id: str, ctx: Ctx = Depends(practice_ctx("denials.work"))) -> HTMLResponse:
    """The appeal letter (HTML) with the payer's criteria and the note's evidence."""
    return HTMLResponse(work.appeal_letter(ctx, claim_id))


@router.get(P + "/ar/queue", tags=["ar"])
def ar_queue(kind: Optional[str] = None, limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0),
             ctx: Ctx = Depends(practice_ctx("view"))) -> dict:
    return work.ar_queue(ctx, limit=limit, offset=offset, kind=kind)


@router.get(P + "/ar/aging", tags=["ar"])
def ar_aging(by: str = "payer", ctx: Ctx = Depends(practice_ctx("view"))) -> dict:
    return work.aging(ctx, by)


@router.get(P + "/claims/{claim_id}/touches", tags=["ar"])
def touches(claim_id: str, ctx: Ctx = Depends(practice_ctx("view"))) -> dict:
    return work.claim_touches(ctx, claim_id)


@router.post(P + "/claims/{claim_id}/touches", tags=["ar"], status_code=201)
def add_touch(claim_id: str, body: TouchBody, ctx: Ctx = Depends(practice_ctx("ar.touch"))) -> dict:
    return work.add_touch(ctx, claim_id, channel=body.channel, outcome=body.outcome, reference=body.reference,
                          next_action=body.next_action, next_date=body.next_date, note=body.note)


@router.get(P + "/statements", tags=["statements"])
def statements(ctx: Ctx = Depends(practice_ctx("statements.view"))) -> dict:
    return work.statements(ctx)


# --- auths, credentials, reports --------------------------------------------------------------------

@router.get(P + "/authorizations/calendar", tags=["auth"])
def auth_calendar(days: int = Query(90, ge=1, le=730), ctx: Ctx = Depends(practice_ctx("view"))) -> dict:
    return calendars.auth_calendar(ctx, days=days)


@router.get(P + "/credentials/due", tags=["auth"])
def credentials_due(within_days: int = Query(120, ge=1, le=730), ctx: Ctx = Depends(practice_ctx("view"))) -> dict:
    return calendars.credential_calendar(ctx, within_days=within_days)


@router.get(P + "/dashboard", tags=["reports"])
def dashboard(ctx: Ctx = Depends(practice_ctx("reports.view"))) -> dict:
    return calendars.dashboard(ctx)


@router.get(P + "/audit-log", tags=["reports"])
def audit_log(entity: Optional[str] = None, limit: int = Query(200, ge=1, le=2000),
              ctx: Ctx = Depends(practice_ctx("reports.view"))) -> dict:
    return calendars.audit_log(ctx, limit=limit, entity=entity)


@router.get(P + "/reports/audit", tags=["reports"], response_class=HTMLResponse)
def audit_report(ctx: Ctx = Depends(practice_ctx("reports.view"))) -> HTMLResponse:
    """The billing-audit report (HTML) of ``painrcm.reports``; 404 while that stage has none."""
    html = calendars.audit_report_html(ctx)
    if html is None:
        from painrcm.errors import NotFound

        raise NotFound("the audit report is not available in this version")
    ctx.audit("view", "audit_report", None)
    return HTMLResponse(html)
