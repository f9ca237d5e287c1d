"""Save and load the coder's proposal for an encounter.

The proposal has the shape ``painrcm code NOTE --json`` prints (see
docs/coding-conventions.md): ``status``, ``lines`` (code, modifiers, units,
diagnoses, evidence), ``queries`` and ``facts``. Lines go to ``coded_lines``; status,
queries and facts to the encounter. A ``CodingResult`` (anything with ``to_json()``)
or a dataclass is accepted too.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Mapping

import sqlalchemy as sa
from sqlalchemy.orm import Session

from painrcm.errors import NotFound
from painrcm.store import codec
from painrcm.store.models import CodedLineRow, EncounterRow


def _plain(value: Any) -> Any:
    if hasattr(value, "to_json") and callable(value.to_json):  # painrcm.coding.model.CodingResult
        return _plain(value.to_json())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return codec.dump(type(value), value)
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def save_coding(session: Session, practice_id: str, encounter_id: str, result: Mapping[str, Any] | Any,
                *, line_status: str | None = None) -> None:
    """Replace the encounter's proposed lines, status, queries and facts with ``result``."""
    data = _plain(result)
    encounter = session.get(EncounterRow, (practice_id, encounter_id))
    if encounter is None:
        raise NotFound(f"no encounter {encounter_id!r} in practice {practice_id!r}")
    status = data.get("status") or ("needs_review" if data.get("queries") else "ready")
    encounter.coding_status = status
    encounter.coding_queries = list(data.get("queries") or [])
    encounter.coding_facts = dict(data.get("facts") or {})
    session.execute(sa.delete(CodedLineRow).where(CodedLineRow.practice_id == practice_id,
                                                  CodedLineRow.encounter_id == encounter_id))
    session.add_all(CodedLineRow(
        practice_id=practice_id, encounter_id=encounter_id, seq=i, code=line["code"],
        modifiers=list(line.get("modifiers") or []), units=int(line.get("units", 1)),
        diagnoses=list(line.get("diagnoses") or []), evidence=list(line.get("evidence") or []),
        status=line.get("status") or line_status or ("needs_review" if status == "needs_review" else "proposed"),
        queries=list(line.get("queries") or []),
    ) for i, line in enumerate(data.get("lines") or []))
    session.flush()


def load_coding(session: Session, practice_id: str, encounter_id: str) -> dict[str, Any] | None:
    """The saved proposal in the ``painrcm code --json`` shape, or None if never coded."""
    encounter = session.get(EncounterRow, (practice_id, encounter_id))
    if encounter is None:
        raise NotFound(f"no encounter {encounter_id!r} in practice {practice_id!r}")
    if encounter.coding_status is None:
        return None
    rows = session.scalars(sa.select(CodedLineRow).where(
        CodedLineRow.practice_id == practice_id, CodedLineRow.encounter_id == encounter_id)
        .order_by(CodedLineRow.seq))
    lines = [{"code": r.code, "modifiers": list(r.modifiers), "units": r.units, "diagnoses": list(r.diagnoses),
              "evidence": list(r.evidence), "status": r.status, "queries": list(r.queries)} for r in rows]
    diagnoses: list[str] = []
    for line in lines:
        for dx in line["diagnoses"]:
            if dx not in diagnoses:
                diagnoses.append(dx)
    return {"status": encounter.coding_status, "lines": lines, "diagnoses": diagnoses,
            "queries": list(encounter.coding_queries or []), "facts": dict(encounter.coding_facts or {})}


def set_line_status(session: Session, practice_id: str, encounter_id: str, seq: int, status: str) -> None:
    row = session.scalars(sa.select(CodedLineRow).where(
        CodedLineRow.practice_id == practice_id, CodedLineRow.encounter_id == encounter_id,
        CodedLineRow.seq == seq)).one_or_none()
    if row is None:
        raise NotFound(f"no coded line {seq} on encounter {encounter_id!r}")
    row.status = status
    session.flush()
