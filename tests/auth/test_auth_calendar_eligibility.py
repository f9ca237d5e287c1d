"""iCalendar export (dates never shift with the time zone) and eligibility coverage facts."""

import io
import os
import subprocess
import sys
import time
from datetime import date, datetime, timezone
from decimal import Decimal

import icalendar
import pytest

from painrcm.auth.calendar import to_ical
from painrcm.auth.deadlines import Deadline, auth_deadlines
from painrcm.auth.eligibility import coverage_facts, inquiry, latest, read_coverage
from painrcm.auth.model import Authorization
from painrcm.domain.parties import Address, Coverage, Patient, Payer, PlanType, Practice

STAMP = datetime(2026, 1, 1, 12, tzinfo=timezone.utc)


def _events(ics: bytes):
    return [c for c in icalendar.Calendar.from_ical(ics).walk("VEVENT")]


def test_all_day_events_with_stable_uids():
    auth = Authorization("PA1", "p", "medicare", "pt-1", date(2028, 1, 1), date(2028, 2, 29), codes=("64483",))
    rows = auth_deadlines([auth], today=date(2028, 1, 10))
    ics = to_ical(rows, stamp=STAMP)
    events = _events(ics)
    assert [(e["DTSTART"].dt, e["DTEND"].dt) for e in events] == [(date(2028, 2, 15), date(2028, 2, 16)),
                                                                    (date(2028, 2, 29), date(2028, 3, 1))]
    assert all(type(e["DTSTART"].dt) is date for e in events)
    assert b"DTSTART;VALUE=DATE:20280229" in ics and b"TZID" not in ics
    assert to_ical(rows, stamp=STAMP) == ics  # same deadlines, same file (UIDs derived, not random)


@pytest.mark.parametrize("tz", ["Pacific/Kiritimati", "Pacific/Pago_Pago", "UTC"])
def test_time_zone_of_the_machine_does_not_shift_dates(tz):
    code = ("from datetime import date, datetime, timezone\n"
            "from painrcm.auth.calendar import to_ical\n"
            "from painrcm.auth.deadlines import Deadline\n"
            "import sys\n"
            "sys.stdout.write(to_ical([Deadline(date(2026, 12, 31), 'auth_end', 'A1', 'ends')],"
            " stamp=datetime(2026, 12, 31, 23, 59, tzinfo=timezone.utc)).decode())\n")
    out = subprocess.run([sys.executable, "-c", code], env={**os.environ, "TZ": tz}, capture_output=True,
                         text=True, check=True).stdout
    assert "DTSTART;VALUE=DATE:20261231" in out and "DTEND;VALUE=DATE:20270101" in out


def test_deadline_dates_are_plain_dates_whatever_the_local_zone(monkeypatch):
    if not hasattr(time, "tzset"):
        pytest.skip("no tzset on this platform")
    monkeypatch.setenv("TZ", "Pacific/Kiritimati")  # UTC+14
    time.tzset()
    try:
        auth = Authorization("PA1", "p", "medicare", "pt-1", date(2026, 1, 1), date(2026, 6, 30))
        rows = auth_deadlines([auth], today=date(2026, 6, 1))
        assert [d.day for d in rows] == [date(2026, 6, 16), date(2026, 6, 30)]
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_escaping_and_no_names():
    ics = to_ical([Deadline(date(2026, 5, 1), "credential_expiry", "1234567893 dea BM1",
                            "DEA registration; renew, now", provider_npi="1234567893")], stamp=STAMP)
    (e,) = _events(ics)
    assert str(e["SUMMARY"]) == "DEA registration; renew, now"


ISA = "ISA*00*          *00*          *ZZ*PAYER          *ZZ*PRACTICE       *260301*1200*^*00501*000000077*0*P*:~"


def test_271_becomes_coverage_facts_with_the_answer_date(tmp_path):
    text = ISA + ("GS*HB*PR*CH*20260301*1200*9*X*005010X279A1~ST*271*0001*005010X279A1~"
                  "BHT*0022*11*T1*20260301*1200~HL*1**20*1~NM1*PR*2*ACME*****PI*ACME01~HL*2*1*21*1~"
                  "NM1*1P*2*DESERT PAIN*****XX*1234567893~HL*3*2*22*0~TRN*2*T1*9PAINRCM01~"
                  "NM1*IL*1*DOE*JANE****MI*W1~DTP*346*D8*20260101~EB*1*IND*30**PPO GOLD~"
                  "EB*C*IND*30***29*350.50~EB*G*IND*30***29*2100~"
                  "EB*CB*IND*BF**PPO GOLD******Y~MSG*PRIOR AUTHORIZATION REQUIRED FOR SPINAL INJECTIONS~"
                  "SE*16*0001~GE*1*9~IEA*1*000000077~")
    f = tmp_path / "answer.271"
    f.write_text(text)
    (facts,) = read_coverage(f, answered_on=date(2026, 3, 1), patients_by_trace={"T1": "pt-1"}, payer_id="acme")
    assert facts.patient_id == "pt-1" and facts.active is True and facts.plan == "PPO GOLD"
    assert facts.deductible_remaining == Decimal("350.50") and facts.out_of_pocket_remaining == Decimal("2100")
    assert facts.auth_required is True and facts.auth_messages == ("PRIOR AUTHORIZATION REQUIRED FOR SPINAL INJECTIONS",)
    assert facts.answered_on == date(2026, 3, 1) and not facts.is_stale(date(2026, 3, 15))
    assert facts.is_stale(date(2026, 3, 16))
    older = coverage_facts(
        next(iter(__import__("painrcm.edi.reader_271", fromlist=["read_271"]).read_271(io.StringIO(text)))),
        answered_on=date(2026, 1, 5), patient_id="pt-1", payer_id="acme")
    assert latest([older, facts], "pt-1") is facts
    assert facts.to_json()["deductible_remaining"] == "350.50"


def test_inquiry_from_patient_and_coverage():
    addr = Address("1 Main", "Millbrook", "OH", "43999")
    practice = Practice("p", "Riverside", "1234567893", "12-3456789", addr)
    patient = Patient("pt-1", "p", "Doe", "Jane", date(1950, 2, 3), "F", addr)
    cov = Coverage("pt-1", "medicare", "1EG4TE5MK72")
    payer = Payer("medicare", "Medicare", PlanType.MEDICARE, "15202", "medicare")
    q = inquiry(patient, cov, payer, practice, date(2026, 3, 10), trace_number="T9")
    assert (q.member_id, q.last_name, q.birth_date, q.payer_id, q.provider_npi, q.trace_number) == \
        ("1EG4TE5MK72", "Doe", date(1950, 2, 3), "15202", "1234567893", "T9")
