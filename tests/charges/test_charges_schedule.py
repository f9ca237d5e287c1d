"""Schedule import: CSV and FHIR R4, bad rows per row and field, time-zone-safe dates."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone

import pytest
from charges_helpers import MD, NP, PROVIDERS

from painrcm.claims.schedule import (AppointmentStatus, read_schedule_csv, read_schedule_fhir,
                                     read_schedule_file)
from painrcm.domain.parties import VisitType
from painrcm.errors import InputError

HEADER = "id,date,time,patient,provider,place_of_service,location,visit_type,status,payer,reason\n"


def csv_of(*rows: str) -> str:
    return HEADER + "".join(r + "\n" for r in rows)


def read(text: str, tz: str = "America/New_York"):
    return read_schedule_csv(text, practice_id="P", time_zone=tz, providers=PROVIDERS, file="sched.csv")


def test_good_rows_parse_with_every_field():
    r = read(csv_of(f"A1,2026-03-02,08:20,PT1,{MD.npi},11,Main office,established,completed,medicare,",
                    "A2,03/02/2026,1:40 PM,PT2,prov-np,24,ASC,new_problem,Checked In,,",
                    "A3,2026-03-02,09:00,PT3,marsh,22,,new,no-show,,",
                    "A4,2026-03-03,09:00,PT4,Okoye,11,,procedure,cancelled,,research"))
    assert r.ok and r.rows == 4
    a1, a2, a3, a4 = r.appointments
    assert a1.status is AppointmentStatus.COMPLETED and a1.payer_id == "medicare" and a1.location == "Main office"
    assert a1.start == datetime(2026, 3, 2, 13, 20, tzinfo=timezone.utc)  # EST is UTC-5 in March before DST
    assert a2.provider_npi == NP.npi and a2.visit_type is VisitType.ESTABLISHED and a2.new_problem
    assert a2.status is AppointmentStatus.ARRIVED and a2.place_of_service == "24"
    assert a3.provider_npi == MD.npi and a3.visit_type is VisitType.NEW and a3.status is AppointmentStatus.NO_SHOW
    assert a4.no_charge_reason == "research"


def test_late_evening_appointment_stays_on_its_local_date():
    r = read(csv_of(f"A1,2026-07-15,23:30,PT1,{MD.npi},11,,established,completed,,"))
    (a,) = r.appointments
    assert a.date_of_service == date(2026, 7, 15)
    assert a.start == datetime(2026, 7, 16, 3, 30, tzinfo=timezone.utc)  # next day in UTC (EDT, UTC-4)


def test_instant_with_offset_is_converted_to_the_practice_date():
    # 03:30 UTC on the 16th is 23:30 (EDT) on the 15th in New York, 20:30 on the 15th in Los Angeles
    row = f"A1,2026-07-16,2026-07-16T03:30:00Z,PT1,{MD.npi},11,,established,completed,,"
    assert read(csv_of(row)).appointments[0].date_of_service == date(2026, 7, 15)
    assert read(csv_of(row), "America/Los_Angeles").appointments[0].date_of_service == date(2026, 7, 15)
    assert read(csv_of(row), "Europe/Berlin").appointments[0].date_of_service == date(2026, 7, 16)


def test_dst_change_day_keeps_wall_time():
    r = read(csv_of(f"A1,2026-03-08,23:30,PT1,{MD.npi},11,,established,completed,,"))
    a = r.appointments[0]
    assert a.date_of_service == date(2026, 3, 8) and a.start.hour == 3  # EDT started that morning


def test_bad_rows_reported_with_row_and_field_good_rows_kept():
    r = read(csv_of(
        f"A1,2026-03-02,08:00,PT1,{MD.npi},11,,established,completed,,",
        f"A2,2026-02-30,08:00,PT1,{MD.npi},11,,established,completed,,",
        "A3,2026-03-02,08:00,PT1,1234567890,11,,established,completed,,",
        f"A4,2026-03-02,08:00,PT1,{MD.npi},99x,,established,completed,,",
        f"A5,2026-03-02,08:00,PT1,{MD.npi},11,,walk in,completed,,",
        f"A6,2026-03-02,08:00,PT1,{MD.npi},11,,established,done,,",
        f"A7,2026-03-02,08:00,,{MD.npi},11,,established,completed,,",
        f"A1,2026-03-02,09:00,PT2,{MD.npi},11,,established,completed,,",
        f"A9,2026-03-02,8h,PT1,{MD.npi},11,,established,completed,,",
        f"A10,2026-03-02,08:00,PT1,{MD.npi},11,,established,completed,,sometimes",
        f"A11,2026-03-02,08:00,PT1,{MD.npi},11",
        "A12,2026-03-02,08:00,PT1,nobody,11,,established,completed,,",
    ))
    assert [a.id for a in r.appointments] == ["A1"]
    got = [(e.row, e.field) for e in r.errors]
    assert got == [(3, "date"), (4, "provider"), (5, "place_of_service"), (6, "visit_type"), (7, "status"),
                   (8, "patient"), (9, "id"), (10, "time"), (11, "reason"), (12, None), (13, "provider")]
    assert all("PT1" not in str(e) for e in r.errors)  # no patient data in messages


def test_missing_required_column_imports_nothing():
    with pytest.raises(InputError) as exc:
        read("date,patient,provider,visit_type\n2026-03-02,PT1,x,new\n")
    assert "place_of_service" in str(exc.value) and "row 1" in str(exc.value) and "sched.csv" in str(exc.value)


def test_unknown_time_zone_is_an_input_error():
    with pytest.raises(InputError):
        read(csv_of(), "Mars/Olympus")


def test_ids_derived_when_absent_are_stable():
    text = ("date,time,patient,provider,place_of_service,visit_type,status\n"
            f"2026-03-02,08:00,PT1,{MD.npi},11,established,completed\n")
    assert read(text).appointments[0].id == read(text).appointments[0].id


def _bundle() -> dict:
    return {"resourceType": "Bundle", "type": "collection", "entry": [
        {"resource": {"resourceType": "Practitioner", "id": "pr1",
                      "identifier": [{"system": "http://hl7.org/fhir/sid/us-npi", "value": MD.npi}]}},
        {"resource": {"resourceType": "Location", "id": "loc1", "name": "Main office",
                      "type": [{"coding": [{"system": "https://www.cms.gov/Medicare/Coding/place-of-service-codes/"
                                            "Place_of_Service_Code_Set", "code": "11"}]}]}},
        {"resource": {"resourceType": "Appointment", "id": "ap1", "status": "booked",
                      "start": "2026-07-16T03:30:00Z", "end": "2026-07-16T03:50:00Z",
                      "appointmentType": {"coding": [{"code": "FOLLOWUP"}]},
                      "participant": [{"actor": {"reference": "Patient/PT1"}, "status": "accepted"},
                                      {"actor": {"reference": "Practitioner/pr1"}, "status": "accepted"},
                                      {"actor": {"reference": "Location/loc1"}, "status": "accepted"}]}},
        {"resource": {"resourceType": "Encounter", "id": "enc1", "status": "finished",
                      "class": {"code": "AMB"}, "subject": {"reference": "Patient/PT1"},
                      "participant": [{"individual": {"reference": "Practitioner/pr1"}}],
                      "appointment": [{"reference": "Appointment/ap1"}],
                      "period": {"start": "2026-07-16T03:35:00Z"},
                      "location": [{"location": {"reference": "Location/loc1"}}]}},
        {"resource": {"resourceType": "Appointment", "id": "ap2", "status": "noshow",
                      "start": "2026-07-16T14:00:00Z",
                      "participant": [{"actor": {"reference": "Patient/PT2"}, "status": "accepted"},
                                      {"actor": {"reference": f"Practitioner/{NP.npi}"}, "status": "accepted"}]}},
    ]}


def test_fhir_bundle_appointment_completed_by_its_encounter():
    r = read_schedule_fhir(_bundle(), practice_id="P", time_zone="America/New_York", providers=PROVIDERS)
    (a,) = r.appointments
    assert a.id == "ap1" and a.provider_npi == MD.npi and a.place_of_service == "11"
    assert a.date_of_service == date(2026, 7, 15)  # 23:30 EDT the evening before in UTC terms
    assert a.status is AppointmentStatus.COMPLETED and a.encounter_id == "enc1"
    assert [(e.row, e.field) for e in r.errors] == [(5, "location")]


def test_invalid_fhir_bundle_is_an_input_error(tmp_path):
    bad = tmp_path / "b.json"
    bad.write_text(json.dumps({"resourceType": "Bundle", "type": "collection", "entry": [
        {"resource": {"resourceType": "Appointment", "status": "booked", "participant": "x"}}]}))
    with pytest.raises(InputError):
        read_schedule_file(bad, practice_id="P")
    with pytest.raises(InputError):
        read_schedule_fhir("{nope", practice_id="P")


def test_read_schedule_file_detects_csv(tmp_path):
    f = tmp_path / "s.csv"
    f.write_text(csv_of(f"A1,2026-03-02,08:00,PT1,{MD.npi},11,,established,completed,,"))
    assert len(read_schedule_file(f, practice_id="P", providers=PROVIDERS).appointments) == 1
    with pytest.raises(InputError):
        read_schedule_file(tmp_path / "missing.csv", practice_id="P")


def test_space_separated_iso_datetime_with_offset():
    row = f"A1,2026-07-16,2026-07-16 03:30:00+00:00,PT1,{MD.npi},11,,established,completed,,"
    assert read(csv_of(row)).appointments[0].date_of_service == date(2026, 7, 15)
