"""The API's work flows on the seeded demo: coding review, scrub fix, 837P batch, 835 posting,
variances, denials, AR touches; sign-in, cookies, session expiry, audit log, no PHI in logs."""

from __future__ import annotations

import logging

import pytest
import sqlalchemy as sa

from web_api_helpers import sign_in
from painrcm.api.demo_seed import password_of


def base(seeded) -> str:
    return f"/api/practices/{seeded.practice_id}"


def test_openapi_is_published(clients):
    spec = clients["anonymous"].get("/openapi.json").json()
    assert "/api/practices/{pid}/claims/{claim_id}" in spec["paths"]
    assert "/api/session" in spec["paths"]


def test_sign_in_cookie_flags_and_wrong_password(app, seeded):
    from fastapi.testclient import TestClient

    client = TestClient(app)
    r = client.post("/api/session", json={"email": seeded.users["coder"], "password": "wrong"})
    assert r.status_code == 401 and "session" not in r.headers.get("set-cookie", "")
    r = client.post("/api/session", json={"email": "nobody@x.org", "password": "wrong"})
    assert r.status_code == 401
    r = client.post("/api/session", json={"email": seeded.users["coder"], "password": password_of("coder")})
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie
    https = TestClient(app, base_url="https://testserver")
    r = https.post("/api/session", json={"email": seeded.users["coder"], "password": password_of("coder")})
    assert "secure" in r.headers["set-cookie"].lower()
    assert client.get("/api/me").json()["role"] == "coder"
    assert client.delete("/api/session", headers={"X-CSRF-Token": r.json()["csrf_token"]}).status_code == 403


def test_session_expires(app, seeded, monkeypatch):
    import time

    client = sign_in(app, seeded.users["biller"], password_of("biller"))
    assert client.get("/api/me").status_code == 200
    later = time.time() + app.state.settings.session_minutes * 60 + 5
    monkeypatch.setattr(time, "time", lambda: later)
    assert client.get("/api/me").status_code == 401


def test_coding_review_flow(clients, seeded):
    coder = clients["coder"]
    for e in coder.get(base(seeded) + "/encounters?status=needs_review").json()["encounters"]:
        enc = e["encounter_id"]
        c = coder.get(base(seeded) + f"/encounters/{enc}/coding").json()
        if c["lines"] and c["lines"][0]["evidence"]:
            break
    assert c["note"] and c["lines"]
    marked = [s for s in c["segments"] if s["line"] is not None]
    ev = c["lines"][0]["evidence"][0]
    assert any(s["text"] == c["note"][ev["start"]:ev["end"]] for s in marked)
    assert "".join(s["text"] for s in c["segments"]) == c["note"]
    r = coder.put(base(seeded) + f"/encounters/{enc}/coding/lines/0",
                  json={"code": c["lines"][0]["code"], "modifiers": ["RT"], "units": 1,
                        "diagnoses": c["lines"][0]["diagnoses"]})
    assert r.status_code == 200 and r.json()["modifiers"] == ["RT"] and r.json()["status"] == "accepted"
    r = coder.post(base(seeded) + f"/encounters/{enc}/coding/queries", json={"topic": "laterality",
                                                                           "message": "Right or left?"})
    index = r.json()["index"]
    r = coder.post(base(seeded) + f"/encounters/{enc}/coding/accept")
    assert r.json()["coding_status"] == "needs_review"  # open queries keep it in review
    for q in coder.get(base(seeded) + f"/encounters/{enc}/coding").json()["queries"]:
        if not q.get("answer"):
            coder.post(base(seeded) + f"/encounters/{enc}/coding/queries/{q['index']}/answer",
                       json={"answer": "Right side, documented in addendum."})
    c = coder.get(base(seeded) + f"/encounters/{enc}/coding").json()
    assert c["status"] == "accepted" and c["queries"][index]["answered_by"] == seeded.users["coder"]
    assert coder.put(base(seeded) + f"/encounters/{enc}/coding/lines/0", json={"code": "", "units": 1}).status_code == 400
    assert coder.get(base(seeded) + "/encounters/no-such/coding").status_code == 404


def test_scrub_fix_then_batch_then_download(clients, seeded):
    biller = clients["biller"]
    claim = seeded.fixable_claim
    assert claim
    d = biller.get(base(seeded) + f"/claims/{claim}").json()
    fix = next(f for f in d["findings"] if f["fixable"])
    assert fix["edit"] == "PRIMARY_REPEATED"
    r = biller.post(base(seeded) + f"/claims/{claim}/fixes", json={"edit": fix["edit"]})
    assert r.status_code == 200
    after = r.json()
    assert "PRIMARY_REPEATED" not in [f["edit"] for f in after["findings"]]
    assert after["status"] == ("held" if any(f["severity"] == "error" for f in after["findings"]) else "ready")
    assert biller.post(base(seeded) + f"/claims/{claim}/fixes", json={"edit": fix["edit"]}).status_code == 404
    ready = biller.get(base(seeded) + "/edi/ready").json()["payers"]
    assert sum(p["claims"] for p in ready) >= 1
    r = biller.post(base(seeded) + "/edi/batches", json={})
    assert r.status_code == 201
    batch = r.json()
    assert batch["claims"] == sum(p["claims"] for p in ready)
    r = biller.get(base(seeded) + f"/edi/files/{batch['files'][0]['file_id']}/download")
    assert r.content.startswith(b"ISA") and b"CLM*" in r.content
    assert biller.get(base(seeded) + "/edi/ready").json()["payers"] == []
    assert biller.post(base(seeded) + "/edi/batches", json={}).status_code == 400  # nothing ready now


def test_post_era_opens_variances_and_is_idempotent(clients, seeded):
    biller = clients["biller"]
    before = biller.get(base(seeded) + "/variances").json()["total"]
    content = seeded.era_to_post.read_bytes()
    r = biller.post(base(seeded) + "/edi/835", files={"file": (seeded.era_to_post.name, content)})
    assert r.status_code == 201, r.text
    posted = r.json()
    assert posted["kind"] == "835" and posted["claims_posted"] > 0
    after = biller.get(base(seeded) + "/variances").json()
    assert after["total"] == before + len(posted["variances"])
    r = biller.post(base(seeded) + "/edi/835", files={"file": (seeded.era_to_post.name, content)})
    assert r.json()["duplicates"] and not r.json()["posted"]
    item = after["items"][0]["item_id"]
    v = biller.get(base(seeded) + f"/variances/{item}").json()
    assert v["status"] == "in_progress" and v["details"]["expected"]
    r = biller.post(base(seeded) + f"/variances/{item}/resolve", json={"resolution": "Dispute filed"})
    assert r.json()["status"] == "closed"
    assert biller.post(base(seeded) + "/edi/835", files={"file": ("junk.835", b"not x12")}).status_code == 400


def test_denials_work_and_ar_touches(clients, seeded):
    biller = clients["biller"]
    d = biller.get(base(seeded) + "/denials").json()
    assert d["total"] > 0
    claim = d["denials"][0]["claim_id"]
    r = biller.post(base(seeded) + f"/denials/{claim}/work",
                    json={"channel": "portal", "outcome": "Appeal uploaded", "next_action": "appeal",
                          "next_date": "2026-12-20"})
    assert r.status_code == 201
    html = biller.get(base(seeded) + f"/denials/{claim}/appeal").text
    assert claim in html
    q = biller.get(base(seeded) + "/ar/queue?limit=5").json()
    assert q["items"] and all("explain" in i for i in q["items"])
    target = q["items"][0]["claim_id"]
    r = biller.post(base(seeded) + f"/claims/{target}/touches",
                    json={"channel": "phone", "outcome": "Claim in process", "reference": "REF123"})
    assert r.status_code == 201 and r.json()["who"] == seeded.users["biller"]
    touches = biller.get(base(seeded) + f"/claims/{target}/touches").json()["touches"]
    assert touches[-1]["reference"] == "REF123"
    assert biller.post(base(seeded) + f"/claims/{target}/touches",
                       json={"channel": "pigeon", "outcome": "x"}).status_code == 400
    assert biller.post(base(seeded) + "/claims/NOPE/touches",
                       json={"channel": "phone", "outcome": "x"}).status_code == 404


def test_calendars_dashboard(clients, seeded):
    m = clients["manager"]
    cal = m.get(base(seeded) + "/authorizations/calendar").json()
    assert cal["authorizations"] > 0 and cal["months"]
    assert m.get(base(seeded) + "/credentials/due").json()["credentials"] > 0
    dash = m.get(base(seeded) + "/dashboard").json()
    assert dash["claims_by_status"] and dash["charges_by_month"]


def test_audit_log_records_reads_and_changes_without_phi(app, clients, seeded, caplog):
    from painrcm.store.engine import make_engine, session_scope
    from painrcm.store.models import AuditLogRow, PatientRow

    caplog.set_level(logging.INFO, logger="painrcm.web")
    coder = clients["coder"]
    enc = coder.get(base(seeded) + "/encounters").json()["encounters"][0]["encounter_id"]
    coder.get(base(seeded) + f"/encounters/{enc}/coding")
    engine = make_engine(seeded.db_url)
    try:
        with session_scope(engine) as s:
            rows = list(s.scalars(sa.select(AuditLogRow).where(AuditLogRow.entity == "coding",
                                                               AuditLogRow.entity_id == enc)))
            names = [(p.last_name, p.first_name) for p in s.scalars(sa.select(PatientRow).limit(50))]
            all_details = " ".join(str(r.details) for r in s.scalars(sa.select(AuditLogRow)))
    finally:
        engine.dispose()
    assert any(r.action == "view" and r.actor == seeded.users["coder"] and r.at for r in rows)
    logged = caplog.text
    assert "/api/practices/{pid}/encounters/{encounter_id}/coding" in logged
    assert enc not in logged  # route templates, not record ids or query strings
    for last, first in names:
        assert last not in all_details and last not in logged


def test_another_practices_record_through_own_practice_is_404(clients, seeded):
    outsider = clients["outsider"]
    assert outsider.get(f"/api/practices/{seeded.other_practice_id}/claims").json()["total"] == 0
    # the other practice's admin asks their own practice for this practice's claim
    claim = clients["admin"].get(base(seeded) + "/claims").json()["claims"][0]["claim_id"]
    assert outsider.get(f"/api/practices/{seeded.other_practice_id}/claims/{claim}").status_code == 404


@pytest.mark.parametrize("path", ["/login", "/openapi.json"])
def test_public_pages(clients, path):
    assert clients["anonymous"].get(path).status_code == 200
