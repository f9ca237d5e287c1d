"""Regression tests of the bugs the hardening work found and fixed (docs/reliability.md)."""

from __future__ import annotations

import io

import pytest

from painrcm.errors import Conflict, InputError, PolicyError


def test_policy_file_with_a_control_character_is_a_policy_error(tmp_path):
    """Found by fuzzing: PyYAML's reader raised ReaderError from the loader's constructor,
    outside the try block, so a NUL byte in a policy file escaped as a traceback."""
    from painrcm.policy import validate_file

    path = tmp_path / "acme.yaml"
    path.write_bytes(b"id: acme\x00\n")
    with pytest.raises(PolicyError, match="YAML error"):
        validate_file(path)


def test_contract_file_with_a_control_character_is_a_policy_error(tmp_path):
    from painrcm.remit.contracts import load_contract_file

    path = tmp_path / "c.yaml"
    path.write_bytes(b"\x07payer: x\n")
    with pytest.raises(PolicyError):
        load_contract_file(path)


@pytest.mark.parametrize("reader, header", [
    ("read_authorizations", "number,patient_id,payer_id,start_date,end_date,status,codes"),
    ("read_credentials", "type,provider_npi,payer_id,status,effective_from,effective_to,kind,number"),
])
def test_csv_the_csv_module_cannot_split_is_an_input_error(reader, header):
    """Found by fuzzing: csv.Error (a bare carriage return inside a field, a field over the
    csv module's size limit) escaped the auth/credential importers."""
    from painrcm.auth import imports

    text = header + "\nA1,p\r1\n"
    with pytest.raises(InputError, match="not a readable CSV file") as exc:
        getattr(imports, reader)(io.StringIO(text), name="x.csv")
    assert exc.value.file == "x.csv" and exc.value.location.startswith("row ")
    big = header + "\n" + '"' + "x" * 200_000 + '",p\n'
    with pytest.raises(InputError):
        getattr(imports, reader)(io.StringIO(big), name="x.csv")


def test_concurrent_write_failures_are_typed_conflicts():
    """Two workers posting one ERA: the loser got a raw IntegrityError / OperationalError
    (a traceback quoting SQL and parameters); session_scope now raises Conflict."""
    import sqlalchemy as sa

    from painrcm.store.engine import write_conflict

    class _Orig(Exception):
        sqlstate = "23505"
    unique = sa.exc.IntegrityError("INSERT ...", {"content": b"secret"}, _Orig("duplicate key"))
    locked = sa.exc.OperationalError("INSERT ...", {}, Exception("database is locked"))
    for exc in (unique, locked):
        c = write_conflict(exc)
        assert isinstance(c, Conflict) and "INSERT" not in str(c) and "secret" not in str(c)
    fk = sa.exc.IntegrityError("INSERT ...", {}, Exception("FOREIGN KEY constraint failed"))
    assert write_conflict(fk) is None


def test_837p_address_after_a_new_billing_hl_is_not_a_crash():
    """Found by atheris (x12_837p): NM1*85, then HL*..*20 (which clears the billing provider),
    then N4/REF: the reader applied them to the cleared provider (TypeError from replace())."""
    from pathlib import Path

    from painrcm.edi.errors import X12Error
    from painrcm.edi.reader_837p import read_837p

    data = (Path(__file__).parent / "crash_837p_hl_after_nm1_85.x12").read_text("utf-8", "replace")
    try:
        list(read_837p(io.StringIO(data), name="f.837"))
    except X12Error as exc:
        assert str(exc).startswith("f.837")


def test_schedule_time_or_date_with_a_huge_number_is_a_row_error():
    """Found by atheris (schedule_csv): "0555...5:20" as a time, or a 20-digit year, raised
    OverflowError (int too large for a C long) out of the schedule importer."""
    from painrcm.claims.schedule import read_schedule_csv

    header = "id,date,time,patient,provider,place_of_service,location,visit_type,status,payer,reason\n"
    text = (header + "A1,2026-03-02," + "5" * 40 + ":20,PT1,x,11,,established,completed,,\n"
            "A2,99999999999999999999/1/1,08:00,PT1,x,11,,established,completed,,\n")
    r = read_schedule_csv(text, practice_id="P", file="s.csv")
    assert [(e.row, e.field) for e in r.errors] == [(2, "time"), (3, "date")]
