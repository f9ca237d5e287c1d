"""AUTH_MISSING, AUTH_INVALID, SCS_PERMANENT_AUTH, SCS_DEVICE_CODE, TIMELY_FILING, PROVIDER_NOT_ENROLLED,
CREDENTIAL_EXPIRED, DX_INVALID, DX_NOT_SUPPORTING, DELETED_CODE, MISSING_REQUIRED_FIELD,
CODE_NOTE_MISMATCH, TPI_MUSCLE_COUNT."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from painrcm.auth.model import (Authorization, AuthStatus, Credential, CredentialKind, EnrollmentStatus,
                                PayerEnrollment)
from painrcm.scrub import AuthIndex, NoteEvidence, NoteProcedure, apply_fixes
from painrcm.scrub.testing import RENDERING_NPI

from scrub_helpers import DOS, claim, edits, findings, line


def auth(number="A1", codes=("64483", "64484"), start=date(2026, 1, 1), end=date(2026, 6, 30), **kw):
    return Authorization(number=number, practice_id="P1", payer_id="lakeshore-ppo", patient_id="PT-M1",
                         start_date=start, end_date=end, codes=codes, **kw)


def test_auth_missing():
    c = claim(line("64483", "RT"))
    assert "AUTH_MISSING" in edits(c, payer="lakeshore-ppo", severity="error")
    assert "AUTH_MISSING" not in edits(dataclasses.replace(c, prior_authorization="A1"), payer="lakeshore-ppo")
    assert "AUTH_MISSING" not in edits(c, payer="medicare")  # PA state, no WISeR rule


def test_auth_missing_state_rule():
    # Medicare WISeR model: ESI needs prior auth in Texas from 2026
    tx = claim(line("64483", "RT"), state="TX")
    assert "AUTH_MISSING" in edits(tx)


def test_auth_on_file_but_not_on_claim_is_fixed():
    c = claim(line("64483", "RT"))
    fs = [f for f in findings(c, payer="lakeshore-ppo", authorizations=AuthIndex([auth()]))
          if f.edit == "AUTH_MISSING"]
    assert fs and fs[0].fixable
    assert apply_fixes(c, fs).prior_authorization == "A1"


def test_auth_invalid():
    c = claim(line("64483", "RT"), prior_authorization="A1")
    good = AuthIndex([auth()])
    assert not {"AUTH_MISSING", "AUTH_INVALID"} & edits(c, payer="lakeshore-ppo", authorizations=good)
    for bad in (auth(end=date(2026, 1, 31)), auth(codes=("62323",)), auth(status=AuthStatus.DENIED),
                auth(side="left"), auth(region="cervical")):
        assert "AUTH_INVALID" in edits(c, payer="lakeshore-ppo", authorizations=AuthIndex([bad]),
                                       severity="error"), bad


def test_auth_units_used_up_by_earlier_claims():
    c = claim(line("64483", "RT"), prior_authorization="A1")
    two = AuthIndex([auth(units=2)])
    earlier = [claim(line("64483", "RT"), claim_id=f"E{d}", dos=DOS - timedelta(days=d), prior_authorization="A1")
               for d in (20, 30)]
    assert "AUTH_INVALID" in edits(c, payer="lakeshore-ppo", authorizations=two, history=earlier, severity="error")
    assert "AUTH_INVALID" not in edits(c, payer="lakeshore-ppo", authorizations=two, history=earlier[:1])
    # without history the file's units_used is only a snapshot: a warning
    used = AuthIndex([auth(units=2, units_used=2)])
    assert "AUTH_INVALID" in edits(c, payer="lakeshore-ppo", authorizations=used, severity="warning")
    assert "AUTH_INVALID" not in edits(c, payer="lakeshore-ppo", authorizations=used, severity="error")


def test_auth_levels_compared_in_any_spelling():
    c = claim(line("64483", "RT"), prior_authorization="A1")
    note = NoteEvidence(procedures=(NoteProcedure("epidural", levels=(("right", "L4-L5"),)),))
    ok = AuthIndex([auth(levels=("L4-5",))])
    bad = AuthIndex([auth(levels=("L5-S1",))])
    assert "AUTH_INVALID" not in edits(c, payer="lakeshore-ppo", authorizations=ok, note=note)
    assert "AUTH_INVALID" in edits(c, payer="lakeshore-ppo", authorizations=bad, note=note)


def test_scs_permanent_auth():
    trial = auth("T1", codes=("63650",))
    implant = claim(line("63685"), pos="24", diagnoses=("M961",), prior_authorization="T1")
    assert "SCS_PERMANENT_AUTH" in edits(implant, payer="granite-mutual", authorizations=AuthIndex([trial]),
                                         severity="error")
    perm = auth("P1", codes=("63685", "63650"))
    ok = dataclasses.replace(implant, prior_authorization="P1")
    assert "SCS_PERMANENT_AUTH" not in edits(ok, payer="granite-mutual", authorizations=AuthIndex([trial, perm]))


def test_scs_permanent_auth_not_asked_when_the_payer_needs_no_implant_auth():
    # Medicare: prior auth for 63650 in a hospital outpatient department, none for 63685
    implant = claim(line("63685"), line("C1820"), pos="22", diagnoses=("M961",))
    assert "SCS_PERMANENT_AUTH" not in edits(implant, authorizations=AuthIndex([]))


def test_scs_device_code():
    office = claim(line("63685"), line("C1820"), pos="11", diagnoses=("M961",))
    fs = [f for f in findings(office) if f.edit == "SCS_DEVICE_CODE"]
    assert fs and fs[0].severity == "error"
    assert [ln.code for ln in apply_fixes(office, fs).lines] == ["63685"]
    asc = claim(line("63685"), pos="24", diagnoses=("M961",))
    assert "SCS_DEVICE_CODE" in edits(asc, severity="warning")
    assert "SCS_DEVICE_CODE" not in edits(claim(line("63685"), line("C1820"), pos="24", diagnoses=("M961",)))


def test_c1607_before_2026_is_not_valid():
    c = claim(line("63685"), line("C1607"), pos="24", diagnoses=("M961",), dos=date(2025, 11, 3))
    assert "DELETED_CODE" in edits(c, as_of=date(2025, 12, 1))


def test_timely_filing():
    old = claim(line("64483", "RT"), dos=date(2024, 12, 1))
    assert "TIMELY_FILING" in edits(old, as_of=date(2026, 3, 1), severity="error")
    near = claim(line("64483", "RT"), dos=date(2025, 3, 20))
    assert "TIMELY_FILING" in edits(near, as_of=date(2026, 3, 1), severity="warning")
    assert "TIMELY_FILING" not in edits(claim(line("64483", "RT")))
    # a 90-day payer
    c = claim(line("64483", "RT"), dos=date(2025, 11, 1))
    assert "TIMELY_FILING" in edits(c, payer="granite-mutual", as_of=date(2026, 3, 1))


def test_provider_not_enrolled():
    c = claim(line("64483", "RT"))
    none = ()
    active = (PayerEnrollment(RENDERING_NPI, "medicare", EnrollmentStatus.ACTIVE, date(2020, 1, 1)),)
    pending = (PayerEnrollment(RENDERING_NPI, "medicare", EnrollmentStatus.PENDING),)
    assert "PROVIDER_NOT_ENROLLED" in edits(c, enrollments=none, severity="error")
    assert "PROVIDER_NOT_ENROLLED" in edits(c, enrollments=pending)
    assert "PROVIDER_NOT_ENROLLED" not in edits(c, enrollments=active)
    assert "PROVIDER_NOT_ENROLLED" not in edits(c)  # not supplied: skipped


def test_credential_expired():
    c = claim(line("64483", "RT"))
    expired = (Credential(RENDERING_NPI, CredentialKind.STATE_LICENSE, "L1", date(2026, 1, 31)),)
    renewed = expired + (Credential(RENDERING_NPI, CredentialKind.STATE_LICENSE, "L1", date(2028, 1, 31)),)
    assert "CREDENTIAL_EXPIRED" in edits(c, credentials=expired, severity="error")
    assert "CREDENTIAL_EXPIRED" not in edits(c, credentials=renewed)
    caqh = (Credential(RENDERING_NPI, CredentialKind.CAQH_ATTESTATION, "C1", date(2026, 1, 1)),)
    assert "CREDENTIAL_EXPIRED" in edits(c, credentials=caqh, severity="warning")


def test_dx_invalid():
    # seed divergence: M54.4 and M48.06 are headers, not billable codes
    assert "DX_INVALID" in edits(claim(line("64483", "RT"), diagnoses=("M544",)), severity="error")
    assert "DX_INVALID" in edits(claim(line("62323"), diagnoses=("M4806",)), severity="error")
    assert "DX_INVALID" not in edits(claim(line("64483", "RT"), diagnoses=("M5416",)))


def test_dx_not_supporting():
    # an ESI for facet spondylosis without radiculopathy is not covered by the ESI LCD
    assert "DX_NOT_SUPPORTING" in edits(claim(line("64483", "RT"), diagnoses=("M47816",)), severity="error")
    assert "DX_NOT_SUPPORTING" not in edits(claim(line("64483", "RT"), diagnoses=("M5416",)))
    assert "DX_NOT_SUPPORTING" not in edits(claim(line("64493", "RT"), diagnoses=("M47816",)))


def test_deleted_code():
    assert "DELETED_CODE" in edits(claim(line("95972"), line("95973"), diagnoses=("M961",)), severity="error")
    assert "DELETED_CODE" not in edits(claim(line("95972"), diagnoses=("M961",)))


def test_missing_required_field():
    bad_pointer = claim(line("64483", "RT", pointers=(2,)))
    assert "MISSING_REQUIRED_FIELD" in edits(bad_pointer, severity="error")
    bad_npi = claim(line("64483", "RT"), rendering_npi="1234567890")
    assert "MISSING_REQUIRED_FIELD" in edits(bad_npi)
    zero = claim(line("64483", "RT", charge="0.00"))
    assert "MISSING_REQUIRED_FIELD" in edits(zero)
    assert "MISSING_REQUIRED_FIELD" not in edits(claim(line("64483", "RT")))


def note(*lines, status="ready", procedures=()):
    return NoteEvidence(lines=tuple(lines), procedures=procedures, status=status)


def test_code_note_mismatch_approach():
    # seed 000 issue #1: interlaminar code billed for a transforaminal injection
    c = claim(line("62323"))
    assert "CODE_NOTE_MISMATCH" in edits(c, note=note(("64483", ("RT",), 1)), severity="error")
    assert "CODE_NOTE_MISMATCH" not in edits(c, note=note(("62323", (), 1)))
    fs = [f for f in findings(c, note=note(("64483", ("RT",), 1), status="needs_review"))
          if f.edit == "CODE_NOTE_MISMATCH"]
    assert fs and fs[0].severity == "warning"


def test_code_note_mismatch_region_guidance_levels_side():
    assert "CODE_NOTE_MISMATCH" in edits(claim(line("64483", "RT")), note=note(("64479", ("RT",), 1)))
    assert "CODE_NOTE_MISMATCH" in edits(claim(line("62323")), note=note(("62322", (), 1)))
    two = claim(line("64483", "RT"), line("64484", "RT"))
    assert "CODE_NOTE_MISMATCH" in edits(two, note=note(("64483", ("RT",), 1)))
    assert "CODE_NOTE_MISMATCH" in edits(claim(line("64483", "LT")), note=note(("64483", ("RT",), 1)))


def test_tpi_muscle_count():
    tpi = lambda code: claim(line(code), diagnoses=("M7918",))
    two = note(procedures=(NoteProcedure("tpi", muscle_count=2),))
    three = note(procedures=(NoteProcedure("tpi", muscle_count=3),))
    assert "TPI_MUSCLE_COUNT" in edits(tpi("20553"), note=two, severity="error")
    assert "TPI_MUSCLE_COUNT" not in edits(tpi("20553"), note=three)
    assert "TPI_MUSCLE_COUNT" in edits(tpi("20552"), note=three, severity="warning")
    both = claim(line("20552"), line("20553"), diagnoses=("M7918",))
    assert "TPI_MUSCLE_COUNT" in edits(both, severity="error")
    assert "NCCI_PAIR" not in edits(both)  # one finding for one problem


def test_provider_billing_incident_to():
    c = claim(line("99213"), diagnoses=("G8929",))
    c.extra["service_facts"] = {"performed_by_npi": "1990003042", "performer_credential": "NP",
                                "rendering_credential": "MD", "supervisor_on_site": True, "new_patient": True}
    assert "PROVIDER_BILLING" in edits(c, severity="error")
    assert "PROVIDER_BILLING" not in edits(claim(line("99213"), diagnoses=("G8929",)))
