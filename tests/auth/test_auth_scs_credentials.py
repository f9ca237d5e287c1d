"""SCS trial/permanent auths and credential/enrollment alerts."""

from datetime import date

from painrcm.auth.credentialing import (credential_deadlines, credentials_due, current_credentials,
                                        enrollment_gaps, is_enrolled)
from painrcm.auth.deadlines import Service
from painrcm.auth.model import (Authorization, AuthStatus, Credential, CredentialKind as K, EnrollmentStatus,
                                PayerEnrollment)
from painrcm.auth.scs import open_permanent_requests, permanent_request, permanent_without_auth, trial_outcome

TRIAL = Authorization("T1", "p", "medicare-advantage", "pt-1", date(2026, 3, 1), date(2026, 5, 31),
                      codes=("63650",), family="scs", purpose="scs_trial")


def test_trial_success_at_the_payer_threshold_opens_the_permanent_request_at_once():
    outcome = trial_outcome(TRIAL, 50, documented_on=date(2026, 3, 20))
    assert outcome.success and outcome.threshold_pct == 50
    req = permanent_request(outcome)
    assert req.status is AuthStatus.DRAFT and req.start_date == date(2026, 3, 20)
    assert req.codes == ("63650", "63685") and req.related_number == "T1" and req.purpose == "scs_permanent"
    assert "50% relief" in req.documents[0]


def test_failed_trial_opens_nothing():
    assert permanent_request(trial_outcome(TRIAL, 40, documented_on=date(2026, 3, 20))) is None
    assert permanent_request(trial_outcome(TRIAL, None, documented_on=date(2026, 3, 20))) is None


def test_open_requests_only_when_no_permanent_auth_yet():
    outcome = trial_outcome(TRIAL, 70, documented_on=date(2026, 3, 20))
    assert len(open_permanent_requests([outcome], [TRIAL])) == 1
    perm = Authorization("P1", "p", "medicare-advantage", "pt-1", date(2026, 3, 21), date(2026, 6, 30),
                         codes=("63685",), purpose="scs_permanent")
    assert open_permanent_requests([outcome], [TRIAL, perm]) == []


def test_63685_without_its_own_approved_auth_is_flagged():
    implant = Service("pt-1", "medicare-advantage", date(2026, 4, 15), ("63650", "63685"), id="E5")
    (flag,) = permanent_without_auth([implant], [TRIAL])
    assert "no permanent-implant authorization" in flag.message and "trial auth T1" in flag.message
    draft = permanent_request(trial_outcome(TRIAL, 70, documented_on=date(2026, 3, 20)))
    (flag,) = permanent_without_auth([implant], [TRIAL, draft])
    assert "status is draft" in flag.message
    approved = Authorization("P1", "p", "medicare-advantage", "pt-1", date(2026, 4, 1), date(2026, 6, 30),
                             codes=("63650", "63685"), purpose="scs_permanent")
    assert permanent_without_auth([implant], [TRIAL, approved]) == []
    trial_service = Service("pt-1", "medicare-advantage", date(2026, 3, 5), ("63650",))
    assert permanent_without_auth([trial_service], [TRIAL]) == []


NPI = "1234567893"


def test_credential_alerts_90_to_120_days_and_renewals_supersede():
    creds = [Credential(NPI, K.DEA, "BM1", date(2026, 9, 30)),
             Credential(NPI, K.MALPRACTICE, "M1", date(2026, 9, 30)),
             Credential(NPI, K.STATE_LICENSE, "OH-1", date(2026, 6, 1), state="OH"),
             Credential(NPI, K.STATE_LICENSE, "OH-2", date(2028, 6, 1), state="OH"),  # renewed
             Credential(NPI, K.CAQH_ATTESTATION, "C1", date(2027, 6, 1))]
    assert len(current_credentials(creds)) == 4
    today = date(2026, 6, 15)  # DEA alert from 2026-06-02 (120 d), malpractice from 2026-07-02 (90 d)
    due = credentials_due(creds, today=today, within_days=120)
    assert [(a.credential.kind, a.level, a.days_left) for a in due] == [(K.DEA, "urgent", 107),
                                                                         (K.MALPRACTICE, "upcoming", 107)]
    assert credentials_due(creds, today=date(2026, 10, 1), within_days=0)[0].level == "expired"
    cal = credential_deadlines(creds, today=today)
    assert (date(2026, 6, 2), "credential_renewal") in {(d.day, d.kind) for d in cal}
    assert (date(2026, 7, 2), "credential_renewal") in {(d.day, d.kind) for d in cal}


def test_enrollment_gaps():
    rows = [PayerEnrollment(NPI, "medicare", EnrollmentStatus.ACTIVE, date(2020, 1, 1)),
            PayerEnrollment(NPI, "lakeshore-ppo", EnrollmentStatus.PENDING),
            PayerEnrollment(NPI, "summit-health", EnrollmentStatus.ACTIVE, date(2020, 1, 1), date(2025, 12, 31))]
    gaps = enrollment_gaps([NPI], ["medicare", "lakeshore-ppo", "summit-health", "granite-mutual"], rows,
                           on=date(2026, 3, 1))
    assert [(g.payer_id, g.reason) for g in gaps] == [("lakeshore-ppo", "enrollment pending"),
                                                      ("summit-health", "enrolled, but not on this date"),
                                                      ("granite-mutual", "no enrollment on file")]
    assert is_enrolled(NPI, "medicare", date(2026, 3, 1), rows)
    assert not is_enrolled(NPI, "summit-health", date(2026, 1, 1), rows)
