"""Helpers shared by the repositories: batched key lookups."""

from __future__ import annotations

from typing import Any, Iterable, Iterator, Sequence, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session

T = TypeVar("T")
CHUNK = 500


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def existing_by_key(session: Session, model: Any, practice_id: str | None, key_column: Any,
                    keys: Iterable[Any], *options: Any) -> dict[Any, Any]:
    """Rows of ``model`` whose ``key_column`` is in ``keys`` (within the practice), by key."""
    found: dict[Any, Any] = {}
    keys = list(dict.fromkeys(keys))
    for part in chunks(keys):
        stmt = sa.select(model).where(key_column.in_(part)).options(*options)
        if practice_id is not None:
            stmt = stmt.where(model.practice_id == practice_id)
        for row in session.scalars(stmt):
            found[getattr(row, key_column.key)] = row
    return found


def assign(row: Any, values: dict[str, Any]) -> None:
    for name, value in values.items():
        setattr(row, name, value)
