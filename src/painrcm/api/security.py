"""Users, roles and sessions of the web application and the JSON API.

* Passwords are hashed with argon2id (``argon2-cffi``); the hash string carries its own
  parameters, so ``needs_rehash`` upgrades old hashes at the next log-in.
* A session is a signed cookie (``itsdangerous``; the signing key never leaves the server)
  holding the user id, a random CSRF token and the time it was issued. It expires
  ``Settings.session_minutes`` after sign-in (the signature's timestamp is checked on every
  request) and is ``HttpOnly``, ``SameSite=Lax`` and ``Secure`` when served over https.
* CSRF: every state-changing request (POST/PUT/PATCH/DELETE) must carry the session's
  token, as the ``csrf_token`` form field or the ``X-CSRF-Token`` header (HTMX sends the
  header for every request, see ``base.html``). A signed cookie alone is not proof of intent.
* Roles and what they may do: :data:`PERMISSIONS` (the table in docs/web.md is this one).

>>> allowed("coder", "coding.edit"), allowed("biller", "coding.edit"), allowed("biller", "edi.import")
(True, False, True)
>>> h = hash_password("correct horse")
>>> verify_password(h, "correct horse"), verify_password(h, "wrong")
(True, False)
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, URLSafeTimedSerializer

ROLES = ("coder", "biller", "manager", "admin")

#: permission -> roles that hold it. Every role may read its practices' work (``view``).
PERMISSIONS: dict[str, frozenset[str]] = {
    "view": frozenset(ROLES),
    "coding.edit": frozenset({"coder", "manager", "admin"}),      # accept/edit lines, send/answer queries
    "claims.fix": frozenset({"coder", "biller", "manager", "admin"}),  # re-scrub, apply a scrub fix
    "edi.export": frozenset({"biller", "manager", "admin"}),      # build/download 837P batches
    "edi.import": frozenset({"biller", "manager", "admin"}),      # import and post 835s
    "remit.work": frozenset({"biller", "manager", "admin"}),      # open/close variances
    "denials.work": frozenset({"biller", "manager", "admin"}),    # work denials, appeals
    "ar.touch": frozenset({"biller", "manager", "admin"}),        # log AR follow-up touches
    "statements.view": frozenset({"biller", "manager", "admin"}),
    "reports.view": frozenset({"manager", "admin"}),              # dashboards' money, audit report, audit log
    "users.manage": frozenset({"admin"}),
}

#: what each permission means, for the documentation and the API description
PERMISSION_HELP = {
    "view": "read the coding, claims, remittances, denials, AR, auths and credentials of assigned practices",
    "coding.edit": "accept, edit or reject proposed code lines; send and answer provider queries",
    "claims.fix": "re-scrub a claim and apply a scrub finding's one-click fix",
    "edi.export": "build and download 837P submission batches",
    "edi.import": "import an 835 (ERA) and post it",
    "remit.work": "open and resolve payment variances",
    "denials.work": "work denials: record the action taken, draft appeals",
    "ar.touch": "log follow-up touches on the AR work queue",
    "statements.view": "see patient statement decisions",
    "reports.view": "see the audit report, the audit log and the dashboards' KPIs",
    "users.manage": "add users and assign practices",
}

SESSION_COOKIE = "painrcm_session"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"

_hasher = PasswordHasher()


def allowed(role: str, permission: str) -> bool:
    return role in PERMISSIONS.get(permission, frozenset())


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


def new_password() -> str:
    """A random password for a new user (printed once)."""
    return secrets.token_urlsafe(12)


@dataclass(frozen=True)
class SessionData:
    user_id: int
    csrf: str
    issued: float


class SessionCodec:
    """Signs and reads the session cookie; ``max_age`` is the session lifetime in seconds.

    >>> codec = SessionCodec("k" * 32, max_age=60)
    >>> s = codec.new(7)
    >>> codec.read(codec.dump(s)).user_id
    7
    >>> codec.read("tampered") is None
    True
    """

    def __init__(self, secret_key: str, max_age: int):
        self.max_age = max_age
        self._signer = URLSafeTimedSerializer(secret_key, salt="painrcm-session")

    def new(self, user_id: int) -> SessionData:
        return SessionData(user_id, secrets.token_urlsafe(24), time.time())

    def dump(self, data: SessionData) -> str:
        return self._signer.dumps({"u": data.user_id, "c": data.csrf, "i": data.issued})

    def read(self, cookie: str | None) -> SessionData | None:
        if not cookie:
            return None
        try:
            raw = self._signer.loads(cookie, max_age=self.max_age)
        except BadSignature:  # includes SignatureExpired
            return None
        try:
            return SessionData(int(raw["u"]), str(raw["c"]), float(raw["i"]))
        except (KeyError, TypeError, ValueError):
            return None


def csrf_ok(expected: str, given: str | None) -> bool:
    return bool(given) and secrets.compare_digest(expected, given)


__all__ = ["ROLES", "PERMISSIONS", "PERMISSION_HELP", "allowed", "hash_password", "verify_password",
           "needs_rehash", "new_password", "SessionCodec", "SessionData", "csrf_ok", "SESSION_COOKIE",
           "CSRF_HEADER", "CSRF_FIELD"]
