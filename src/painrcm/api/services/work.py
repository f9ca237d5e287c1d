"""Denials, the AR work queue, follow-up touches and statements, over ``painrcm.ar.work.ar_work``.

``ar_work`` balances every billed claim against every posted remittance: seconds on a
practice with 100,000 claims, far too slow for each page view of twenty billers. So the
result is kept per practice in :class:`WorkCache` (a snapshot with the time it was
computed, shown on the page). A stale snapshot (older than ``ttl`` seconds, or marked
stale by a posting or a touch) is still served while one background thread computes the
next; only a practice's first request waits. A touch shows at once on the claim (touches
are read from the database), and in the ranking from the next snapshot.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any

import sqlalchemy as sa

from painrcm.api.deps import Ctx
from painrcm.errors import InputError, NotFound
from painrcm.store.models import ArTouchRow, ClaimRow

NOT_BILLED = ("draft", "held", "ready")


class QueueNotReady(Exception):
    """The first AR snapshot of a practice is still being computed (503, retry)."""


@dataclass(frozen=True)
class Snapshot:
    work: Any  # painrcm.ar.work.ARWork
    computed_at: datetime
    seconds: float


def compute(session, practice_id: str, as_of: date):
    """The AR work of a practice as of ``as_of`` (as ``painrcm ar queue`` computes it)."""
    from painrcm.ar.work import ar_work
    from painrcm.store.repositories.ar import load_touches
    from painrcm.store.repositories.claims import load_claims
    from painrcm.store.repositories.remits import load_remittances

    rows = session.execute(sa.select(ClaimRow.claim_id, ClaimRow.status, ClaimRow.submitted_on)
                           .where(ClaimRow.practice_id == practice_id)).all()
    billed = [r.claim_id for r in rows if r.status not in NOT_BILLED]
    submitted_on = {r.claim_id: r.submitted_on for r in rows if r.submitted_on}
    claims = load_claims(session, practice_id, claim_ids=billed) if billed else []
    remittances = [r for _, r in load_remittances(session, practice_id)]
    touches = load_touches(session, practice_id)
    reconciliation = None
    if remittances:
        from painrcm.remit.posting import contracts_for_practice
        from painrcm.remit.reconcile import reconcile

        reconciliation = reconcile(claims, remittances, contracts_for_practice(session, practice_id))
    return ar_work(claims, remittances, as_of, reconciliation=reconciliation, touches=touches,
                   submitted_on=submitted_on)


class WorkCache:
    """Per-practice AR snapshots (see module docstring)."""

    def __init__(self, engine, ttl: float = 300.0):
        self.engine = engine
        self.ttl = ttl
        self._lock = threading.Lock()
        self._snapshots: dict[tuple[str, date], Snapshot] = {}
        self._stale: set[tuple[str, date]] = set()
        self._running: set[tuple[str, date]] = set()
        self._errors: dict[tuple[str, date], Exception] = {}
        self._threads: list[threading.Thread] = []

    def _compute(self, practice_id: str, as_of: date) -> Snapshot:
        from painrcm.store.engine import session_scope

        start = time.perf_counter()
        with session_scope(self.engine) as session:
            work = compute(session, practice_id, as_of)
        snap = Snapshot(work, datetime.now(timezone.utc), time.perf_counter() - start)
        with self._lock:
            self._snapshots[(practice_id, as_of)] = snap
            self._stale.discard((practice_id, as_of))
        return snap

    def _refresh_in_background(self, key: tuple[str, date]) -> None:
        with self._lock:
            if key in self._running:
                return
            self._running.add(key)

        def run() -> None:
            try:
                self._compute(*key)
            except Exception as exc:  # noqa: BLE001 - handed to the waiting request
                with self._lock:
                    self._errors[key] = exc
            finally:
                with self._lock:
                    self._running.discard(key)

        thread = threading.Thread(target=run, name="painrcm-ar-snapshot", daemon=True)
        with self._lock:
            self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()

    def close(self, timeout: float = 300.0) -> None:
        """Wait for the snapshots being computed (before the engine is disposed)."""
        with self._lock:
            threads = list(self._threads)
        for t in threads:
            t.join(timeout)

    def get(self, practice_id: str, as_of: date, *, wait: float = 20.0) -> Snapshot:
        """The snapshot; the first one is computed in the background and waited for up to
        ``wait`` seconds, after which :class:`QueueNotReady` (the page says so, the API 503)."""
        key = (practice_id, as_of)
        with self._lock:
            snap = self._snapshots.get(key)
            stale = key in self._stale
        if snap is None:
            self._refresh_in_background(key)
            deadline = time.monotonic() + wait
            while time.monotonic() < deadline:
                with self._lock:
                    snap = self._snapshots.get(key)
                    failed = self._errors.pop(key, None)
                if snap is not None:
                    return snap
                if failed is not None:
                    raise failed
                time.sleep(0.05)
            raise QueueNotReady("the AR work queue of this practice is being computed; try again in a minute")
        age = (datetime.now(timezone.utc) - snap.computed_at).total_seconds()
        if stale or age > self.ttl:
            self._refresh_in_background(key)
        return snap

    def invalidate(self, practice_id: str, *, now: bool = False) -> None:
        """Mark the practice's snapshots stale (``now``: drop them, the next read recomputes)."""
        with self._lock:
            for key in list(self._snapshots):
                if key[0] == practice_id:
                    if now:
                        del self._snapshots[key]
                    else:
                        self._stale.add(key)


def _snapshot(ctx: Ctx) -> Snapshot:
    return ctx.app_state.work_cache.get(ctx.practice_id, ctx.as_of)


def ar_queue(ctx: Ctx, *, limit: int = 50, offset: int = 0, kind: str | None = None) -> dict[str, Any]:
    """The ranked AR work queue (score = expected $ x urgency x likelihood, each part explained)."""
    snap = _snapshot(ctx)
    items = [i for i in snap.work.queue if kind is None or i.kind == kind]
    page = items[offset:offset + limit]
    ctx.audit("list", "ar_queue", None, count=len(page))
    return {"as_of": ctx.as_of.isoformat(), "computed_at": snap.computed_at.isoformat(timespec="seconds"),
            "total": len(items), "offset": offset, "limit": limit,
            "items": [i.to_json(ctx.as_of) for i in page]}


def denial_queue(ctx: Ctx, *, limit: int = 50, offset: int = 0, payer_id: str | None = None) -> dict[str, Any]:
    """Every denied line: root cause, hard/soft, the routed action and its deadline, highest dollars first."""
    snap = _snapshot(ctx)
    items = sorted((d for d in snap.work.denials if payer_id is None or d.payer_id == payer_id),
                   key=lambda d: (-d.amount, d.claim_id, d.denial.line_number or 0))
    page = items[offset:offset + limit]
    worked = _last_touch(ctx, [d.claim_id for d in page])
    ctx.audit("list", "denial", None, count=len(page))
    return {"as_of": ctx.as_of.isoformat(), "computed_at": snap.computed_at.isoformat(timespec="seconds"),
            "total": len(items), "offset": offset, "limit": limit,
            "denials": [dict(d.to_json(ctx.as_of), last_touch=worked.get(d.claim_id)) for d in page]}


def _last_touch(ctx: Ctx, claim_ids: list[str]) -> dict[str, dict[str, Any]]:
    if not claim_ids:
        return {}
    out: dict[str, dict[str, Any]] = {}
    for r in ctx.session.scalars(sa.select(ArTouchRow).where(
            ArTouchRow.practice_id == ctx.practice_id, ArTouchRow.claim_id.in_(claim_ids))
            .order_by(ArTouchRow.at)):
        out[r.claim_id] = {"at": r.at.isoformat(timespec="seconds"), "who": r.who, "channel": r.channel,
                           "outcome": r.outcome, "next_action": r.next_action}
    return out


def claim_touches(ctx: Ctx, claim_id: str) -> dict[str, Any]:
    from painrcm.store.repositories.ar import load_touches
    from painrcm.store.repositories.claims import claim_status

    status = claim_status(ctx.session, ctx.practice_id, claim_id)
    touches = load_touches(ctx.session, ctx.practice_id, [claim_id]).get(claim_id, [])
    ctx.audit("view", "ar_touch", claim_id, count=len(touches))
    return {"claim_id": claim_id, "status": status, "touches": [t.to_json() for t in touches]}


def add_touch(ctx: Ctx, claim_id: str, *, channel: str, outcome: str, reference: str | None = None,
              next_action: str | None = None, next_date: date | None = None, note: str | None = None,
              kind: str = "ar_touch") -> dict[str, Any]:
    """Record a follow-up touch (who = the signed-in user, when = now)."""
    from painrcm.ar.cycle import Touch
    from painrcm.store.repositories.ar import add_touch as store_touch
    from painrcm.store.repositories.claims import claim_status

    claim_status(ctx.session, ctx.practice_id, claim_id)  # NotFound for another practice's claim
    if next_date is not None and not next_action:
        raise InputError("a next date needs a next action", field="next_action")
    touch = Touch(claim_id, datetime.now(timezone.utc), ctx.actor.email, channel, (outcome or "").strip()[:500],
                  (reference or None) and reference[:80], (next_action or None) and next_action[:40], next_date,
                  (note or None) and note[:500])
    tid = store_touch(ctx.session, ctx.practice_id, touch)
    ctx.audit(kind, "claim", claim_id, channel=channel, touch_id=tid, next_action=next_action)
    ctx.app_state.work_cache.invalidate(ctx.practice_id)
    return {"touch_id": tid, **touch.to_json()}


def appeal_letter(ctx: Ctx, claim_id: str) -> str:
    """The appeal letter of a denied claim as HTML (``painrcm.denials.appeals``)."""
    from painrcm.denials.appeals import build_appeal, render_appeal_html
    from painrcm.store.repositories.claims import load_claim
    from painrcm.store.repositories.coding import load_coding
    from painrcm.store.repositories.parties import load_practice

    snap = _snapshot(ctx)
    denials = [d for d in snap.work.denials if d.claim_id == claim_id]
    if not denials:
        raise NotFound(f"claim {claim_id} has no denial to appeal")
    claim = load_claim(ctx.session, ctx.practice_id, claim_id)
    coding = load_coding(ctx.session, ctx.practice_id, claim.encounter_id) if claim.encounter_id else None
    letter = build_appeal(claim, denials, as_of=ctx.as_of, coding=coding,
                          practice=load_practice(ctx.session, ctx.practice_id), signer=ctx.actor.display_name)
    ctx.audit("view", "appeal", claim_id)
    return render_appeal_html(letter)


def aging(ctx: Ctx, by: str = "payer") -> dict[str, Any]:
    snap = _snapshot(ctx)
    rows = snap.work.aging(by)
    return {"as_of": ctx.as_of.isoformat(), "by": by, "rows": [r.to_json() for r in rows]}


def statements(ctx: Ctx) -> dict[str, Any]:
    """Statements sent (the 30/60/90 cycle's history)."""
    from painrcm.store.repositories.ar import load_statements

    records = load_statements(ctx.session, ctx.practice_id)
    ctx.audit("list", "statement", None, count=len(records))
    return {"statements": [{"patient_id": r.patient_id, "statement_date": r.statement_date.isoformat(),
                            "cycle": r.cycle, "balance": f"{r.balance:.2f}"} for r in records[-200:]]}
