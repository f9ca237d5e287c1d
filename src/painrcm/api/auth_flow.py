"""Signing in and out, the session cookie, and user administration (admins only).

A failed sign-in says only "wrong e-mail or password" (never which), and costs the same
argon2 verification whether or not the user exists.
"""

from __future__ import annotations

from typing import Any, Iterable

import sqlalchemy as sa
from fastapi import Request, Response
from sqlalchemy.orm import Session

from painrcm.api.deps import Actor, Forbidden, NotAuthenticated, load_actor
from painrcm.api.security import (ROLES, SESSION_COOKIE, SessionData, allowed, hash_password, needs_rehash,
                                  new_password, verify_password)
from painrcm.errors import InputError
from painrcm.store.models import PracticeRow, UserPracticeRow, UserRow
from painrcm.store.repositories.work import audit, create_user, find_user
from painrcm.store.scope import user_practice_ids

_DUMMY_HASH = hash_password("painrcm-no-such-user")


def sign_in(request: Request, session: Session, email: str, password: str) -> tuple[SessionData, Actor]:
    user = find_user(session, email or "")
    ok = verify_password(user.password_hash if user else _DUMMY_HASH, password or "")
    if user is None or not ok or not user.is_active:
        audit(session, "login_failed", "user", None, actor="anonymous")
        raise NotAuthenticated("wrong e-mail or password")
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    data = request.app.state.sessions.new(user.id)
    audit(session, "login", "user", str(user.id), actor=user.email, user_id=user.id)
    actor = load_actor(session, data)
    assert actor is not None
    return data, actor


def set_cookie(request: Request, response: Response, data: SessionData) -> None:
    settings = request.app.state.settings
    secure = settings.secure_cookies or request.url.scheme == "https"
    response.set_cookie(SESSION_COOKIE, request.app.state.sessions.dump(data),
                        max_age=settings.session_minutes * 60, httponly=True, samesite="lax", secure=secure,
                        path="/")


def clear_cookie(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")


def practices_of(session: Session, user_id: int) -> list[dict[str, str]]:
    ids = user_practice_ids(session, user_id)
    if not ids:
        return []
    names = dict(session.execute(sa.select(PracticeRow.id, PracticeRow.name).where(PracticeRow.id.in_(ids))).all())
    return [{"id": pid, "name": names.get(pid, pid)} for pid in ids]


def user_json(session: Session, actor: Actor) -> dict[str, Any]:
    return {"id": actor.user_id, "email": actor.email, "role": actor.role, "display_name": actor.display_name,
            "practices": practices_of(session, actor.user_id)}


def list_users(session: Session, actor: Actor) -> list[dict[str, Any]]:
    if not allowed(actor.role, "users.manage"):
        raise Forbidden("only an admin manages users")
    mine = set(user_practice_ids(session, actor.user_id))
    ids = set(session.scalars(sa.select(UserPracticeRow.user_id).where(UserPracticeRow.practice_id.in_(mine))))
    rows = session.scalars(sa.select(UserRow).where(UserRow.id.in_(ids | {actor.user_id})).order_by(UserRow.email))
    return [{"id": u.id, "email": u.email, "role": u.role, "display_name": u.display_name, "active": u.is_active,
             "practices": [p for p in user_practice_ids(session, u.id) if p in mine]} for u in rows]


def add_user(session: Session, actor: Actor, email: str, role: str, practice_ids: Iterable[str],
             display_name: str | None = None, password: str | None = None) -> dict[str, Any]:
    if not allowed(actor.role, "users.manage"):
        raise Forbidden("only an admin manages users")
    practice_ids = list(practice_ids)
    mine = set(user_practice_ids(session, actor.user_id))
    if not set(practice_ids) <= mine:
        raise Forbidden("an admin grants only the practices assigned to them")
    uid, generated = create_account(session, email, role, practice_ids, display_name, password)
    audit(session, "add_user", "user", str(uid), actor=actor.email, user_id=actor.user_id,
          details={"role": role, "practices": practice_ids})
    return {"id": uid, "email": email.strip().lower(), "role": role, "practices": practice_ids,
            **({"password": generated} if generated else {})}


def create_account(session: Session, email: str, role: str, practice_ids: Iterable[str],
                   display_name: str | None = None, password: str | None = None) -> tuple[int, str | None]:
    """Create a user; returns (id, the generated password or None when one was given)."""
    if role not in ROLES:
        raise InputError(f"unknown role {role!r}; one of {', '.join(ROLES)}", field="role")
    if "@" not in (email or ""):
        raise InputError("an e-mail address is needed", field="email")
    practice_ids = list(practice_ids)
    known = set(session.scalars(sa.select(PracticeRow.id).where(PracticeRow.id.in_(practice_ids))))
    missing = [p for p in practice_ids if p not in known]
    if missing:
        raise InputError(f"no practice {missing[0]!r}", field="practice")
    if password is not None and len(password) < 10:
        raise InputError("a password needs at least 10 characters", field="password")
    generated = None if password else new_password()
    uid = create_user(session, email, hash_password(password or generated), role, practice_ids,
                      display_name=display_name)
    return uid, generated


def ensure_first_admin(session: Session, email: str = "admin@painrcm.local") -> str | None:
    """When the database has no user: an admin of every practice; returns the password (shown once)."""
    if session.scalar(sa.select(sa.func.count()).select_from(UserRow)):
        return None
    practice_ids = list(session.scalars(sa.select(PracticeRow.id).order_by(PracticeRow.id)))
    _, password = create_account(session, email, "admin", practice_ids, "Administrator")
    audit(session, "add_user", "user", None, actor="serve", details={"role": "admin", "first_admin": True})
    return password
