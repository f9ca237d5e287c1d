"""The CLI: denials list, appeal, ar aging/queue/touch/status-requests, statements run, on a real database."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from typer.testing import CliRunner

from painrcm.cli.main import app
from painrcm.denials.testing import make_claim, make_payment, make_remittance
from painrcm.domain.parties import Address, Patient, Payer, PlanType, Practice
from painrcm.errors import PainRCMError

runner = CliRunner()
AS_OF = "2026-04-16"


@pytest.fixture
def db(tmp_path):
    from painrcm.store import migrate
    from painrcm.store.engine import make_engine, session_scope
    from painrcm.store.repositories import claims as claim_repo
    from painrcm.store.repositories import parties, remits

    url = f"sqlite:///{tmp_path / 'ar.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    rfa = make_claim("RFA1", lines=(("64635", "2000.00", ("RT",)), ("64636", "1000.00", ("RT",))))
    visit = make_claim("EM1", lines=(("99213", "150.00"),), patient_id="PT2")
    paid = make_claim("ESI1", lines=(("64483", "555.00"),), patient_id="PT3")
    open_ = make_claim("NR1", lines=(("64483", "555.00"),), patient_id="PT3", service_date=date(2026, 3, 10))
    with session_scope(engine) as s:
        parties.save_practice(s, Practice(id="riverside", name="Riverside Interventional Pain", npi="1990000014",
                                          tax_id="842917365", address=Address("100 Main St", "Dayton", "OH", "45402"),
                                          phone="9375550100"))
        parties.save_payers(s, [Payer("medicare", "Medicare", PlanType.MEDICARE, "DMC01", "medicare")])
        parties.save_patients(s, [Patient(pid, "riverside", "Doe", "Jane", date(1950, 1, 1), "F",
                                          Address("1 Elm St", "Dayton", "OH", "45402")) for pid in ("PT1", "PT2", "PT3")])
        claim_repo.save_claims(s, [rfa, visit, paid, open_], status="submitted")
        claim_repo.set_claim_status(s, "riverside", ["RFA1", "EM1", "ESI1", "NR1"], "submitted",
                                    submitted_on=date(2026, 3, 12))
        remits.save_remittance(s, "riverside", make_remittance([
            make_payment(rfa, [("0.00", ["CO-50"], ["N115"]), ("0.00", ["CO-50"])]),
            make_payment(visit, [("0.00", ["CO-50"])]),
            make_payment(paid, [("300.00", ["CO-45:180.00", "PR-2:75.00"])])], payment_date=date(2026, 4, 1)))
    engine.dispose()
    return url


def invoke(*args):
    result = runner.invoke(app, list(args))
    if isinstance(result.exception, PainRCMError):
        return 2, str(result.exception)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout


def test_denials_list_json(db):
    code, out = invoke("denials", "list", "--json", "--db", db, "--as-of", AS_OF)
    assert code == 0, out
    data = json.loads(out)
    by = {(d["claim_id"], d["line_number"]): d for d in data["denials"]}
    assert set(by) == {("RFA1", 1), ("RFA1", 2), ("EM1", 1)}
    assert by[("RFA1", 1)]["route"]["action"] == "written_appeal"      # traditional Medicare: redetermination
    assert "redetermination" in by[("RFA1", 1)]["route"]["reason"]
    assert by[("EM1", 1)]["route"]["action"] == "written_appeal"
    assert by[("RFA1", 1)]["route"]["deadline"]["due"] == "2026-07-30"


def test_denials_list_table_and_analytics(db):
    code, out = invoke("denials", "list", "--db", db, "--as-of", AS_OF)
    assert code == 0 and "RFA1" in out and "EM1" in out
    code, out = invoke("denials", "analytics", "--by", "cpt", "--json", "--db", db, "--as-of", AS_OF)
    assert code == 0
    data = json.loads(out)
    assert data["top_causes"][0]["root_cause"] == "medical_necessity"
    code, out = invoke("denials", "analytics", "--by", "colour", "--db", db)
    assert code == 2 and "--by" in out


def test_ar_queue_json_ranks_rfa_first_with_explained_score(db):
    code, out = invoke("ar", "queue", "--json", "--db", db, "--as-of", AS_OF)
    assert code == 0, out
    items = json.loads(out)["items"]
    scores = [Decimal(i["score"]) for i in items]
    assert scores == sorted(scores, reverse=True)
    top = next(i for i in items if i["claim_id"] == "RFA1")
    assert Decimal(top["amount"]) < Decimal("3000.00")           # the contract's expected allowed, not the charge
    assert top["explain"].startswith(f"score {top['score']} = ")
    assert set(top["parts"]) >= {"expected_dollars", "deadline", "likelihood"}
    assert {d["name"] for d in top["deadlines"]} >= {"timely_filing", "appeal"}
    assert "ESI1" not in {i["claim_id"] for i in items}         # paid: nothing left for insurance
    code, out = invoke("ar", "queue", "--db", db, "--as-of", AS_OF)
    assert code == 0 and "RFA1" in out


def test_ar_aging(db):
    code, out = invoke("ar", "aging", "--json", "--by", "family", "--db", db, "--as-of", AS_OF)
    assert code == 0
    rows = {r["key"]: r for r in json.loads(out)["rows"]}
    assert rows["rfa"]["buckets"]["31-60"] == "3000.00"
    assert rows["TOTAL"]["total"] == "3705.00"
    code, out = invoke("ar", "aging", "--db", db, "--as-of", AS_OF)
    assert code == 0 and "TOTAL" in out


def test_ar_touch_records_and_moves_the_follow_up(db):
    code, out = invoke("ar", "touch", "NR1", "--channel", "phone", "--outcome", "claim in process",
                       "--reference", "CALL-77", "--next-action", "status_check", "--next-date", "2026-05-01",
                       "--who", "dana", "--db", db)
    assert code == 0, out
    code, out = invoke("ar", "queue", "--json", "--db", db, "--as-of", AS_OF)
    item = next(i for i in json.loads(out)["items"] if i["claim_id"] == "NR1")
    assert item["follow_up"]["due"] == "2026-05-01" and "CALL-77" in item["follow_up"]["reason"]
    code, out = invoke("ar", "touch", "NOPE", "--channel", "phone", "--outcome", "x", "--db", db)
    assert code == 2
    code, out = invoke("ar", "touch", "NR1", "--channel", "carrier-pigeon", "--outcome", "x", "--db", db)
    assert code == 2 and "channel" in out


def test_ar_status_requests_writes_a_276(db, tmp_path):
    out_file = tmp_path / "276.x12"
    code, out = invoke("ar", "status-requests", "-o", str(out_file), "--db", db, "--as-of", "2026-03-30")
    assert code == 0, out
    text = out_file.read_text()
    assert "ST*276*" in text and "REF*EJ*NR1" in text


def test_appeal_pdf(db, tmp_path):
    from pypdf import PdfReader

    pdf = tmp_path / "appeal.pdf"
    code, out = invoke("appeal", "RFA1", "-o", str(pdf), "--db", db, "--as-of", AS_OF)
    assert code == 0, out
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(str(pdf)).pages)
    assert "RFA1" in text and "Riverside Interventional Pain" in text and "CO-50" in text
    code, out = invoke("appeal", "ESI1", "-o", str(pdf), "--db", db, "--as-of", AS_OF)
    assert code == 2 and "no denied line" in out
    code, out = invoke("appeal", "NOPE", "-o", str(pdf), "--db", db)
    assert code == 2


def test_statements_run(db, tmp_path):
    outdir = tmp_path / "statements"
    code, out = invoke("statements", "run", "-o", str(outdir), "--json", "--db", db, "--as-of", AS_OF)
    assert code == 0, out
    decisions = {d["patient_id"]: d for d in json.loads(out)}
    assert decisions["PT3"]["action"] == "send" and decisions["PT3"]["balance"] == "75.00"
    assert decisions["PT3"]["statement"]["pending_claims"] == ["NR1"]
    assert decisions["PT1"]["action"] == "nothing_owed"
    assert len(list(outdir.glob("*.pdf"))) == 1
    # the next run the same day: not due (the statement was recorded)
    code, out = invoke("statements", "run", "-o", str(outdir), "--json", "--db", db, "--as-of", AS_OF)
    assert {d["patient_id"]: d for d in json.loads(out)}["PT3"]["action"] == "not_due"


def test_missing_database_is_one_line_error(tmp_path):
    code, out = invoke("ar", "queue", "--db", str(tmp_path / "none.db"))
    assert code == 2 and "painrcm init" in out


X277 = """ISA*00*          *00*          *ZZ*CLEARHOUSE     *ZZ*RIPAIN01       *260330*1200*^*00501*000000009*0*T*:~
GS*HN*CLEARHOUSE*RIPAIN01*20260330*1200*9*X*005010X212~
ST*277*0001*005010X212~
BHT*0010*08*0001*20260330*1200*DG~
HL*1**20*1~
NM1*PR*2*MEDICARE*****PI*DMC01~
HL*2*1*21*1~
NM1*41*2*RIVERSIDE INTERVENTIONAL PAIN*****46*RIPAIN01~
HL*3*2*19*1~
NM1*1P*2*RIVERSIDE INTERVENTIONAL PAIN*****XX*1990000014~
HL*4*3*22*0~
NM1*IL*1*DOE*JANE****MI*M00000001~
TRN*2*NR1~
STC*A7:562*20260330**555.00~
REF*1K*PCN777~
DTP*472*D8*20260310~
SE*15*0001~
GE*1*9~
IEA*1*000000009~
"""


def test_ar_status_response_records_touches_and_flags_the_rejection(db, tmp_path):
    f = tmp_path / "resp.277"
    f.write_text(X277)
    code, out = invoke("ar", "status-response", str(f), "--db", db, "--as-of", "2026-03-30")
    assert code == 0, out
    assert "1 claim status(es) recorded" in " ".join(out.split())
    code, out = invoke("ar", "queue", "--json", "--db", db, "--as-of", AS_OF)
    item = next(i for i in json.loads(out)["items"] if i["claim_id"] == "NR1")
    assert item["kind"] == "rejected" and item["payer_status"] == "rejected"
    assert item["follow_up"]["step"] == "corrected_claim"
