"""Every API route x every role x own/other practice: 401 signed out, 404 for another
practice, 403 when the role lacks the permission (painrcm.api.security.PERMISSIONS), and
neither when it holds it. Also: every state-changing route refuses a missing CSRF token."""

from __future__ import annotations

import pytest

from painrcm.api.security import PERMISSIONS, ROLES

# (method, path under /api/practices/{pid}, JSON body or "file", permission)
ROUTES = [
    ("GET", "/encounters", None, "view"),
    ("GET", "/encounters/{enc}/coding", None, "view"),
    ("POST", "/encounters/{enc}/coding/lines/0/status", {"status": "proposed"}, "coding.edit"),
    ("PUT", "/encounters/{enc}/coding/lines/0", {"code": "64483", "units": 1}, "coding.edit"),
    ("POST", "/encounters/{enc}/coding/queries", {"topic": "laterality", "message": "Which side?"}, "coding.edit"),
    ("POST", "/encounters/{enc}/coding/queries/0/answer", {"answer": "Right side."}, "coding.edit"),
    ("POST", "/encounters/{enc}/coding/accept", None, "coding.edit"),
    ("GET", "/claims", None, "view"),
    ("GET", "/claims/{claim}", None, "view"),
    ("POST", "/claims/{claim}/fixes", {"edit": "NO_SUCH_EDIT"}, "claims.fix"),
    ("GET", "/edi/files", None, "view"),
    ("GET", "/edi/ready", None, "view"),
    ("POST", "/edi/batches", {"payer_id": "no-such-payer"}, "edi.export"),
    ("GET", "/edi/files/{file}/download", None, "edi.export"),
    ("POST", "/edi/835", "file", "edi.import"),
    ("GET", "/remittances", None, "view"),
    ("GET", "/variances", None, "view"),
    ("GET", "/variances/{variance}", None, "remit.work"),
    ("POST", "/variances/{variance}/resolve", {"resolution": "dispute sent"}, "remit.work"),
    ("GET", "/denials", None, "view"),
    ("POST", "/denials/{denied}/work", {"channel": "portal", "outcome": "appeal sent"}, "denials.work"),
    ("GET", "/denials/{denied}/appeal", None, "denials.work"),
    ("GET", "/ar/queue", None, "view"),
    ("GET", "/ar/aging", None, "view"),
    ("GET", "/claims/{paid}/touches", None, "view"),
    ("POST", "/claims/{paid}/touches", {"channel": "phone", "outcome": "in process"}, "ar.touch"),
    ("GET", "/statements", None, "statements.view"),
    ("GET", "/authorizations/calendar", None, "view"),
    ("GET", "/credentials/due", None, "view"),
    ("GET", "/dashboard", None, "reports.view"),
    ("GET", "/audit-log", None, "reports.view"),
    ("GET", "/reports/audit", None, "reports.view"),
]
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


@pytest.fixture(scope="module")
def ids(clients, seeded):
    admin = clients["admin"]
    base = f"/api/practices/{seeded.practice_id}"
    enc = admin.get(base + "/encounters").json()["encounters"][0]["encounter_id"]
    claim = admin.get(base + "/claims?status=held").json()["claims"][0]["claim_id"]
    paid = admin.get(base + "/claims?status=paid").json()["claims"][0]["claim_id"]
    file_id = admin.get(base + "/edi/files?kind=837P").json()["files"][0]["file_id"]
    variance = admin.get(base + "/variances").json()["items"][0]["item_id"]
    denied = admin.get(base + "/denials").json()["denials"][0]["claim_id"]
    return {"enc": enc, "claim": claim, "paid": paid, "file": file_id, "variance": variance, "denied": denied}


def _call(client, method, path, body):
    if body == "file":
        return client.request(method, path, files={"file": ("x.835", b"", "application/octet-stream")})
    return client.request(method, path, json=body)


def test_every_api_route_is_in_the_matrix(app):
    spec = app.openapi()["paths"]
    practice_routes = {(m.upper(), p) for p, ops in spec.items() if p.startswith("/api/practices/") for m in ops}
    names = {"enc": "encounter_id", "claim": "claim_id", "paid": "claim_id", "denied": "claim_id",
             "file": "file_id", "variance": "item_id"}
    covered = set()
    for method, path, _, _ in ROUTES:
        p = path
        for k, v in names.items():
            p = p.replace("{" + k + "}", "{" + v + "}")
        p = p.replace("/lines/0", "/lines/{seq}").replace("/queries/0/", "/queries/{index}/")
        covered.add((method, "/api/practices/{pid}" + p))
    assert practice_routes - covered == set(), "routes missing from the access matrix"


@pytest.mark.parametrize("method,path,body,permission", ROUTES, ids=[f"{m} {p}" for m, p, _, _ in ROUTES])
def test_route_access_matrix(clients, seeded, ids, method, path, body, permission):
    own = f"/api/practices/{seeded.practice_id}" + path.format(**ids)
    other = f"/api/practices/{seeded.other_practice_id}" + path.format(**ids)

    r = _call(clients["anonymous"], method, own, body)
    assert r.status_code == 401, (own, r.status_code)

    r = _call(clients["outsider"], method, own, body)  # an admin of the other practice
    assert r.status_code == 404, (own, r.status_code)

    for role in ROLES:
        client = clients[role]
        r = _call(client, method, other, body)
        assert r.status_code == 404, (role, other, r.status_code)
        r = _call(client, method, own, body)
        if role in PERMISSIONS[permission]:
            assert r.status_code not in (401, 403), (role, own, r.status_code, r.text[:200])
            assert r.status_code < 500
        else:
            assert r.status_code == 403, (role, own, r.status_code)
            assert "role" in r.json()["detail"]


@pytest.mark.parametrize("method,path,body,permission", [r for r in ROUTES if r[0] in UNSAFE],
                         ids=[f"{m} {p}" for m, p, _, _ in ROUTES if m in UNSAFE])
def test_state_changes_need_the_csrf_token(clients, seeded, ids, method, path, body, permission):
    from fastapi.testclient import TestClient

    admin = clients["admin"]
    bare = TestClient(admin.app, cookies=dict(admin.cookies))  # the session cookie, no X-CSRF-Token
    r = _call(bare, method, f"/api/practices/{seeded.practice_id}" + path.format(**ids), body)
    assert r.status_code == 403
    assert "CSRF" in r.json()["detail"]
    bare.headers["X-CSRF-Token"] = "forged"
    r = _call(bare, method, f"/api/practices/{seeded.practice_id}" + path.format(**ids), body)
    assert r.status_code == 403


def test_user_administration_is_admin_only(clients, seeded):
    r = clients["biller"].post("/api/users", json={"email": "new@x.org", "role": "coder",
                                                   "practice_ids": [seeded.practice_id]})
    assert r.status_code == 403
    r = clients["admin"].post("/api/users", json={"email": "other@x.org", "role": "coder",
                                                  "practice_ids": [seeded.other_practice_id]})
    assert r.status_code == 403  # an admin grants only their own practices
    r = clients["admin"].post("/api/users", json={"email": "New.Coder@x.org", "role": "coder",
                                                  "practice_ids": [seeded.practice_id]})
    assert r.status_code == 201
    assert len(r.json()["password"]) >= 12
    emails = [u["email"] for u in clients["admin"].get("/api/users").json()["users"]]
    assert "new.coder@x.org" in emails and "outsider@demo.painrcm" not in emails
    assert clients["coder"].get("/api/users").status_code == 403
    assert clients["anonymous"].get("/api/users").status_code == 401
