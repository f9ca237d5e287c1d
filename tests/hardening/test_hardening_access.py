"""Access control, generated from the application itself: every route in
``app.routes`` x every role x own/other practice, each outcome asserted.

The permission a route needs is read from its ``practice_ctx(<permission>)``
dependency, so a new route joins the matrix without editing this file. For each
practice route: signed out -> 401; another practice (any role, and the other
practice's admin on ours) -> 404; a role without the permission -> 403; a role
with it -> neither, and never a server error. Then schemathesis drives the OpenAPI
spec as the admin: no 5xx.
"""

from __future__ import annotations

import os
import re

import pytest

pytest.importorskip("painrcm.api.app")

PUBLIC = {("POST", "/api/session"), ("GET", "/api/health"), ("DELETE", "/api/session")}
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
EXAMPLES = int(os.environ.get("HARDENING_SCHEMATHESIS_EXAMPLES", "8"))  # per operation


@pytest.fixture(scope="module")
def app(seeded_copy):
    from datetime import date

    from painrcm.api.app import Settings, create_app

    application = create_app(Settings(db_url=seeded_copy.db_url, as_of=date(2026, 11, 20), secret_key="t" * 32))
    yield application
    application.state.engine.dispose()


def _sign_in(app, email, password):
    from fastapi.testclient import TestClient

    client = TestClient(app, raise_server_exceptions=False)
    r = client.post("/api/session", json={"email": email, "password": password})
    assert r.status_code == 200, r.text
    client.headers["X-CSRF-Token"] = r.json()["csrf_token"]
    return client


@pytest.fixture(scope="module")
def clients(app, seeded_copy):
    from fastapi.testclient import TestClient

    from painrcm.api.demo_seed import OUTSIDER, password_of

    out = {role: _sign_in(app, email, password_of(role)) for role, email in seeded_copy.users.items()}
    out["outsider"] = _sign_in(app, OUTSIDER, password_of("outsider"))
    out["anonymous"] = TestClient(app, raise_server_exceptions=False)
    return out


def _permission(dependant) -> str | None:
    """The permission of the route's practice_ctx dependency (None: not a practice route)."""
    from painrcm.api.security import PERMISSIONS

    by_name = {f"practice_ctx_{p.replace('.', '_')}": p for p in PERMISSIONS}
    stack = list(dependant.dependencies)
    while stack:
        d = stack.pop()
        name = getattr(d.call, "__name__", "")
        if name in by_name:
            return by_name[name]
        stack.extend(d.dependencies)
    return None


def _flat_routes(routes, prefix=""):
    """APIRoutes with their full path; walks included routers (FastAPI >= 0.16x nests them)."""
    from fastapi.routing import APIRoute

    for r in routes:
        if isinstance(r, APIRoute):
            yield prefix + r.path, r
        elif hasattr(r, "original_router"):
            yield from _flat_routes(r.original_router.routes, prefix + getattr(r.include_context, "prefix", ""))
        elif hasattr(r, "routes") and hasattr(r, "path"):
            yield from _flat_routes(r.routes, prefix + r.path)


def api_routes(app):
    """(method, path template, permission, has file upload) of every API route."""
    out = []
    for path, r in _flat_routes(app.routes):
        if not path.startswith("/api/"):
            continue
        upload = any("UploadFile" in repr(f.field_info.annotation if hasattr(f.field_info, "annotation") else "")
                     or "UploadFile" in repr(getattr(f, "type_", "")) for f in r.dependant.body_params)
        for m in sorted(r.methods - {"HEAD", "OPTIONS"}):
            out.append((m, path, _permission(r.dependant), upload))
    return out


def _fill(path: str, pid: str) -> str:
    path = path.replace("{pid}", pid)
    return re.sub(r"\{[^}]+\}", "0", path)  # unknown ids: the access checks come before the lookup


def _call(client, method, path, upload):
    if method not in UNSAFE:
        return client.request(method, path)
    if upload:
        return client.request(method, path, files={"file": ("x.835", b"", "application/octet-stream")})
    return client.request(method, path, json={})


def test_the_matrix_covers_every_practice_route(app):
    routes = api_routes(app)
    practice = [r for r in routes if "{pid}" in r[1]]
    assert practice, "no practice routes found"
    missing = [r[:2] for r in practice if r[2] is None]
    assert missing == [], f"practice routes without a practice_ctx permission check: {missing}"


def test_generated_access_matrix(app, clients, seeded_copy):
    from painrcm.api.security import PERMISSIONS, ROLES

    failures = []
    cases = 0
    own_pid, other_pid = seeded_copy.practice_id, seeded_copy.other_practice_id
    for method, template, permission, upload in api_routes(app):
        if "{pid}" not in template:
            if (method, template) in PUBLIC:
                continue
            cases += 1
            r = _call(clients["anonymous"], method, _fill(template, own_pid), upload)
            if r.status_code != 401:
                failures.append((method, template, "anonymous", r.status_code))
            continue
        own, other = _fill(template, own_pid), _fill(template, other_pid)
        checks = [("anonymous", own, {401}), ("outsider", own, {404})]
        for role in ROLES:
            checks.append((role, other, {404}))
            checks.append((role, own, "allowed" if role in PERMISSIONS[permission] else {403}))
        for who, url, expect in checks:
            cases += 1
            r = _call(clients[who], method, url, upload)
            if expect == "allowed":
                ok = r.status_code not in (401, 403) and r.status_code < 500
            else:
                ok = r.status_code in expect
            if not ok:
                failures.append((method, template, who, "own" if url == own else "other", r.status_code))
    assert cases > 50
    assert failures == []


def test_no_route_answers_with_a_server_error_for_any_role(app, clients, seeded_copy):
    """Every route x every signed-in role with junk path ids: never a 5xx (500 would leak a traceback)."""
    bad = []
    for method, template, _permission_, upload in api_routes(app):
        for who in ("coder", "biller", "manager", "admin"):
            r = _call(clients[who], method, _fill(template, seeded_copy.practice_id), upload)
            if r.status_code >= 500:
                bad.append((method, template, who, r.status_code))
    assert bad == []


def test_schemathesis_finds_no_server_errors(app, clients):
    """Property-based calls generated from the OpenAPI spec, as the signed-in admin."""
    schemathesis = pytest.importorskip("schemathesis")
    from hypothesis import HealthCheck, given, settings

    admin = clients["admin"]
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    headers = {"X-CSRF-Token": admin.headers["X-CSRF-Token"]}
    cookies = dict(admin.cookies)
    failures, calls = [], []
    ops = [op.ok() for op in schema.get_all_operations()]
    assert ops
    for op in ops:
        if op.method.upper() == "DELETE" and op.path == "/api/session":
            continue  # signing out would end the admin session for the other cases

        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        @given(case=op.as_strategy())
        def run(case):
            response = case.call(headers=headers, cookies=cookies)
            calls.append(response.status_code)
            if response.status_code >= 500:
                failures.append((op.method, op.path, response.status_code))
        run()
    assert len(calls) >= len(ops)
    assert failures == []


def test_matrix_sees_uploads_and_every_role(app):
    routes = api_routes(app)
    assert any(upload for *_, upload in routes), "the 835 upload route was not recognised"
    assert {p for _, _, p, _ in routes if p} >= {"view", "edi.import"}
