"""Provider checks: NPI, enrollment, and the incident-to rules (office, established, on-site supervision)."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from charges_helpers import BY_NPI, GROUP, MD, NP, appt, enc

from painrcm.auth.model import EnrollmentStatus, PayerEnrollment
from painrcm.claims.provider_checks import (ServiceFacts, check_provider_billing, first_physician_visit,
                                            incident_to_failures, payer_allows_incident_to, physicians_on_site,
                                            service_facts_for)
from painrcm.domain.parties import VisitType
from painrcm.scrub.context import ScrubContext
from painrcm.scrub.edits_provider_billing import check_provider_billing as scrub_edit
from painrcm.scrub.testing import line, make_claim
from painrcm.scrub.view import ClaimView

D = date(2026, 3, 2)
OK = ServiceFacts(service_date=D, place_of_service="11", payer_id="medicare", plan_type="medicare",
                  billing_npi=GROUP, rendering_npi=MD.npi, rendering_credential="MD", performed_by_npi=NP.npi,
                  performer_credential="NP", supervising_npi=MD.npi, supervisor_on_site=True,
                  new_patient=False, new_problem=False, plan_of_care_established=True)


def kinds(facts, **kw):
    return [i.kind for i in check_provider_billing(facts, **kw)]


def test_incident_to_with_every_condition_passes():
    assert OK.billed_incident_to and kinds(OK) == []
    assert kinds(dataclasses.replace(OK, plan_type="medicare_advantage")) == []


@pytest.mark.parametrize("change, why", [
    ({"place_of_service": "22"}, "not in the office"),
    ({"place_of_service": "24"}, "not in the office"),
    ({"new_patient": True}, "a new patient"),
    ({"new_problem": True}, "a new problem"),
    ({"plan_of_care_established": False}, "no plan of care"),
    ({"supervisor_on_site": False}, "was not on site"),
    ({"supervisor_on_site": None}, "no supervising physician shown on site"),
])
def test_each_failed_condition_fails_incident_to(change, why):
    facts = dataclasses.replace(OK, **change)
    (issue,) = check_provider_billing(facts)
    assert issue.kind == "incident_to_conditions" and why in issue.message and NP.npi in issue.fix


def test_commercial_payer_does_not_accept_incident_to_unless_told():
    facts = dataclasses.replace(OK, plan_type="commercial", payer_id="summit-health")
    assert kinds(facts) == ["incident_to_not_allowed"]
    assert kinds(facts, incident_to_allowed=True) == []
    assert kinds(OK, incident_to_allowed=False) == ["incident_to_not_allowed"]
    assert not payer_allows_incident_to("workers_comp") and payer_allows_incident_to("medicare")


def test_np_billing_under_own_npi_is_fine_anywhere():
    own = dataclasses.replace(OK, rendering_npi=NP.npi, rendering_credential="NP", place_of_service="22",
                              new_patient=True, plan_type="commercial")
    assert not own.billed_incident_to and kinds(own) == []
    assert incident_to_failures(own) != ()  # would fail incident-to, but it is not billed that way


def test_npi_check_digit_and_enrollment():
    bad = dataclasses.replace(OK, rendering_npi="1234567890", billing_npi=None)
    assert kinds(bad) == ["npi_invalid", "npi_invalid"]
    enrolled = [PayerEnrollment(MD.npi, "medicare", EnrollmentStatus.ACTIVE, date(2020, 1, 1))]
    assert kinds(OK, enrollments=enrolled) == []
    assert kinds(OK, enrollments=[]) == ["not_enrolled"]
    pending = [PayerEnrollment(MD.npi, "medicare", EnrollmentStatus.PENDING)]
    (issue,) = check_provider_billing(OK, enrollments=pending)
    assert "pending" in issue.message
    ended = [PayerEnrollment(MD.npi, "medicare", EnrollmentStatus.ACTIVE, date(2020, 1, 1), date(2025, 12, 31)),
             PayerEnrollment(GROUP, "medicare", EnrollmentStatus.TERMINATED)]
    assert kinds(OK, enrollments=ended) == ["not_enrolled", "not_enrolled"]


def test_facts_from_schedule_and_encounters():
    # the physician saw the patient in January; the NP sees them in March under the physician's NPI
    first = enc("E0", date(2026, 1, 5), npi=MD.npi, visit=VisitType.NEW)
    visit = enc("E1", D, npi=MD.npi, author=NP.npi)
    appts = [appt("A0", D, npi=MD.npi, patient="OTHER"), appt("A1", D, npi=NP.npi, encounter="E1")]
    on_site = physicians_on_site(appts, BY_NPI)
    fp = first_physician_visit([first, visit], BY_NPI)
    facts = service_facts_for(visit, providers=BY_NPI, billing_npi=GROUP, plan_type="medicare",
                              appointment=appts[1], on_site=on_site, first_physician=fp)
    assert facts.billed_incident_to and facts.supervisor_on_site and facts.plan_of_care_established
    assert kinds(facts) == []
    # the physician is at the ASC that day, not in the office
    away = [dataclasses.replace(appts[0], location="ASC", place_of_service="24"), appts[1]]
    facts2 = service_facts_for(visit, providers=BY_NPI, billing_npi=GROUP, plan_type="medicare",
                               appointment=appts[1], on_site=physicians_on_site(away, BY_NPI), first_physician=fp)
    assert facts2.supervisor_on_site is False and kinds(facts2) == ["incident_to_conditions"]
    # a new patient seen first by the NP: no physician plan of care
    facts3 = service_facts_for(visit, providers=BY_NPI, billing_npi=GROUP, plan_type="medicare",
                               appointment=appts[1], on_site=on_site, first_physician={})
    assert not facts3.plan_of_care_established and kinds(facts3) == ["incident_to_conditions"]
    facts4 = service_facts_for(visit, providers=BY_NPI, billing_npi=GROUP, plan_type="medicare",
                               appointment=dataclasses.replace(appts[1], new_problem=True), on_site=on_site,
                               first_physician=fp)
    assert facts4.new_problem and kinds(facts4) == ["incident_to_conditions"]


def test_scrub_edit_provider_billing():
    ctx = ScrubContext(as_of=date(2026, 3, 5))
    claim = make_claim("C1", D, [line("99213")], pos="11")
    out: list = []
    scrub_edit(ClaimView(claim), ctx, out)
    assert out == []  # no service facts attached: skipped
    claim.extra["service_facts"] = {"performed_by_npi": NP.npi, "performer_credential": "NP",
                                    "rendering_credential": "MD", "supervisor_on_site": True}
    scrub_edit(ClaimView(claim), ctx, out)
    assert out == []  # Medicare, office, established, supervised
    claim.extra["service_facts"] = dataclasses.replace(OK, new_problem=True)
    scrub_edit(ClaimView(claim), ctx, out)
    (f,) = out
    assert f.edit == "PROVIDER_BILLING" and f.blocks_submission and "new problem" in f.message
    out.clear()
    from painrcm.policy import load_policy
    claim.extra["service_facts"] = OK
    scrub_edit(ClaimView(claim), ctx.with_policy(load_policy("summit-health")), out)
    assert [f.edit for f in out] == ["PROVIDER_BILLING"] and "does not accept incident-to" in out[0].message


def test_scrub_engine_reports_provider_billing_end_to_end():
    from painrcm.claims.provider_checks import with_service_facts
    from painrcm.scrub.engine import scrub_claim

    claim = make_claim("C2", D, [line("99213")], pos="11")
    ctx = ScrubContext(as_of=date(2026, 3, 5))
    before = {f.edit for f in scrub_claim(claim, ctx)}
    failing = with_service_facts(claim, dataclasses.replace(OK, new_patient=True))
    assert "service_facts" not in claim.extra
    after = {f.edit for f in scrub_claim(failing, ctx)}
    assert after - before == {"PROVIDER_BILLING"}


def test_expired_license_of_the_rendering_provider():
    from painrcm.auth.model import Credential, CredentialKind
    creds = [Credential(MD.npi, CredentialKind.STATE_LICENSE, "L1", date(2026, 1, 31)),
             Credential(MD.npi, CredentialKind.STATE_LICENSE, "L1", date(2025, 1, 31)),
             Credential(MD.npi, CredentialKind.DEA, "D1", date(2020, 1, 1))]  # DEA does not block billing
    (issue,) = check_provider_billing(OK, credentials=creds)
    assert issue.kind == "credential_expired" and "2026-01-31" in issue.message
    renewed = creds + [Credential(MD.npi, CredentialKind.STATE_LICENSE, "L1", date(2028, 1, 31))]
    assert check_provider_billing(OK, credentials=renewed) == ()
