"""What every request gets: a database session, the signed-in user, the practice scope.

``practice_ctx(permission)`` is the one door to practice data for both the JSON API and
the pages: it checks that the user is signed in (401), that the practice is one of the
user's (``PracticeScope.for_user``; another practice is a 404, never a hint that it
exists), that the user's role holds ``permission`` (403), and, for a state-changing
request, the CSRF token (403). The route then receives a :class:`Ctx`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable, Iterator

import sqlalchemy as sa
from fastapi import Depends, Request
from sqlalchemy.orm import Session

from painrcm.api.security import (CSRF_FIELD, CSRF_HEADER, SESSION_COOKIE, SessionData, allowed, csrf_ok)
from painrcm.store.engine import session_scope
from painrcm.store.models import UserPracticeRow, UserRow
from painrcm.store.repositories.work import audit
from painrcm.store.scope import PracticeScope

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class NotAuthenticated(Exception):
    """No valid session (401; the pages redirect to the log-in page)."""


class Forbidden(Exception):
    """Signed in, but the role may not do this, or the CSRF token is missing (403)."""


@dataclass(frozen=True)
class Actor:
    user_id: int
    email: str
    role: str
    display_name: str | None
    csrf: str
    practice_roles: dict[str, str] = field(default_factory=dict)  # practice id -> role there

    def role_in(self, practice_id: str) -> str:
        return self.practice_roles.get(practice_id) or self.role

    def can(self, permission: str, practice_id: str | None = None) -> bool:
        return allowed(self.role_in(practice_id) if practice_id else self.role, permission)


@dataclass
class Ctx:
    """One request's view of one practice."""

    session: Session
    actor: Actor
    practice_id: str
    scope: PracticeScope
    as_of: date
    app_state: Any = None

    def audit(self, action: str, entity: str, entity_id: str | None = None, **details: Any) -> None:
        """Who did what to which record (ids, codes and counts only: never patient data)."""
        audit(self.session, action, entity, entity_id, practice_id=self.practice_id, actor=self.actor.email,
              user_id=self.actor.user_id, details=details or None)

    def can(self, permission: str) -> bool:
        return self.actor.can(permission, self.practice_id)


def db_session(request: Request) -> Iterator[Session]:
    """One transaction per request. On SQLite it takes the write lock first: every request
    writes its audit line, and a transaction that reads and then writes fails at once
    (``SQLITE_BUSY_SNAPSHOT``) when another request wrote in between, whereas waiting for
    the lock up front queues on the busy timeout. PostgreSQL needs nothing of the kind."""
    engine = request.app.state.engine
    with session_scope(engine) as session:
        if engine.dialect.name == "sqlite":
            session.execute(sa.text("UPDATE users SET id = id WHERE 0"))
        yield session


def session_data(request: Request) -> SessionData | None:
    return request.app.state.sessions.read(request.cookies.get(SESSION_COOKIE))


def load_actor(session: Session, data: SessionData) -> Actor | None:
    user = session.get(UserRow, data.user_id)
    if user is None or not user.is_active:
        return None
    roles = {r.practice_id: r.role for r in session.scalars(
        sa.select(UserPracticeRow).where(UserPracticeRow.user_id == user.id)) if r.role}
    return Actor(user.id, user.email, user.role, user.display_name, data.csrf, roles)


async def csrf_given(request: Request) -> str | None:
    """The CSRF token of a state-changing request: header first, else the form field."""
    if request.method not in UNSAFE_METHODS:
        return None
    token = request.headers.get(CSRF_HEADER)
    if token:
        return token
    ctype = request.headers.get("content-type", "")
    if ctype.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()  # Starlette caches it for the route's own Form() parameters
        value = form.get(CSRF_FIELD)
        return value if isinstance(value, str) else None
    return None


def current_actor(request: Request, session: Session = Depends(db_session),
                  token: str | None = Depends(csrf_given)) -> Actor:
    data = session_data(request)
    actor = load_actor(session, data) if data else None
    if actor is None:
        raise NotAuthenticated()
    if request.method in UNSAFE_METHODS and not csrf_ok(actor.csrf, token):
        raise Forbidden("missing or wrong CSRF token")
    request.state.actor = actor
    return actor


def practice_ctx(permission: str = "view") -> Callable[..., Ctx]:
    """A dependency giving the route its :class:`Ctx` once access is checked (see module doc)."""

    def dependency(pid: str, request: Request, session: Session = Depends(db_session),
                   actor: Actor = Depends(current_actor)) -> Ctx:
        scope = PracticeScope.for_user(session, actor.user_id, pid)  # NotFound -> 404
        if not actor.can(permission, pid):
            raise Forbidden(f"the {actor.role_in(pid)} role may not do this ({permission})")
        state = request.app.state
        return Ctx(session, actor, pid, scope, state.settings.today(), state)

    dependency.__name__ = f"practice_ctx_{permission.replace('.', '_')}"
    return dependency


__all__ = ["Actor", "Ctx", "NotAuthenticated", "Forbidden", "db_session", "current_actor", "practice_ctx",
           "load_actor", "session_data", "UNSAFE_METHODS"]
