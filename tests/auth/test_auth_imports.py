"""CSV import: bad rows named by file, row and field; auths atomic, credentials row by row."""

import io
from datetime import date

import pytest

from painrcm.auth.imports import (AUTH_COLUMNS, ENROLLMENT_COLUMNS, ImportRefused, read_authorizations,
                                  read_credentials)
from painrcm.auth.model import AuthStatus, CredentialKind, EnrollmentStatus
from painrcm.errors import InputError
from painrcm.scrub import inputs as scrub_inputs

HEADER = "number,patient_id,payer_id,start_date,end_date,status,codes,levels,side,units,units_used,place_of_service\n"


def test_reads_every_column():
    text = HEADER + "A1,pt-1,lakeshore-ppo,2026-01-01,2026-03-31,submitted,64635;64636,L4-5 L5-S1,Bilateral,2,0,24\n"
    (a,) = read_authorizations(io.StringIO(text), name="auths.csv")
    assert a.status is AuthStatus.SUBMITTED and a.codes == ("64635", "64636")
    assert a.levels == ("L4-5", "L5-S1") and a.side == "bilateral" and a.units == 2 and a.place_of_service == "24"
    assert a.start_date == date(2026, 1, 1)


def test_same_columns_as_the_scrubber_reads():
    assert set(scrub_inputs.AUTH_COLUMNS) <= set(AUTH_COLUMNS)
    assert set(scrub_inputs.ENROLLMENT_COLUMNS) == set(ENROLLMENT_COLUMNS)


@pytest.mark.parametrize("row, field", [
    ("A2,pt-2,medicare,2026-02-30,2026-03-31,approved,64483,,,,,", "start_date"),
    ("A2,pt-2,medicare,2026-03-01,2026-02-01,approved,64483,,,,,", "end_date"),
    ("A2,,medicare,2026-03-01,2026-04-01,approved,64483,,,,,", "patient_id"),
    ("A2,pt-2,medicare,2026-03-01,2026-04-01,granted,64483,,,,,", "status"),
    ("A2,pt-2,medicare,2026-03-01,2026-04-01,approved,6448,,,,,", "codes"),
    ("A2,pt-2,medicare,2026-03-01,2026-04-01,approved,64483,L4/5,,,,", "levels"),
    ("A2,pt-2,medicare,2026-03-01,2026-04-01,approved,64483,,both,,,", "side"),
    ("A2,pt-2,medicare,2026-03-01,2026-04-01,approved,64483,,,two,,", "units"),
    ("A2,pt-2,medicare,2026-03-01,2026-04-01,approved,64483,,,1,2,", "units_used"),
    ("A2,pt-2,medicare,2026-03-01,2026-04-01,approved,64483,,,,,ASC", "place_of_service"),
    ("A1,pt-2,medicare,2026-03-01,2026-04-01,approved,64483,,,,,", "number"),  # repeats A1
])
def test_bad_auth_row_refuses_the_whole_file(row, field):
    good = "A1,pt-1,medicare,2026-01-01,2026-03-31,approved,64483,,,,,\n"
    with pytest.raises(ImportRefused) as exc:
        read_authorizations(io.StringIO(HEADER + good + row + "\n"), name="auths.csv")
    err = exc.value
    assert isinstance(err, InputError)
    assert err.file == "auths.csv" and err.location == "row 3" and err.field == field
    assert str(err).startswith(f"auths.csv, row 3, field {field}: ") and "nothing imported" in str(err)


def test_every_bad_row_is_listed_and_no_patient_data_in_messages():
    text = HEADER + "A1,SMITH-JOHN,medicare,bad,2026-03-31,,,,,,,\nA2,pt-2,medicare,2026-01-01,2026-03-31,,,,,x,,\n"
    with pytest.raises(ImportRefused) as exc:
        read_authorizations(io.StringIO(text), name="f.csv")
    assert [(p.row, p.field) for p in exc.value.problems] == [(2, "start_date"), (3, "units")]
    assert "SMITH" not in str(exc.value)


def test_header_problems_name_row_1(tmp_path):
    with pytest.raises(InputError, match=r"row 1: unknown column 'colour'"):
        read_authorizations(io.StringIO("number,colour\n"), name="x.csv")
    with pytest.raises(InputError, match=r"missing column 'end_date'"):
        read_authorizations(io.StringIO("number,patient_id,payer_id,start_date\n"), name="x.csv")
    with pytest.raises(InputError, match="empty"):
        read_authorizations(io.StringIO(""), name="x.csv")
    with pytest.raises(InputError, match="cannot read"):
        read_authorizations(tmp_path / "missing.csv")


def test_credentials_keep_good_rows_and_reject_bad_ones_by_row_and_field():
    text = ("type,provider_npi,payer_id,status,effective_from,effective_to,kind,number,expires_on,issued_on,state\n"
            "credential,1234567893,,,,,dea,BM1,2026-09-30,2023-09-30,\n"
            "credential,1234567893,,,,,passport,X,2026-09-30,,\n"
            "credential,123,,,,,dea,BM2,2026-09-30,,\n"
            "credential,1234567893,,,,,state_license,OH-1,2026-02-31,,OH\n"
            "enrollment,1234567893,medicare,active,2020-01-01,,,,,,\n"
            "enrollment,1234567893,summit-health,sleeping,,,,,,,\n"
            "license,1234567893,,,,,,,,,\n")
    result = read_credentials(io.StringIO(text), name="creds.csv")
    assert [c.kind for c in result.credentials] == [CredentialKind.DEA]
    assert [e.status for e in result.enrollments] == [EnrollmentStatus.ACTIVE]
    assert [(p.row, p.field) for p in result.rejected] == [(3, "kind"), (4, "provider_npi"), (5, "expires_on"),
                                                           (7, "status"), (8, "type")]
    assert str(result.rejected[0]).startswith("creds.csv, row 3, field kind: unknown value 'passport'")


def test_file_on_disk_with_bom(tmp_path):
    f = tmp_path / "a.csv"
    f.write_bytes(("\ufeff" + HEADER + "A1,pt-1,medicare,2026-01-01,2026-03-31,,64483,,,,,\n").encode())
    assert [a.number for a in read_authorizations(f)] == ["A1"]
