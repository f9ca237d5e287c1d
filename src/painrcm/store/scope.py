"""Practice scoping: every query of practice data filters by the practice.

A billing company keeps many practices in one database; a user sees only the
practices linked to them in ``user_practices``. ``PracticeScope`` is the one way
the front doors read practice tables, so a forgotten ``WHERE practice_id = ...``
cannot leak another practice's rows.
"""

from __future__ import annotations

from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session

from painrcm.errors import NotFound
from painrcm.store.models import PracticeRow, UserPracticeRow

T = TypeVar("T")


def scoped(stmt: sa.Select, model: Any, practice_id: str) -> sa.Select:
    """``stmt`` restricted to ``practice_id`` on ``model``'s ``practice_id`` column."""
    column = getattr(model, "practice_id", None)
    if column is None:
        raise TypeError(f"{model.__name__} holds no practice data (no practice_id column)")
    return stmt.where(column == practice_id)


class PracticeScope:
    """Queries that see one practice only.

    >>> PracticeScope.__name__
    'PracticeScope'
    """

    def __init__(self, session: Session, practice_id: str):
        self.session = session
        self.practice_id = practice_id

    def select(self, model: type[T], *where: Any) -> sa.Select:
        return scoped(sa.select(model), model, self.practice_id).where(*where)

    def all(self, model: type[T], *where: Any, order_by: Any = None) -> list[T]:
        stmt = self.select(model, *where)
        if order_by is not None:
            stmt = stmt.order_by(order_by)
        return list(self.session.scalars(stmt))

    def one_or_none(self, model: type[T], *where: Any) -> T | None:
        return self.session.scalars(self.select(model, *where)).one_or_none()

    def count(self, model: type[T], *where: Any) -> int:
        stmt = scoped(sa.select(sa.func.count()).select_from(model), model, self.practice_id).where(*where)
        return self.session.scalar(stmt) or 0

    @classmethod
    def for_user(cls, session: Session, user_id: int, practice_id: str) -> "PracticeScope":
        """The scope of ``practice_id`` if the user may see it, else ``NotFound``."""
        allowed = session.scalar(sa.select(sa.func.count()).select_from(UserPracticeRow).where(
            UserPracticeRow.user_id == user_id, UserPracticeRow.practice_id == practice_id))
        if not allowed:
            raise NotFound(f"practice {practice_id!r} is not one of this user's practices")
        return cls(session, practice_id)


def user_practice_ids(session: Session, user_id: int) -> list[str]:
    """The practices a user may see, in id order."""
    return list(session.scalars(sa.select(UserPracticeRow.practice_id).where(
        UserPracticeRow.user_id == user_id).order_by(UserPracticeRow.practice_id)))


def practice_exists(session: Session, practice_id: str) -> bool:
    return session.get(PracticeRow, practice_id) is not None


__all__ = ["PracticeScope", "scoped", "user_practice_ids", "practice_exists"]
