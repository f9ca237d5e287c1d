"""Save and load the scrubber's findings for a claim.

Findings are kept in the ``painrcm scrub --json`` shape (edit, severity, lines,
message, fix); a ``painrcm.scrub.findings.Finding`` (anything with ``to_dict()``) or
such a dict is accepted. Saving replaces the claim's previous findings.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

import sqlalchemy as sa
from sqlalchemy.orm import Session

from painrcm.store.models import ScrubFindingRow
from painrcm.store.repositories._rows import chunks


def _as_dict(finding: Mapping[str, Any] | Any) -> dict[str, Any]:
    if hasattr(finding, "to_dict"):
        return dict(finding.to_dict())
    return dict(finding)


def save_findings(session: Session, practice_id: str, claim_id: str, findings: Iterable[Any]) -> None:
    session.execute(sa.delete(ScrubFindingRow).where(ScrubFindingRow.practice_id == practice_id,
                                                     ScrubFindingRow.claim_id == claim_id))
    for i, f in enumerate(_as_dict(f) for f in findings):
        known = {"edit", "severity", "lines", "message", "fix"}
        extra = {k: v for k, v in f.items() if k not in known}
        session.add(ScrubFindingRow(
            practice_id=practice_id, claim_id=claim_id, seq=i, edit=f["edit"], severity=f["severity"],
            lines=list(f.get("lines") or []), message=f.get("message", ""), fix=f.get("fix") or "",
            details=extra or None))
    session.flush()


def load_findings(session: Session, practice_id: str, claim_id: str) -> list[dict[str, Any]]:
    rows = session.scalars(sa.select(ScrubFindingRow).where(
        ScrubFindingRow.practice_id == practice_id, ScrubFindingRow.claim_id == claim_id)
        .order_by(ScrubFindingRow.seq))
    return [_row_dict(r) for r in rows]


def _row_dict(r: ScrubFindingRow) -> dict[str, Any]:
    return {"edit": r.edit, "severity": r.severity, "lines": list(r.lines), "message": r.message,
            "fix": r.fix, **(r.details or {})}


def load_findings_by_claim(session: Session, practice_id: str,
                           claim_ids: Iterable[str] | None = None) -> dict[str, list[dict[str, Any]]]:
    """Findings of many claims at once, by claim id."""
    out: dict[str, list[dict[str, Any]]] = {}
    base = sa.select(ScrubFindingRow).where(ScrubFindingRow.practice_id == practice_id).order_by(
        ScrubFindingRow.claim_id, ScrubFindingRow.seq)
    statements = ([base] if claim_ids is None
                  else [base.where(ScrubFindingRow.claim_id.in_(part)) for part in chunks(list(claim_ids))])
    for stmt in statements:
        for r in session.scalars(stmt):
            out.setdefault(r.claim_id, []).append(_row_dict(r))
    return out
