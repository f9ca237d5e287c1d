"""The pages, part one: log-in, the practice list, coding review, claims and scrub fixes,
submission batches. Each page is one call into ``painrcm.api.services`` and one template;
forms post (with the CSRF token) and redirect back (post/redirect/get); HTMX swaps a
fragment where a full reload would lose the reader's place (a coding line, a touch).
"""

from __future__ import annotations

from typing import Optional
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from painrcm.api import auth_flow
from painrcm.api.deps import Actor, Ctx, NotAuthenticated, current_actor, db_session, load_actor, \
    practice_ctx, session_data
from painrcm.api.services import claims, coding, edi
from painrcm.web.render import render

router = APIRouter(include_in_schema=False)
W = "/p/{pid}"


def page(ctx: Ctx, request: Request, template: str, **kw) -> HTMLResponse:
    """Render with what every practice page needs (the practice menu, the user's permissions)."""
    practices = auth_flow.practices_of(ctx.session, ctx.actor.user_id)
    name = next((p["name"] for p in practices if p["id"] == ctx.practice_id), ctx.practice_id)
    return render(request, template, pid=ctx.practice_id, practice_name=name, practices=practices,
                  can=ctx.can, as_of=ctx.as_of, **kw)


def back(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _safe_next(value: str | None) -> str:
    return value if value and value.startswith("/") and not value.startswith("//") else "/"


# --- session ------------------------------------------------------------------------------------

@router.get("/login")
def login_form(request: Request, next: Optional[str] = None) -> HTMLResponse:
    return render(request, "login.html", next=_safe_next(next), error=None)


@router.post("/login")
def login(request: Request, email: str = Form(""), password: str = Form(""), next: str = Form("/"),
          session: Session = Depends(db_session)) -> Response:
    try:
        data, _ = auth_flow.sign_in(request, session, email, password)
    except NotAuthenticated:
        session.commit()  # keep the failed-attempt audit line
        return render(request, "login.html", status_code=401, next=_safe_next(next), error="Wrong e-mail or password.")
    response = back(_safe_next(next))
    auth_flow.set_cookie(request, response, data)
    return response


@router.post("/logout")
def logout(actor: Actor = Depends(current_actor)) -> Response:
    response = back("/login")
    auth_flow.clear_cookie(response)
    return response


@router.get("/")
def home(request: Request, session: Session = Depends(db_session)) -> Response:
    data = session_data(request)
    actor = load_actor(session, data) if data else None
    if actor is None:
        return back("/login")
    practices = auth_flow.practices_of(session, actor.user_id)
    if len(practices) == 1:
        return back(f"/p/{quote(practices[0]['id'])}/")
    request.state.actor = actor
    return render(request, "home.html", practices=practices, pid=None)


@router.get(W + "/")
def practice_home(request: Request, ctx: Ctx = Depends(practice_ctx("view"))) -> Response:
    if ctx.can("reports.view"):
        return back(f"/p/{quote(ctx.practice_id)}/dashboard")
    if ctx.can("coding.edit"):
        return back(f"/p/{quote(ctx.practice_id)}/coding")
    return back(f"/p/{quote(ctx.practice_id)}/ar")


# --- coding review -----------------------------------------------------------------------------------

@router.get(W + "/coding")
def coding_list(request: Request, status: str = "needs_review", offset: int = Query(0, ge=0),
                ctx: Ctx = Depends(practice_ctx("view"))) -> HTMLResponse:
    data = coding.list_encounters(ctx, status or None, limit=50, offset=offset)
    return page(ctx, request, "coding_list.html", data=data, status=status, statuses=coding.REVIEW_STATUSES)


@router.get(W + "/coding/{encounter_id}")
def coding_review(request: Request, encounter_id: str, ctx: Ctx = Depends(practice_ctx("view"))) -> HTMLResponse:
    from painrcm.coding import QUERY_TOPICS

    data = coding.get_coding(ctx, encounter_id)
    return page(ctx, request, "coding_review.html", c=data, topics=QUERY_TOPICS)


def _coding_url(ctx: Ctx, encounter_id: str) -> str:
    return f"/p/{quote(ctx.practice_id)}/coding/{quote(encounter_id)}"


@router.post(W + "/coding/{encounter_id}/accept")
def coding_accept(encounter_id: str, ctx: Ctx = Depends(practice_ctx("coding.edit"))) -> Response:
    coding.accept_all(ctx, encounter_id)
    return back(_coding_url(ctx, encounter_id) + "?saved=accepted")


@router.post(W + "/coding/{encounter_id}/lines/{seq}")
def coding_line(request: Request, encounter_id: str, seq: int, action: str = Form("accept"),
                code: str = Form(""), modifiers: str = Form(""), units: int = Form(1), diagnoses: str = Form(""),
                ctx: Ctx = Depends(practice_ctx("coding.edit"))) -> Response:
    if action == "save":
        coding.edit_line(ctx, encounter_id, seq, code=code, modifiers=modifiers, units=units, diagnoses=diagnoses)
    else:
        coding.set_line(ctx, encounter_id, seq, {"accept": "accepted", "reject": "rejected"}.get(action, "proposed"))
    if request.headers.get("HX-Request"):
        data = coding.get_coding(ctx, encounter_id)
        return page(ctx, request, "coding_lines.html", c=data)
    return back(_coding_url(ctx, encounter_id))


@router.post(W + "/coding/{encounter_id}/queries")
def coding_query(encounter_id: str, topic: str = Form(...), message: str = Form(...),
                 ctx: Ctx = Depends(practice_ctx("coding.edit"))) -> Response:
    coding.send_query(ctx, encounter_id, topic=topic, message=message)
    return back(_coding_url(ctx, encounter_id) + "#queries")


@router.post(W + "/coding/{encounter_id}/queries/{index}/answer")
def coding_answer(encounter_id: str, index: int, answer: str = Form(...),
                  ctx: Ctx = Depends(practice_ctx("coding.edit"))) -> Response:
    coding.answer_query(ctx, encounter_id, index, answer=answer)
    return back(_coding_url(ctx, encounter_id) + "#queries")


# --- claims and scrub --------------------------------------------------------------------------------

@router.get(W + "/claims")
def claims_list(request: Request, status: str = "held", offset: int = Query(0, ge=0),
                ctx: Ctx = Depends(practice_ctx("view"))) -> HTMLResponse:
    data = claims.list_claims(ctx, status or None, limit=50, offset=offset)
    return page(ctx, request, "claims_list.html", data=data, status=status, counts=claims.status_counts(ctx))


@router.get(W + "/claims/{claim_id}")
def claim_page(request: Request, claim_id: str, ctx: Ctx = Depends(practice_ctx("view"))) -> HTMLResponse:
    from painrcm.api.services.work import claim_touches

    data = claims.claim_detail(ctx, claim_id)
    return page(ctx, request, "claim_detail.html", c=data, touches=claim_touches(ctx, claim_id)["touches"],
                fixed=request.query_params.get("fixed"))


@router.post(W + "/claims/{claim_id}/fixes")
def claim_fix(claim_id: str, edit: str = Form(...), index: Optional[int] = Form(None),
              ctx: Ctx = Depends(practice_ctx("claims.fix"))) -> Response:
    claims.apply_fix(ctx, claim_id, edit, index)
    return back(f"/p/{quote(ctx.practice_id)}/claims/{quote(claim_id)}?fixed={quote(edit)}")


# --- submission batches ------------------------------------------------------------------------------

@router.get(W + "/batches")
def batches(request: Request, ctx: Ctx = Depends(practice_ctx("view"))) -> HTMLResponse:
    return page(ctx, request, "batches.html", ready=edi.ready_summary(ctx), files=edi.list_files(ctx, "837P")["files"],
                created=request.query_params.get("created"))


@router.post(W + "/batches")
def batch_create(payer_id: str = Form(""), ctx: Ctx = Depends(practice_ctx("edi.export"))) -> Response:
    result = edi.create_batch(ctx, payer_id or None)
    return back(f"/p/{quote(ctx.practice_id)}/batches?created={result['claims']}")


@router.get(W + "/files/{file_id}")
def file_download(file_id: int, ctx: Ctx = Depends(practice_ctx("edi.export"))) -> Response:
    name, content = edi.download(ctx, file_id)
    return Response(content, media_type="application/edi-x12",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


from painrcm.web import pages_work  # noqa: E402  (second half of the pages)

router.include_router(pages_work.router)
