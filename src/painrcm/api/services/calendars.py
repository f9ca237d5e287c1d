"""Authorization and credential calendars, the dashboard KPIs and the audit log.

Due lists come from ``painrcm.auth.deadlines.auth_deadlines`` and
``painrcm.auth.credentialing.credentials_due``/``credential_deadlines``; this module only
loads their inputs and groups the dated items by month for the calendar pages.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

import sqlalchemy as sa

from painrcm.api.deps import Ctx
from painrcm.store.models import (AuditLogRow, ClaimRow, EncounterRow, RemittanceRow, WorkItemRow)


def _months(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    by: dict[str, list] = {}
    for e in sorted(events, key=lambda e: e["day"]):
        by.setdefault(e["day"][:7], []).append(e)
    return [{"month": m, "events": ev} for m, ev in by.items()]


def auth_calendar(ctx: Ctx, *, days: int = 90, overdue_days: int = 60) -> dict[str, Any]:
    """Authorization deadlines (renewals, ends, lapses, retro windows) around today, by month."""
    from painrcm.auth.deadlines import auth_deadlines, within
    from painrcm.store.repositories.auth import load_authorizations

    auths = load_authorizations(ctx.session, ctx.practice_id)
    items = within(auth_deadlines(auths, today=ctx.as_of), ctx.as_of, days, overdue_days=overdue_days)
    events = [d.to_json() for d in items]
    ctx.audit("list", "authorization", None, count=len(events))
    by_status = Counter(a.status.value for a in auths)
    return {"as_of": ctx.as_of.isoformat(), "days": days, "authorizations": len(auths),
            "by_status": dict(by_status), "events": events, "months": _months(events)}


def credential_calendar(ctx: Ctx, *, within_days: int = 120) -> dict[str, Any]:
    """Credentials expiring (90/120-day lead) and every credential deadline, by month."""
    from painrcm.auth.credentialing import credential_deadlines, credentials_due
    from painrcm.store.repositories.auth import load_credentials

    creds = load_credentials(ctx.session, ctx.practice_id)
    due = [a.to_json() for a in credentials_due(creds, today=ctx.as_of, within_days=within_days)]
    horizon = ctx.as_of + timedelta(days=365)
    events = [d.to_json() for d in credential_deadlines(creds, today=ctx.as_of) if d.day <= horizon]
    ctx.audit("list", "credential", None, count=len(due))
    return {"as_of": ctx.as_of.isoformat(), "credentials": len(creds), "due": due, "events": events,
            "months": _months(events)}


def dashboard(ctx: Ctx) -> dict[str, Any]:
    """Counts and dollars a practice manager looks at first (cheap SQL aggregates)."""
    s, pid = ctx.session, ctx.practice_id
    claims = {st: (n, t) for st, n, t in s.execute(
        sa.select(ClaimRow.status, sa.func.count(), sa.func.sum(ClaimRow.total_charge))
        .where(ClaimRow.practice_id == pid).group_by(ClaimRow.status))}
    coding = dict(s.execute(sa.select(EncounterRow.coding_status, sa.func.count())
                            .where(EncounterRow.practice_id == pid).group_by(EncounterRow.coding_status)).all())
    paid = s.scalar(sa.select(sa.func.sum(RemittanceRow.total_paid)).where(RemittanceRow.practice_id == pid)) or 0
    work = dict(s.execute(sa.select(WorkItemRow.kind, sa.func.count()).where(
        WorkItemRow.practice_id == pid, WorkItemRow.status != "closed").group_by(WorkItemRow.kind)).all())
    charged = sum((t or 0 for _, t in claims.values()), 0)
    billed_n = sum(n for st, (n, _) in claims.items() if st not in ("draft", "held", "ready"))
    denied_n = sum(n for st, (n, _) in claims.items() if st == "denied")
    months = [(m, n, t) for m, n, t in s.execute(
        sa.select(sa.func.substr(sa.cast(ClaimRow.service_date, sa.String), 1, 7).label("m"), sa.func.count(),
                  sa.func.sum(ClaimRow.total_charge))
        .where(ClaimRow.practice_id == pid).group_by("m").order_by("m"))][-12:]
    out = {
        "as_of": ctx.as_of.isoformat(),
        "claims_by_status": {st: n for st, (n, _) in sorted(claims.items())},
        "charges": f"{charged:.2f}", "payments_posted": f"{paid:.2f}",
        "coding": {k or "uncoded": v for k, v in coding.items()},
        "open_work": work,
        "denied_claim_rate": f"{(denied_n / billed_n * 100) if billed_n else 0:.1f}",
        "charges_by_month": [{"month": m, "claims": n, "charges": f"{t or 0:.2f}"} for m, n, t in months],
    }
    ctx.audit("view", "dashboard", None)
    return out


def audit_log(ctx: Ctx, *, limit: int = 200, entity: str | None = None) -> dict[str, Any]:
    """The latest audit entries of the practice: who, what, which record, when."""
    stmt = sa.select(AuditLogRow).where(AuditLogRow.practice_id == ctx.practice_id)
    if entity:
        stmt = stmt.where(AuditLogRow.entity == entity)
    rows = list(ctx.session.scalars(stmt.order_by(AuditLogRow.id.desc()).limit(limit)))
    return {"entries": [{"at": r.at.isoformat(timespec="seconds"), "actor": r.actor, "action": r.action,
                         "entity": r.entity, "entity_id": r.entity_id, "details": r.details or {}} for r in rows]}


def audit_report_html(ctx: Ctx) -> str | None:
    """The billing-audit report of ``painrcm.reports`` as HTML, when that stage provides one."""
    try:
        from painrcm.reports import audit as report_audit  # type: ignore[attr-defined]
    except ImportError:
        return None
    for name in ("render_audit_html", "audit_report_html", "render_html"):
        fn = getattr(report_audit, name, None)
        if fn is not None:
            try:
                return fn(ctx.session, ctx.practice_id, as_of=ctx.as_of)
            except TypeError:
                return None
    return None
