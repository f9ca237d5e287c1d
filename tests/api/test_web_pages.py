"""The pages through TestClient: sign-in redirect, every page per role (200 or 403), the HTMX
fragments, CSRF on forms, another practice's pages are 404."""

from __future__ import annotations

import re

import pytest

from painrcm.api.demo_seed import password_of

PAGES = [("/dashboard", "reports.view"), ("/coding", "view"), ("/claims", "view"), ("/batches", "view"),
         ("/posting", "view"), ("/denials", "view"), ("/ar", "view"), ("/authorizations", "view"),
         ("/credentials", "view"), ("/audit", "reports.view")]


@pytest.fixture(scope="module")
def browsers(app, seeded):
    from fastapi.testclient import TestClient

    out = {}
    for role, email in seeded.users.items():
        c = TestClient(app)
        r = c.post("/login", data={"email": email, "password": password_of(role), "next": "/"})
        assert r.status_code == 200, r.text[:300]
        out[role] = c
    return out


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_signed_out_pages_go_to_the_login_page(app, seeded):
    from fastapi.testclient import TestClient

    c = TestClient(app)
    r = c.get(f"/p/{seeded.practice_id}/claims", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")
    r = c.get(f"/p/{seeded.practice_id}/claims", headers={"HX-Request": "true"}, follow_redirects=False)
    assert r.status_code == 401 and r.headers["HX-Redirect"].startswith("/login")
    r = c.post("/login", data={"email": seeded.users["coder"], "password": "nope", "next": "/"})
    assert r.status_code == 401 and "Wrong e-mail or password" in r.text
    r = c.post("/login", data={"email": seeded.users["coder"], "password": password_of("coder"),
                               "next": "//evil.example/"}, follow_redirects=False)
    assert r.headers["location"] == "/"  # no open redirect


@pytest.mark.parametrize("path,permission", PAGES)
def test_every_page_for_every_role(browsers, seeded, path, permission):
    from painrcm.api.security import PERMISSIONS

    for role, c in browsers.items():
        r = c.get(f"/p/{seeded.practice_id}{path}")
        expected = 200 if role in PERMISSIONS[permission] else 403
        assert r.status_code == expected, (role, path, r.status_code)
        assert c.get(f"/p/{seeded.other_practice_id}{path}").status_code == 404


def test_htmx_fragments_and_form_csrf(browsers, seeded):
    coder, biller = browsers["coder"], browsers["biller"]
    base = f"/p/{seeded.practice_id}"
    listing = coder.get(base + "/coding?status=").text
    enc = re.findall(r'/coding/(enc-[\w-]+)"', listing)
    page = None
    for e in enc:
        page = coder.get(base + f"/coding/{e}").text
        if 'id="line-0"' in page:
            break
    token = _csrf(page)
    r = coder.post(base + f"/coding/{e}/lines/0", data={"action": "accept"},
                   headers={"HX-Request": "true", "X-CSRF-Token": token})
    assert r.status_code == 200 and "<html" not in r.text and "Proposed lines" in r.text
    assert "accepted" in r.text
    r = coder.post(base + f"/coding/{e}/lines/0", data={"action": "accept"})
    assert r.status_code == 403  # no token
    claim = re.findall(r'/claims/([\w-]+)"', biller.get(base + "/ar").text)[0]
    html = biller.get(base + f"/ar/{claim}/touches").text
    r = biller.post(base + f"/ar/{claim}/touches", data={"channel": "phone", "outcome": "Pending review",
                                                          "csrf_token": _csrf(html)},
                    headers={"HX-Request": "true"})
    assert r.status_code == 200 and r.text.lstrip().startswith('<div id="touches">')
    assert "Touch recorded" in r.text and "Pending review" in r.text
    r = biller.post(base + f"/ar/{claim}/touches", data={"channel": "phone", "outcome": "x",
                                                          "next_date": "not-a-date", "next_action": "call",
                                                          "csrf_token": _csrf(html)})
    assert r.status_code == 400 and "not a date" in r.text


def test_logout(app, seeded):
    from fastapi.testclient import TestClient

    c = TestClient(app)
    c.post("/login", data={"email": seeded.users["biller"], "password": password_of("biller"), "next": "/"})
    html = c.get(f"/p/{seeded.practice_id}/claims").text
    assert c.post("/logout", data={"csrf_token": _csrf(html)}).status_code == 200
    assert c.get(f"/p/{seeded.practice_id}/claims", follow_redirects=False).status_code == 303
