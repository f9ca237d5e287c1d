"""``painrcm edi``: parse, validate, 837, ingest (database: SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

import json
import shutil

import pytest
import sqlalchemy as sa
from edi_helpers import CLAIM_OK, x835
from typer.testing import CliRunner

from painrcm.cli.main import app
from painrcm.edi.jsonforms import claims_to_json
from painrcm.edi.samples import sample_claims

runner = CliRunner()


def run(*args):
    """Run the CLI like ``main()`` does: a PainRCMError becomes one line and exit status 2."""
    from painrcm.errors import PainRCMError

    result = runner.invoke(app, list(args))
    if isinstance(result.exception, PainRCMError):
        return 2, str(result.exception)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def test_parse_835_json(fixtures):
    code, out = run("edi", "parse", str(fixtures / "pyx12_tests_835_mult_loops.txt"), "--json")
    assert code == 0
    data = json.loads(out)
    (p,) = data["payments"]
    assert p["trn"] == "000000000" and p["payer"]["name"] == "PAYER" and p["total_paid"] == "0.00"
    (c,) = p["claims"]
    assert c["status"] == "4" and c["charge"] == "915.39" and c["payer_claim_number"] == "4276512332"
    assert c["lines"][0] == {**c["lines"][0], "code": "T1005", "modifiers": [], "units": "68",
                             "charge": "500.04", "paid": "0.00", "remarks": ["N14"],
                             "adjustments": [{"group": "CO", "reason": "16", "amount": "500.04"}]}


def test_parse_summary_and_other_kinds(fixtures):
    code, out = run("edi", "parse", str(fixtures / "linuxforhealth-x12_835_005010X221A1_medicare-part-a.835"))
    assert code == 0 and "12345" in out
    code, out = run("edi", "parse", str(fixtures / "imsweb-x12-parser_277_5010_x12_277CA_rejected.txt"), "--json")
    assert json.loads(out)["claim_status"][0]["claims"][0]["status"] == "rejected"
    code, out = run("edi", "parse", str(fixtures / "imsweb-x12-parser_837_5010_x12_999_rejected.txt"), "--json")
    assert json.loads(out)["acknowledgments"][0]["status"] == "R"


def test_parse_bad_file_is_one_line_exit_2(tmp_path):
    bad = tmp_path / "bad.835"
    bad.write_text(x835(CLAIM_OK, bpr_total="71"))
    code, out = run("edi", "parse", str(bad))
    assert code == 2 and out.startswith("bad.835, segment 4 (BPR), field BPR02: payment does not balance")
    assert run("edi", "parse", str(tmp_path / "missing.835"))[0] == 2


def test_837_from_claims_json_then_parse_back(tmp_path):
    claims = sample_claims(6)
    cj = tmp_path / "claims.json"
    cj.write_text(json.dumps(claims_to_json(claims)))
    out = tmp_path / "claims.837"
    code, text = run("edi", "837", "--claims", str(cj), "-o", str(out), "--test")
    assert code == 0 and "6 claim(s) written" in text and "pyx12: valid" in text
    code, text = run("edi", "validate", str(out))
    assert code == 0 and "valid" in text
    code, text = run("edi", "parse", str(out), "--json")
    back = json.loads(text)["claims"]
    assert sorted(c["claim_id"] for c in back) == [c.claim_id for c in claims]


def test_837_bad_claims_json(tmp_path):
    cj = tmp_path / "claims.json"
    data = claims_to_json(sample_claims(1))
    del data["claims"][0]["lines"]
    cj.write_text(json.dumps(data))
    code, text = run("edi", "837", "--claims", str(cj), "-o", str(tmp_path / "x.837"))
    assert code == 2 and "claims[0]" in text and "lines" in text


def test_validate_lists_every_imbalance(tmp_path):
    bad = tmp_path / "bad.835"
    body = CLAIM_OK + CLAIM_OK.replace("CAS*CO*45*10", "CAS*CO*45*9")
    bad.write_text(x835(body, bpr_total="139"))
    result = runner.invoke(app, ["edi", "validate", str(bad)])
    assert result.exit_code == 2
    assert "payment 1 claim 2, field CLP04: claim does not balance" in result.output
    assert "field BPR02: payment does not balance" in result.output


# --- ingest -----------------------------------------------------------------------------------

@pytest.fixture
def db(db_url):
    from painrcm.domain.parties import Address, Practice
    from painrcm.store import migrate
    from painrcm.store.engine import make_engine, session_scope
    from painrcm.store.repositories.parties import save_practice

    migrate.upgrade(db_url)
    engine = make_engine(db_url)
    with session_scope(engine) as s:
        save_practice(s, Practice("demo", "DESERT PAIN SPECIALISTS", "1234567893", "123456789",
                                  Address("100 SPINE WAY", "COLUMBUS", "OH", "43215")))
    yield db_url, engine
    engine.dispose()


def counts(engine) -> dict:
    with engine.connect() as c:
        return {t: c.execute(sa.text(f"SELECT COUNT(*) FROM {t}")).scalar()
                for t in ("edi_files", "remittances", "claim_payments", "line_payments")}


def test_ingest_posts_once_and_says_so(db, tmp_path, fixtures):
    url, engine = db
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(fixtures / "linuxforhealth-x12_835_005010X221A1_medicare-part-a.835", src / "a.835")
    shutil.copy(fixtures / "pyx12_tests_835_mult_loops.txt", src / "b.835")
    code, out = run("edi", "ingest", str(src), "--practice", "demo", "--db", url)
    assert code == 0, out
    assert "a.835: 835; 1 payment(s) posted, 2 claim payment(s); archived" in out
    assert counts(engine) == {"edi_files": 2, "remittances": 2, "claim_payments": 3, "line_payments": 3}
    with engine.connect() as c:
        sha = c.execute(sa.text("SELECT sha256 FROM edi_files WHERE file_name = 'a.835'")).scalar()
    import hashlib
    assert sha == hashlib.sha256((src / "a.835").read_bytes()).hexdigest()
    # the same file again: nothing posted twice
    code, out = run("edi", "ingest", str(src / "a.835"), "--practice", "demo", "--db", url)
    assert code == 0 and "1 already posted, not posted again (TRN 12345)" in out
    assert "already archived" in out
    # same payment (payer + TRN02) in different bytes: archived, not posted
    (tmp_path / "c.835").write_text((src / "a.835").read_text().replace("*T*:~", "*P*:~", 1))
    code, out = run("edi", "ingest", str(tmp_path / "c.835"), "--practice", "demo", "--db", url)
    assert "0 payment(s) posted" in out and "not posted again" in out
    assert counts(engine)["remittances"] == 2


@pytest.mark.parametrize("mutate, fragment", [
    (lambda t: t.replace("CAS*CO*45*10", "CAS*CO*45*9"), "field CLP04: claim does not balance"),
    (lambda t: t[:t.index("SVC*") + 8], "truncated file"),
    (lambda t: t.replace("SE*16*", "SE*15*"), "field SE01: bad count"),
    (lambda t: t.replace("CLP*PCN1*1*100*70", "CLP*PCN1*1*100*7x"), "field CLP04: not a number"),
    (lambda t: t.replace("LQ*HE*N130~", "LQ*HE*N130~XYZ*1~"), "unknown segment 'XYZ'"),
    (lambda t: t[t.index("GS*"):], "missing interchange envelope"),
    (lambda t: t.replace("*P*:~", "*P*~~", 1), "wrong delimiters"),
])
def test_bad_input_leaves_database_unchanged(db, tmp_path, mutate, fragment):
    url, engine = db
    good = tmp_path / "good.835"
    good.write_text(x835(CLAIM_OK, bpr_total="70", trn="GOOD1"))
    assert run("edi", "ingest", str(good), "--practice", "demo", "--db", url)[0] == 0
    before = counts(engine)
    bad = tmp_path / "bad.835"
    bad.write_text(mutate(x835(CLAIM_OK, bpr_total="70", trn="BAD1")))
    code, out = run("edi", "ingest", str(bad), "--practice", "demo", "--db", url)
    assert code == 2 and out.startswith("bad.835") and fragment in out
    assert counts(engine) == before


def test_ingest_unknown_practice(db, tmp_path, fixtures):
    url, _ = db
    code, out = run("edi", "ingest", str(fixtures / "pyx12_tests_835_mult_loops.txt"), "--practice", "nope",
                    "--db", url)
    assert code == 2 and "no practice 'nope'" in out


def test_store_control_numbers_are_unique(db):
    from painrcm.edi.envelope import ControlNumberSource
    from painrcm.store.engine import session_scope
    from painrcm.store.repositories.edi import SessionControlNumbers as StoreControlNumbers

    _, engine = db
    seen = []
    for _ in range(3):
        with session_scope(engine) as s:
            source = StoreControlNumbers(s)
            assert isinstance(source, ControlNumberSource)
            seen.append(source.next("demo", "CLEARHOUSE"))
    assert [isa for isa, _, _ in seen] == [1, 2, 3]


def test_ingest_acknowledgment_is_archived(db, fixtures):
    url, engine = db
    path = fixtures / "imsweb-x12-parser_277_5010_x12_277CA_rejected.txt"
    code, out = run("edi", "ingest", str(path), "--practice", "demo", "--db", url)
    assert code == 0 and "277CA" in out and "archived" in out
    with engine.connect() as c:
        row = c.execute(sa.text("SELECT kind, status, interchange_control_number FROM edi_files")).one()
    assert tuple(row) == ("277CA", "parsed", "000001120")
