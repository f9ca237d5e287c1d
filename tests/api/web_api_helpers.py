"""Helpers of the API tests (a module of its own: every test folder has a conftest)."""

from __future__ import annotations


def sign_in(app, email: str, password: str, base_url: str = "http://testserver"):
    from fastapi.testclient import TestClient

    client = TestClient(app, base_url=base_url)
    r = client.post("/api/session", json={"email": email, "password": password})
    assert r.status_code == 200, r.text
    client.headers["X-CSRF-Token"] = r.json()["csrf_token"]
    return client
