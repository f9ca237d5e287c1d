"""Coding review: the coder's proposal for an encounter, its evidence in the note, the
coder's decisions on each line and the questions to the provider.

Thin over ``store.repositories.coding`` (``load_coding``, ``set_line_status``); the note
text is the encounter's notes joined as the coder read them (``"\\n\\n".join``), so the
evidence offsets of ``painrcm.coding`` point into it.

>>> [s["text"] for s in highlight("abcdef", [{"start": 1, "end": 3, "line": 0}])]
['a', 'bc', 'def']
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import sqlalchemy as sa

from painrcm.api.deps import Ctx
from painrcm.errors import InputError, NotFound
from painrcm.store.models import ClinicalNoteRow, CodedLineRow, EncounterRow
from painrcm.store.repositories.coding import load_coding, set_line_status

LINE_STATUSES = ("proposed", "accepted", "rejected", "needs_review")
REVIEW_STATUSES = ("needs_review", "ready", "accepted")


def _encounter(ctx: Ctx, encounter_id: str) -> EncounterRow:
    row = ctx.session.get(EncounterRow, (ctx.practice_id, encounter_id))
    if row is None:
        raise NotFound(f"no encounter {encounter_id!r} in this practice")
    return row


def list_encounters(ctx: Ctx, status: str | None = "needs_review", *, limit: int = 50,
                    offset: int = 0) -> dict[str, Any]:
    """Encounters by coding status (newest first), a page at a time."""
    if status is not None and status not in REVIEW_STATUSES:
        raise InputError(f"unknown coding status {status!r}; one of {', '.join(REVIEW_STATUSES)}", field="status")
    where = [EncounterRow.coding_status == status] if status else [EncounterRow.coding_status.is_not(None)]
    stmt = (ctx.scope.select(EncounterRow, *where)
            .order_by(EncounterRow.date_of_service.desc(), EncounterRow.id).limit(limit).offset(offset))
    rows = list(ctx.session.scalars(stmt))
    counts = status_counts(ctx)
    total = counts.get(status, 0) if status else sum(counts.values())
    ctx.audit("list", "encounter", None, status=status, count=len(rows))
    return {"status": status, "total": total, "offset": offset, "limit": limit, "encounters": [
        {"encounter_id": r.id, "date_of_service": r.date_of_service.isoformat(), "visit_type": r.visit_type,
         "place_of_service": r.place_of_service, "rendering_npi": r.rendering_npi, "payer_id": r.payer_id,
         "coding_status": r.coding_status, "queries": len(r.coding_queries or []),
         "open_queries": sum(1 for q in (r.coding_queries or []) if not q.get("answer"))}
        for r in rows]}


#: encounters by coding status (the work list's totals): a GROUP BY over every encounter of the
#: practice, kept this many seconds per practice and dropped when a coder changes a status
STATUS_COUNTS_SECONDS = 30.0
_counts: dict[tuple[int, str], tuple[float, dict[str, int]]] = {}


def status_counts(ctx: Ctx) -> dict[str, int]:
    import time

    key = (id(ctx.app_state), ctx.practice_id)
    hit = _counts.get(key)
    if hit and time.monotonic() - hit[0] < STATUS_COUNTS_SECONDS:
        return hit[1]
    counts = {k: n for k, n in ctx.session.execute(
        sa.select(EncounterRow.coding_status, sa.func.count()).where(
            EncounterRow.practice_id == ctx.practice_id, EncounterRow.coding_status.is_not(None))
        .group_by(EncounterRow.coding_status))}
    _counts[key] = (time.monotonic(), counts)
    return counts


def _forget_counts(ctx: Ctx) -> None:
    _counts.pop((id(ctx.app_state), ctx.practice_id), None)


def note_text(ctx: Ctx, encounter_id: str) -> str:
    notes = ctx.session.scalars(sa.select(ClinicalNoteRow.text).where(
        ClinicalNoteRow.practice_id == ctx.practice_id, ClinicalNoteRow.encounter_id == encounter_id)
        .order_by(ClinicalNoteRow.seq, ClinicalNoteRow.id))
    return "\n\n".join(notes)


def highlight(text: str, spans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The note cut into plain and evidence segments (``line`` = index of the code line)."""
    spans = sorted((s for s in spans if 0 <= s["start"] < s["end"] <= len(text)), key=lambda s: s["start"])
    out: list[dict[str, Any]] = []
    pos = 0
    for s in spans:
        start = max(s["start"], pos)
        if start >= s["end"]:
            continue
        if start > pos:
            out.append({"text": text[pos:start], "line": None})
        out.append({"text": text[start:s["end"]], "line": s["line"]})
        pos = s["end"]
    if pos < len(text):
        out.append({"text": text[pos:], "line": None})
    return out


def get_coding(ctx: Ctx, encounter_id: str) -> dict[str, Any]:
    """The proposal with the note text and its evidence segments."""
    enc = _encounter(ctx, encounter_id)
    coding = load_coding(ctx.session, ctx.practice_id, encounter_id)
    if coding is None:
        raise NotFound(f"encounter {encounter_id!r} has not been coded")
    text = note_text(ctx, encounter_id)
    spans = [{"start": e["start"], "end": e["end"], "line": i}
             for i, line in enumerate(coding["lines"]) for e in line.get("evidence") or []]
    ctx.audit("view", "coding", encounter_id, lines=len(coding["lines"]))
    return {"encounter_id": encounter_id, "date_of_service": enc.date_of_service.isoformat(),
            "visit_type": enc.visit_type, "place_of_service": enc.place_of_service, "payer_id": enc.payer_id,
            "rendering_npi": enc.rendering_npi, "note": text, "segments": highlight(text, spans),
            **{k: coding[k] for k in ("status", "lines", "diagnoses", "queries")},
            "queries": [dict(q, index=i) for i, q in enumerate(coding["queries"])]}


def _line(ctx: Ctx, encounter_id: str, seq: int) -> CodedLineRow:
    row = ctx.session.scalars(sa.select(CodedLineRow).where(
        CodedLineRow.practice_id == ctx.practice_id, CodedLineRow.encounter_id == encounter_id,
        CodedLineRow.seq == seq)).one_or_none()
    if row is None:
        raise NotFound(f"no coded line {seq} on encounter {encounter_id!r}")
    return row


def _refresh_status(ctx: Ctx, enc: EncounterRow) -> None:
    _forget_counts(ctx)
    statuses = list(ctx.session.scalars(sa.select(CodedLineRow.status).where(
        CodedLineRow.practice_id == ctx.practice_id, CodedLineRow.encounter_id == enc.id)))
    open_queries = any(not q.get("answer") for q in enc.coding_queries or [])
    if statuses and all(s in ("accepted", "rejected") for s in statuses) and not open_queries:
        enc.coding_status = "accepted"
    elif enc.coding_status == "accepted":
        enc.coding_status = "needs_review" if open_queries else "ready"


def set_line(ctx: Ctx, encounter_id: str, seq: int, status: str) -> dict[str, Any]:
    """Accept, reject or send back one proposed line."""
    if status not in LINE_STATUSES:
        raise InputError(f"unknown line status {status!r}; one of {', '.join(LINE_STATUSES)}", field="status")
    enc = _encounter(ctx, encounter_id)
    set_line_status(ctx.session, ctx.practice_id, encounter_id, seq, status)
    _refresh_status(ctx, enc)
    ctx.audit("set_line_status", "coding", encounter_id, line=seq, status=status)
    return {"encounter_id": encounter_id, "line": seq, "status": status, "coding_status": enc.coding_status}


def _codes(raw: Any, field: str) -> list[str]:
    items = raw.replace(",", " ").split() if isinstance(raw, str) else list(raw or [])
    out = [str(x).strip().upper() for x in items if str(x).strip()]
    if any(len(x) > 8 for x in out):
        raise InputError("a code is too long", field=field)
    return out


def edit_line(ctx: Ctx, encounter_id: str, seq: int, *, code: str, modifiers: Any = (), units: int = 1,
              diagnoses: Any = (), accept: bool = True) -> dict[str, Any]:
    """The coder's correction of a line (code, modifiers, units, diagnoses); accepted by default."""
    code = code.strip().upper()
    if not code or len(code) > 10:
        raise InputError("a line needs a CPT/HCPCS code", field="code")
    if not 1 <= int(units) <= 99:
        raise InputError("units must be 1 to 99", field="units")
    mods = _codes(modifiers, "modifiers")
    if len(mods) > 4:
        raise InputError("at most four modifiers", field="modifiers")
    enc = _encounter(ctx, encounter_id)
    row = _line(ctx, encounter_id, seq)
    before = {"code": row.code, "modifiers": list(row.modifiers), "units": row.units}
    row.code, row.modifiers, row.units = code, mods, int(units)
    row.diagnoses = _codes(diagnoses, "diagnoses")
    if accept:
        row.status = "accepted"
    ctx.session.flush()
    _refresh_status(ctx, enc)
    ctx.audit("edit_line", "coding", encounter_id, line=seq, before=before,
              after={"code": code, "modifiers": mods, "units": int(units)})
    return {"encounter_id": encounter_id, "line": seq, "code": code, "modifiers": mods, "units": int(units),
            "diagnoses": row.diagnoses, "status": row.status, "coding_status": enc.coding_status}


def accept_all(ctx: Ctx, encounter_id: str) -> dict[str, Any]:
    """Accept every line still proposed (open provider queries keep the note in review)."""
    enc = _encounter(ctx, encounter_id)
    rows = list(ctx.session.scalars(sa.select(CodedLineRow).where(
        CodedLineRow.practice_id == ctx.practice_id, CodedLineRow.encounter_id == encounter_id)))
    for r in rows:
        if r.status in ("proposed", "needs_review"):
            r.status = "accepted"
    ctx.session.flush()
    _refresh_status(ctx, enc)
    ctx.audit("accept", "coding", encounter_id, lines=len(rows))
    return {"encounter_id": encounter_id, "coding_status": enc.coding_status,
            "lines": [{"line": r.seq, "status": r.status} for r in sorted(rows, key=lambda r: r.seq)]}


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def send_query(ctx: Ctx, encounter_id: str, *, topic: str, message: str) -> dict[str, Any]:
    """A new question to the provider (the note goes back to review until it is answered)."""
    from painrcm.coding import QUERY_TOPICS

    if topic not in QUERY_TOPICS:
        raise InputError(f"unknown query topic {topic!r}", field="topic")
    if not message.strip():
        raise InputError("a query needs a question", field="message")
    enc = _encounter(ctx, encounter_id)
    queries = list(enc.coding_queries or [])
    queries.append({"topic": topic, "message": message.strip()[:1000], "sent_by": ctx.actor.email,
                    "sent_at": _now()})
    enc.coding_queries = queries
    enc.coding_status = "needs_review"
    _forget_counts(ctx)
    ctx.session.flush()
    ctx.audit("send_query", "coding", encounter_id, topic=topic, query=len(queries) - 1)
    return {"encounter_id": encounter_id, "index": len(queries) - 1, "coding_status": enc.coding_status}


def answer_query(ctx: Ctx, encounter_id: str, index: int, *, answer: str) -> dict[str, Any]:
    """Record the provider's answer to query ``index``."""
    if not answer.strip():
        raise InputError("the answer is empty", field="answer")
    enc = _encounter(ctx, encounter_id)
    queries = [dict(q) for q in enc.coding_queries or []]
    if not 0 <= index < len(queries):
        raise NotFound(f"no query {index} on encounter {encounter_id!r}")
    queries[index].update(answer=answer.strip()[:2000], answered_by=ctx.actor.email, answered_at=_now())
    enc.coding_queries = queries
    if enc.coding_status == "needs_review" and all(q.get("answer") for q in queries):
        enc.coding_status = "ready"
    ctx.session.flush()
    _refresh_status(ctx, enc)
    ctx.audit("answer_query", "coding", encounter_id, query=index, topic=queries[index].get("topic"))
    return {"encounter_id": encounter_id, "index": index, "coding_status": enc.coding_status}
