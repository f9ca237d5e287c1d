"""The pages, part two: ERA posting and variances, denials and appeals, the AR work queue
with touch logging, the authorization and credential calendars, the dashboard, the audit
report and log. Same shape as ``web.pages``: one service call and one template each.
"""

from __future__ import annotations

from datetime import date
from typing import Optional
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from painrcm.api.deps import Ctx, practice_ctx
from painrcm.api.services import calendars, edi, work
from painrcm.errors import InputError

router = APIRouter(include_in_schema=False)
W = "/p/{pid}"


def _page(*a, **kw):
    from painrcm.web.pages import page

    return page(*a, **kw)


def _back(url: str):
    from painrcm.web.pages import back

    return back(url)


def _date(value: str | None, field: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError("not a date (YYYY-MM-DD)", field=field) from None


# --- ERA posting and variances -----------------------------------------------------------------------

@router.get(W + "/posting")
def posting(request: Request, offset: int = Query(0, ge=0), ctx: Ctx = Depends(practice_ctx("view"))) -> HTMLResponse:
    return _page(ctx, request, "posting.html", remits=edi.list_remittances(ctx, limit=20)["remittances"],
                 variances=edi.list_work_items(ctx, "variance", limit=50, offset=offset), result=None)


@router.post(W + "/posting")
def posting_upload(request: Request, file: UploadFile = File(...),
                   ctx: Ctx = Depends(practice_ctx("edi.import"))) -> HTMLResponse:
    result = edi.post_835(ctx, file.filename or "upload.835", file.file.read(edi.MAX_UPLOAD_BYTES + 1))
    ctx.app_state.work_cache.invalidate(ctx.practice_id)
    return _page(ctx, request, "posting.html", remits=edi.list_remittances(ctx, limit=20)["remittances"],
                 variances=edi.list_work_items(ctx, "variance", limit=50), result=result)


@router.get(W + "/variances/{item_id}")
def variance(request: Request, item_id: int, ctx: Ctx = Depends(practice_ctx("remit.work"))) -> HTMLResponse:
    return _page(ctx, request, "variance.html", v=edi.get_work_item(ctx, item_id, "variance"))


@router.post(W + "/variances/{item_id}/resolve")
def variance_resolve(item_id: int, resolution: str = Form(...),
                     ctx: Ctx = Depends(practice_ctx("remit.work"))) -> Response:
    edi.resolve_work_item(ctx, item_id, resolution=resolution, kind="variance")
    return _back(f"/p/{quote(ctx.practice_id)}/variances/{item_id}")


# --- denials and appeals ------------------------------------------------------------------------------

@router.get(W + "/denials")
def denials(request: Request, offset: int = Query(0, ge=0), ctx: Ctx = Depends(practice_ctx("view"))) -> HTMLResponse:
    return _page(ctx, request, "denials.html", data=work.denial_queue(ctx, limit=50, offset=offset),
                 channels=_channels(), worked=request.query_params.get("worked"))


@router.post(W + "/denials/{claim_id}/work")
def denial_work(claim_id: str, action: str = Form(...), outcome: str = Form(...), channel: str = Form("portal"),
                reference: str = Form(""), next_date: str = Form(""),
                ctx: Ctx = Depends(practice_ctx("denials.work"))) -> Response:
    work.add_touch(ctx, claim_id, channel=channel, outcome=outcome, reference=reference or None,
                   next_action=action[:40], next_date=_date(next_date, "next_date"), kind="work_denial")
    return _back(f"/p/{quote(ctx.practice_id)}/denials?worked={quote(claim_id)}")


@router.get(W + "/denials/{claim_id}/appeal")
def appeal(claim_id: str, ctx: Ctx = Depends(practice_ctx("denials.work"))) -> HTMLResponse:
    return HTMLResponse(work.appeal_letter(ctx, claim_id))


# --- AR work queue ---------------------------------------------------------------------------------------

def _channels() -> tuple[str, ...]:
    from painrcm.ar.cycle import CHANNELS

    return tuple(CHANNELS)


@router.get(W + "/ar")
def ar_queue(request: Request, offset: int = Query(0, ge=0), kind: Optional[str] = None,
             ctx: Ctx = Depends(practice_ctx("view"))) -> HTMLResponse:
    data = work.ar_queue(ctx, limit=50, offset=offset, kind=kind or None)
    return _page(ctx, request, "ar_queue.html", data=data, channels=_channels(), kind=kind or "")


@router.get(W + "/ar/{claim_id}/touches")
def ar_touches(request: Request, claim_id: str, ctx: Ctx = Depends(practice_ctx("view"))) -> HTMLResponse:
    return _page(ctx, request, "touches.html", t=work.claim_touches(ctx, claim_id), channels=_channels())


@router.post(W + "/ar/{claim_id}/touches")
def ar_touch(request: Request, claim_id: str, channel: str = Form(...), outcome: str = Form(...),
             reference: str = Form(""), next_action: str = Form(""), next_date: str = Form(""),
             ctx: Ctx = Depends(practice_ctx("ar.touch"))) -> Response:
    work.add_touch(ctx, claim_id, channel=channel, outcome=outcome, reference=reference or None,
                   next_action=next_action or None, next_date=_date(next_date, "next_date"))
    if request.headers.get("HX-Request"):
        return _page(ctx, request, "_touches.html", t=work.claim_touches(ctx, claim_id), channels=_channels(),
                     saved=True)
    return _back(f"/p/{quote(ctx.practice_id)}/ar/{quote(claim_id)}/touches")


# --- calendars -------------------------------------------------------------------------------------------

@router.get(W + "/authorizations")
def auth_calendar(request: Request, days: int = Query(90, ge=1, le=730),
                  ctx: Ctx = Depends(practice_ctx("view"))) -> HTMLResponse:
    return _page(ctx, request, "calendar.html", title="Authorization calendar",
                 data=calendars.auth_calendar(ctx, days=days), kind="auth")


@router.get(W + "/credentials")
def credential_calendar(request: Request, ctx: Ctx = Depends(practice_ctx("view"))) -> HTMLResponse:
    return _page(ctx, request, "calendar.html", title="Credential calendar",
                 data=calendars.credential_calendar(ctx), kind="credential")


# --- dashboard and audit ---------------------------------------------------------------------------------

@router.get(W + "/dashboard")
def dashboard(request: Request, ctx: Ctx = Depends(practice_ctx("reports.view"))) -> HTMLResponse:
    try:
        aging = work.aging(ctx, "payer")
    except work.QueueNotReady:
        aging = {"rows": [], "pending": True}
    data = calendars.dashboard(ctx)
    buckets: dict[str, float] = {}
    for row in aging["rows"]:
        if row["key"].upper() == "TOTAL":
            continue
        for b, v in row["buckets"].items():
            buckets[b] = buckets.get(b, 0.0) + float(v)
    months = [(m["month"][2:], float(m["charges"])) for m in data["charges_by_month"]]
    return _page(ctx, request, "dashboard.html", d=data, aging=aging, buckets=buckets, months=months)


@router.get(W + "/audit")
def audit(request: Request, entity: Optional[str] = None,
          ctx: Ctx = Depends(practice_ctx("reports.view"))) -> HTMLResponse:
    report = calendars.audit_report_html(ctx) is not None
    return _page(ctx, request, "audit.html", log=calendars.audit_log(ctx, limit=200, entity=entity or None),
                 report=report, entity=entity or "")


@router.get(W + "/audit/report")
def audit_report(ctx: Ctx = Depends(practice_ctx("reports.view"))) -> HTMLResponse:
    from painrcm.errors import NotFound

    html = calendars.audit_report_html(ctx)
    if html is None:
        raise NotFound("the audit report is not available in this version")
    ctx.audit("view", "audit_report", None)
    return HTMLResponse(html)
